/**
 * Timer firings: the workflow feeds `{type: 'timer_fired', key, at}` for each due timer; a firing for a timer
 * no longer pending (cancelled or moved since) is ignored. The key says whose clock it is, and the rule that
 * owns that clock takes it: the verification window (./resolution), a legal deadline (./petition), a reminder
 * (./reminder), a missed deadline or the next ladder step (./escalation). The key format: ./timer-keys.
 */
import type { TimerFiredEvent } from './events';
import { deadlineMissed, ladderStepDue } from './escalation';
import { statutoryTimerFired } from './petition';
import { IssueRule, requireClocks } from './reduction';
import { reminderDue } from './reminder';
import { verificationWindowClosed } from './resolution';

import { isActiveTask } from '../vocabulary';
import { readTimerKey } from './timer-keys';

export const timerFiredRule: IssueRule<TimerFiredEvent> = {
  /** a firing is never refused */
  check() {},
  apply(reduction, event) {
    const state = reduction.state;
    const due = state.timers[event.key];
    // a timer that was cancelled or moved since it was set: nothing to do
    if (due === undefined || due > event.at) return;
    delete state.timers[event.key];

    const key = readTimerKey(event.key);
    if (!key) return;
    if (key.kind === 'verification') return verificationWindowClosed(reduction);
    if (key.kind === 'petition') return statutoryTimerFired(reduction, key.deadline, key.warning !== undefined);

    const task = state.tasks[key.taskId];
    if (!task || !isActiveTask(task) || state.status !== 'open') return;
    if (key.clock === 'ladder') return ladderStepDue(reduction, task, requireClocks(event, 'timer_fired'));
    if (key.reminder !== undefined) return reminderDue(reduction, task, key.clock);
    deadlineMissed(reduction, task, key.clock, requireClocks(event, 'timer_fired'));
  },
};
