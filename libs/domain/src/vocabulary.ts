/**
 * The closed lists of the domain's words that other layers store and check: the roles people hold and the
 * statuses of an issue and of a task, and the like. Each list is the runtime form of the domain's type and compiles only while it names every
 * value of that type and nothing else, so the type and the list cannot drift. Persistence derives its column
 * types and CHECK constraints from these lists, the API its enums, and SQL takes them as parameters.
 */
import { LEADER_ROLES, type LadderStep, type StallCause } from './escalation-ladder';
import type { ActorRole, IssueClosure, IssueStatus, TaskRole, TaskStatus } from './issue';

/** `List`, when it names every member of `Union` (it names no other, by `satisfies`); otherwise `never`. */
type Every<List extends readonly string[], Union extends string> = [Union] extends [List[number]] ? List : never;

const ROLE_LIST = [
  'reporter',
  'staff',
  ...LEADER_ROLES,
  'dispatcher',
  'administrator',
] as const satisfies readonly ActorRole[];
/** Every role a person may hold (one person may hold several), lowest first. */
export const ACTOR_ROLES: Every<typeof ROLE_LIST, ActorRole> = ROLE_LIST;

export function isActorRole(value: unknown): value is ActorRole {
  return typeof value === 'string' && (ACTOR_ROLES as readonly string[]).includes(value);
}

const TASK_STATUS_LIST = [
  'assigned',
  'accepted',
  'done',
  'transferred',
  'rerouted',
  'closed',
] as const satisfies readonly TaskStatus[];
/** Every status of a task: assigned → accepted → done; or ended by transfer, re-routing or the issue closing. */
export const TASK_STATUSES: Every<typeof TASK_STATUS_LIST, TaskStatus> = TASK_STATUS_LIST;

/** The statuses of a task its department still holds: its clocks run and it counts as open. */
export const ACTIVE_TASK_STATUSES = ['assigned', 'accepted'] as const satisfies readonly TaskStatus[];
export type ActiveTaskStatus = (typeof ACTIVE_TASK_STATUSES)[number];

/** Whether a task is still held by its department (see ACTIVE_TASK_STATUSES). */
export function isActiveTask(task: { status: TaskStatus }): boolean {
  return (ACTIVE_TASK_STATUSES as readonly TaskStatus[]).includes(task.status);
}

const TASK_ROLE_LIST = ['lead', 'supporting'] as const satisfies readonly TaskRole[];
export const TASK_ROLES: Every<typeof TASK_ROLE_LIST, TaskRole> = TASK_ROLE_LIST;

const ISSUE_STATUS_LIST = ['open', 'resolved', 'closed', 'withdrawn'] as const satisfies readonly IssueStatus[];
export const ISSUE_STATUSES: Every<typeof ISSUE_STATUS_LIST, IssueStatus> = ISSUE_STATUS_LIST;

const ISSUE_OUTCOME_LIST = [
  'confirmed',
  'unconfirmed',
  'withdrawn',
] as const satisfies readonly IssueClosure['outcome'][];
/** How a closed issue ended. */
export const ISSUE_OUTCOMES: Every<typeof ISSUE_OUTCOME_LIST, IssueClosure['outcome']> = ISSUE_OUTCOME_LIST;

const STALL_CAUSE_LIST = ['accept', 'handle'] as const satisfies readonly StallCause[];
/** Which deadline a stalled task missed. */
export const STALL_CAUSES: Every<typeof STALL_CAUSE_LIST, StallCause> = STALL_CAUSE_LIST;

type EscalationKind = Exclude<LadderStep['kind'], 'exhausted'>;
const ESCALATION_KIND_LIST = ['climbed', 'renotified', 'repeated'] as const satisfies readonly EscalationKind[];
/** The kinds of step up the ladder that reach a leader (an exhausted ladder reaches no one). */
export const ESCALATION_KINDS: Every<typeof ESCALATION_KIND_LIST, EscalationKind> = ESCALATION_KIND_LIST;
