// The blocking-issue workflow's messages, inputs and activities. Message names never change once shipped.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  ClocksAt,
  EpochMs,
  IntakeEvent,
  IssueCategory,
  IssueCommand,
  IssueState,
  Rejection,
  RegisteredIssueFacts,
  RetimingPlan,
  ResolvedIssuePolicy,
  RiskLevel,
  StatutoryDeadline,
} from '@unblock/domain';

export const ISSUE_WORKFLOW = 'issueWorkflow';

/** What a reporter files (intake, 受理登记). `receivedAt` is set by the workflow when absent. */
export interface IssueIntakeInput {
  issueId: string;
  projectId: string;
  category: IssueCategory;
  risk: RiskLevel;
  title: string;
  description: string;
  location?: string;
  /** references to attachments already stored elsewhere */
  attachments?: string[];
  reporter: { id: string };
  receivedAt?: EpochMs;
}

/** What the workflow keeps beside the reducer's state (fields the rules do not read). */
export interface IssueMeta {
  title: string;
  attachments: string[];
}

/** Either a new issue, or the state (and the effects not written yet) carried over by continue-as-new. */
export type IssueWorkflowInput =
  { intake: IssueIntakeInput } | { continued: { state: IssueState; meta: IssueMeta; outbox?: DecidedEffects[] } };

/** What one reduction decided beyond the state: its commands, to be written behind the decision. */
export interface DecidedEffects {
  /** the state's sequence number after the reduction (notification ids are keyed by it) */
  sequence: number;
  commands: IssueCommand[];
  /** the instant the workflow processed the event (for a timer: when it fired) */
  processedAt: EpochMs;
  /** for a timer firing: the instant it was due */
  dueAt?: EpochMs;
}

/**
 * The effects of one or more reductions, oldest first, written in one transaction: the read model from the newest
 * state, and the record (events, escalations, notices) of every reduction. Idempotent and sequence-guarded.
 */
export interface IssueEffectsBatch {
  workflowId: string;
  meta: IssueMeta;
  /** the newest state (the read model's source); its sequence is at least the last reduction's */
  state: IssueState;
  reductions: DecidedEffects[];
}

/** The effects written behind the decisions, as the issue view shows them. */
export interface IssueEffectsStatus {
  /** reductions decided whose effects are not written yet */
  pending: number;
  /** the sequence number of the newest reduction written */
  writtenSequence: number;
  /** set while writing fails: since when, how many attempts, and the last error */
  failing?: { since: EpochMs; attempts: number; error: string };
}

/** A batch of effects from one reduction: written idempotently (keyed by the state's sequence number). */
export interface IssueEffectsInput {
  workflowId: string;
  meta: IssueMeta;
  /** the state after the reduction (the read model's source) */
  state: IssueState;
  commands: IssueCommand[];
  /** the instant the workflow processed the event (for a timer: when it fired; its due instant is the event's) */
  processedAt: EpochMs;
  /** for a timer firing: the instant it was due */
  dueAt?: EpochMs;
}

export interface IssueActivities {
  /** Resolves the policy and the route, and computes the first clocks on the zone's calendar. */
  prepareIssueIntake(input: IssueIntakeInput & { receivedAt: EpochMs }): Promise<IntakeEvent>;
  /** Every calendar-dependent instant the reducer may need for an event at `at`. */
  computeIssueClocks(input: {
    policy: ResolvedIssuePolicy;
    at: EpochMs;
    customDue?: EpochMs;
    /** the calendar revision the issue's deadlines are on (absent: the first) */
    calendarRevision?: number;
  }): Promise<ClocksAt>;
  /** A petition's new legal conclusion deadline after a statutory extension (信访 extension). */
  computeStatutoryExtension(input: {
    policy: ResolvedIssuePolicy;
    acceptedAt: EpochMs;
    extension: string;
    extensionsUsed: number;
    grantedAt: EpochMs;
    calendarRevision?: number;
  }): Promise<StatutoryDeadline>;
  /** Which pending deadlines move when the issue goes from its calendar revision to a later one. */
  planIssueRetiming(input: { state: IssueState; toRevision: number; at: EpochMs }): Promise<RetimingPlan>;
  /** Writes the read model, the event log, escalations and inbox notifications of one reduction. Idempotent. */
  applyIssueEffects(input: IssueEffectsInput): Promise<void>;
  /** The same for a batch of reductions, in one transaction (the workflow's writer behind the decisions). */
  writeIssueEffects(batch: IssueEffectsBatch): Promise<void>;
}

/** The answer to every action: what the workflow did. */
export interface IssueActionResult {
  issueId: string;
  status: IssueState['status'];
  /** sequence number of the last event recorded */
  sequence: number;
  /** set when the action was taken but not as asked (a transfer sent to the dispatcher) */
  notice?: Rejection;
}

/** The live state of one issue, with what is derived from it. */
export interface IssueView {
  state: IssueState;
  meta: IssueMeta;
  owner: { taskId: string; department: string; status: string };
  escalation: { level: number; role?: string };
  ageMs: number;
  nextTimer?: { key: string; at: EpochMs };
  /** the writing of the read model and record (absent in workflows that write before deciding on) */
  effects?: IssueEffectsStatus;
}

// The actions (updates) and their arguments: see ./issue-actions.

export const issueViewQuery = defineQuery<IssueView>('issueView');

/** The issue as registered at intake (受理): what the intake answers with, from the workflow itself. */
export type IssueRegistration = { issueId: string; workflowId: string } & RegisteredIssueFacts;

/**
 * Sent with the workflow's start (update-with-start, conflict policy USE_EXISTING): answers once the intake is
 * reduced, without waiting for the read model. Sent with the fixed update id REGISTRATION_UPDATE_ID, so retries
 * share one update.
 */
export const registrationUpdate = defineUpdate<IssueRegistration>('registration');
export const REGISTRATION_UPDATE_ID = 'registration';
