/**
 * Acceptance (签收): a department accepts its task, once; acceptance after the accept deadline is marked late.
 * Accepting stops the accept clock, its reminders and an acceptance stall; a task whose handling clock waited
 * for acceptance (after a transfer or re-routing) starts it now. For a petition, the lead's acceptance is the
 * decision on acceptance (see ./petition).
 */
import { senderTask } from './actors';
import type { AcceptEvent } from './events';
import { decidesAcceptance, startConclusionClock } from './petition';
import { IssueRule, reject, requireClocks } from './reduction';
import { scheduleDeadline, stopStall, tracked } from './tasks';

export const acceptRule: IssueRule<AcceptEvent, string> = {
  check(state, event) {
    const { department, task } = senderTask(state, event.by, 'accept');
    if (task.status !== 'assigned') reject('accept.already_accepted', `${department} already accepted its task`);
    return task.id;
  },
  apply(reduction, event, taskId) {
    const task = reduction.state.tasks[taskId];
    task.status = 'accepted';
    task.acceptedAt = event.at;
    task.acceptedLate = event.at > task.accept.due;
    reduction.cancelWithin({ kind: 'task', taskId: task.id, clock: 'accept' });
    stopStall(reduction, task, 'accept');
    let restarted = false;
    if (!task.handle) {
      const clocks = requireClocks(event, 'accept');
      task.handle = tracked(clocks.handle);
      scheduleDeadline(reduction, task, 'handle');
      restarted = true;
    }
    reduction.record('task_accepted', event.by, task.id, {
      late: task.acceptedLate,
      handleBy: task.handle.due,
      handlingClockStarted: restarted,
    });
    if (decidesAcceptance(reduction, task))
      startConclusionClock(reduction, task, event, requireClocks(event, 'accept'));
  },
};
