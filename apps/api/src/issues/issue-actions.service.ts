import {
  ForbiddenException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  type NotFoundException,
} from '@nestjs/common';
import type { Logger } from 'pino';
import {
  ISSUE_ACTIONS,
  type AnyIssueActionRow,
  type IssueActionBody,
  type IssueActionName,
  type IssueActionResult,
} from '@unblock/contracts';
import { issueDepartments } from '@unblock/domain';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { actorFor, canViewIssue, mayAct } from '../auth/issue-access';
import { NOT_FOUND_TYPES, notFound } from '../infrastructure/problems';
import { IssueWorkflows } from '../infrastructure/issue-workflows';
import { LOGGER } from '../infrastructure/tokens';
import { MetricsService, type ActionOutcome } from '../metrics/metrics.service';
import { sha256Hex } from './issue-ids';
import { IssueRecords, type IssueFacts } from './issue-records';
import { issueClosed, updateFailureToHttp } from './temporal-errors';

/** How long an action may wait for the workflow's verdict before the API answers 503. */
const UPDATE_TIMEOUT_MS = 20_000;
/** How long the workflow may take to tell an issue's access facts when the read model does not have it yet. */
const LIVE_FACTS_TIMEOUT_MS = 2_000;

const CLOSED_STATUSES = new Set(['closed', 'withdrawn']);

export function issueNotFound(issueId: string): NotFoundException {
  return notFound('issue', issueId, NOT_FOUND_TYPES.issueNotFound);
}

/** The metrics outcome of a failed action, from the HTTP answer it became. */
function outcomeOf(error: unknown): ActionOutcome {
  const status = error instanceof HttpException ? error.getStatus() : 500;
  if (status === 404) return 'not_found';
  if (status === 403) return 'forbidden';
  if (status === 409) return 'refused';
  if (status === 503) return 'unavailable';
  if (status >= 400 && status < 500) return 'invalid';
  return 'error';
}

/**
 * Actions on an issue (签收, 转办, 协办, 办结, 回访, …): each is one update of the issue's workflow, which decides;
 * each is a row of the table of actions (ISSUE_ACTIONS in libs/contracts), which says how its body becomes the
 * update's argument, who may take it and in which role.
 *
 * Before Temporal is asked: 404 when the issue does not exist or the caller may not see it (no existence leak),
 * 409 `issue.closed` once it is closed or withdrawn, 403 when the caller sees it but is not entitled to the action
 * (`mayAct`). The workflow's own rules then answer 200 or 409 naming the rule; a workflow that has already
 * completed while the read model lags is a 409 `issue.closed` too.
 */
@Injectable()
export class IssueActionsService {
  constructor(
    private readonly records: IssueRecords,
    private readonly workflows: IssueWorkflows,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: MetricsService,
  ) {}

  /** Takes the action (its body already checked by its DTO) and counts it in the metrics by outcome (ok, refused, forbidden, not_found, …). */
  async act<N extends IssueActionName>(
    user: AuthenticatedUser,
    action: N,
    issueId: string,
    body: IssueActionBody<N>,
    idempotencyKey?: string,
  ): Promise<IssueActionResult> {
    const row: AnyIssueActionRow = ISSUE_ACTIONS[action];
    try {
      const result = await this.take(user, action, row, issueId, body, idempotencyKey);
      this.metrics.recordAction(row.metricsLabel, 'ok');
      return result;
    } catch (error) {
      this.metrics.recordAction(row.metricsLabel, outcomeOf(error));
      throw error;
    }
  }

  private async take(
    user: AuthenticatedUser,
    action: IssueActionName,
    row: AnyIssueActionRow,
    issueId: string,
    body: IssueActionBody,
    idempotencyKey?: string,
  ): Promise<IssueActionResult> {
    const facts = (await this.records.facts(issueId)) ?? (await this.liveFacts(issueId));
    if (!facts || !canViewIssue(user, facts)) throw issueNotFound(issueId);
    // A closed issue has no active task, so a department's action would read as "not yours": say it is closed.
    if (CLOSED_STATUSES.has(facts.status)) throw issueClosed(issueId);
    if (!mayAct(user, action, facts)) {
      throw new ForbiddenException({
        type: '/problems/forbidden',
        title: 'Forbidden',
        status: HttpStatus.FORBIDDEN,
        detail: `${user.username} (${user.roles.join(', ')}) may not ${action} issue ${issueId}.`,
        rule: `access.${action}`,
      });
    }

    const by = actorFor(user, action, facts);
    const handle = this.workflows.handle(issueId);
    // With an Idempotency-Key the update id is fixed, so Temporal answers a retry with the first outcome.
    const updateId =
      idempotencyKey !== undefined ? `${action}:${sha256Hex(`${user.id}\n${idempotencyKey}`)}` : undefined;
    try {
      const result = await this.workflows.within(UPDATE_TIMEOUT_MS, () =>
        handle.executeUpdate(row.update, { args: [{ ...row.toArgs(body), by }], ...(updateId ? { updateId } : {}) }),
      );
      this.logger.info(
        { issueId, action, by: by.id, role: by.role, sequence: result.sequence, status: result.status },
        'issue action taken',
      );
      return result;
    } catch (error) {
      const mapped = updateFailureToHttp(error, issueId);
      if (mapped instanceof HttpException)
        this.logger.info({ issueId, action, by: by.id, answer: mapped.getResponse() }, 'issue action not taken');
      throw mapped;
    }
  }

  /**
   * An issue just filed is answered (201) from its workflow before the read model has it: its access facts then
   * come from the workflow itself. No workflow (or no answer in time): undefined, a 404.
   */
  private async liveFacts(issueId: string): Promise<IssueFacts | undefined> {
    try {
      const { state } = await this.workflows.view(issueId, LIVE_FACTS_TIMEOUT_MS);
      const departments = issueDepartments(state);
      return {
        reporterId: state.reporter.id,
        status: state.status,
        activeDepartments: departments.active,
        involvedDepartments: departments.involved,
      };
    } catch {
      return undefined;
    }
  }
}
