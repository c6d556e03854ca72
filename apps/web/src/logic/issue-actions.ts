// Which actions the signed-in person may take on an issue now, and on which task or instruction: the console offers
// exactly these and no others. It mirrors the API's two gates: who may take an action at all (the access rules of the
// table of actions, apps/api/src/auth/issue-access.ts; a 403 otherwise) and the workflow's rules that depend on the
// issue's state and the person's role (the `check` of each rule in libs/domain/src/issue, run by the update
// validators; a 409 otherwise). What depends only on what the person types (a reason left empty, a deadline in the
// past) is left to the forms and to the API. Pure: no DOM, no React.
import type {
  ActorRole,
  EpochMs,
  IssueDetail,
  IssueStatus,
  LeaderRole,
  LiveState,
  TaskStatus,
  User,
} from '../api/types';
import { LEADER_ROLES } from '../api/types';

export type ActionName =
  | 'accept'
  | 'progress'
  | 'transfer'
  | 'assist'
  | 'requestExtension'
  | 'grantExtension'
  | 'refuseExtension'
  | 'instruct'
  | 'acknowledge'
  | 'resolve'
  | 'verify'
  | 'withdraw'
  | 'route'
  | 'extendStatutoryTerm';

/** Each action's URL: POST /api/v1/issues/{id}/<segment> (the table of actions in libs/contracts). */
export const ACTION_SEGMENTS: Record<ActionName, string> = {
  accept: 'accept',
  progress: 'progress',
  transfer: 'transfer',
  assist: 'assist',
  requestExtension: 'extend',
  grantExtension: 'grant-extension',
  refuseExtension: 'refuse-extension',
  instruct: 'instruct',
  acknowledge: 'acknowledge',
  resolve: 'resolve',
  verify: 'verify',
  withdraw: 'withdraw',
  route: 'route',
  extendStatutoryTerm: 'statutory-extension',
};

/** The order actions are shown in. */
export const ACTION_ORDER: readonly ActionName[] = [
  'accept',
  'acknowledge',
  'progress',
  'resolve',
  'requestExtension',
  'assist',
  'transfer',
  'grantExtension',
  'refuseExtension',
  'instruct',
  'extendStatutoryTerm',
  'route',
  'verify',
  'withdraw',
];

/** The person, as the access rules see them. */
export type Viewer = Pick<User, 'id' | 'roles' | 'departmentId'>;

/** One task, as the rules need it. */
export interface TaskFacts {
  id: string;
  department: string;
  role: 'lead' | 'supporting';
  status: TaskStatus;
  /** the current handling deadline; absent until the handling clock starts */
  handleDue?: EpochMs;
  /** the level reached on the ladder (0 = not escalated) */
  ladderLevel: number;
  /** a request for more time waiting for a leader */
  extensionRequest?: { until: EpochMs; reason: string; requestedAt?: EpochMs };
}

/** What the rules need to know of an issue. */
export interface IssueFacts {
  status: IssueStatus;
  reporterId: string;
  leadTaskId: string;
  tasks: TaskFacts[];
  /**
   * The responsible leader the issue's project names; null when it names none (every responsible leader is then on the
   * ladder); undefined when not known (the API then decides).
   */
  projectLeaderId: string | null | undefined;
  /** the roles of the policy's ladder, first level first; undefined when not known (the API then decides) */
  ladder?: LeaderRole[];
  /** the dispatcher's department code */
  dispatcher: string;
  /** a transfer waiting for the dispatcher's decision */
  awaitingDispatcher: boolean;
  /** the owner was named by the dispatcher (final) */
  leadNamedByDispatcher: boolean;
  /** the dispatcher's decision binds the dispatcher too (every issue opened since the rule) */
  finalRouting: boolean;
  instructions: Array<{ id: string; taskId: string; acknowledged: boolean }>;
  /** the end of the reporter's verification window, while resolved */
  verificationDue?: EpochMs;
  /** a petition's statutory clock */
  petition?: { concludeDue?: EpochMs; concluded: boolean; extensionsUsed: number; maxExtensions: number };
}

/** An action the person may take now, with what it is about. */
export interface OfferedAction {
  action: ActionName;
  /** the task it is about (an extension's, an instruction's target) */
  taskId?: string;
  /** the instruction acknowledged */
  instructionId?: string;
}

