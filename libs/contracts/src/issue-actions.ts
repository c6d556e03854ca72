// The actions on a blocking issue, one row each: the Temporal update, its argument, its URL, who may take it, its
// metrics label, its OpenAPI text, and how an HTTP body becomes the update's argument and the argument the domain's
// message. The workflow registers its handlers from this table and the API derives its routes, access checks,
// OpenAPI operations and metrics labels from it; the spellings of one action (URL `extend`, update
// `requestExtension`, event `request_extension`) are mapped here and nowhere else. Safe for workflow code.
import type { UpdateDefinition } from '@temporalio/common';
import { defineUpdate } from '@temporalio/workflow';
import type { Actor, EpochMs, IssueEvent } from '@unblock/domain';
import type { IssueActionResult } from './issue-workflow';

// Every action is an update with a validator: the caller gets a verdict, and an invalid action is refused with
// the rule it breaks (an ApplicationFailure whose type is the rule). `by` is the person acting, as authenticated.
export interface AcceptArgs {
  by: Actor;
}
export interface ProgressArgs {
  by: Actor;
  note: string;
}
export interface AssistArgs {
  by: Actor;
  departments: string[];
  reason?: string;
  due?: EpochMs;
}
export interface TransferArgs {
  by: Actor;
  to: string;
  reason: string;
}
export interface RouteArgs {
  by: Actor;
  lead: string;
  supporting?: string[];
  reason: string;
}
export interface RequestExtensionArgs {
  by: Actor;
  reason: string;
  until: EpochMs;
}
export interface GrantExtensionArgs {
  by: Actor;
  taskId?: string;
  until: EpochMs;
}
export interface RefuseExtensionArgs {
  by: Actor;
  taskId?: string;
  reason: string;
}
export interface InstructArgs {
  by: Actor;
  taskId?: string;
  text: string;
  due: EpochMs;
}
export interface AcknowledgeArgs {
  by: Actor;
  instructionId: string;
}
export interface ResolveArgs {
  by: Actor;
  description: string;
}
export interface VerifyArgs {
  by: Actor;
  outcome: 'confirm' | 'reject';
  satisfaction?: number;
  reason?: string;
}
export interface WithdrawArgs {
  by: Actor;
  reason: string;
}
export interface ExtendStatutoryTermArgs {
  by: Actor;
  reason: string;
  extension: string;
}

/** An action's HTTP body: its argument without `by` (the signed-in user), the `Instants` as ISO-8601 date-time strings. */
export type HttpBodyOf<A, Instants extends keyof A = never> = {
  [K in keyof Omit<A, 'by'>]: K extends Instants ? string : Omit<A, 'by'>[K];
};

/**
 * The types of every action, keyed by its name (which is the name of its Temporal update): the update's argument,
 * the HTTP body its DTO checks, and the type of the domain event it becomes. The table below must have a row for
 * each, and each row's mappings must agree with these types.
 */
export interface IssueActionTypes {
  accept: { args: AcceptArgs; body: HttpBodyOf<AcceptArgs>; event: 'accept' };
  progress: { args: ProgressArgs; body: HttpBodyOf<ProgressArgs>; event: 'progress' };
  transfer: { args: TransferArgs; body: HttpBodyOf<TransferArgs>; event: 'transfer' };
  assist: { args: AssistArgs; body: HttpBodyOf<AssistArgs, 'due'>; event: 'assist' };
  requestExtension: {
    args: RequestExtensionArgs;
    body: HttpBodyOf<RequestExtensionArgs, 'until'>;
    event: 'request_extension';
  };
  grantExtension: { args: GrantExtensionArgs; body: HttpBodyOf<GrantExtensionArgs, 'until'>; event: 'grant_extension' };
  refuseExtension: { args: RefuseExtensionArgs; body: HttpBodyOf<RefuseExtensionArgs>; event: 'refuse_extension' };
  instruct: { args: InstructArgs; body: HttpBodyOf<InstructArgs, 'due'>; event: 'instruct' };
  acknowledge: { args: AcknowledgeArgs; body: HttpBodyOf<AcknowledgeArgs>; event: 'acknowledge' };
  resolve: { args: ResolveArgs; body: HttpBodyOf<ResolveArgs>; event: 'resolve' };
  verify: { args: VerifyArgs; body: HttpBodyOf<VerifyArgs>; event: 'verify' };
  withdraw: { args: WithdrawArgs; body: HttpBodyOf<WithdrawArgs>; event: 'withdraw' };
  route: { args: RouteArgs; body: HttpBodyOf<RouteArgs>; event: 'route' };
  extendStatutoryTerm: {
    args: ExtendStatutoryTermArgs;
    body: HttpBodyOf<ExtendStatutoryTermArgs>;
    event: 'extend_statutory_term';
  };
}

