/**
 * The working calendar changed: the issue's pending deadlines move as the re-timing plan says (computed on the
 * calendar in an activity: ../calendar-retiming), each moved deadline recorded in the timeline with its cause.
 * Reminders and warnings move with their deadlines without an entry of their own. Nothing already fired is undone.
 */
import { unconfirmedYearsOf } from '../calendar-retiming';
import type { RecalendarEvent } from './events';
import { IssueRule, reject, Reduction } from './reduction';
import type { IssueState, TrackedDeadline } from './state';
import { readTimerKey } from './timer-keys';

/** What the timeline calls each moved deadline. */
export type MovedDeadline =
  'accept' | 'handle' | 'escalation' | 'verification' | 'petition_accept_decision' | 'petition_conclude';

export const recalendarRule: IssueRule<RecalendarEvent> = {
  check(state, event) {
    const plan = event.plan;
    if (!plan || typeof plan.moves !== 'object')
      reject('recalendar.plan_required', 'a calendar change needs its re-timing plan (planRetiming)');
    if (plan.toRevision <= (state.calendar?.revision ?? 1))
      reject(
        'recalendar.not_newer',
        `the issue is already timed on calendar revision ${state.calendar?.revision ?? 1}`,
      );
  },
  apply(reduction, event) {
    const state = reduction.state;
    const { plan } = event;
    const recorded: Array<{ taskId?: string; data: Record<string, unknown> }> = [];
    const reminders = new Map<string, number>();
    for (const id of Object.keys(plan.moves).sort()) {
      const from = state.timers[id];
      const to = plan.moves[id];
      const key = readTimerKey(id);
      if (from === undefined || !key) continue;
      if (to === null) {
        reduction.cancel(key);
        continue;
      }
      reduction.schedule(key, to);
      if (key.kind === 'task') {
        const task = state.tasks[key.taskId];
        if (!task) continue;
        if (key.clock === 'ladder') {
          task.ladder.nextStepAt = to;
          recorded.push({ taskId: task.id, data: moved('escalation', from, to, plan.cause) });
          continue;
        }
        const deadline = key.clock === 'accept' ? task.accept : task.handle;
        if (!deadline) continue;
        if (key.reminder !== undefined) {
          deadline.reminders[key.reminder] = to;
          const owner = `${task.id}/${key.clock}`;
          reminders.set(owner, (reminders.get(owner) ?? 0) + 1);
          continue;
        }
        moveTracked(deadline, from, to, reduction);
        recorded.push({ taskId: task.id, data: moved(key.clock, from, to, plan.cause) });
      } else if (key.kind === 'verification') {
        const resolution = state.resolutions[state.resolutions.length - 1];
        if (resolution) resolution.verificationDue = to;
        recorded.push({ taskId: state.leadTaskId, data: moved('verification', from, to, plan.cause) });
      } else if (state.petition) {
        const deadline = key.deadline === 'accept_decision' ? state.petition.acceptDecision : state.petition.conclude;
        if (!deadline) continue;
        if (key.warning !== undefined) {
          deadline.warnings[key.warning] = to;
          continue;
        }
        deadline.due = to;
        recorded.push({
          taskId: state.leadTaskId,
          data: moved(
            key.deadline === 'accept_decision' ? 'petition_accept_decision' : 'petition_conclude',
            from,
            to,
            plan.cause,
          ),
        });
      }
    }
    const unconfirmedYears = unconfirmedYearsOf(state, plan.knownYears);
    const confirmedYears = (state.calendar?.unconfirmedYears ?? []).filter((y) => !unconfirmedYears.includes(y));
    state.calendar = { revision: plan.toRevision, unconfirmedYears };
    for (const entry of recorded) {
      const owner = `${entry.taskId}/${entry.data.deadline as string}`;
      const count = reminders.get(owner);
      reminders.delete(owner);
      reduction.record('deadline_moved', undefined, entry.taskId, {
        ...entry.data,
        ...(count ? { reminders: count } : {}),
      });
    }
    // every re-timing is on record (and rewrites the issue's row with its new revision), moved or not
    if (recorded.length === 0) {
      const moved = [...reminders.values()].reduce((a, b) => a + b, 0);
      reduction.record('calendar_checked', undefined, undefined, {
        revision: plan.toRevision,
        cause: plan.cause,
        ...(moved ? { reminders: moved } : {}),
        ...(confirmedYears.length ? { confirmedYears } : {}),
        ...(unconfirmedYears.length ? { unconfirmedYears } : {}),
      });
    }
  },
};

function moved(deadline: MovedDeadline, from: number, to: number, cause: string): Record<string, unknown> {
  return { deadline, from, to, cause };
}

function moveTracked(deadline: TrackedDeadline, from: number, to: number, reduction: Reduction): void {
  deadline.moves.push({ from, to, at: reduction.at, cause: 'calendar', by: 'calendar' });
  deadline.due = to;
}

/** The issue's calendar facts after a reduction whose clocks name their calendar (see computeClocksAt). */
export function withCalendarOf(state: IssueState, calendar: { revision: number; knownYears: number[] }): void {
  state.calendar = { revision: calendar.revision, unconfirmedYears: unconfirmedYearsOf(state, calendar.knownYears) };
}
