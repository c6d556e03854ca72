import { ISSUE_ACTIONS, type IssueAccessRule, type IssueActingRole, type IssueActionName } from '@unblock/contracts';
import type { Actor, ActorRole } from '@unblock/domain';
import { hasRole, isLeader, toActor, type AuthenticatedUser } from './authenticated-user';

/** What the check of who may see an issue needs to know of it. */
export interface IssueVisibilityFacts {
  reporterId: string;
  /** departments with an active task on the issue now */
  activeDepartments: string[];
  /** every department that ever had a task on it (for reading its history) */
  involvedDepartments: string[];
}

/** What access checks need to know of an issue. */
export interface IssueAccessFacts extends IssueVisibilityFacts {
  /**
   * The responsible leader (分管 / 包抓领导) on this issue's ladder: the active leader its project names
   * (`projects.responsible_leader_id`). Null when the project names none (or that leader is no longer active): every
   * responsible leader is then on the ladder, as every one is told of its escalations (libs/domain/src/notices.ts).
   */
  projectLeaderId: string | null;
}

/**
 * Who may see an issue: leaders and the dispatcher see everything; a department's staff and head see the
 * issues their department is or was involved in; whoever filed an issue sees it.
 */
export function canViewIssue(user: AuthenticatedUser, issue: IssueVisibilityFacts): boolean {
  if (isLeader(user) || hasRole(user, 'dispatcher')) return true;
  if (issue.reporterId === user.id) return true;
  if (
    hasRole(user, 'staff', 'department_head') &&
    user.departmentId !== null &&
    issue.involvedDepartments.includes(user.departmentId)
  )
    return true;
  return false;
}

/** How the API evaluates each access rule of the table of actions, and how the OpenAPI document says who it lets in. */
export const ACCESS_RULES: Record<
  IssueAccessRule,
  { who: string; allows: (user: AuthenticatedUser, issue: IssueAccessFacts) => boolean }
> = {
  active_task_department: {
    who: 'staff or head of a department with an active task on the issue',
    allows: (user, issue) => hasRole(user, 'staff', 'department_head') && inActiveDepartment(user, issue),
  },
  leader_or_task_head: {
    who: 'a responsible leader, the zone director or the party secretary; or the head of a department with an active task',
    allows: (user, issue) => isLeader(user) || (hasRole(user, 'department_head') && inActiveDepartment(user, issue)),
  },
  // An extension is decided on the issue's own ladder, not by any leader of the zone.
  ladder_leader_or_task_head: {
    who: "a leader on this issue's ladder: the responsible leader its project names (any responsible leader when it names none), the zone director or the party secretary; or the head of a department with an active task",
    allows: (user, issue) =>
      onIssueLadder(user, issue) || (hasRole(user, 'department_head') && inActiveDepartment(user, issue)),
  },
  zone_leader: {
    who: 'a responsible leader, the zone director or the party secretary',
    allows: (user) => isLeader(user),
  },
  // Whoever filed the issue confirms or rejects its resolution, and may withdraw it, as its reporter.
  reporter: { who: 'the reporter who filed the issue', allows: (user, issue) => issue.reporterId === user.id },
  reporter_or_dispatcher: {
    who: 'the reporter who filed it, or the dispatcher',
    allows: (user, issue) => issue.reporterId === user.id || hasRole(user, 'dispatcher'),
  },
  dispatcher: { who: 'the dispatcher', allows: (user) => hasRole(user, 'dispatcher') },
};

function inActiveDepartment(user: AuthenticatedUser, issue: IssueAccessFacts): boolean {
  return user.departmentId !== null && issue.activeDepartments.includes(user.departmentId);
}

/**
 * Whether the user is one of the leaders this issue's escalations climb to: the zone director, the party secretary,
 * and the responsible leader of its project (every responsible leader when the project names none).
 */
function onIssueLadder(user: AuthenticatedUser, issue: IssueAccessFacts): boolean {
  if (hasRole(user, 'zone_director', 'party_secretary')) return true;
  return hasRole(user, 'responsible_leader') && (issue.projectLeaderId === null || issue.projectLeaderId === user.id);
}

/**
 * Whether the user is entitled to take this action on this issue at all (403 when not), by the access rule of the
 * action's row. Finer rules — the ladder level that may grant an extension, the A→B→A transfer, the verification
 * window — are the workflow's, and a refusal there is a 409 naming the rule.
 */
export function mayAct(user: AuthenticatedUser, action: IssueActionName, issue: IssueAccessFacts): boolean {
  return ACCESS_RULES[ISSUE_ACTIONS[action].access.rule].allows(user, issue);
}

/** Who may take the action, in words (for a 403's detail and the OpenAPI text). */
export function whoMay(action: IssueActionName): string {
  return ACCESS_RULES[ISSUE_ACTIONS[action].access.rule].who;
}

/**
 * The user as the workflow sees them for this action (`by`), in the role the action's row says they act in: the
 * person who filed the issue verifies it and withdraws it as its reporter, whatever else they are; a head of the
 * owning department who is also staff acts as staff.
 */
export function actorFor(
  user: AuthenticatedUser,
  action: IssueActionName,
  issue: Pick<IssueAccessFacts, 'reporterId'>,
): Actor {
  const actingAs = ISSUE_ACTIONS[action].access.actingAs;
  const asReporter =
    actingAs === 'reporter' || (actingAs === 'reporter_if_filer_else_dispatcher' && issue.reporterId === user.id);
  if (asReporter) return { ...toActor(user), role: 'reporter' };
  return toActor(user, PREFERRED_ROLE[actingAs](user));
}

const PREFERRED_ROLE: Record<
  Exclude<IssueActingRole, 'reporter'>,
  (user: AuthenticatedUser) => ActorRole | undefined
> = {
  department: (user) => (hasRole(user, 'staff') ? 'staff' : 'department_head'),
  reporter_if_filer_else_dispatcher: () => 'dispatcher',
  dispatcher: () => 'dispatcher',
  highest: () => undefined,
};
