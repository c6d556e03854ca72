/**
 * Withdrawal (撤回): the reporter or the dispatcher withdraws an open or resolved issue, with a reason; every task
 * ends, the departments are told, every clock stops.
 */
import { nonEmpty } from './actors';
import type { WithdrawEvent } from './events';
import { IssueRule, reject } from './reduction';
import { close } from './resolution';
import { endTask } from './tasks';
import { isActiveTask } from '../vocabulary';

export const withdrawRule: IssueRule<WithdrawEvent> = {
  check(state, event) {
    const byReporter = event.by?.role === 'reporter' && event.by.id === state.reporter.id;
    const byDispatcher = event.by?.role === 'dispatcher' && nonEmpty(event.by.id);
    if (!byReporter && !byDispatcher)
      reject('withdraw.reporter_or_dispatcher', 'only the reporter or the dispatcher withdraws an issue');
    if (state.status !== 'open' && state.status !== 'resolved')
      reject('withdraw.already_closed', `the issue is already ${state.status}`);
    if (!nonEmpty(event.reason)) reject('withdraw.reason_required', 'withdrawing an issue needs a reason');
  },
  apply(reduction, event) {
    const state = reduction.state;
    for (const task of Object.values(state.tasks)) {
      if (!isActiveTask(task)) continue;
      endTask(reduction, task, 'closed');
      reduction.notifyDepartment(task.department, 'staff', 'withdrawn', task.id, event.reason);
    }
    close(reduction, { outcome: 'withdrawn', at: event.at, by: event.by.id, reason: event.reason });
    reduction.record('issue_withdrawn', event.by, undefined, { reason: event.reason });
  },
};
