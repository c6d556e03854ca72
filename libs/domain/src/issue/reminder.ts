/**
 * Reminders (催办): before a task's accept or handling deadline, at the policy's points, the department's staff
 * is reminded, by the clock, not when someone remembers to chase. Counted in the issue's tally. The reminder
 * instants themselves are computed in ../reminders and scheduled with the deadline (./tasks).
 */
import type { StallCause } from '../escalation-ladder';
import type { Reduction } from './reduction';
import type { IssueTask } from './state';

export function reminderDue(reduction: Reduction, task: IssueTask, which: StallCause): void {
  reduction.state.tally.reminders += 1;
  const deadline = which === 'accept' ? task.accept : task.handle;
  reduction.notifyDepartment(task.department, 'staff', 'reminder', task.id, `${which} by ${deadline?.due}`);
  reduction.record('reminder_sent', undefined, task.id, { deadline: which, due: deadline?.due });
}
