/**
 * Progress notes (办理进展): any department with a task posts them at any time; they stop no clock. A supporting
 * department's note is passed on to the lead.
 */
import { nonEmpty, senderTask } from './actors';
import type { ProgressEvent } from './events';
import { IssueRule, reject } from './reduction';
import { leadTask } from './tasks';

export const progressRule: IssueRule<ProgressEvent, string> = {
  check(state, event) {
    const { task } = senderTask(state, event.by, 'progress');
    if (!nonEmpty(event.note)) reject('progress.note_required', 'a progress note needs text');
    return task.id;
  },
  apply(reduction, event, taskId) {
    const state = reduction.state;
    const task = state.tasks[taskId];
    state.progressNotes.push({
      taskId: task.id,
      department: task.department,
      by: event.by.id,
      note: event.note,
      at: event.at,
    });
    reduction.record('progress_posted', event.by, task.id, { note: event.note });
    if (task.role === 'supporting') {
      reduction.notifyDepartment(leadTask(state).department, 'staff', 'progress', task.id, event.note);
    }
  },
};
