/**
 * Who is told (通知对象): which people each notice of a batch reaches, and with which topic and text.
 *
 * The reducer names recipients by what they are (a department's staff or head, the leader in a role for a
 * department, the dispatcher, the reporter, a person); these rules turn them into people:
 *
 * - a department's staff, or its head; the dispatch department's people are dispatchers, so a notice to its staff
 *   or head with no one in that role reaches its dispatchers;
 * - a leader at a level of the ladder: a department head is the head of the stalled task's department (for the
 *   dispatch department, as above); a responsible leader is the project's own leader (包抓领导), or, when the
 *   project names no active one, every responsible leader; the zone director and the party secretary are
 *   whoever holds that role;
 * - the dispatcher: the dispatchers of the named department, or, without any, every dispatcher;
 * - the reporter, or a named person: that person, while active.
 *
 * Every escalation step is a notice too (topic `escalated`, to the leader it reaches; the reducer sends no
 * separate one), and its escalation row records the same people. A notice no one could be found for is kept
 * once, addressed to the department and role it was meant for, so nothing is lost.
 *
 * Pure: the directory is a snapshot the caller loads first (`directoryQuestions` says what it must hold).
 */
import type { LeaderRole } from './escalation-ladder';
import type { ActorRole, IssueCommand, NotificationTopic, Recipient } from './issue';

/** The topic of an inbox entry: the workflow's notice topics, and `escalated` for the leaders a step reaches. */
export type InboxTopic = NotificationTopic | 'escalated';

/** An active person of the directory, as far as these rules need them. */
export interface DirectoryPerson {
  id: string;
  roles: readonly ActorRole[];
  department: string | null;
}

/** What the directory holds for one batch (see `directoryQuestions`): active people only. */
export interface DirectorySnapshot {
  /** the dispatch department's code (the policy's dispatcher) */
  dispatchDepartment: string;
  /** the active responsible leader the issue's project names, if any */
  projectLeader?: string;
  /** at least the people `directoryQuestions` asks for, in the order notices list them (by id) */
  people: readonly DirectoryPerson[];
}

/** The people a batch's notices may reach: active people of these departments, holding these roles, or with these ids. */
export interface DirectoryQuestions {
  departments: string[];
  roles: ActorRole[];
  personIds: string[];
  /** whether the project's responsible leader is needed */
  projectLeader: boolean;
}

/** One inbox entry to write. */
export interface InboxNotice {
  /** the command's index in the batch */
  commandIndex: number;
  /** null when no one could be found: the entry is kept once, for `department` and `role` */
  personId: string | null;
  /** the department the notice is about (a department's inbox, or the department a leader is told about) */
  department: string | null;
  /** the role the notice is addressed to; null for a notice to one named person */
  role: ActorRole | null;
  /** the recipient as the workflow named it */
  recipient: Recipient;
  topic: InboxTopic;
  taskId?: string;
  detail?: string;
}

/** The people an escalation step reached (for its escalation row). */
export interface EscalationReach {
  commandIndex: number;
  recipientIds: string[];
}

export interface WhoIsTold {
  notices: InboxNotice[];
  escalations: EscalationReach[];
}

/** A batch's notices, before they are turned into people: the workflow's own, and one per escalation step. */
interface Notice {
  commandIndex: number;
  to: Recipient;
  topic: InboxTopic;
  taskId?: string;
  detail?: string;
}

type EscalatedCommand = Extract<IssueCommand, { type: 'escalated' }>;

/** The leader an escalation step reaches. */
function escalationRecipient(command: EscalatedCommand): Recipient {
  return { kind: 'leader', role: command.role, department: command.department };
}

/** The text of an escalation's notice, e.g. `land_office: accept deadline missed, level 2 (responsible_leader)`. */
export function escalationDetail(command: EscalatedCommand): string {
  const step =
    command.kind === 'repeated'
      ? `repeated notice ${command.repeat} at level ${command.level}`
      : `level ${command.level}`;
  return `${command.department}: ${command.cause} deadline missed, ${step} (${command.role})`;
}

function noticesOf(commands: readonly IssueCommand[]): Notice[] {
  return commands.flatMap((command, commandIndex): Notice[] => {
    if (command.type === 'notify')
      return [{ commandIndex, to: command.to, topic: command.topic, taskId: command.taskId, detail: command.detail }];
    if (command.type === 'escalated')
      return [
        {
          commandIndex,
          to: escalationRecipient(command),
          topic: 'escalated',
          taskId: command.taskId,
          detail: escalationDetail(command),
        },
      ];
    return [];
  });
}

