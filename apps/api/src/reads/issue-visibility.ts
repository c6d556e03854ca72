import { ACTIVE_TASK_STATUSES } from '@unblock/domain';
import { hasRole, isLeader, type AuthenticatedUser } from '../auth/authenticated-user';
import type { SqlParameters } from './sql-parameters';

/**
 * The rule of `canViewIssue` (auth/issue-access.ts) as an SQL condition on an `issues` row, so that lists are
 * filtered before paging, never after:
 *
 * - responsible leaders, the zone director, the party secretary and the dispatcher see every issue;
 * - whoever filed an issue sees it;
 * - department staff and heads see the issues their department has, or ever had, a task on (tasks are never
 *   deleted from the read model, so a transferred-away task still counts);
 * - anyone else sees nothing.
 *
 * A person holding several roles sees the union. `alias` is the `issues` alias in the query.
 */
export function issueVisibilitySql(user: AuthenticatedUser, parameters: SqlParameters, alias = 'i'): string {
  if (isLeader(user) || hasRole(user, 'dispatcher')) return 'TRUE';
  const conditions: string[] = [`${alias}.reporter_id = ${parameters.add(user.id)}`];
  if (hasRole(user, 'staff', 'department_head') && user.departmentId !== null) {
    conditions.push(
      `EXISTS (SELECT 1 FROM issue_tasks vis WHERE vis.issue_id = ${alias}.id AND vis.department_id = ${parameters.add(user.departmentId)})`,
    );
  }
  return `(${conditions.join(' OR ')})`;
}

/** The active task statuses as an SQL list, `('assigned', 'accepted')`: the text of the partial indices' predicates. */
const ACTIVE_STATUSES_SQL = `(${ACTIVE_TASK_STATUSES.map((status) => `'${status}'`).join(', ')})`;

/**
 * Whether one of an issue's tasks is overdue at `now`: an active task (assigned or accepted) whose handling
 * deadline has passed, or an assigned (not yet accepted) task whose acceptance deadline has passed. (An accepted
 * task's acceptance deadline no longer matters.) The statuses are written into the text (from the domain's list)
 * rather than passed as a parameter, so that the measured list query keeps its SQL.
 */
export function overdueTaskSql(taskAlias: string, now: string): string {
  return `(${taskAlias}.status IN ${ACTIVE_STATUSES_SQL} AND (${taskAlias}.handle_due < ${now} OR (${taskAlias}.status = 'assigned' AND ${taskAlias}.accept_due < ${now})))`;
}

/**
 * overdueTaskSql as a column: true or false, never null (a task whose deadline is not set yet, such as one just
 * handed over whose handling deadline starts at its acceptance, is not overdue).
 */
export function overdueTaskColumnSql(taskAlias: string, now: string): string {
  return `COALESCE(${overdueTaskSql(taskAlias, now)}, false)`;
}

/** Whether any of the issue's tasks is overdue at `now` (see overdueTaskSql). */
export function issueOverdueSql(alias: string, now: string): string {
  return `EXISTS (SELECT 1 FROM issue_tasks od WHERE od.issue_id = ${alias}.id AND ${overdueTaskSql('od', now)})`;
}