/** An action's name: the name of its Temporal update, never changed once shipped (running workflows and histories use it). */
export type IssueActionName = keyof IssueActionTypes;
export type IssueActionArgs<N extends IssueActionName = IssueActionName> = IssueActionTypes[N]['args'];
/** The update's argument as the API fills it from the body: everything but `by`. */
export type IssueActionFields<N extends IssueActionName = IssueActionName> = Omit<IssueActionArgs<N>, 'by'>;
export type IssueActionBody<N extends IssueActionName = IssueActionName> = IssueActionTypes[N]['body'];

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/**
 * The domain event an action becomes, as the action names it: without the instant and the clocks the workflow adds,
 * nor what the workflow computes through an activity (a statutory extension's new deadline).
 */
export type IssueActionMessage<N extends IssueActionName = IssueActionName> = DistributiveOmit<
  Extract<IssueEvent, { type: IssueActionTypes[N]['event'] }>,
  'at' | 'clocks' | 'deadline'
>;

/**
 * Who may take an action, evaluated by the API before the workflow is asked (403 when not; the workflow's own rules
 * then decide, with a 409 naming the rule):
 * - `active_task_department`: staff or the head of a department with an active task on the issue;
 * - `leader_or_task_head`: a responsible leader, the zone director or the party secretary, or the head of a
 *   department with an active task on the issue;
 * - `ladder_leader_or_task_head`: a leader on this issue's ladder — the responsible leader its project names (every
 *   responsible leader when it names none), the zone director, the party secretary — or the head of a department
 *   with an active task on the issue (the ladder's first level);
 * - `zone_leader`: a responsible leader, the zone director or the party secretary;
 * - `reporter`: the person who filed the issue;
 * - `reporter_or_dispatcher`: the person who filed the issue, or the dispatcher;
 * - `dispatcher`: the dispatcher.
 */
export type IssueAccessRule =
  | 'active_task_department'
  | 'leader_or_task_head'
  | 'ladder_leader_or_task_head'
  | 'zone_leader'
  | 'reporter'
  | 'reporter_or_dispatcher'
  | 'dispatcher';

/**
 * The role the person acts in (the `role` of `by`):
 * - `department`: as staff when they are staff, else as department head;
 * - `reporter`: as the issue's reporter, whatever else they are;
 * - `reporter_if_filer_else_dispatcher`: as the issue's reporter when they filed it, else as the dispatcher;
 * - `dispatcher`: as the dispatcher;
 * - `highest`: in the highest role they hold (a leader as leader, a department head as department head).
 */
export type IssueActingRole =
  'department' | 'reporter' | 'reporter_if_filer_else_dispatcher' | 'dispatcher' | 'highest';

/** One action: declared once, here. */
export interface IssueActionRow<N extends IssueActionName = IssueActionName> {
  /** the Temporal update; its name is the action's name */
  update: UpdateDefinition<IssueActionResult, [IssueActionArgs<N>], N>;
  /** POST /api/v1/issues/{id}/<segment>; URLs never change once shipped */
  segment: string;
  access: { rule: IssueAccessRule; actingAs: IssueActingRole };
  /** the `action` label of unblock_issue_actions_total */
  metricsLabel: string;
  /** the OpenAPI operation's summary, and what its description says before who may take it */
  summary: string;
  description?: string;
  /** whether the body may be left out (an action with no fields) */
  bodyOptional?: true;
  /** the HTTP body, already checked by the action's DTO, as the update's argument (without `by`) */
  toArgs(body: IssueActionBody<N>): IssueActionFields<N>;
  /** the update's argument as the domain's message */
  toMessage(args: IssueActionArgs<N>): IssueActionMessage<N>;
}

/** Any action's row, for code that treats every action alike (registering handlers, deriving routes). */
export interface AnyIssueActionRow extends Omit<IssueActionRow<IssueActionName>, 'toArgs' | 'toMessage'> {
  toArgs(body: IssueActionBody): IssueActionFields;
  toMessage(args: IssueActionArgs): IssueActionMessage;
}

/** Every action has a row: leaving one out, or a row whose mappings disagree with its types, does not compile. */
export type IssueActionTable = { readonly [N in IssueActionName]: IssueActionRow<N> };

/** An ISO-8601 date-time (checked by the DTO) as epoch milliseconds for the workflow. */
function epochMs(dateTime: string): EpochMs {
  return Date.parse(dateTime);
}

