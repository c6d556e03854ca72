/**
 * Assistance (协办): the lead department asks other departments to join; each gets a supporting task with its
 * own accept and handling deadlines (the policy's assistance time, or a deadline the lead names). Only the lead
 * resolves the issue (see ./resolution).
 */
import type { Deadline } from '../deadlines';
import { isDepartmentCode } from '../routing';
import { departmentOf, requireOpen } from './actors';
import type { AssistEvent } from './events';
import { IssueRule, reject, requireClocks } from './reduction';
import { activeTaskOf, addTask, customReminders, leadTask } from './tasks';

export const assistRule: IssueRule<AssistEvent> = {
  check(state, event) {
    requireOpen(state, 'assist');
    const department = departmentOf(event.by, 'assist');
    if (leadTask(state).department !== department)
      reject('assist.lead_only', 'only the lead department asks others to assist');
    if (!Array.isArray(event.departments) || event.departments.length === 0) {
      reject('assist.departments_required', 'name at least one department to assist');
    }
    const seen = new Set<string>();
    for (const code of event.departments) {
      if (!isDepartmentCode(code)) reject('assist.department_code', `not a department code: ${JSON.stringify(code)}`);
      if (code === state.policy.dispatcher)
        reject('assist.not_dispatcher', 'the dispatcher routes issues; it does not assist');
      if (activeTaskOf(state, code) || seen.has(code))
        reject('assist.already_involved', `${code} already has a task on this issue`);
      seen.add(code);
    }
    if (event.due !== undefined && !(event.due > event.at))
      reject('assist.deadline_in_past', 'an assistance deadline must be in the future');
  },
  /** a deadline the lead names gets the policy's reminders, computed for it */
  clocks(_state, event) {
    return event.due !== undefined ? { customDue: event.due } : {};
  },
  apply(reduction, event) {
    const lead = leadTask(reduction.state);
    const clocks = requireClocks(event, 'assist');
    const handle: Deadline =
      event.due !== undefined ? { due: event.due, reminders: customReminders(clocks, event.due) } : clocks.assist;
    reduction.record('assistance_requested', event.by, lead.id, {
      departments: event.departments,
      reason: event.reason,
      due: handle.due,
    });
    for (const code of event.departments) addTask(reduction, code, 'supporting', clocks.accept, handle, 0);
  },
};
