import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { Logger } from 'pino';
import { issueWorkflowId, type IssueIntakeInput, type IssueRegistration } from '@unblock/contracts';
import { iso, type EpochMs } from '@unblock/domain';
import { hasRole, type AuthenticatedUser } from '../auth/authenticated-user';
import { IssueWorkflows } from '../infrastructure/issue-workflows';
import { forbidden, unknownReference } from '../infrastructure/problems';
import { LOGGER } from '../infrastructure/tokens';
import { MetricsService } from '../metrics/metrics.service';
import type { IntakeRequestDto, IntakeResponseDto } from './dto/intake.dto';
import { canonicalJson, newIssueId, sha256Hex } from './issue-ids';
import { IssueRecords, type RegisteredIssue } from './issue-records';
import { isTemporalUnavailable, ruleViolation, serviceUnavailable } from './temporal-errors';

/**
 * How long the start and the workflow's registration (update-with-start) may take: after that, 202 when the
 * workflow was started (no worker has run it yet), 503 when Temporal did not take the start.
 */
const REGISTRATION_WAIT_MS = 5_000;
/** How long the API waits to learn that Temporal answers at all: a server that is down is a 503 at once. */
const REACHABLE_TIMEOUT_MS = 2_000;
/** How long the check whether the workflow was started may take, once that wait ran out. */
const START_CHECK_TIMEOUT_MS = 2_000;

export interface IntakeOutcome {
  /** 201: this request made the issue; 200: a replay of an earlier one (same key, same body); 202: started, not registered yet */
  status: HttpStatus.CREATED | HttpStatus.OK | HttpStatus.ACCEPTED;
  body: IntakeResponseDto;
}

/** What the start answered: the registration, a workflow that already finished, or started and not run yet. */
type StartOutcome =
  { kind: 'registered'; registration: IssueRegistration } | { kind: 'finished' } | { kind: 'pending' };

/** An intake as this service sends it: always with the instant it was received. */
type ReceivedIntake = IssueIntakeInput & { receivedAt: EpochMs };

interface IntakeClaim {
  won: boolean;
  bodyHash: string;
  intake: ReceivedIntake;
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

function fromRegistration(registration: IssueRegistration): IntakeResponseDto {
  return toResponse({ ...registration, id: registration.issueId, handleDue: registration.handleDue ?? null });
}

/**
 * The 202: the workflow is started but no worker has run it yet. It registers the issue by itself once a worker runs
 * it (within seconds of one starting): the client need not send the intake again, `GET /issues/{id}` shows it.
 */
function pendingResponse(intake: ReceivedIntake): IntakeResponseDto {
  return {
    id: intake.issueId,
    workflowId: issueWorkflowId(intake.issueId),
    status: 'registering',
    leadDepartment: null,
    supportingDepartments: [],
    deadlines: { accept: null, handle: null },
    createdAt: iso(intake.receivedAt),
  };
}

/** What an intake answer is made of: the read model's row (dates) or the workflow's registration (epoch ms). */
type IntakeFacts = Omit<RegisteredIssue, 'acceptDue' | 'handleDue' | 'receivedAt'> & {
  acceptDue: Date | EpochMs;
  handleDue: Date | EpochMs | null;
  receivedAt: Date | EpochMs;
};

/** The answer to intake, from the workflow's registration or from the read model (instants as ISO-8601). */
function toResponse(issue: IntakeFacts): IntakeResponseDto {
  return {
    id: issue.id,
    workflowId: issue.workflowId,
    status: issue.status,
    leadDepartment: issue.leadDepartment,
    supportingDepartments: issue.supportingDepartments,
    deadlines: { accept: iso(issue.acceptDue), handle: iso(issue.handleDue) },
    createdAt: iso(issue.receivedAt),
  };
}

/** The 503 of an intake Temporal did not take: with a key the intake is kept under it, to be completed by a retry. */
function unavailableAtIntake(withKey: boolean) {
  return serviceUnavailable(
    withKey
      ? `The workflow service is unavailable. The intake is recorded under its Idempotency-Key: retry in 5 s with the same key and body to complete it.`
      : `The workflow service is unavailable; the issue is not filed. Retry in 5 s, with an Idempotency-Key so that the retry cannot file it twice.`,
  );
}

/**
 * Intake (受理): starts one issue workflow per submission, with the registration update sent in the same call
 * (update-with-start): the workflow answers with the issue as it registered it (route, first deadlines), so the
 * answer does not wait for the read model. With no worker to run the workflow within REGISTRATION_WAIT_MS, the
 * answer is 202 (`registering`): the workflow is started and registers the issue by itself once a worker runs it,
 * with no retry by the client.
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
    private readonly workflows: IssueWorkflows,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: MetricsService,
  ) {}

  async file(user: AuthenticatedUser, dto: IntakeRequestDto, idempotencyKey?: string): Promise<IntakeOutcome> {
    if (!mayFile(user)) {
      throw forbidden('Only reporters, the dispatcher and department staff or heads file issues.', 'access.intake');
    }
    if (!(await this.records.projectExists(dto.projectId))) {
      throw unknownReference('projectId', `there is no project ${dto.projectId}`);
    }
    const submission = toSubmission(dto);
    const bodyHash = sha256Hex(canonicalJson(submission));
    const now = Date.now();
    let intake: ReceivedIntake = {
      ...submission,
      issueId: newIssueId(now),
      reporter: { id: user.id },
      receivedAt: now,
    };
    let replay = false;
    if (idempotencyKey !== undefined) {
      const claim = await this.claim(user.id, idempotencyKey, bodyHash, intake);
      if (claim.bodyHash !== bodyHash) {
        throw ruleViolation(
          'idempotency.key_reused',
          `Idempotency-Key "${idempotencyKey}" was already used for another submission (issue ${claim.intake.issueId}); use a new key for a new issue.`,
        );
      }
      intake = claim.intake;
      replay = !claim.won;
      if (replay && claim.started) {
        const registered = await this.records.registered(intake.issueId);
        if (registered) return { status: HttpStatus.OK, body: toResponse(registered) };
      }
    }

    const outcome = await this.start(intake, idempotencyKey !== undefined);
    if (!replay) this.metrics.recordIntake(intake.category);
    if (idempotencyKey !== undefined) await this.markStarted(user.id, idempotencyKey);
    const status = replay ? HttpStatus.OK : HttpStatus.CREATED;
    if (outcome.kind === 'registered') {
      const { registration } = outcome;
      if (!replay)
        this.logger.info(
          { issueId: intake.issueId, workflowId: registration.workflowId, lead: registration.leadDepartment },
          'issue filed',
        );
      return { status, body: fromRegistration(registration) };
    }
    // A workflow that ran and finished wrote its read model before finishing.
    const registered = outcome.kind === 'finished' ? await this.records.registered(intake.issueId) : undefined;
    if (registered) return { status, body: toResponse(registered) };
    this.logger.warn(
      { issueId: intake.issueId },
      'issue workflow started but not run by a worker yet; answering 202 (it registers by itself once a worker runs it)',
    );
    return { status: HttpStatus.ACCEPTED, body: pendingResponse(intake) };
  }

  /** Inserts the key's row, or reads the row another request inserted first. */
  private async claim(userId: string, key: string, bodyHash: string, candidate: ReceivedIntake): Promise<IntakeClaim> {
    const dataSource = await this.records.dataSource();
    type Row = { body_hash: string; request: ReceivedIntake; started_at: Date | null };
    const inserted = (await dataSource.query(
      `INSERT INTO intake_requests (user_id, idempotency_key, body_hash, issue_id, request)
       VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (user_id, idempotency_key) DO NOTHING
       RETURNING body_hash, request, started_at`,
      [userId, key, bodyHash, candidate.issueId, JSON.stringify(candidate)],
    )) as Row[];
    if (inserted.length) return { won: true, bodyHash, intake: candidate, started: false };
    const [existing] = (await dataSource.query(
      `SELECT body_hash, request, started_at FROM intake_requests WHERE user_id = $1 AND idempotency_key = $2`,
      [userId, key],
    )) as Row[];
    return {
      won: false,
      bodyHash: existing.body_hash,
      intake: existing.request,
      started: existing.started_at !== null,
    };
  }