/** `{ [key]: value }` when the value is present, else `{}`: optional fields stay absent rather than undefined. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value !== undefined ? { [key]: value } : {}) as { [P in K]?: V };
}

export const ISSUE_ACTIONS: IssueActionTable = {
  accept: {
    update: defineUpdate('accept'),
    segment: 'accept',
    access: { rule: 'active_task_department', actingAs: 'department' },
    metricsLabel: 'accept',
    summary: "Accept the department's task (签收)",
    description: 'Starts the handling clock of the task. No body, or `{}`.',
    bodyOptional: true,
    toArgs: () => ({}),
    toMessage: (a) => ({ type: 'accept', by: a.by }),
  },
  progress: {
    update: defineUpdate('progress'),
    segment: 'progress',
    access: { rule: 'active_task_department', actingAs: 'department' },
    metricsLabel: 'progress',
    summary: 'Report progress (进展)',
    description: 'A note; it stops no clock.',
    toArgs: (b) => ({ note: b.note }),
    toMessage: (a) => ({ type: 'progress', by: a.by, note: a.note }),
  },
  transfer: {
    update: defineUpdate('transfer'),
    segment: 'transfer',
    access: { rule: 'active_task_department', actingAs: 'department' },
    metricsLabel: 'transfer',
    summary: 'Transfer to another department (转办)',
    description:
      'Needs a reason; counted against the department. A transfer back to a former holder or beyond the limit goes to the dispatcher (200 with `notice`).',
    toArgs: (b) => ({ to: b.to, reason: b.reason }),
    toMessage: (a) => ({ type: 'transfer', by: a.by, to: a.to, reason: a.reason }),
  },
  assist: {
    update: defineUpdate('assist'),
    segment: 'assist',
    access: { rule: 'active_task_department', actingAs: 'department' },
    metricsLabel: 'assist',
    summary: 'Ask other departments to assist (协办)',
    description: 'Each department gets its own task and deadlines; only the lead resolves the issue.',
    toArgs: (b) => ({
      departments: b.departments,
      ...optional('reason', b.reason),
      ...optional('due', b.due !== undefined ? epochMs(b.due) : undefined),
    }),
    toMessage: (a) => ({
      type: 'assist',
      by: a.by,
      departments: a.departments,
      ...optional('reason', a.reason),
      ...optional('due', a.due),
    }),
  },
  requestExtension: {
    update: defineUpdate('requestExtension'),
    segment: 'extend',
    access: { rule: 'active_task_department', actingAs: 'department' },
    metricsLabel: 'requestExtension',
    summary: 'Ask for an extension of the handling deadline',
    description: 'Granted or refused by a leader at the current escalation level or above.',
    toArgs: (b) => ({ reason: b.reason, until: epochMs(b.until) }),
    toMessage: (a) => ({ type: 'request_extension', by: a.by, reason: a.reason, until: a.until }),
  },
  grantExtension: {
    update: defineUpdate('grantExtension'),
    segment: 'grant-extension',
    access: { rule: 'ladder_leader_or_task_head', actingAs: 'highest' },
    metricsLabel: 'grantExtension',
    summary: 'Grant a requested extension',
    description: 'The original deadline is kept beside the new one.',
    toArgs: (b) => ({ until: epochMs(b.until), ...optional('taskId', b.taskId) }),
    toMessage: (a) => ({ type: 'grant_extension', by: a.by, until: a.until, ...optional('taskId', a.taskId) }),
  },
  refuseExtension: {
    update: defineUpdate('refuseExtension'),
    segment: 'refuse-extension',
    access: { rule: 'ladder_leader_or_task_head', actingAs: 'highest' },
    metricsLabel: 'refuseExtension',
    summary: 'Refuse a requested extension',
    toArgs: (b) => ({ reason: b.reason, ...optional('taskId', b.taskId) }),
    toMessage: (a) => ({ type: 'refuse_extension', by: a.by, reason: a.reason, ...optional('taskId', a.taskId) }),
  },
  instruct: {
    update: defineUpdate('instruct'),
    segment: 'instruct',
    access: { rule: 'leader_or_task_head', actingAs: 'highest' },
    metricsLabel: 'instruct',
    summary: 'Issue an instruction (批示) with a deadline',
    description: 'The owner must acknowledge it before resolving.',
    toArgs: (b) => ({ text: b.text, due: epochMs(b.due), ...optional('taskId', b.taskId) }),
    toMessage: (a) => ({ type: 'instruct', by: a.by, text: a.text, due: a.due, ...optional('taskId', a.taskId) }),
  },
  acknowledge: {
    update: defineUpdate('acknowledge'),
    segment: 'acknowledge',
    access: { rule: 'active_task_department', actingAs: 'department' },
    metricsLabel: 'acknowledge',
    summary: 'Acknowledge an instruction',
    toArgs: (b) => ({ instructionId: b.instructionId }),
    toMessage: (a) => ({ type: 'acknowledge', by: a.by, instructionId: a.instructionId }),
  },
  resolve: {
    update: defineUpdate('resolve'),
    segment: 'resolve',
    access: { rule: 'active_task_department', actingAs: 'department' },
    metricsLabel: 'resolve',
    summary: 'Resolve (办结)',
    description: "The lead's resolution asks the reporter to confirm; a supporting department's finishes its part.",
    toArgs: (b) => ({ description: b.description }),
    toMessage: (a) => ({ type: 'resolve', by: a.by, description: a.description }),
  },
  verify: {
    update: defineUpdate('verify'),
    segment: 'verify',
    access: { rule: 'reporter', actingAs: 'reporter' },
    metricsLabel: 'verify',
    summary: 'Confirm or reject the resolution (回访)',
    description: 'Confirming (with satisfaction 1–5) closes the issue; rejecting (with a reason) reopens it.',
    toArgs: (b) => ({
      outcome: b.outcome,
      ...optional('satisfaction', b.satisfaction),
      ...optional('reason', b.reason),
    }),
    toMessage: (a) => ({
      type: 'verify',
      by: a.by,
      outcome: a.outcome,
      ...optional('satisfaction', a.satisfaction),
      ...optional('reason', a.reason),
    }),
  },
  withdraw: {
    update: defineUpdate('withdraw'),
    segment: 'withdraw',
    access: { rule: 'reporter_or_dispatcher', actingAs: 'reporter_if_filer_else_dispatcher' },
    metricsLabel: 'withdraw',
    summary: 'Withdraw the issue',
    toArgs: (b) => ({ reason: b.reason }),
    toMessage: (a) => ({ type: 'withdraw', by: a.by, reason: a.reason }),
  },
  route: {
    update: defineUpdate('route'),
    segment: 'route',
    access: { rule: 'dispatcher', actingAs: 'dispatcher' },
    metricsLabel: 'route',
    summary: "Route the issue (dispatcher's decision, final)",
    description:
      'Names the lead (and supporting) departments, e.g. after a transfer was sent to the dispatcher. The decision is final: the department it names cannot transfer the issue on, and a second route is refused (409 `route.decision_final`) unless a new dispute is waiting for the dispatcher.',
    toArgs: (b) => ({ lead: b.lead, reason: b.reason, ...optional('supporting', b.supporting) }),
    toMessage: (a) => ({
      type: 'route',
      by: a.by,
      lead: a.lead,
      ...optional('supporting', a.supporting),
      reason: a.reason,
    }),
  },
  extendStatutoryTerm: {
    update: defineUpdate('extendStatutoryTerm'),
    segment: 'statutory-extension',
    access: { rule: 'zone_leader', actingAs: 'highest' },
    metricsLabel: 'extendStatutoryTerm',
    summary: "Extend a petition's statutory term (信访 延期)",
    description: "Once, by at most the statute's maximum.",
    toArgs: (b) => ({ reason: b.reason, extension: b.extension }),
    toMessage: (a) => ({ type: 'extend_statutory_term', by: a.by, reason: a.reason, extension: a.extension }),
  },
};

/** The actions' names, in the table's order (the order of the API's routes and OpenAPI operations). */
export const ISSUE_ACTION_NAMES = Object.keys(ISSUE_ACTIONS) as IssueActionName[];

