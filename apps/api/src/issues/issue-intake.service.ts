import { ForbiddenException, HttpStatus, Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { UnblockConfig } from '../../../../libs/config/src';
import { ISSUE_WORKFLOW, issueWorkflowId, type IssueIntakeInput } from '../../../../libs/contracts/src';
import { iso } from '../../../../libs/domain/src';
import { hasRole, type AuthenticatedUser } from '../auth/authenticated-user';
import { CONFIG, LOGGER, TEMPORAL_CLIENT } from '../infrastructure/tokens';
import { MetricsService } from '../metrics/metrics.service';
import type { IntakeRequestDto, IntakeResponseDto } from './dto/intake.dto';
import { canonicalJson, newIssueId, sha256Hex } from './issue-ids';
import { IssueRecords, type RegisteredIssue } from './issue-records';
import { isTemporalUnavailable, ruleViolation, serviceUnavailable } from './temporal-errors';

/** How long a start may take before the API answers 503 (Temporal unreachable). */
const START_TIMEOUT_MS = 5_000;
/** How long the API waits for the workflow to register the issue in the read model before answering 202. */
const REGISTRATION_WAIT_MS = 5_000;
const REGISTRATION_POLL_MS = 40;

export interface IntakeOutcome {
  /** 201: this request made the issue; 200: a replay of an earlier one (same key, same body); 202: started, not registered yet */
  status: HttpStatus.CREATED | HttpStatus.OK | HttpStatus.ACCEPTED;
  body: IntakeResponseDto;
}

interface IntakeClaim {
  won: boolean;
  bodyHash: string;
  intake: IssueIntakeInput;
  started: boolean;
}

type Submission = Omit<IssueIntakeInput, 'issueId' | 'reporter' | 'receivedAt'>;

/** Who may file: reporters, and the dispatcher and department staff and heads on a project's behalf. */
export function mayFile(user: AuthenticatedUser): boolean {
  return hasRole(user, 'reporter', 'dispatcher', 'staff', 'department_head');
}

function toSubmission(dto: IntakeRequestDto): Submission {
  return {
    projectId: dto.projectId,
    category: dto.category,
    risk: dto.risk,
    title: dto.title,
    description: dto.description,
    ...(dto.location !== undefined ? { location: dto.location } : {}),
    attachments: dto.attachments ?? [],
  };
}

function toResponse(issue: RegisteredIssue): IntakeResponseDto {
  return {
    id: issue.id,
    workflowId: issue.workflowId,
    status: issue.status,
    leadDepartment: issue.leadDepartment,
    supportingDepartments: issue.supportingDepartments,
    deadlines: { accept: iso(issue.acceptDue), handle: iso(issue.handleDue) },
    createdAt: iso(issue.receivedAt)!,
  };
}

/**
 * Intake (受理): starts one issue workflow per submission.
 *
 * With an `Idempotency-Key`, the key (per user) is claimed in `intake_requests` BEFORE the workflow starts: the row
 * fixes the issue id, hence the workflow id, so concurrent requests with one key all start (or find) the same
 * workflow — the start uses `USE_EXISTING` for a running one and `REJECT_DUPLICATE` for a finished one, so a retry
 * after a crash or a 503 between the claim and the start still makes exactly one issue, with the input and the
 * receipt time of the first request.
 */
@Injectable()
export class IssueIntakeService {
  constructor(
    private readonly records: IssueRecords,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: UnblockConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: MetricsService,
  ) {}

  async file(user: AuthenticatedUser, dto: IntakeRequestDto, idempotencyKey?: string): Promise<IntakeOutcome> {
    if (!mayFile(user)) {
      throw new ForbiddenException({
        type: '/problems/forbidden',
        title: 'Forbidden',
        status: HttpStatus.FORBIDDEN,
        detail: 'Only reporters, the dispatcher and department staff or heads file issues.',
        rule: 'access.intake',
      });
    }
    if (!(await this.records.projectExists(dto.projectId))) {
      const message = `there is no project ${dto.projectId}`;
      throw new UnprocessableEntityException({
        type: '/problems/unknown-reference',
        title: 'Unknown reference',
        status: HttpStatus.UNPROCESSABLE_ENTITY,
        detail: `projectId: ${message}`,
        errors: [{ field: 'projectId', rule: 'exists', message }],
      });
    }
    const submission = toSubmission(dto);
    const bodyHash = sha256Hex(canonicalJson(submission));
    const now = Date.now();
    let intake: IssueIntakeInput = { ...submission, issueId: newIssueId(now), reporter: { id: user.id }, receivedAt: now };
    let replay = false;
    if (idempotencyKey !== undefined) {
      const claim = await this.claim(user.id, idempotencyKey, bodyHash, intake);
      if (claim.bodyHash !== bodyHash) {
        throw ruleViolation('idempotency.key_reused', `Idempotency-Key "${idempotencyKey}" was already used for another submission (issue ${claim.intake.issueId}); use a new key for a new issue.`);
      }
      intake = claim.intake;
      replay = !claim.won;
      if (replay && claim.started) {
        const registered = await this.records.registered(intake.issueId);
        if (registered) return { status: HttpStatus.OK, body: toResponse(registered) };
      }
    }

    await this.start(intake, idempotencyKey !== undefined);
    if (!replay) this.metrics.recordIntake(intake.category);
    if (idempotencyKey !== undefined) await this.markStarted(user.id, idempotencyKey);
    const registered = await this.waitForRegistration(intake.issueId);
    if (!registered) {
      this.logger.warn({ issueId: intake.issueId }, 'issue workflow started but not registered yet; answering 202');
      return {
        status: HttpStatus.ACCEPTED,
        body: {
          id: intake.issueId,
          workflowId: issueWorkflowId(intake.issueId),
          status: 'registering',
          leadDepartment: null,
          supportingDepartments: [],
          deadlines: { accept: null, handle: null },
          createdAt: iso(intake.receivedAt)!,
        },
      };
    }
    if (!replay) this.logger.info({ issueId: intake.issueId, workflowId: registered.workflowId, lead: registered.leadDepartment }, 'issue filed');
    return { status: replay ? HttpStatus.OK : HttpStatus.CREATED, body: toResponse(registered) };
  }

  /** Inserts the key's row, or reads the row another request inserted first. */
  private async claim(userId: string, key: string, bodyHash: string, candidate: IssueIntakeInput): Promise<IntakeClaim> {
    const dataSource = await this.records.dataSource();
    type Row = { body_hash: string; request: IssueIntakeInput; started_at: Date | null };
    const inserted = (await dataSource.query(
      `INSERT INTO intake_requests (user_id, idempotency_key, body_hash, issue_id, request)
       VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (user_id, idempotency_key) DO NOTHING
       RETURNING body_hash, request, started_at`,
      [userId, key, bodyHash, candidate.issueId, JSON.stringify(candidate)],
    )) as Row[];
    if (inserted.length) return { won: true, bodyHash, intake: candidate, started: false };
    const [existing] = (await dataSource.query(`SELECT body_hash, request, started_at FROM intake_requests WHERE user_id = $1 AND idempotency_key = $2`, [
      userId,
      key,
    ])) as Row[];
    return { won: false, bodyHash: existing.body_hash, intake: existing.request, started: existing.started_at !== null };
  }

  private async markStarted(userId: string, key: string): Promise<void> {
    const dataSource = await this.records.dataSource();
    await dataSource.query(`UPDATE intake_requests SET started_at = now() WHERE user_id = $1 AND idempotency_key = $2 AND started_at IS NULL`, [userId, key]);
  }

  private async start(intake: IssueIntakeInput, withKey: boolean): Promise<void> {
    try {
      await this.temporal.withDeadline(Date.now() + START_TIMEOUT_MS, () =>
        this.temporal.workflow.start(ISSUE_WORKFLOW, {
          taskQueue: this.config.temporal.taskQueue,
          workflowId: issueWorkflowId(intake.issueId),
          args: [{ intake }],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        }),
      );
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return; // it ran and finished: the issue exists
      if (isTemporalUnavailable(error)) {
        this.logger.warn({ issueId: intake.issueId, err: error }, 'Temporal unavailable at intake');
        throw serviceUnavailable(
          withKey
            ? `The workflow service is unavailable. The intake is recorded under its Idempotency-Key: retry in 5 s with the same key and body to complete it.`
            : `The workflow service is unavailable; the issue may not be filed. Retry in 5 s, with an Idempotency-Key so that the retry cannot file it twice.`,
        );
      }
      throw error;
    }
  }

  private async waitForRegistration(issueId: string): Promise<RegisteredIssue | undefined> {
    const deadline = Date.now() + REGISTRATION_WAIT_MS;
    for (;;) {
      const registered = await this.records.registered(issueId);
      if (registered || Date.now() >= deadline) return registered;
      await new Promise((resolve) => setTimeout(resolve, REGISTRATION_POLL_MS));
    }
  }
}