  private async markStarted(userId: string, key: string): Promise<void> {
    const dataSource = await this.records.dataSource();
    await dataSource.query(
      `UPDATE intake_requests SET started_at = now() WHERE user_id = $1 AND idempotency_key = $2 AND started_at IS NULL`,
      [userId, key],
    );
  }

  /**
   * Starts the issue's workflow (or finds it: USE_EXISTING for a running one, REJECT_DUPLICATE for a finished one)
   * and sends it the registration update in the same call. Every request for one issue sends the update with the
   * same id, so concurrent retries share one update.
   */
  private async start(intake: IssueIntakeInput, withKey: boolean): Promise<StartOutcome> {
    try {
      await this.workflows.reachable(REACHABLE_TIMEOUT_MS);
    } catch (error) {
      if (!isTemporalUnavailable(error)) throw error;
      this.logger.warn({ issueId: intake.issueId, err: error }, 'Temporal unavailable at intake');
      throw unavailableAtIntake(withKey);
    }
    const startWorkflowOperation = this.workflows.registrationStart(intake);
    try {
      const registration = await this.workflows.register(startWorkflowOperation, REGISTRATION_WAIT_MS);
      return { kind: 'registered', registration };
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return { kind: 'finished' }; // it ran and finished: the issue exists
      if (isTemporalUnavailable(error)) {
        // Out of time: started (nothing has run it yet), or not taken at all.
        const started = await startWorkflowOperation.workflowHandle().then(
          () => true,
          () => this.wasStarted(intake.issueId),
        );
        if (started) return { kind: 'pending' };
        this.logger.warn({ issueId: intake.issueId, err: error }, 'Temporal unavailable at intake');
        throw unavailableAtIntake(withKey);
      }
      // Any other failure of the registration (the workflow failed before answering it): the issue was taken when
      // its workflow started, so the client is told it is being registered, as when no worker has run it yet.
      const started = await startWorkflowOperation.workflowHandle().then(
        () => true,
        () => false,
      );
      this.logger.error({ issueId: intake.issueId, err: error, started }, 'issue registration failed');
      if (started) return { kind: 'pending' };
      throw serviceUnavailable(
        'The workflow service did not take the issue. Retry in 5 s with the same Idempotency-Key.',
      );
    }
  }

  /** Whether Temporal has the workflow (asked after the update-with-start ran out of time). */
  private async wasStarted(issueId: string): Promise<boolean> {
    try {
      await this.workflows.describe(issueId, START_CHECK_TIMEOUT_MS);
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError || isTemporalUnavailable(error)) return false;
      throw error;
    }
  }
}