/** The rows as one list, in the table's order. */
export const ISSUE_ACTION_ROWS: readonly AnyIssueActionRow[] = ISSUE_ACTION_NAMES.map((name) => ISSUE_ACTIONS[name]);

// The update definitions under the names callers have used for one action (tests, scripts). A new action needs none:
// it is `ISSUE_ACTIONS.<name>.update`.
export const acceptUpdate = ISSUE_ACTIONS.accept.update;
export const progressUpdate = ISSUE_ACTIONS.progress.update;
export const assistUpdate = ISSUE_ACTIONS.assist.update;
export const transferUpdate = ISSUE_ACTIONS.transfer.update;
export const routeUpdate = ISSUE_ACTIONS.route.update;
export const requestExtensionUpdate = ISSUE_ACTIONS.requestExtension.update;
export const grantExtensionUpdate = ISSUE_ACTIONS.grantExtension.update;
export const refuseExtensionUpdate = ISSUE_ACTIONS.refuseExtension.update;
export const instructUpdate = ISSUE_ACTIONS.instruct.update;
export const acknowledgeUpdate = ISSUE_ACTIONS.acknowledge.update;
export const resolveUpdate = ISSUE_ACTIONS.resolve.update;
export const verifyUpdate = ISSUE_ACTIONS.verify.update;
export const withdrawUpdate = ISSUE_ACTIONS.withdraw.update;
export const extendStatutoryTermUpdate = ISSUE_ACTIONS.extendStatutoryTerm.update;
