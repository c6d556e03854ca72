/**
 * Reading the state: the next timers to sleep on, the issue's age, its owner and its escalation level.
 */
import type { LeaderRole } from '../escalation-ladder';
import type { EpochMs } from '../working-calendar';
import type { IssueState, TaskStatus } from './state';
import { leadTask } from './tasks';

/** The earliest pending timer, for the workflow to sleep on. `key` is the timer's id in `state.timers`. */
export function nextTimer(state: IssueState): { key: string; at: EpochMs } | undefined {
  let next: { key: string; at: EpochMs } | undefined;
  for (const [key, at] of Object.entries(state.timers)) {
    if (!next || at < next.at || (at === next.at && key < next.key)) next = { key, at };
  }
  return next;
}

/** Timers due at `now`, earliest first. */
export function dueTimers(state: IssueState, now: EpochMs): Array<{ key: string; at: EpochMs }> {
  return Object.entries(state.timers)
    .filter(([, at]) => at <= now)
    .map(([key, at]) => ({ key, at }))
    .sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1));
}

/** How long the issue has been open; counted from receipt, whatever transfers or re-acceptances happened. */
export function issueAge(state: IssueState, now: EpochMs): number {
  const end = state.closure ? state.closure.at : now;
  return Math.max(0, end - state.receivedAt);
}

export function isIssueFinished(state: IssueState): boolean {
  return state.status === 'closed' || state.status === 'withdrawn';
}

/** The lead task and its department. */
export function currentOwner(state: IssueState): { taskId: string; department: string; status: TaskStatus } {
  const task = leadTask(state);
  return { taskId: task.id, department: task.department, status: task.status };
}

/** The ladder level the lead task has reached (0 = not escalated) and its role. */
export function currentEscalation(state: IssueState): { level: number; role?: LeaderRole } {
  const task = leadTask(state);
  return task.ladder.level === 0
    ? { level: 0 }
    : { level: task.ladder.level, role: state.policy.policy.ladder[task.ladder.level - 1].role };
}