const ACTIVE: readonly TaskStatus[] = ['assigned', 'accepted'];
const LEADERS: readonly ActorRole[] = ['responsible_leader', 'zone_director', 'party_secretary'];
/** The order a person's roles are taken in when they act in their highest role (apps/api authenticated-user.ts). */
const ACTING_ORDER: readonly ActorRole[] = [
  'party_secretary',
  'zone_director',
  'responsible_leader',
  'dispatcher',
  'department_head',
  'staff',
  'reporter',
  'administrator',
];

export function isActiveTask(task: { status: TaskStatus }): boolean {
  return ACTIVE.includes(task.status);
}

function hasRole(user: Viewer, ...roles: ActorRole[]): boolean {
  return user.roles.some((role) => roles.includes(role));
}

export function isZoneLeader(user: Viewer): boolean {
  return hasRole(user, ...LEADERS);
}

/** The role a person acts in: `preferred` when they hold it, else the highest they hold. */
function actingRole(user: Viewer, preferred?: ActorRole): ActorRole | undefined {
  if (preferred && user.roles.includes(preferred)) return preferred;
  return ACTING_ORDER.find((role) => user.roles.includes(role)) ?? user.roles[0];
}

/** As a department (staff when they are staff, else department head). */
function departmentRole(user: Viewer): ActorRole | undefined {
  return actingRole(user, hasRole(user, 'staff') ? 'staff' : 'department_head');
}

function leaderRank(role: ActorRole | undefined): number {
  return role ? (LEADER_ROLES as readonly string[]).indexOf(role) + 1 : 0;
}

/** The leader role of the level a task has reached; the first rung while not escalated. */
function currentLevelRole(level: number, ladder: readonly LeaderRole[]): LeaderRole | undefined {
  return ladder[Math.max(level, 1) - 1];
}

/** Whether the person is one of the leaders this issue's escalations climb to (not counting department heads). */
function onIssueLadder(user: Viewer, issue: IssueFacts): boolean {
  if (hasRole(user, 'zone_director', 'party_secretary')) return true;
  if (!hasRole(user, 'responsible_leader')) return false;
  return issue.projectLeaderId === undefined || issue.projectLeaderId === null || issue.projectLeaderId === user.id;
}

/** The active task of the person's department on the issue, when they act for a department with one. */
function ownActiveTask(user: Viewer, issue: IssueFacts): TaskFacts | undefined {
  if (!hasRole(user, 'staff', 'department_head') || user.departmentId === null) return undefined;
  return issue.tasks.find((task) => task.department === user.departmentId && isActiveTask(task));
}

/**
 * The actions the person may take on the issue now, in the order they are shown. `now` is needed for what the
 * workflow judges against the clock it is given (the verification window, a petition's legal term).
 */
