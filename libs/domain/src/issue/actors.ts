/**
 * Who may send a message, and the checks shared by several rules. Pure: they read the state and refuse.
 */
import { isLeaderRole, LeaderRole } from '../escalation-ladder';
import { isDepartmentCode } from '../routing';
import { reject } from './reduction';
import type { Actor, IssueState, IssueTask } from './state';
import { activeTaskOf, leadTask } from './tasks';
import { isActiveTask } from '../vocabulary';

export function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

export function requireOpen(state: IssueState, what: string): void {
  if (state.status !== 'open')
    reject(`${what}.issue_not_open`, `the issue is ${state.status}; ${what} needs an open issue`);
}

/** The sender's department, for messages only department staff or heads may send. */
export function departmentOf(by: Actor | undefined, what: string): string {
  if (!by || !nonEmpty(by.id)) reject(`${what}.actor_required`, `${what} needs the person sending it`);
  if ((by.role !== 'staff' && by.role !== 'department_head') || !isDepartmentCode(by.department)) {
    reject(`${what}.department_staff_only`, `${what} is sent by a department's staff or head, naming the department`);
  }
  return by.department;
}

/**
 * For a department's message on an open issue: the sender's department and its active task on the issue, or the
 * refusal (`<what>.issue_not_open`, the sender's own checks, `<what>.no_task`).
 */
export function senderTask(
  state: IssueState,
  by: Actor | undefined,
  what: string,
): { department: string; task: IssueTask } {
  requireOpen(state, what);
  const department = departmentOf(by, what);
  const task = activeTaskOf(state, department);
  if (!task) reject(`${what}.no_task`, `${department} has no task on this issue`);
  return { department, task };
}

export function requireLeader(by: Actor | undefined, what: string): LeaderRole {
  if (!by || !nonEmpty(by.id) || !isLeaderRole(by.role)) {
    reject(
      `${what}.leader_only`,
      `${what} is for a leader (department head, responsible leader, zone director, party secretary)`,
    );
  }
  return by.role as LeaderRole;
}

/** The task a leader's message is about: the named one, else the lead task. */
export function targetTask(state: IssueState, taskId: string | undefined, what: string): IssueTask {
  const task = taskId === undefined ? leadTask(state) : state.tasks[taskId];
  if (!task) reject(`${what}.unknown_task`, `no task ${taskId} on this issue`);
  if (!isActiveTask(task)) reject(`${what}.task_not_active`, `task ${task.id} (${task.department}) is ${task.status}`);
  return task;
}

export function requireHeadOfOwnDepartment(by: Actor, task: IssueTask, what: string): void {
  if (by.role === 'department_head' && by.department !== task.department) {
    reject(
      `${what}.own_department_head_only`,
      `a department head acts only on their own department's task (${task.department})`,
    );
  }
}