/** The department and role a notice is addressed to, as kept on its inbox entries. */
export function audienceOf(to: Recipient): { department: string | null; role: ActorRole | null } {
  switch (to.kind) {
    case 'department':
      return { department: to.department, role: departmentRole(to.audience) };
    case 'leader':
      return { department: to.department, role: to.role };
    case 'dispatcher':
      return { department: to.department, role: 'dispatcher' };
    case 'reporter':
      return { department: null, role: 'reporter' };
    case 'person':
      return { department: null, role: null };
  }
}

function departmentRole(audience: 'staff' | 'head'): ActorRole {
  return audience === 'head' ? 'department_head' : 'staff';
}

/** What the directory must hold for `whoIsTold` to decide a batch; nothing when the batch tells no one. */
export function directoryQuestions(commands: readonly IssueCommand[]): DirectoryQuestions {
  const departments = new Set<string>();
  const roles = new Set<ActorRole>();
  const personIds = new Set<string>();
  let projectLeader = false;
  for (const { to } of noticesOf(commands)) {
    switch (to.kind) {
      case 'department':
        departments.add(to.department);
        break;
      case 'leader':
        if (to.role === 'department_head') departments.add(to.department);
        else roles.add(to.role);
        if (to.role === 'responsible_leader') projectLeader = true;
        break;
      case 'dispatcher':
        departments.add(to.department);
        roles.add('dispatcher');
        break;
      case 'reporter':
      case 'person':
        personIds.add(to.id);
        break;
    }
  }
  return { departments: [...departments], roles: [...roles], personIds: [...personIds], projectLeader };
}

/** The active people a recipient means, in the directory's order. */
export function peopleFor(to: Recipient, directory: DirectorySnapshot): string[] {
  const ids = (people: DirectoryPerson[]) => people.map((person) => person.id);
  const inDepartment = (department: string, role: ActorRole) =>
    ids(directory.people.filter((p) => p.department === department && p.roles.includes(role)));
  const withRole = (role: ActorRole) => ids(directory.people.filter((p) => p.roles.includes(role)));
  const departmentPeople = (department: string, audience: 'staff' | 'head') => {
    const found = inDepartment(department, departmentRole(audience));
    // an issue no rule routes is a task of the dispatch department, whose people are dispatchers
    return found.length === 0 && department === directory.dispatchDepartment
      ? inDepartment(department, 'dispatcher')
      : found;
  };
  const leaders = (role: LeaderRole, department: string) => {
    switch (role) {
      case 'department_head':
        return department === directory.dispatchDepartment
          ? departmentPeople(department, 'head')
          : inDepartment(department, 'department_head');
      case 'responsible_leader':
        // the project's own leader (包抓领导); without one, every responsible leader
        return directory.projectLeader !== undefined ? [directory.projectLeader] : withRole('responsible_leader');
      default:
        return withRole(role);
    }
  };
  switch (to.kind) {
    case 'department':
      return departmentPeople(to.department, to.audience);
    case 'leader':
      return leaders(to.role, to.department);
    case 'dispatcher': {
      const own = inDepartment(to.department, 'dispatcher');
      return own.length > 0 ? own : withRole('dispatcher');
    }
    case 'reporter':
    case 'person':
      return ids(directory.people.filter((p) => p.id === to.id));
  }
}

/**
 * Who is told what for one batch: an inbox entry per person each notice reaches (or one for its department and
 * role when it reaches no one), and the people each escalation step reached.
 */
export function whoIsTold(commands: readonly IssueCommand[], directory: DirectorySnapshot): WhoIsTold {
  const notices = noticesOf(commands).flatMap(({ commandIndex, to, topic, taskId, detail }): InboxNotice[] => {
    const people = peopleFor(to, directory);
    const audience = audienceOf(to);
    return (people.length > 0 ? people : [null]).map((personId) => ({
      commandIndex,
      personId,
      ...audience,
      recipient: to,
      topic,
      ...(taskId !== undefined ? { taskId } : {}),
      ...(detail !== undefined ? { detail } : {}),
    }));
  });
  const escalations = commands.flatMap((command, commandIndex): EscalationReach[] =>
    command.type === 'escalated'
      ? [{ commandIndex, recipientIds: peopleFor(escalationRecipient(command), directory) }]
      : [],
  );
  return { notices, escalations };
}