export function availableActions(user: Viewer, issue: IssueFacts, now: EpochMs): OfferedAction[] {
  // a closed or withdrawn issue takes no more actions (409 issue.closed)
  if (issue.status !== 'open' && issue.status !== 'resolved') return [];
  const offered: OfferedAction[] = [];
  const open = issue.status === 'open';
  const lead = issue.tasks.find((task) => task.id === issue.leadTaskId);

  // the department's own actions: staff or head of a department with an active task, acting for it
  const own = ownActiveTask(user, issue);
  const asDepartment = departmentRole(user);
  if (open && own && (asDepartment === 'staff' || asDepartment === 'department_head')) {
    if (own.status === 'assigned') offered.push({ action: 'accept' });
    for (const instruction of issue.instructions) {
      const target = issue.tasks.find((task) => task.id === instruction.taskId);
      if (!instruction.acknowledged && target?.department === own.department)
        offered.push({ action: 'acknowledge', instructionId: instruction.id, taskId: instruction.taskId });
    }
    offered.push({ action: 'progress' });
    const unacknowledged = issue.instructions.some((i) => i.taskId === own.id && !i.acknowledged);
    const dispatcherLead = own.role === 'lead' && own.department === issue.dispatcher;
    if (own.status === 'accepted' && !unacknowledged && !dispatcherLead) offered.push({ action: 'resolve' });
    if (own.handleDue !== undefined && !own.extensionRequest) offered.push({ action: 'requestExtension' });
    if (lead && lead.department === own.department) {
      offered.push({ action: 'assist' });
      if (!issue.awaitingDispatcher && !issue.leadNamedByDispatcher) offered.push({ action: 'transfer' });
    }
  }

  // the ladder's decisions: extensions (the issue's own ladder) and instructions (any leader), in the highest role
  const highest = actingRole(user);
  const isHead = hasRole(user, 'department_head');
  const headOfActive = isHead && ownActiveTask(user, issue) !== undefined;
  const asLeader = (LEADER_ROLES as readonly string[]).includes(highest ?? '') ? (highest as LeaderRole) : undefined;
  // a department head acts only on their own department's task
  const mayTouch = (task: TaskFacts) => asLeader !== 'department_head' || task.department === user.departmentId;
  if (open && asLeader && (onIssueLadder(user, issue) || headOfActive)) {
    for (const task of issue.tasks) {
      if (!isActiveTask(task) || !task.extensionRequest || task.handleDue === undefined || !mayTouch(task)) continue;
      const needed = issue.ladder ? currentLevelRole(task.ladderLevel, issue.ladder) : undefined;
      if (issue.ladder && leaderRank(asLeader) < leaderRank(needed)) continue;
      offered.push({ action: 'grantExtension', taskId: task.id }, { action: 'refuseExtension', taskId: task.id });
    }
  }
  if (open && asLeader && (isZoneLeader(user) || headOfActive)) {
    for (const task of issue.tasks)
      if (isActiveTask(task) && mayTouch(task)) offered.push({ action: 'instruct', taskId: task.id });
  }

  // a petition's legal term, extended once by a zone leader
  const petition = issue.petition;
  if (
    isZoneLeader(user) &&
    leaderRank(highest) >= leaderRank('responsible_leader') &&
    petition &&
    petition.concludeDue !== undefined &&
    !petition.concluded &&
    now < petition.concludeDue &&
    petition.extensionsUsed < petition.maxExtensions
  )
    offered.push({ action: 'extendStatutoryTerm' });

  // the dispatcher's decision (final, unless a new dispute waits for it)
  if (open && hasRole(user, 'dispatcher')) {
    const decided = issue.finalRouting && issue.leadNamedByDispatcher && !issue.awaitingDispatcher;
    if (!decided) offered.push({ action: 'route' });
  }

  // the reporter's answer to the resolution, within its window
  const filer = issue.reporterId === user.id;
  if (filer && issue.status === 'resolved' && (issue.verificationDue === undefined || now <= issue.verificationDue))
    offered.push({ action: 'verify' });
  if (filer || hasRole(user, 'dispatcher')) offered.push({ action: 'withdraw' });

  const rank = (action: ActionName) => ACTION_ORDER.indexOf(action);
  return offered.sort((a, b) => rank(a.action) - rank(b.action));
}

/** Whether an action is among those offered (for any task). */
export function offers(actions: readonly OfferedAction[], action: ActionName): boolean {
  return actions.some((offered) => offered.action === action);
}

/** The issue's facts from the running workflow's own state (`live.state`): the truth the validators check against. */
export function issueFactsFromLive(state: LiveState, projectLeaderId: string | null | undefined): IssueFacts {
  const resolution = state.resolutions[state.resolutions.length - 1];
  const conclude = state.petition?.conclude;
  return {
    status: state.status,
    reporterId: state.reporter.id,
    leadTaskId: state.leadTaskId,
    tasks: Object.values(state.tasks).map((task) => ({
      id: task.id,
      department: task.department,
      role: task.role,
      status: task.status,
      ...(task.handle ? { handleDue: task.handle.due } : {}),
      ladderLevel: task.ladder.level,
      ...(task.extensionRequest
        ? {
            extensionRequest: {
              until: task.extensionRequest.until,
              reason: task.extensionRequest.reason,
              requestedAt: task.extensionRequest.requestedAt,
            },
          }
        : {}),
    })),
    projectLeaderId,
    ladder: state.policy.policy.ladder.map((level) => level.role),
    dispatcher: state.policy.dispatcher,
    awaitingDispatcher: state.dispatchRequest !== undefined,
    leadNamedByDispatcher: state.leadNamedByDispatcher === true,
    finalRouting: state.finalRouting === true,
    instructions: state.instructions.map((i) => ({
      id: i.id,
      taskId: i.taskId,
      acknowledged: i.acknowledgedAt !== undefined,
    })),
    ...(state.status === 'resolved' && resolution ? { verificationDue: resolution.verificationDue } : {}),
    ...(state.petition
      ? {
          petition: {
            ...(conclude ? { concludeDue: conclude.due } : {}),
            concluded: conclude?.concludedAt !== undefined,
            extensionsUsed: state.petition.extensionsUsed,
            maxExtensions: state.policy.petitionStatute?.maxExtensions ?? 1,
          },
        }
      : {}),
  };
}

