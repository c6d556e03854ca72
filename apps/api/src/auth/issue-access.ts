import type { ActorRole } from '../../../../libs/domain/src';
import { hasRole, isLeader, type AuthenticatedUser } from './authenticated-user';

/** What access checks need to know of an issue. */
export interface IssueAccessFacts {
  reporterId: string;
  /** departments with an active task on the issue now */
  activeDepartments: string[];
  /** every department that ever had a task on it (for reading its history) */
  involvedDepartments: string[];
}

export type IssueAction =
  | 'accept'
  | 'progress'
  | 'transfer'
  | 'assist'
  | 'requestExtension'
  | 'acknowledge'
  | 'resolve'
  | 'grantExtension'
  | 'refuseExtension'
  | 'instruct'
  | 'extendStatutoryTerm'
  | 'verify'
  | 'withdraw'
  | 'route';

/**
 * Who may see an issue: leaders and the dispatcher see everything; a department's staff and head see the
 * issues their department is or was involved in; whoever filed an issue sees it.
 */
export function canViewIssue(user: AuthenticatedUser, issue: IssueAccessFacts): boolean {
  if (isLeader(user) || hasRole(user, 'dispatcher')) return true;
  if (issue.reporterId === user.id) return true;
  if (hasRole(user, 'staff', 'department_head') && user.departmentId !== null && issue.involvedDepartments.includes(user.departmentId)) return true;
  return false;
}

const DEPARTMENT_ACTIONS: IssueAction[] = ['accept', 'progress', 'transfer', 'assist', 'requestExtension', 'acknowledge', 'resolve'];
const LEADER_ACTIONS: IssueAction[] = ['grantExtension', 'refuseExtension', 'instruct', 'extendStatutoryTerm'];

/**
 * Whether the user is entitled to take this action on this issue at all (403 when not). Finer rules — the
 * ladder level that may grant an extension, the A→B→A transfer, the verification window — are the
 * workflow's, and a refusal there is a 409 naming the rule.
 */
export function mayAct(user: AuthenticatedUser, action: IssueAction, issue: IssueAccessFacts): boolean {
  const inOwnDepartment = user.departmentId !== null && issue.activeDepartments.includes(user.departmentId);
  if (DEPARTMENT_ACTIONS.includes(action)) return hasRole(user, 'staff', 'department_head') && inOwnDepartment;
  if (LEADER_ACTIONS.includes(action)) return isLeader(user) || (hasRole(user, 'department_head') && inOwnDepartment && action !== 'extendStatutoryTerm');
  // Whoever filed the issue confirms or rejects its resolution, and may withdraw it, as its reporter.
  if (action === 'verify') return issue.reporterId === user.id;
  if (action === 'withdraw') return issue.reporterId === user.id || hasRole(user, 'dispatcher');
  if (action === 'route') return hasRole(user, 'dispatcher');
  return false;
}

/** The role a user acts in for an action (a head of the owning department acts as department head). */
export function actingRoleFor(user: AuthenticatedUser, action: IssueAction): ActorRole | undefined {
  if (action === 'verify') return 'reporter';
  if (action === 'route') return 'dispatcher';
  if (action === 'withdraw') return hasRole(user, 'reporter') ? 'reporter' : 'dispatcher';
  if (DEPARTMENT_ACTIONS.includes(action)) return hasRole(user, 'staff') ? 'staff' : 'department_head';
  return undefined;
}
