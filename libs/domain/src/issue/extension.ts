/**
 * Extension of time (延期): the department with a task asks, with a reason, for a later handling deadline, one
 * request at a time; only a leader at the task's current escalation level or above decides (a department head
 * only for their own department). A grant moves the deadline (the original is kept beside it) and ends a
 * handling stall; a refusal needs a reason. Who may grant at which level: ../escalation-ladder.
 */
import { currentLevelRole, LeaderRole, mayGrantExtension } from '../escalation-ladder';
import { nonEmpty, requireHeadOfOwnDepartment, requireLeader, requireOpen, senderTask, targetTask } from './actors';
import type { GrantExtensionEvent, RefuseExtensionEvent, RequestExtensionEvent } from './events';
import { IssueRule, reject, requireClocks } from './reduction';
import type { Actor, IssueState, IssueTask } from './state';
import { customReminders, moveHandleDeadline } from './tasks';

export const requestExtensionRule: IssueRule<RequestExtensionEvent, string> = {
  check(state, event) {
    const { task } = senderTask(state, event.by, 'extension');
    if (!nonEmpty(event.reason)) reject('extension.reason_required', 'asking for more time needs a reason');
    if (!task.handle)
      reject('extension.no_handling_deadline', 'the handling clock has not started (accept the task first)');
    if (!(event.until > task.handle.due))
      reject('extension.must_be_later', 'an extension asks for a deadline later than the current one');
    if (task.extensionRequest)
      reject('extension.already_pending', 'an earlier request for more time is still waiting for a leader');
    return task.id;
  },
  apply(reduction, event, taskId) {
    const state = reduction.state;
    const task = state.tasks[taskId];
    task.extensionRequest = { requestedAt: event.at, by: event.by.id, reason: event.reason, until: event.until };
    const role = currentLevelRole(task.ladder, state.policy.policy.ladder);
    reduction.notify(
      { kind: 'leader', role, department: task.department },
      'extension_requested',
      task.id,
      event.reason,
    );
    reduction.record('extension_requested', event.by, task.id, {
      reason: event.reason,
      until: event.until,
      currentDue: task.handle!.due,
    });
  },
};

export const grantExtensionRule: IssueRule<GrantExtensionEvent, string> = {
  check(state, event) {
    requireOpen(state, 'extension');
    const task = targetTask(state, event.taskId, 'extension');
    requireGrantingLeader(state, event.by, task, 'extension');
    if (!task.extensionRequest) reject('extension.no_request', `${task.department} has not asked for more time`);
    const handle = task.handle;
    if (!handle) reject('extension.no_handling_deadline', 'the handling clock has not started');
    if (!(event.until > handle.due) || !(event.until > event.at)) {
      reject('extension.must_be_later', 'the granted deadline must be later than the current one and in the future');
    }
    return task.id;
  },
  /** the granted deadline gets the policy's reminders, computed for it */
  clocks(_state, event) {
    return { customDue: event.until };
  },
  apply(reduction, event, taskId) {
    const task = reduction.state.tasks[taskId];
    const request = task.extensionRequest!;
    const handle = task.handle!;
    const clocks = requireClocks(event, 'grant_extension');
    moveHandleDeadline(reduction, task, event.until, customReminders(clocks, event.until), 'extension', event.by.id);
    delete task.extensionRequest;
    reduction.notifyDepartment(task.department, 'staff', 'extension_granted', task.id);
    reduction.record('extension_granted', event.by, task.id, {
      until: event.until,
      original: handle.original,
      requested: request.until,
    });
  },
};

export const refuseExtensionRule: IssueRule<RefuseExtensionEvent, string> = {
  check(state, event) {
    requireOpen(state, 'extension');
    const task = targetTask(state, event.taskId, 'extension');
    requireGrantingLeader(state, event.by, task, 'extension');
    if (!task.extensionRequest) reject('extension.no_request', `${task.department} has not asked for more time`);
    if (!nonEmpty(event.reason)) reject('extension.reason_required', 'refusing more time needs a reason');
    return task.id;
  },
  apply(reduction, event, taskId) {
    const task = reduction.state.tasks[taskId];
    delete task.extensionRequest;
    reduction.notifyDepartment(task.department, 'staff', 'extension_refused', task.id, event.reason);
    reduction.record('extension_refused', event.by, task.id, { reason: event.reason });
  },
};

function requireGrantingLeader(state: IssueState, by: Actor, task: IssueTask, what: string): LeaderRole {
  const role = requireLeader(by, what);
  if (!mayGrantExtension(role, task.ladder, state.policy.policy.ladder)) {
    const needed = currentLevelRole(task.ladder, state.policy.policy.ladder);
    reject(
      `${what}.level_too_low`,
      `only a leader at the current level (${needed}) or above may decide; ${role} is below it`,
    );
  }
  requireHeadOfOwnDepartment(by, task, what);
  return role;
}
