/**
 * The working parts of one reduction: how a rule refuses (`reject`), the draft state and commands it produces
 * (`Reduction`), and the shape every rule has (`IssueRule`: pure checks, then the change).
 */
import type { ClocksAt } from '../deadlines';
import type { EpochMs } from '../working-calendar';
import type { EventBase, IssueCommand, IssueEvent, NotificationTopic, Recipient, Rejection } from './events';
import type { Actor, IssueState } from './state';
import { readTimerKey, TimerKey, timerKeyId, TimerScope, timerKeyWithin } from './timer-keys';

export class RejectedEvent extends Error {
  constructor(
    public readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** Refuses the event with the rule it breaks; `reduceIssue` and `validateIssueMessage` turn it into a Rejection. */
export function reject(rule: string, message: string): never {
  throw new RejectedEvent(rule, message);
}

/** Runs checks and returns the rejection they raise, if any. */
export function rejectionOf(run: () => void): Rejection | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof RejectedEvent) return { rule: error.rule, message: error.message };
    throw error;
  }
}

/** The inputs of a petition's new legal conclusion deadline (computePetitionExtension). */
export interface StatutoryExtensionRequest {
  acceptedAt: EpochMs;
  extension: string;
  extensionsUsed: number;
  grantedAt: EpochMs;
}

/** What a rule needs computed on the calendar before it can apply an event (see clocksNeeded). */
export interface RuleClockNeeds {
  /** a deadline a person chose (an instruction's, an extension's, an assistance's): its reminders are computed too */
  customDue?: EpochMs;
  /** a petition's statutory extension: the new legal conclusion deadline */
  statutoryExtension?: StatutoryExtensionRequest;
}

/**
 * One rule of the issue, for one event type. `check` holds every refusal that needs no clock: it is pure, reads
 * the state as it is and returns what `apply` needs (e.g. the id of the task concerned). `apply` changes the
 * draft and produces commands; it refuses only for missing or stale clocks. `clocks` says what the rule needs
 * computed for the event (absent: only the issue clocks every event gets).
 */
export interface IssueRule<E extends IssueEvent, C = void> {
  check(state: IssueState, event: E): C;
  apply(reduction: Reduction, event: E, checked: C): void;
  clocks?(state: IssueState, event: E): RuleClockNeeds;
}

/** Working context of one reduction: a draft state (a deep copy) and the commands being produced. */
export class Reduction {
  readonly commands: IssueCommand[] = [];
  notice?: Rejection;

  constructor(
    readonly state: IssueState,
    readonly at: EpochMs,
  ) {}

  schedule(key: TimerKey, at: EpochMs): void {
    const id = timerKeyId(key);
    this.state.timers[id] = at;
    this.commands.push({ type: 'schedule_timer', key: id, at });
  }

  cancel(key: TimerKey): void {
    this.cancelId(timerKeyId(key));
  }

  /** Cancels every pending timer within the scope, in the order of their ids. */
  cancelWithin(scope: TimerScope): void {
    for (const id of Object.keys(this.state.timers).sort()) {
      const key = readTimerKey(id);
      if (key && timerKeyWithin(key, scope)) this.cancelId(id);
    }
  }

  /** Cancels every pending timer (the issue is finished), in the order of their ids. */
  cancelAll(): void {
    for (const id of Object.keys(this.state.timers).sort()) this.cancelId(id);
  }

  private cancelId(id: string): void {
    if (this.state.timers[id] === undefined) return;
    delete this.state.timers[id];
    this.commands.push({ type: 'cancel_timer', key: id });
  }

  notify(to: Recipient, topic: NotificationTopic, taskId?: string, detail?: string): void {
    this.commands.push({
      type: 'notify',
      issueId: this.state.issueId,
      to,
      topic,
      ...(taskId !== undefined ? { taskId } : {}),
      ...(detail !== undefined ? { detail } : {}),
    });
  }

  /** A notice to a department's staff or its head. */
  notifyDepartment(
    department: string,
    audience: 'staff' | 'head',
    topic: NotificationTopic,
    taskId?: string,
    detail?: string,
  ): void {
    this.notify({ kind: 'department', department, audience }, topic, taskId, detail);
  }

  record(name: string, actor?: Actor, taskId?: string, data?: Record<string, unknown>): void {
    this.state.sequence += 1;
    this.commands.push({
      type: 'record_event',
      issueId: this.state.issueId,
      sequence: this.state.sequence,
      name,
      at: this.at,
      ...(actor ? { actor } : {}),
      ...(taskId !== undefined ? { taskId } : {}),
      ...(data ? { data } : {}),
    });
  }
}

/** The clocks an event carries, refused when missing or computed for another instant. */
export function requireClocks(event: EventBase, what: string): ClocksAt {
  if (!event.clocks) reject('clocks.required', `${what} needs the clocks computed for its time (computeClocksAt)`);
  if (event.clocks.at !== event.at)
    reject(
      'clocks.stale',
      `${what}: the clocks were computed for ${event.clocks.at}, not for the event time ${event.at}`,
    );
  return event.clocks;
}
