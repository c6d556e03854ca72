/**
 * What reaches an issue (events: messages from people, timer firings) and what the reducer asks the workflow
 * to do in return (commands).
 */
import type { RetimingPlan } from '../calendar-retiming';
import type { ClocksAt } from '../deadlines';
import type { LadderStep, LeaderRole, StallCause } from '../escalation-ladder';
import type { ResolvedIssuePolicy } from '../issue-policy';
import type { StatutoryDeadline } from '../petition-clock';
import type { RouteDecision } from '../routing';
import type { EpochMs } from '../working-calendar';
import type { Actor, IssueClosure, IssueFiling, IssueState } from './state';

// ================================================================ events

export interface EventBase {
  at: EpochMs;
  /** calendar-dependent instants computed for `at` (see computeClocksAt); needed by the events that set deadlines */
  clocks?: ClocksAt;
}

export interface IntakeEvent extends EventBase, IssueFiling {
  type: 'intake';
  policy: ResolvedIssuePolicy;
  route: RouteDecision;
}
export interface AcceptEvent extends EventBase {
  type: 'accept';
  by: Actor;
}
export interface ProgressEvent extends EventBase {
  type: 'progress';
  by: Actor;
  note: string;
}
export interface AssistEvent extends EventBase {
  type: 'assist';
  by: Actor;
  departments: string[];
  reason?: string;
  due?: EpochMs;
}
export interface TransferEvent extends EventBase {
  type: 'transfer';
  by: Actor;
  to: string;
  reason: string;
}
export interface RouteEvent extends EventBase {
  type: 'route';
  by: Actor;
  lead: string;
  supporting?: string[];
  reason: string;
}
export interface RequestExtensionEvent extends EventBase {
  type: 'request_extension';
  by: Actor;
  reason: string;
  until: EpochMs;
}
export interface GrantExtensionEvent extends EventBase {
  type: 'grant_extension';
  by: Actor;
  taskId?: string;
  until: EpochMs;
}
export interface RefuseExtensionEvent extends EventBase {
  type: 'refuse_extension';
  by: Actor;
  taskId?: string;
  reason: string;
}
export interface InstructEvent extends EventBase {
  type: 'instruct';
  by: Actor;
  taskId?: string;
  text: string;
  due: EpochMs;
}
export interface AcknowledgeEvent extends EventBase {
  type: 'acknowledge';
  by: Actor;
  instructionId: string;
}
export interface ResolveEvent extends EventBase {
  type: 'resolve';
  by: Actor;
  description: string;
}
export interface VerifyEvent extends EventBase {
  type: 'verify';
  by: Actor;
  outcome: 'confirm' | 'reject';
  satisfaction?: number;
  reason?: string;
}
export interface WithdrawEvent extends EventBase {
  type: 'withdraw';
  by: Actor;
  reason: string;
}
export interface ExtendStatutoryTermEvent extends EventBase {
  type: 'extend_statutory_term';
  by: Actor;
  reason: string;
  /** ISO-8601, e.g. "P30D" */
  extension: string;
  /** the new conclusion deadline, from computePetitionExtension (a clock: absent until computed, see clocksNeeded) */
  deadline?: StatutoryDeadline;
}
/** `key` is the timer's id as kept in `state.timers` (see timerKeyId / readTimerKey) */
export interface TimerFiredEvent extends EventBase {
  type: 'timer_fired';
  key: string;
}

/** The working calendar changed: the issue's pending deadlines move as the plan (computed on the calendar) says. */
export interface RecalendarEvent extends EventBase {
  type: 'recalendar';
  plan: RetimingPlan;
}

export type IssueEvent =
  | IntakeEvent
  | AcceptEvent
  | ProgressEvent
  | AssistEvent
  | TransferEvent
  | RouteEvent
  | RequestExtensionEvent
  | GrantExtensionEvent
  | RefuseExtensionEvent
  | InstructEvent
  | AcknowledgeEvent
  | ResolveEvent
  | VerifyEvent
  | WithdrawEvent
  | ExtendStatutoryTermEvent
  | TimerFiredEvent
  | RecalendarEvent;

export type IssueEventType = IssueEvent['type'];

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A message as a person sends it: an event on an open issue, without the time and the clocks the workflow adds. */
export type IssueMessage = DistributiveOmit<
  Exclude<IssueEvent, { type: 'intake' } | { type: 'timer_fired' } | { type: 'recalendar' }>,
  'at' | 'clocks'
>;

// ================================================================ commands

export type Recipient =
  | { kind: 'department'; department: string; audience: 'staff' | 'head' }
  | { kind: 'leader'; role: LeaderRole; department: string }
  | { kind: 'dispatcher'; department: string }
  | { kind: 'reporter'; id: string }
  | { kind: 'person'; id: string };

export type NotificationTopic =
  | 'task_assigned'
  | 'assist_requested'
  | 'reminder'
  | 'deadline_missed'
  | 'instruction'
  | 'instruction_acknowledged'
  | 'dispatch_needed'
  | 'dispatcher_decided'
  | 'extension_requested'
  | 'extension_granted'
  | 'extension_refused'
  | 'progress'
  | 'assist_completed'
  | 'verification_requested'
  | 'reopened'
  | 'closed'
  | 'withdrawn'
  | 'task_ended'
  | 'statutory_warning'
  | 'statutory_deadline_missed'
  | 'statutory_extended';

export type IssueCommand =
  /** `key`: the timer's id in `state.timers` (timerKeyId) */
  | { type: 'schedule_timer'; key: string; at: EpochMs }
  | { type: 'cancel_timer'; key: string }
  | { type: 'notify'; issueId: string; to: Recipient; topic: NotificationTopic; taskId?: string; detail?: string }
  | {
      type: 'escalated';
      issueId: string;
      taskId: string;
      department: string;
      level: number;
      role: LeaderRole;
      /** 0 for a climb; n for the n-th repeated notice at the top */
      repeat: number;
      kind: LadderStep['kind'];
      cause: StallCause;
      at: EpochMs;
    }
  | {
      type: 'record_event';
      issueId: string;
      sequence: number;
      name: string;
      at: EpochMs;
      actor?: Actor;
      taskId?: string;
      data?: Record<string, unknown>;
    }
  | { type: 'issue_closed'; issueId: string; outcome: IssueClosure['outcome']; at: EpochMs };

export interface Rejection {
  rule: string;
  message: string;
}

export type ReduceResult =
  | {
      ok: true;
      state: IssueState;
      commands: IssueCommand[];
      /** the message was taken but not carried out as asked (a transfer sent to the dispatcher) */
      notice?: Rejection;
    }
  | { ok: false; state: IssueState | undefined; rejection: Rejection; commands: [] };
