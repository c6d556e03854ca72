/**
 * Timer keys: which clock a pending timer belongs to, as a typed value. `state.timers` keeps them by their id,
 * a string whose format is history (it is in running workflows' state and in committed histories) and never
 * changes: 'verification', 'task/task-1/accept', 'task/task-1/accept/remind/0', 'task/task-1/ladder',
 * 'petition/accept_decision', 'petition/conclude/warn/1'.
 *
 * `timerKeyId` and `readTimerKey` are the only code that writes or reads that format.
 */
import type { StallCause } from '../escalation-ladder';

/** The two legal deadlines of a petition (信访). */
export type StatutoryDeadlineName = 'accept_decision' | 'conclude';

export type TimerKey =
  /** the end of the reporter's verification window (回访) */
  | { kind: 'verification' }
  /** a task's accept or handling deadline (签收 / 办理), or, with `reminder`, the n-th reminder (催办) before it */
  | { kind: 'task'; taskId: string; clock: StallCause; reminder?: number }
  /** the next step of a task's escalation ladder (督办) */
  | { kind: 'task'; taskId: string; clock: 'ladder' }
  /** a petition's legal deadline, or, with `warning`, the n-th warning before it */
  | { kind: 'petition'; deadline: StatutoryDeadlineName; warning?: number };

/** A group of timers to cancel together: all of a task's, one of its clocks (with its reminders), one legal deadline (with its warnings). */
export type TimerScope =
  | { kind: 'task'; taskId: string; clock?: StallCause | 'ladder' }
  | { kind: 'petition'; deadline: StatutoryDeadlineName };

/** The id a timer is kept under in `state.timers`. */
export function timerKeyId(key: TimerKey): string {
  switch (key.kind) {
    case 'verification':
      return 'verification';
    case 'task':
      return `task/${key.taskId}/${key.clock}${'reminder' in key && key.reminder !== undefined ? `/remind/${key.reminder}` : ''}`;
    case 'petition':
      return `petition/${key.deadline}${key.warning !== undefined ? `/warn/${key.warning}` : ''}`;
  }
}

/** The key behind a timer id; undefined for an id `timerKeyId` never writes. `timerKeyId(readTimerKey(id)!) === id`. */
export function readTimerKey(id: string): TimerKey | undefined {
  const parts = id.split('/');
  if (parts.length === 1 && parts[0] === 'verification') return { kind: 'verification' };
  if (parts[0] === 'task' && parts[1]) {
    const [, taskId, clock, remind, n] = parts;
    if (parts.length === 3 && (clock === 'accept' || clock === 'handle' || clock === 'ladder'))
      return { kind: 'task', taskId, clock };
    const reminder = indexOf(n);
    if (
      parts.length === 5 &&
      (clock === 'accept' || clock === 'handle') &&
      remind === 'remind' &&
      reminder !== undefined
    ) {
      return { kind: 'task', taskId, clock, reminder };
    }
    return undefined;
  }
  if (parts[0] === 'petition' && (parts[1] === 'accept_decision' || parts[1] === 'conclude')) {
    const deadline = parts[1];
    if (parts.length === 2) return { kind: 'petition', deadline };
    const warning = indexOf(parts[3]);
    if (parts.length === 4 && parts[2] === 'warn' && warning !== undefined)
      return { kind: 'petition', deadline, warning };
  }
  return undefined;
}

/** Whether a timer belongs to a scope (a task, one of its clocks, a legal deadline). */
export function timerKeyWithin(key: TimerKey, scope: TimerScope): boolean {
  if (key.kind === 'task' && scope.kind === 'task')
    return key.taskId === scope.taskId && (scope.clock === undefined || key.clock === scope.clock);
  if (key.kind === 'petition' && scope.kind === 'petition') return key.deadline === scope.deadline;
  return false;
}

/** A reminder or warning index as written by timerKeyId: a whole number without sign or leading zeros. */
function indexOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= 0 && String(n) === text ? n : undefined;
}
