import { HttpException, Inject, Injectable, type NotFoundException } from '@nestjs/common';
import type { Logger } from 'pino';
import {
  ISSUE_ACTIONS,
  type AnyIssueActionRow,
  type IssueActionBody,
  type IssueActionName,
  type IssueActionResult,
} from '@unblock/contracts';
import { WorkflowUpdateStage } from '@temporalio/client';
import { issueDepartments } from '@unblock/domain';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { actorFor, canViewIssue, mayAct, whoMay } from '../auth/issue-access';
import { forbidden, notFound } from '../infrastructure/problems';
import { IssueWorkflows } from '../infrastructure/issue-workflows';
import { LOGGER } from '../infrastructure/tokens';
import { MetricsService, type ActionOutcome } from '../metrics/metrics.service';
import { sha256Hex } from './issue-ids';
import { IssueRecords, type IssueFacts } from './issue-records';
import {
  isTemporalUnavailable,
  isWorkflowGone,
  issueClosed,
  RETRY_AFTER_SECONDS,
  serviceUnavailable,
  updateFailureToHttp,
} from './temporal-errors';

/** 202: the workflow accepted the action (it is in the issue's history) and will decide it in its turn. */
export interface IssueActionRecorded {
  issueId: string;
  recorded: true;
  updateId: string;
  detail: string;
}

/** What an action answers: what the workflow did (200), or that it is recorded and will be applied (202). */
export type IssueActionAnswer = IssueActionResult | IssueActionRecorded;

/** How long the API waits to learn that Temporal answers at all, before an action: a server down is a 503 at once. */
const REACHABLE_TIMEOUT_MS = 2_000;
/** How long the workflow may take to accept (validate) an action: no worker taking it by then is a 503. */
const ACCEPT_TIMEOUT_MS = 10_000;
/** How long an accepted action may take to be decided before the answer is 202 (recorded, applied in its turn). */
const RESULT_TIMEOUT_MS = 15_000;

/**
 * How long the workflow may take to tell an issue's access facts when the read model does not have it yet (a query
 * waits behind the worker's queue of workflow tasks: under load, seconds).
 */
const LIVE_FACTS_TIMEOUT_MS = 10_000;

const CLOSED_STATUSES = new Set(['closed', 'withdrawn']);

export function issueNotFound(issueId: string): NotFoundException {
  return notFound('issue', issueId);
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
  ): Promise<IssueActionAnswer> {
    const row: AnyIssueActionRow = ISSUE_ACTIONS[action];
    try {
      const result = await this.take(user, action, row, issueId, body, idempotencyKey);
      this.metrics.recordAction(row.metricsLabel, 'recorded' in result ? 'recorded' : 'ok');
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
  ): Promise<IssueActionAnswer> {
    const facts = (await this.records.facts(issueId)) ?? (await this.liveFacts(issueId));
    if (!facts || !canViewIssue(user, facts)) throw issueNotFound(issueId);
    // A closed issue has no active task, so a department's action would read as "not yours": say it is closed.
    if (CLOSED_STATUSES.has(facts.status)) throw issueClosed(issueId);
    if (!mayAct(user, action, facts)) {
      throw forbidden(
        `${user.username} (${user.roles.join(', ')}) may not ${action} issue ${issueId}: only ${whoMay(action)}.`,
        `access.${action}`,
      );
    }

    const by = actorFor(user, action, facts);
    const handle = this.workflows.handle(issueId);
    // With an Idempotency-Key the update id is fixed, so Temporal answers a retry with the first outcome.
    const updateId =
      idempotencyKey !== undefined ? `${action}:${sha256Hex(`${user.id}\n${idempotencyKey}`)}` : undefined;
    try {
      await this.workflows.reachable(REACHABLE_TIMEOUT_MS);
    } catch (error) {
      if (!isTemporalUnavailable(error)) throw error;
      this.logger.warn({ issueId, action, err: error }, 'Temporal unavailable: action not taken');
      throw serviceUnavailable(
        `The workflow service is unavailable; the action was not taken. Retry in ${RETRY_AFTER_SECONDS} s.`,
      );
    }
    try {
      // accepted: the workflow's validator took it, and it is in the issue's history; then decided in its turn
      const update = await this.workflows.within(ACCEPT_TIMEOUT_MS, () =>
        handle.startUpdate(row.update, {
          args: [{ ...row.toArgs(body), by }],
          waitForStage: WorkflowUpdateStage.ACCEPTED,
          ...(updateId ? { updateId } : {}),
        }),
      );
      let result: IssueActionResult;
      try {
        result = await this.workflows.within(RESULT_TIMEOUT_MS, () => update.result());
      } catch (error) {
        if (!isTemporalUnavailable(error)) throw error;
        this.logger.warn(
          { issueId, action, by: by.id, updateId: update.updateId },
          'issue action recorded, not decided yet',
        );
        return {
          issueId,
          recorded: true,
          updateId: update.updateId,
          detail: `The action is recorded in the issue's history and will be applied in its turn; GET /api/v1/issues/${issueId} shows it once applied.`,
        };
      }
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
   * come from the workflow itself. No workflow: undefined, a 404; a workflow that does not answer in time: 503 (an
   * issue that exists is never said not to).
   */
  private async liveFacts(issueId: string): Promise<IssueFacts | undefined> {
    let view: Awaited<ReturnType<IssueWorkflows['view']>>;
    try {
      view = await this.workflows.view(issueId, LIVE_FACTS_TIMEOUT_MS);
    } catch (error) {
      if (isWorkflowGone(error) || !isTemporalUnavailable(error)) return undefined;
      this.logger.warn(
        { issueId, err: error },
        'the issue is not in the read model yet and its workflow did not answer',
      );
      throw serviceUnavailable(
        `The issue is not readable yet and its workflow did not answer in time; the action was not taken. Retry in ${RETRY_AFTER_SECONDS} s.`,
      );
    }
    try {
      const { state } = view;
      const departments = issueDepartments(state);
      return {
        reporterId: state.reporter.id,
        status: state.status,
        activeDepartments: departments.active,
        involvedDepartments: departments.involved,
        projectLeaderId: await this.records.projectLeader(state.projectId),
      };
    } catch {
      return undefined;
    }
  }
}