const ms = (iso: string | null | undefined): EpochMs | undefined => (iso ? Date.parse(iso) : undefined);
const num = (value: unknown): EpochMs | undefined => (typeof value === 'number' ? value : undefined);

/**
 * The issue's facts from what the API read (the read model and its event log), used when the workflow could not be
 * asked (`live` null): the pending extension requests and disputes come from the event log; the ladder's roles are
 * not known then, and the API decides the level.
 */
export function issueFactsFromRecord(detail: IssueDetail, projectLeaderId: string | null | undefined): IssueFacts {
  const timeline = detail.timeline;
  const lastOf = (names: string[], taskId?: string) =>
    [...timeline].reverse().find((e) => names.includes(e.name) && (taskId === undefined || e.taskId === taskId));
  const leadTasks = detail.tasks.filter((t) => t.role === 'lead');
  const lead = leadTasks.find(isActiveTask) ?? leadTasks[leadTasks.length - 1];
  const dispute = lastOf(['transfer_sent_to_dispatcher', 'dispatcher_decided']);
  const resolved = lastOf(['issue_resolved']);
  const conclude = detail.petition?.conclude;
  return {
    status: detail.status,
    reporterId: detail.reporter.id,
    leadTaskId: lead?.taskId ?? '',
    tasks: detail.tasks.map((task) => {
      const request = lastOf(['extension_requested', 'extension_granted', 'extension_refused'], task.taskId);
      const handleDue = ms(task.handleDue);
      const until = num(request?.data?.until);
      return {
        id: task.taskId,
        department: task.department.id,
        role: task.role,
        status: task.status,
        ...(handleDue !== undefined ? { handleDue } : {}),
        ladderLevel: task.escalationLevel,
        ...(request?.name === 'extension_requested' && until !== undefined
          ? {
              extensionRequest: {
                until,
                reason: String(request.data?.reason ?? ''),
                requestedAt: Date.parse(request.at),
              },
            }
          : {}),
      };
    }),
    projectLeaderId,
    dispatcher: 'dispatch',
    awaitingDispatcher: dispute?.name === 'transfer_sent_to_dispatcher',
    leadNamedByDispatcher: timeline.some((e) => e.name === 'dispatcher_decided'),
    finalRouting: true,
    instructions: detail.instructions.map((i) => ({ id: i.id, taskId: i.taskId, acknowledged: !!i.acknowledgedAt })),
    ...(detail.status === 'resolved' && num(resolved?.data?.verificationDue) !== undefined
      ? { verificationDue: num(resolved?.data?.verificationDue) }
      : {}),
    ...(detail.petition
      ? {
          petition: {
            ...(conclude ? { concludeDue: Date.parse(conclude.due) } : {}),
            concluded: !!conclude?.concludedAt,
            extensionsUsed: detail.petition.extensionsUsed,
            maxExtensions: 1,
          },
        }
      : {}),
  };
}

/** The issue's facts: from the live workflow when it answered, else from the record. */
export function issueFacts(detail: IssueDetail, projectLeaderId: string | null | undefined): IssueFacts {
  return detail.live?.state
    ? issueFactsFromLive(detail.live.state, projectLeaderId)
    : issueFactsFromRecord(detail, projectLeaderId);
}

/** The departments that may be asked to assist: not the dispatcher, and none with an active task on the issue. */
export function assistCandidates(issue: IssueFacts, departments: readonly string[]): string[] {
  const involved = new Set(issue.tasks.filter(isActiveTask).map((t) => t.department));
  return departments.filter((code) => code !== issue.dispatcher && !involved.has(code));
}

/** The departments an issue may be transferred to: any but its owner (the dispatcher means 退单, returning it). */
export function transferCandidates(issue: IssueFacts, departments: readonly string[]): string[] {
  const owner = issue.tasks.find((t) => t.id === issue.leadTaskId)?.department;
  return departments.filter((code) => code !== owner);
}

/** Which inbox a person lands on first, by their roles (an administrator: the notice channels, 通知渠道). */
export type HomePage = 'tasks' | 'leader' | 'dispatch' | 'reporter' | 'admin/channels';
export function homePageOf(user: Pick<User, 'roles'>): HomePage {
  const roles = user.roles;
  if (roles.some((r) => LEADERS.includes(r))) return 'leader';
  if (roles.includes('dispatcher')) return 'dispatch';
  if (roles.includes('staff') || roles.includes('department_head')) return 'tasks';
  if (roles.includes('administrator')) return 'admin/channels';
  return 'reporter';
}
