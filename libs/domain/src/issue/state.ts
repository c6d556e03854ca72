/**
 * The state of one blocking issue: plain JSON, safe across continue-as-new. The workflow holds it; only the
 * reducer (`reduceIssue`) makes a new one.
 */
import type { LadderState, LeaderRole, StallCause } from '../escalation-ladder';
import type { IssueCategory, RiskLevel } from '../issue-categories';
import type { ResolvedIssuePolicy } from '../issue-policy';
import type { StatutoryDeadline } from '../petition-clock';
import type { TransferRecord } from '../transfer-rules';
import type { EpochMs } from '../working-calendar';

// ================================================================ actors

/** `administrator`: keeps the product's settings (channels, contacts); takes no part in an issue's handling. */
export type ActorRole = 'reporter' | 'staff' | LeaderRole | 'dispatcher' | 'administrator';

/** Who sent a message. Department staff and department heads name their department. */
export interface Actor {
  id: string;
  role: ActorRole;
  department?: string;
}

// ================================================================ state

export type IssueStatus = 'open' | 'resolved' | 'closed' | 'withdrawn';
export type TaskRole = 'lead' | 'supporting';
/** assigned → accepted → done; or ended by transfer, re-routing or the issue closing */
export type TaskStatus = 'assigned' | 'accepted' | 'done' | 'transferred' | 'rerouted' | 'closed';

/** `calendar`: the working calendar changed (a year loaded, a date corrected) */
export type DeadlineMoveCause = 'extension' | 'instruction' | 'reopened' | 'calendar';

/** A deadline as tracked on a task: the current due instant, and the original kept beside any moves. */
export interface TrackedDeadline {
  due: EpochMs;
  original: EpochMs;
  reminders: EpochMs[];
  moves: Array<{ from: EpochMs; to: EpochMs; at: EpochMs; cause: DeadlineMoveCause; by: string }>;
}

export interface ExtensionRequest {
  requestedAt: EpochMs;
  by: string;
  reason: string;
  until: EpochMs;
}

export interface IssueTask {
  id: string;
  department: string;
  role: TaskRole;
  status: TaskStatus;
  assignedAt: EpochMs;
  acceptedAt?: EpochMs;
  acceptedLate?: boolean;
  endedAt?: EpochMs;
  accept: TrackedDeadline;
  /** absent until the handling clock starts (for a transferred or re-routed task: at acceptance) */
  handle?: TrackedDeadline;
  ladder: LadderState;
  extensionRequest?: ExtensionRequest;
  missedDeadlines: Array<{ cause: StallCause; due: EpochMs; at: EpochMs }>;
}

export interface Instruction {
  id: string;
  taskId: string;
  by: Actor;
  text: string;
  at: EpochMs;
  due: EpochMs;
  acknowledgedAt?: EpochMs;
  acknowledgedBy?: string;
}

export interface DispatchRequest {
  since: EpochMs;
  rule: string;
  message: string;
  from: string;
  proposedTo: string;
  reason: string;
}

export interface Resolution {
  by: Actor;
  description: string;
  at: EpochMs;
  verificationDue: EpochMs;
  verdict?: { outcome: 'confirmed' | 'rejected' | 'unconfirmed'; at: EpochMs; satisfaction?: number; reason?: string };
}

export interface PetitionClockState {
  regulation: string;
  acceptDecision: StatutoryDeadline & { decidedAt?: EpochMs };
  conclude?: StatutoryDeadline & {
    original: EpochMs;
    concludedAt?: EpochMs;
    extension?: { by: string; reason: string; extension: string; at: EpochMs; previousDue: EpochMs };
  };
  extensionsUsed: number;
  missed: Array<'accept_decision' | 'conclude'>;
}

export interface IssueClosure {
  outcome: 'confirmed' | 'unconfirmed' | 'withdrawn';
  at: EpochMs;
  by?: string;
  reason?: string;
  satisfaction?: number;
}

/** What a reporter files about an issue: the same facts from submission, through intake, to the issue's state. */
export interface IssueFiling {
  issueId: string;
  projectId: string;
  category: IssueCategory;
  risk: RiskLevel;
  description: string;
  location?: string;
  reporter: { id: string };
}

/** The facts of a filing, copied from anything that carries them (a submission, the intake event), and nothing else. */
export function filingOf(source: IssueFiling): IssueFiling {
  return {
    issueId: source.issueId,
    projectId: source.projectId,
    category: source.category,
    risk: source.risk,
    description: source.description,
    ...(source.location !== undefined ? { location: source.location } : {}),
    reporter: { id: source.reporter.id },
  };
}

export interface IssueState extends IssueFiling {
  schema: 'unblock.issue/1';
  /** the policy the issue started with; kept for its whole life */
  policy: ResolvedIssuePolicy;
  status: IssueStatus;
  /** when the issue was received; the overall age never restarts */
  receivedAt: EpochMs;
  leadTaskId: string;
  tasks: Record<string, IssueTask>;
  taskCount: number;
  /** departments that have owned the issue, in order (the dispatcher excluded) */
  heldBy: string[];
  transfers: TransferRecord[];
  /** a transfer waiting for the dispatcher's decision */
  dispatchRequest?: DispatchRequest;
  /** the current owner was named by the dispatcher; that decision is final */
  leadNamedByDispatcher: boolean;
  /**
   * The dispatcher's decision binds the dispatcher too: once made, a second route is refused (`route.decision_final`)
   * unless a new dispute is waiting for the dispatcher. Set at intake on every issue opened since this rule; an issue
   * opened before keeps the rule it started with (the dispatcher could route it again), so that its history replays
   * as it ran.
   */
  finalRouting?: true;
  instructions: Instruction[];
  progressNotes: Array<{ taskId: string; department: string; by: string; note: string; at: EpochMs }>;
  resolutions: Resolution[];
  reopenCount: number;
  tally: {
    transfersByDepartment: Record<string, number>;
    rejectionsByDepartment: Record<string, number>;
    escalations: number;
    reminders: number;
  };
  petition?: PetitionClockState;
  closure?: IssueClosure;
  /**
   * pending timers: timer id → instant. The truth the workflow sleeps on. The ids are written and read only by
   * `timerKeyId` / `readTimerKey` (./timer-keys): 'verification', 'task/task-1/accept/remind/0', 'petition/conclude', …
   */
  timers: Record<string, EpochMs>;
  /** sequence number of the last recorded event (for idempotent writes) */
  sequence: number;
  /**
   * The working calendar the pending deadlines were computed on: its revision (every clock of the issue is computed
   * on it until the issue is re-timed on a later one) and the years of pending deadlines it has no arrangement for
   * ("calendar unconfirmed": counted on weekends only). Absent on an issue opened before the calendar was the
   * zone's data: revision 1, the built-in data its clocks were computed on.
   */
  calendar?: IssueCalendar;
}

export interface IssueCalendar {
  revision: number;
  unconfirmedYears: number[];
}
