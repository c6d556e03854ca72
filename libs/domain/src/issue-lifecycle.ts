/**
 * The life of one blocking issue as a reducer: `state + event → new state + commands`.
 *
 * The workflow holds the state (plain JSON, safe across continue-as-new), feeds every message and timer firing
 * to `reduceIssue`, and runs the commands it returns (schedule / cancel timers, notify, record, escalate). The
 * reducer never reads the clock: the time is part of each event. It never reads the calendar either: every
 * event carries `clocks`, the calendar-dependent instants computed for `event.at` by `computeClocksAt` (in an
 * activity); the reducer takes what applies. Invalid events are rejected with the rule they break.
 *
 * The state's `timers` map is the truth about pending timers: the workflow may sleep until `nextTimer(state)`
 * and feed `{type: 'timer_fired', key, at}`; a firing for a timer no longer in the map is ignored.
 */
import type { ClocksAt, Deadline } from './deadlines';
import {
  advanceLadder,
  currentLevelRole,
  endStall,
  initialLadder,
  isLeaderRole,
  LadderState,
  LadderStep,
  LeaderRole,
  leaderRank,
  mayGrantExtension,
  startStall,
  StallCause,
} from './escalation-ladder';
import { IssueCategory, isIssueCategory, isRiskLevel, RiskLevel } from './issue-categories';
import type { ResolvedIssuePolicy } from './issue-policy';
import { checkPetitionExtension, StatutoryDeadline } from './petition-clock';
import { isDepartmentCode, RouteDecision } from './routing';
import { judgeTransfer, TransferRecord } from './transfer-rules';
import type { EpochMs } from './working-calendar';

// ================================================================ actors

export type ActorRole = 'reporter' | 'staff' | LeaderRole | 'dispatcher';

/** Who sent a message. Department staff and department heads name their department. */
export interface Actor {
  id: string;
  role: ActorRole;
  department?: string;
}

// ================================================================ state

export type IssueStatus = 'open' | 'resolved' | 'closed' | 'withdrawn';
export type TaskRole = 'lead' | 'supporting';
/** assigned → accepted → done; or ended by transfer, re-routing or the issue closing */
export type TaskStatus = 'assigned' | 'accepted' | 'done' | 'transferred' | 'rerouted' | 'closed';

export type DeadlineMoveCause = 'extension' | 'instruction' | 'reopened';

/** A deadline as tracked on a task: the current due instant, and the original kept beside any moves. */
export interface TrackedDeadline {
  due: EpochMs;
  original: EpochMs;
  reminders: EpochMs[];
  moves: Array<{ from: EpochMs; to: EpochMs; at: EpochMs; cause: DeadlineMoveCause; by: string }>;
}

export interface ExtensionRequest {
  requestedAt: EpochMs;
  by: string;
  reason: string;
  until: EpochMs;
}

export interface IssueTask {
  id: string;
  department: string;
  role: TaskRole;
  status: TaskStatus;
  assignedAt: EpochMs;
  acceptedAt?: EpochMs;
  acceptedLate?: boolean;
  endedAt?: EpochMs;
  accept: TrackedDeadline;
  /** absent until the handling clock starts (for a transferred or re-routed task: at acceptance) */
  handle?: TrackedDeadline;
  ladder: LadderState;
  extensionRequest?: ExtensionRequest;
  missedDeadlines: Array<{ cause: StallCause; due: EpochMs; at: EpochMs }>;
}

export interface Instruction {
  id: string;
  taskId: string;
  by: Actor;
  text: string;
  at: EpochMs;
  due: EpochMs;
  acknowledgedAt?: EpochMs;
  acknowledgedBy?: string;
}

export interface DispatchRequest {
  since: EpochMs;
  rule: string;
  message: string;
  from: string;
  proposedTo: string;
  reason: string;
}

export interface Resolution {
  by: Actor;
  description: string;
  at: EpochMs;
  verificationDue: EpochMs;
  verdict?: { outcome: 'confirmed' | 'rejected' | 'unconfirmed'; at: EpochMs; satisfaction?: number; reason?: string };
}

export interface PetitionClockState {
  regulation: string;
  acceptDecision: StatutoryDeadline & { decidedAt?: EpochMs };
  conclude?: StatutoryDeadline & {
    original: EpochMs;
    concludedAt?: EpochMs;
    extension?: { by: string; reason: string; extension: string; at: EpochMs; previousDue: EpochMs };
  };
  extensionsUsed: number;
  missed: Array<'accept_decision' | 'conclude'>;
}

export interface IssueClosure {
  outcome: 'confirmed' | 'unconfirmed' | 'withdrawn';
  at: EpochMs;
  by?: string;
  reason?: string;
  satisfaction?: number;
}

/** What a reporter files about an issue: the same facts from submission, through intake, to the issue's state. */
export interface IssueFiling {
  issueId: string;
  projectId: string;
  category: IssueCategory;
  risk: RiskLevel;
  description: string;
  location?: string;
  reporter: { id: string };
}

export interface IssueState extends IssueFiling {
  schema: 'unblock.issue/1';
  /** the policy the issue started with; kept for its whole life */
  policy: ResolvedIssuePolicy;
  status: IssueStatus;
  /** when the issue was received; the overall age never restarts */
  receivedAt: EpochMs;
  leadTaskId: string;
  tasks: Record<string, IssueTask>;
  taskCount: number;
  /** departments that have owned the issue, in order (the dispatcher excluded) */
  heldBy: string[];
  transfers: TransferRecord[];
  /** a transfer waiting for the dispatcher's decision */
  dispatchRequest?: DispatchRequest;
  /** the current owner was named by the dispatcher; that decision is final */
  leadNamedByDispatcher: boolean;
  instructions: Instruction[];
  progressNotes: Array<{ taskId: string; department: string; by: string; note: string; at: EpochMs }>;
  resolutions: Resolution[];
  reopenCount: number;
  tally: {
    transfersByDepartment: Record<string, number>;
    rejectionsByDepartment: Record<string, number>;
    escalations: number;
    reminders: number;
  };
  petition?: PetitionClockState;
  closure?: IssueClosure;
  /** pending timers: key → instant. The truth the workflow sleeps on. */
  timers: Record<string, EpochMs>;
  /** sequence number of the last recorded event (for idempotent writes) */
  sequence: number;
}

// ================================================================ events

interface EventBase {
  at: EpochMs;
  /** calendar-dependent instants computed for `at` (see computeClocksAt); needed by the events that set deadlines */
  clocks?: ClocksAt;
}

export interface IntakeEvent extends EventBase, IssueFiling {
  type: 'intake';
  policy: ResolvedIssuePolicy;
  route: RouteDecision;
}
export interface AcceptEvent extends EventBase { type: 'accept'; by: Actor }
export interface ProgressEvent extends EventBase { type: 'progress'; by: Actor; note: string }
export interface AssistEvent extends EventBase { type: 'assist'; by: Actor; departments: string[]; reason?: string; due?: EpochMs }
export interface TransferEvent extends EventBase { type: 'transfer'; by: Actor; to: string; reason: string }
export interface RouteEvent extends EventBase { type: 'route'; by: Actor; lead: string; supporting?: string[]; reason: string }
export interface RequestExtensionEvent extends EventBase { type: 'request_extension'; by: Actor; reason: string; until: EpochMs }
export interface GrantExtensionEvent extends EventBase { type: 'grant_extension'; by: Actor; taskId?: string; until: EpochMs }
export interface RefuseExtensionEvent extends EventBase { type: 'refuse_extension'; by: Actor; taskId?: string; reason: string }
export interface InstructEvent extends EventBase { type: 'instruct'; by: Actor; taskId?: string; text: string; due: EpochMs }
export interface AcknowledgeEvent extends EventBase { type: 'acknowledge'; by: Actor; instructionId: string }
export interface ResolveEvent extends EventBase { type: 'resolve'; by: Actor; description: string }
export interface VerifyEvent extends EventBase { type: 'verify'; by: Actor; outcome: 'confirm' | 'reject'; satisfaction?: number; reason?: string }
export interface WithdrawEvent extends EventBase { type: 'withdraw'; by: Actor; reason: string }
export interface ExtendStatutoryTermEvent extends EventBase {
  type: 'extend_statutory_term';
  by: Actor;
  reason: string;
  /** ISO-8601, e.g. "P30D" */
  extension: string;
  /** the new conclusion deadline, from computePetitionExtension */
  deadline: StatutoryDeadline;
}
export interface TimerFiredEvent extends EventBase { type: 'timer_fired'; key: string }

export type IssueEvent =
  | IntakeEvent
  | AcceptEvent
  | ProgressEvent
  | AssistEvent
  | TransferEvent
  | RouteEvent
  | RequestExtensionEvent
  | GrantExtensionEvent
  | RefuseExtensionEvent
  | InstructEvent
  | AcknowledgeEvent
  | ResolveEvent
  | VerifyEvent
  | WithdrawEvent
  | ExtendStatutoryTermEvent
  | TimerFiredEvent;

export type IssueEventType = IssueEvent['type'];

// ================================================================ commands

export type Recipient =
  | { kind: 'department'; department: string; audience: 'staff' | 'head' }
  | { kind: 'leader'; role: LeaderRole; department: string }
  | { kind: 'dispatcher'; department: string }
  | { kind: 'reporter'; id: string }
  | { kind: 'person'; id: string };

export type NotificationTopic =
  | 'task_assigned'
  | 'assist_requested'
  | 'reminder'
  | 'deadline_missed'
  | 'instruction'
  | 'instruction_acknowledged'
  | 'dispatch_needed'
  | 'dispatcher_decided'
  | 'extension_requested'
  | 'extension_granted'
  | 'extension_refused'
  | 'progress'
  | 'assist_completed'
  | 'verification_requested'
  | 'reopened'
  | 'closed'
  | 'withdrawn'
  | 'task_ended'
  | 'statutory_warning'
  | 'statutory_deadline_missed'
  | 'statutory_extended';

export type IssueCommand =
  | { type: 'schedule_timer'; key: string; at: EpochMs }
  | { type: 'cancel_timer'; key: string }
  | { type: 'notify'; issueId: string; to: Recipient; topic: NotificationTopic; taskId?: string; detail?: string }
  | {
      type: 'escalated';
      issueId: string;
      taskId: string;
      department: string;
      level: number;
      role: LeaderRole;
      /** 0 for a climb; n for the n-th repeated notice at the top */
      repeat: number;
      kind: LadderStep['kind'];
      cause: StallCause;
      at: EpochMs;
    }
  | { type: 'record_event'; issueId: string; sequence: number; name: string; at: EpochMs; actor?: Actor; taskId?: string; data?: Record<string, unknown> }
  | { type: 'issue_closed'; issueId: string; outcome: IssueClosure['outcome']; at: EpochMs };

export interface Rejection {
  rule: string;
  message: string;
}

export type ReduceResult =
  | {
      ok: true;
      state: IssueState;
      commands: IssueCommand[];
      /** the message was taken but not carried out as asked (a transfer sent to the dispatcher) */
      notice?: Rejection;
    }
  | { ok: false; state: IssueState | undefined; rejection: Rejection; commands: [] };

// ================================================================ reducer

class RejectedEvent extends Error {
  constructor(
    public readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

function reject(rule: string, message: string): never {
  throw new RejectedEvent(rule, message);
}

/** Working context of one reduction: a draft state (a deep copy) and the commands being produced. */
class Reduction {
  readonly commands: IssueCommand[] = [];
  notice?: Rejection;

  constructor(
    readonly state: IssueState,
    readonly at: EpochMs,
  ) {}

  schedule(key: string, at: EpochMs): void {
    this.state.timers[key] = at;
    this.commands.push({ type: 'schedule_timer', key, at });
  }

  cancel(key: string): void {
    if (this.state.timers[key] === undefined) return;
    delete this.state.timers[key];
    this.commands.push({ type: 'cancel_timer', key });
  }

  cancelWhere(prefix: string): void {
    for (const key of Object.keys(this.state.timers).sort()) if (key === prefix || key.startsWith(`${prefix}/`)) this.cancel(key);
  }

  notify(to: Recipient, topic: NotificationTopic, taskId?: string, detail?: string): void {
    this.commands.push({
      type: 'notify',
      issueId: this.state.issueId,
      to,
      topic,
      ...(taskId !== undefined ? { taskId } : {}),
      ...(detail !== undefined ? { detail } : {}),
    });
  }

  record(name: string, actor?: Actor, taskId?: string, data?: Record<string, unknown>): void {
    this.state.sequence += 1;
    this.commands.push({
      type: 'record_event',
      issueId: this.state.issueId,
      sequence: this.state.sequence,
      name,
      at: this.at,
      ...(actor ? { actor } : {}),
      ...(taskId !== undefined ? { taskId } : {}),
      ...(data ? { data } : {}),
    });
  }
}

/**
 * Applies one event. With no state only `intake` is valid. Never throws for a bad event: returns
 * `{ok: false, rejection: {rule, message}}` and leaves the state as it was.
 */
export function reduceIssue(state: IssueState | undefined, event: IssueEvent): ReduceResult {
  try {
    if (typeof event !== 'object' || event === null || typeof event.type !== 'string') reject('event.type', 'an event needs a type');
    if (!Number.isFinite(event.at)) reject('event.at', 'an event needs its time `at` (epoch milliseconds)');
    if (event.type === 'intake') {
      if (state) reject('intake.already_open', `issue ${state.issueId} is already open`);
      return applyIntake(event);
    }
    if (!state) reject('event.no_issue', `${event.type} needs an open issue; the first event is intake`);
    const reduction = new Reduction(JSON.parse(JSON.stringify(state)) as IssueState, event.at);
    applyMessage(reduction, event);
    return { ok: true, state: reduction.state, commands: reduction.commands, ...(reduction.notice ? { notice: reduction.notice } : {}) };
  } catch (error) {
    if (error instanceof RejectedEvent) return { ok: false, state, rejection: { rule: error.rule, message: error.message }, commands: [] };
    throw error;
  }
}

/**
 * Checks a message before the workflow takes it (for an update validator, which runs before the clocks are
 * computed): returns the rejection, or undefined when the message would be taken.
 */
export function validateIssueMessage(state: IssueState | undefined, event: IssueEvent): Rejection | undefined {
  const probe = event.clocks ? event : { ...event, clocks: placeholderClocks(event.at, state) };
  const result = reduceIssue(state, probe as IssueEvent);
  return result.ok ? undefined : result.rejection;
}

function placeholderClocks(at: EpochMs, state: IssueState | undefined): ClocksAt {
  const later = at + 1;
  const deadline: Deadline = { due: later, reminders: [] };
  const levels = state ? state.policy.policy.ladder.length : 4;
  return {
    at,
    accept: deadline,
    handle: deadline,
    assist: deadline,
    verificationDue: later,
    escalationWaits: { from: at, levelEnds: Array.from({ length: Math.max(levels - 1, 0) }, () => later), topRepeatAt: later },
    petition: { acceptDecision: { due: later, warnings: [] }, conclude: { due: later, warnings: [] } },
  };
}

function requireClocks(event: EventBase, what: string): ClocksAt {
  if (!event.clocks) reject('clocks.required', `${what} needs the clocks computed for its time (computeClocksAt)`);
  if (event.clocks.at !== event.at) reject('clocks.stale', `${what}: the clocks were computed for ${event.clocks.at}, not for the event time ${event.at}`);
  return event.clocks;
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

// ---------------------------------------------------------------- intake

function applyIntake(event: IntakeEvent): ReduceResult {
  if (!nonEmpty(event.issueId)) reject('intake.issue_id_required', 'intake needs an issue id');
  if (!nonEmpty(event.projectId)) reject('intake.project_required', 'a blocking issue is filed against a project');
  if (!isIssueCategory(event.category)) reject('intake.category', `unknown category ${JSON.stringify(event.category)}`);
  if (!isRiskLevel(event.risk)) reject('intake.risk', `unknown risk level ${JSON.stringify(event.risk)}`);
  if (!nonEmpty(event.description)) reject('intake.description_required', 'an issue needs a description');
  if (!event.reporter || !nonEmpty(event.reporter.id)) reject('intake.reporter_required', 'an issue needs its reporter');
  if (!event.policy || event.policy.category !== event.category || event.policy.risk !== event.risk) {
    reject('intake.policy_mismatch', `the policy given is not the one for ${event.category} at risk ${event.risk}`);
  }
  const clocks = requireClocks(event, 'intake');
  if (event.policy.petitionStatute && !clocks.petition) reject('clocks.petition_required', 'a petition needs its statutory deadlines');
  if (!event.route || (event.route.kind === 'assigned' && !isDepartmentCode(event.route.lead))) {
    reject('intake.route', 'intake needs a routing decision (routeIssue)');
  }

  const state: IssueState = {
    schema: 'unblock.issue/1',
    issueId: event.issueId,
    projectId: event.projectId,
    category: event.category,
    risk: event.risk,
    description: event.description,
    ...(event.location !== undefined ? { location: event.location } : {}),
    reporter: { id: event.reporter.id },
    policy: event.policy,
    status: 'open',
    receivedAt: event.at,
    leadTaskId: '',
    tasks: {},
    taskCount: 0,
    heldBy: [],
    transfers: [],
    leadNamedByDispatcher: false,
    instructions: [],
    progressNotes: [],
    resolutions: [],
    reopenCount: 0,
    tally: { transfersByDepartment: {}, rejectionsByDepartment: {}, escalations: 0, reminders: 0 },
    timers: {},
    sequence: 0,
  };
  const reduction = new Reduction(state, event.at);
  const lead = event.route.kind === 'assigned' ? event.route.lead : event.policy.dispatcher;
  reduction.record('issue_opened', { id: event.reporter.id, role: 'reporter' }, undefined, {
    category: event.category,
    risk: event.risk,
    projectId: event.projectId,
    policyVersion: event.policy.version,
    route: event.route,
  });
  const leadTask = addTask(reduction, lead, 'lead', clocks.accept, clocks.handle, 0);
  state.leadTaskId = leadTask.id;
  if (lead !== event.policy.dispatcher) state.heldBy.push(lead);
  if (event.route.kind === 'to_dispatcher') {
    reduction.notify({ kind: 'dispatcher', department: event.policy.dispatcher }, 'dispatch_needed', leadTask.id, 'no routing rule names an owner');
  }
  if (event.route.kind === 'assigned') {
    for (const department of event.route.supporting) addTask(reduction, department, 'supporting', clocks.accept, clocks.assist, 0);
  }
  if (event.policy.petitionStatute && clocks.petition) {
    state.petition = {
      regulation: event.policy.petitionStatute.regulation,
      acceptDecision: { ...clocks.petition.acceptDecision },
      extensionsUsed: 0,
      missed: [],
    };
    scheduleStatutory(reduction, 'accept_decision', clocks.petition.acceptDecision);
  }
  return { ok: true, state, commands: reduction.commands };
}

function tracked(deadline: Deadline): TrackedDeadline {
  return { due: deadline.due, original: deadline.due, reminders: [...deadline.reminders], moves: [] };
}

/** Creates a task, schedules its clocks and tells the department. `handle` absent = starts at acceptance. */
function addTask(reduction: Reduction, department: string, role: TaskRole, accept: Deadline, handle: Deadline | undefined, level: number): IssueTask {
  const state = reduction.state;
  state.taskCount += 1;
  const task: IssueTask = {
    id: `task-${state.taskCount}`,
    department,
    role,
    status: 'assigned',
    assignedAt: reduction.at,
    accept: tracked(accept),
    ...(handle ? { handle: tracked(handle) } : {}),
    ladder: initialLadder(level),
    missedDeadlines: [],
  };
  state.tasks[task.id] = task;
  scheduleDeadline(reduction, task, 'accept');
  if (task.handle) scheduleDeadline(reduction, task, 'handle');
  reduction.notify({ kind: 'department', department, audience: 'staff' }, role === 'lead' ? 'task_assigned' : 'assist_requested', task.id);
  reduction.record('task_assigned', undefined, task.id, {
    department,
    role,
    acceptBy: task.accept.due,
    ...(task.handle ? { handleBy: task.handle.due } : { handleBy: 'on acceptance' }),
  });
  return task;
}

function deadlineKey(task: IssueTask, which: StallCause): string {
  return `task/${task.id}/${which}`;
}

function ladderKey(task: IssueTask): string {
  return `task/${task.id}/ladder`;
}

function scheduleDeadline(reduction: Reduction, task: IssueTask, which: StallCause): void {
  const deadline = which === 'accept' ? task.accept : task.handle;
  if (!deadline) return;
  const key = deadlineKey(task, which);
  reduction.cancelWhere(key);
  deadline.reminders.forEach((at, i) => {
    if (at > reduction.at && at < deadline.due) reduction.schedule(`${key}/remind/${i}`, at);
  });
  reduction.schedule(key, deadline.due);
}

function endTask(reduction: Reduction, task: IssueTask, status: TaskStatus): void {
  task.status = status;
  task.endedAt = reduction.at;
  task.ladder = endStall(task.ladder);
  delete task.extensionRequest;
  reduction.cancelWhere(`task/${task.id}`);
}

function stopStall(reduction: Reduction, task: IssueTask, cause?: StallCause): void {
  if (!task.ladder.stall) return;
  if (cause && task.ladder.stall.cause !== cause) return;
  task.ladder = endStall(task.ladder);
  reduction.cancel(ladderKey(task));
}

function isActive(task: IssueTask): boolean {
  return task.status === 'assigned' || task.status === 'accepted';
}

function activeTaskOf(state: IssueState, department: string): IssueTask | undefined {
  return Object.values(state.tasks).find((task) => task.department === department && isActive(task));
}

function leadTask(state: IssueState): IssueTask {
  return state.tasks[state.leadTaskId];
}

// ---------------------------------------------------------------- messages

function applyMessage(reduction: Reduction, event: IssueEvent): void {
  switch (event.type) {
    case 'intake':
      return reject('intake.already_open', 'the issue is already open');
    case 'accept':
      return applyAccept(reduction, event);
    case 'progress':
      return applyProgress(reduction, event);
    case 'assist':
      return applyAssist(reduction, event);
    case 'transfer':
      return applyTransfer(reduction, event);
    case 'route':
      return applyRoute(reduction, event);
    case 'request_extension':
      return applyRequestExtension(reduction, event);
    case 'grant_extension':
      return applyGrantExtension(reduction, event);
    case 'refuse_extension':
      return applyRefuseExtension(reduction, event);
    case 'instruct':
      return applyInstruct(reduction, event);
    case 'acknowledge':
      return applyAcknowledge(reduction, event);
    case 'resolve':
      return applyResolve(reduction, event);
    case 'verify':
      return applyVerify(reduction, event);
    case 'withdraw':
      return applyWithdraw(reduction, event);
    case 'extend_statutory_term':
      return applyExtendStatutoryTerm(reduction, event);
    case 'timer_fired':
      return applyTimer(reduction, event);
    default:
      return reject('event.type', `unknown event type ${JSON.stringify((event as { type: unknown }).type)}`);
  }
}

function requireOpen(state: IssueState, what: string): void {
  if (state.status !== 'open') reject(`${what}.issue_not_open`, `the issue is ${state.status}; ${what} needs an open issue`);
}

/** The sender's department, for messages only department staff or heads may send. */
function departmentOf(by: Actor | undefined, what: string): string {
  if (!by || !nonEmpty(by.id)) reject(`${what}.actor_required`, `${what} needs the person sending it`);
  if ((by.role !== 'staff' && by.role !== 'department_head') || !isDepartmentCode(by.department)) {
    reject(`${what}.department_staff_only`, `${what} is sent by a department's staff or head, naming the department`);
  }
  return by.department;
}

function requireLeader(by: Actor | undefined, what: string): LeaderRole {
  if (!by || !nonEmpty(by.id) || !isLeaderRole(by.role)) {
    reject(`${what}.leader_only`, `${what} is for a leader (department head, responsible leader, zone director, party secretary)`);
  }
  return by.role as LeaderRole;
}

function applyAccept(reduction: Reduction, event: AcceptEvent): void {
  const state = reduction.state;
  requireOpen(state, 'accept');
  const department = departmentOf(event.by, 'accept');
  const task = activeTaskOf(state, department);
  if (!task) reject('accept.no_task', `${department} has no task on this issue`);
  if (task.status !== 'assigned') reject('accept.already_accepted', `${department} already accepted its task`);
  task.status = 'accepted';
  task.acceptedAt = event.at;
  task.acceptedLate = event.at > task.accept.due;
  reduction.cancelWhere(deadlineKey(task, 'accept'));
  stopStall(reduction, task, 'accept');
  let restarted = false;
  if (!task.handle) {
    const clocks = requireClocks(event, 'accept');
    task.handle = tracked(clocks.handle);
    scheduleDeadline(reduction, task, 'handle');
    restarted = true;
  }
  reduction.record('task_accepted', event.by, task.id, { late: task.acceptedLate, handleBy: task.handle.due, handlingClockStarted: restarted });
  const petition = state.petition;
  if (petition && task.id === state.leadTaskId && task.department !== state.policy.dispatcher && petition.acceptDecision.decidedAt === undefined) {
    const clocks = requireClocks(event, 'accept');
    if (!clocks.petition) reject('clocks.petition_required', 'accepting a petition needs its statutory conclusion deadline');
    petition.acceptDecision.decidedAt = event.at;
    reduction.cancelWhere('petition/accept_decision');
    petition.conclude = { ...clocks.petition.conclude, original: clocks.petition.conclude.due };
    scheduleStatutory(reduction, 'conclude', clocks.petition.conclude);
    reduction.record('petition_accepted', event.by, task.id, {
      regulation: petition.regulation,
      decidedOnTime: event.at <= petition.acceptDecision.due,
      concludeBy: petition.conclude.due,
    });
  }
}

function applyProgress(reduction: Reduction, event: ProgressEvent): void {
  const state = reduction.state;
  requireOpen(state, 'progress');
  const department = departmentOf(event.by, 'progress');
  const task = activeTaskOf(state, department);
  if (!task) reject('progress.no_task', `${department} has no task on this issue`);
  if (!nonEmpty(event.note)) reject('progress.note_required', 'a progress note needs text');
  state.progressNotes.push({ taskId: task.id, department, by: event.by.id, note: event.note, at: event.at });
  reduction.record('progress_posted', event.by, task.id, { note: event.note });
  if (task.role === 'supporting') {
    reduction.notify({ kind: 'department', department: leadTask(state).department, audience: 'staff' }, 'progress', task.id, event.note);
  }
}

function applyAssist(reduction: Reduction, event: AssistEvent): void {
  const state = reduction.state;
  requireOpen(state, 'assist');
  const department = departmentOf(event.by, 'assist');
  const lead = leadTask(state);
  if (lead.department !== department) reject('assist.lead_only', 'only the lead department asks others to assist');
  if (!Array.isArray(event.departments) || event.departments.length === 0) {
    reject('assist.departments_required', 'name at least one department to assist');
  }
  const seen = new Set<string>();
  for (const code of event.departments) {
    if (!isDepartmentCode(code)) reject('assist.department_code', `not a department code: ${JSON.stringify(code)}`);
    if (code === state.policy.dispatcher) reject('assist.not_dispatcher', 'the dispatcher routes issues; it does not assist');
    if (activeTaskOf(state, code) || seen.has(code)) reject('assist.already_involved', `${code} already has a task on this issue`);
    seen.add(code);
  }
  if (event.due !== undefined && !(event.due > event.at)) reject('assist.deadline_in_past', 'an assistance deadline must be in the future');
  const clocks = requireClocks(event, 'assist');
  const handle: Deadline =
    event.due !== undefined
      ? { due: event.due, reminders: clocks.custom && clocks.custom.due === event.due ? clocks.custom.reminders : [] }
      : clocks.assist;
  reduction.record('assistance_requested', event.by, lead.id, { departments: event.departments, reason: event.reason, due: handle.due });
  for (const code of event.departments) addTask(reduction, code, 'supporting', clocks.accept, handle, 0);
}

function applyTransfer(reduction: Reduction, event: TransferEvent): void {
  const state = reduction.state;
  requireOpen(state, 'transfer');
  const department = departmentOf(event.by, 'transfer');
  const lead = leadTask(state);
  if (lead.department !== department) reject('transfer.lead_only', 'only the department that owns the issue may transfer it');
  const verdict = judgeTransfer(
    {
      owner: lead.department,
      heldBy: state.heldBy,
      transfersMade: state.transfers.filter((t) => t.outcome === 'transferred').length,
      transferLimit: state.policy.policy.transferLimit,
      dispatcher: state.policy.dispatcher,
      ownerNamedByDispatcher: state.leadNamedByDispatcher,
      awaitingDispatcher: state.dispatchRequest !== undefined,
    },
    event,
  );
  if (verdict.verdict === 'refused') reject(verdict.rule, verdict.message);
  state.tally.transfersByDepartment[department] = (state.tally.transfersByDepartment[department] ?? 0) + 1;
  if (verdict.verdict === 'to_dispatcher') {
    state.transfers.push({ from: department, to: event.to, reason: event.reason, at: event.at, by: event.by.id, outcome: 'sent_to_dispatcher', rule: verdict.rule });
    state.dispatchRequest = { since: event.at, rule: verdict.rule, message: verdict.message, from: department, proposedTo: event.to, reason: event.reason };
    reduction.notice = { rule: verdict.rule, message: verdict.message };
    reduction.notify({ kind: 'dispatcher', department: state.policy.dispatcher }, 'dispatch_needed', lead.id, verdict.message);
    reduction.record('transfer_sent_to_dispatcher', event.by, lead.id, { from: department, to: event.to, reason: event.reason, rule: verdict.rule });
    return;
  }
  const clocks = requireClocks(event, 'transfer');
  state.transfers.push({ from: department, to: event.to, reason: event.reason, at: event.at, by: event.by.id, outcome: 'transferred' });
  reduction.record('issue_transferred', event.by, lead.id, { from: department, to: event.to, reason: event.reason });
  changeLead(reduction, event.to, clocks, 'transferred');
}

/** Hands the lead to another department: the old task ends, the new one must be accepted and its clocks restart. */
function changeLead(reduction: Reduction, department: string, clocks: ClocksAt, endedAs: 'transferred' | 'rerouted'): void {
  const state = reduction.state;
  const old = leadTask(state);
  const level = old.ladder.level;
  endTask(reduction, old, endedAs);
  reduction.notify({ kind: 'department', department: old.department, audience: 'staff' }, 'task_ended', old.id, endedAs);
  const supporting = activeTaskOf(state, department);
  if (supporting) endTask(reduction, supporting, 'closed');
  const task = addTask(reduction, department, 'lead', clocks.accept, undefined, level);
  state.leadTaskId = task.id;
  if (department !== state.policy.dispatcher) state.heldBy.push(department);
}

function applyRoute(reduction: Reduction, event: RouteEvent): void {
  const state = reduction.state;
  requireOpen(state, 'route');
  if (!event.by || event.by.role !== 'dispatcher' || !nonEmpty(event.by.id)) reject('route.dispatcher_only', 'only the dispatcher routes an issue by hand');
  if (!nonEmpty(event.reason)) reject('route.reason_required', "the dispatcher's decision needs a reason");
  if (!isDepartmentCode(event.lead)) reject('route.lead_required', `route names the lead department by its code, got ${JSON.stringify(event.lead)}`);
  if (event.lead === state.policy.dispatcher) reject('route.lead_not_dispatcher', 'the dispatcher names an owning department, not itself');
  const supporting = event.supporting ?? [];
  for (const code of supporting) {
    if (!isDepartmentCode(code) || code === event.lead || code === state.policy.dispatcher) {
      reject('route.supporting', `not a supporting department: ${JSON.stringify(code)}`);
    }
  }
  const clocks = requireClocks(event, 'route');
  const pending = state.dispatchRequest;
  delete state.dispatchRequest;
  state.leadNamedByDispatcher = true;
  const lead = leadTask(state);
  reduction.record('dispatcher_decided', event.by, lead.id, {
    lead: event.lead,
    supporting,
    reason: event.reason,
    ...(pending ? { settles: pending.rule, proposedTo: pending.proposedTo } : {}),
  });
  if (lead.department === event.lead) {
    reduction.notify({ kind: 'department', department: lead.department, audience: 'head' }, 'dispatcher_decided', lead.id, event.reason);
  } else {
    changeLead(reduction, event.lead, clocks, 'rerouted');
  }
  for (const code of supporting) if (!activeTaskOf(state, code)) addTask(reduction, code, 'supporting', clocks.accept, clocks.assist, 0);
}

/** The task a leader's message is about: the named one, else the lead task. */
function targetTask(state: IssueState, taskId: string | undefined, what: string): IssueTask {
  const task = taskId === undefined ? leadTask(state) : state.tasks[taskId];
  if (!task) reject(`${what}.unknown_task`, `no task ${taskId} on this issue`);
  if (!isActive(task)) reject(`${what}.task_not_active`, `task ${task.id} (${task.department}) is ${task.status}`);
  return task;
}

function requireHeadOfOwnDepartment(by: Actor, task: IssueTask, what: string): void {
  if (by.role === 'department_head' && by.department !== task.department) {
    reject(`${what}.own_department_head_only`, `a department head acts only on their own department's task (${task.department})`);
  }
}

function applyRequestExtension(reduction: Reduction, event: RequestExtensionEvent): void {
  const state = reduction.state;
  requireOpen(state, 'extension');
  const department = departmentOf(event.by, 'extension');
  const task = activeTaskOf(state, department);
  if (!task) reject('extension.no_task', `${department} has no task on this issue`);
  if (!nonEmpty(event.reason)) reject('extension.reason_required', 'asking for more time needs a reason');
  if (!task.handle) reject('extension.no_handling_deadline', 'the handling clock has not started (accept the task first)');
  if (!(event.until > task.handle.due)) reject('extension.must_be_later', 'an extension asks for a deadline later than the current one');
  if (task.extensionRequest) reject('extension.already_pending', 'an earlier request for more time is still waiting for a leader');
  task.extensionRequest = { requestedAt: event.at, by: event.by.id, reason: event.reason, until: event.until };
  const role = currentLevelRole(task.ladder, state.policy.policy.ladder);
  reduction.notify({ kind: 'leader', role, department }, 'extension_requested', task.id, event.reason);
  reduction.record('extension_requested', event.by, task.id, { reason: event.reason, until: event.until, currentDue: task.handle.due });
}

function requireGrantingLeader(state: IssueState, by: Actor, task: IssueTask, what: string): LeaderRole {
  const role = requireLeader(by, what);
  if (!mayGrantExtension(role, task.ladder, state.policy.policy.ladder)) {
    const needed = currentLevelRole(task.ladder, state.policy.policy.ladder);
    reject(`${what}.level_too_low`, `only a leader at the current level (${needed}) or above may decide; ${role} is below it`);
  }
  requireHeadOfOwnDepartment(by, task, what);
  return role;
}

function applyGrantExtension(reduction: Reduction, event: GrantExtensionEvent): void {
  const state = reduction.state;
  requireOpen(state, 'extension');
  const task = targetTask(state, event.taskId, 'extension');
  requireGrantingLeader(state, event.by, task, 'extension');
  const request = task.extensionRequest;
  if (!request) reject('extension.no_request', `${task.department} has not asked for more time`);
  const handle = task.handle;
  if (!handle) reject('extension.no_handling_deadline', 'the handling clock has not started');
  if (!(event.until > handle.due) || !(event.until > event.at)) {
    reject('extension.must_be_later', 'the granted deadline must be later than the current one and in the future');
  }
  const clocks = requireClocks(event, 'grant_extension');
  moveHandleDeadline(reduction, task, event.until, clocks, 'extension', event.by.id);
  delete task.extensionRequest;
  reduction.notify({ kind: 'department', department: task.department, audience: 'staff' }, 'extension_granted', task.id);
  reduction.record('extension_granted', event.by, task.id, { until: event.until, original: handle.original, requested: request.until });
}

function moveHandleDeadline(reduction: Reduction, task: IssueTask, due: EpochMs, clocks: ClocksAt, cause: DeadlineMoveCause, by: string): void {
  const reminders = clocks.custom && clocks.custom.due === due ? clocks.custom.reminders : [];
  if (task.handle) {
    task.handle.moves.push({ from: task.handle.due, to: due, at: reduction.at, cause, by });
    task.handle.due = due;
    task.handle.reminders = [...reminders];
  } else {
    task.handle = { due, original: due, reminders: [...reminders], moves: [] };
  }
  scheduleDeadline(reduction, task, 'handle');
  stopStall(reduction, task, 'handle');
}

function applyRefuseExtension(reduction: Reduction, event: RefuseExtensionEvent): void {
  const state = reduction.state;
  requireOpen(state, 'extension');
  const task = targetTask(state, event.taskId, 'extension');
  requireGrantingLeader(state, event.by, task, 'extension');
  if (!task.extensionRequest) reject('extension.no_request', `${task.department} has not asked for more time`);
  if (!nonEmpty(event.reason)) reject('extension.reason_required', 'refusing more time needs a reason');
  delete task.extensionRequest;
  reduction.notify({ kind: 'department', department: task.department, audience: 'staff' }, 'extension_refused', task.id, event.reason);
  reduction.record('extension_refused', event.by, task.id, { reason: event.reason });
}

function applyInstruct(reduction: Reduction, event: InstructEvent): void {
  const state = reduction.state;
  requireOpen(state, 'instruct');
  requireLeader(event.by, 'instruct');
  const task = targetTask(state, event.taskId, 'instruct');
  requireHeadOfOwnDepartment(event.by, task, 'instruct');
  if (!nonEmpty(event.text)) reject('instruct.text_required', 'an instruction (批示) needs its text');
  if (!(event.due > event.at)) reject('instruct.deadline_in_past', 'an instruction sets a deadline in the future');
  const clocks = requireClocks(event, 'instruct');
  const instruction: Instruction = { id: `instruction-${state.instructions.length + 1}`, taskId: task.id, by: event.by, text: event.text, at: event.at, due: event.due };
  state.instructions.push(instruction);
  moveHandleDeadline(reduction, task, event.due, clocks, 'instruction', event.by.id);
  reduction.notify({ kind: 'department', department: task.department, audience: 'head' }, 'instruction', task.id, event.text);
  reduction.record('instruction_issued', event.by, task.id, { instructionId: instruction.id, text: event.text, due: event.due });
}

function applyAcknowledge(reduction: Reduction, event: AcknowledgeEvent): void {
  const state = reduction.state;
  requireOpen(state, 'acknowledge');
  const department = departmentOf(event.by, 'acknowledge');
  const instruction = state.instructions.find((i) => i.id === event.instructionId);
  if (!instruction) reject('acknowledge.unknown_instruction', `no instruction ${JSON.stringify(event.instructionId)} on this issue`);
  const task = state.tasks[instruction.taskId];
  if (task.department !== department) reject('acknowledge.not_addressee', `the instruction is addressed to ${task.department}`);
  if (instruction.acknowledgedAt !== undefined) reject('acknowledge.already_acknowledged', 'the instruction was already acknowledged');
  instruction.acknowledgedAt = event.at;
  instruction.acknowledgedBy = event.by.id;
  reduction.notify({ kind: 'person', id: instruction.by.id }, 'instruction_acknowledged', task.id);
  reduction.record('instruction_acknowledged', event.by, task.id, { instructionId: instruction.id });
}

function applyResolve(reduction: Reduction, event: ResolveEvent): void {
  const state = reduction.state;
  requireOpen(state, 'resolve');
  const department = departmentOf(event.by, 'resolve');
  const task = activeTaskOf(state, department);
  if (!task) reject('resolve.no_task', `${department} has no task on this issue`);
  if (task.status !== 'accepted') reject('resolve.not_accepted', 'a task is accepted before it is resolved');
  if (!nonEmpty(event.description)) reject('resolve.description_required', 'a resolution needs a description of what was done');
  const unacknowledged = state.instructions.find((i) => i.taskId === task.id && i.acknowledgedAt === undefined);
  if (unacknowledged) reject('resolve.instruction_unacknowledged', `acknowledge instruction ${unacknowledged.id} before resolving`);

  if (task.role === 'supporting') {
    endTask(reduction, task, 'done');
    reduction.notify({ kind: 'department', department: leadTask(state).department, audience: 'staff' }, 'assist_completed', task.id, event.description);
    reduction.record('assistance_completed', event.by, task.id, { description: event.description, onTime: !task.handle || event.at <= task.handle.due });
    return;
  }
  if (task.department === state.policy.dispatcher) reject('resolve.dispatcher_routes', 'the dispatcher routes the issue to an owner rather than resolving it');
  const clocks = requireClocks(event, 'resolve');
  endTask(reduction, task, 'done');
  for (const other of Object.values(state.tasks)) if (isActive(other)) endTask(reduction, other, 'closed');
  state.status = 'resolved';
  state.resolutions.push({ by: event.by, description: event.description, at: event.at, verificationDue: clocks.verificationDue });
  reduction.schedule('verification', clocks.verificationDue);
  if (state.petition?.conclude) {
    state.petition.conclude.concludedAt = event.at;
    reduction.cancelWhere('petition/conclude');
  }
  reduction.notify({ kind: 'reporter', id: state.reporter.id }, 'verification_requested', task.id, event.description);
  reduction.record('issue_resolved', event.by, task.id, {
    description: event.description,
    onTime: !task.handle || event.at <= task.handle.due,
    verificationDue: clocks.verificationDue,
  });
}

function applyVerify(reduction: Reduction, event: VerifyEvent): void {
  const state = reduction.state;
  if (!event.by || event.by.role !== 'reporter' || event.by.id !== state.reporter.id) {
    reject('verify.reporter_only', 'only the reporter of the issue confirms or rejects its resolution');
  }
  if (state.status !== 'resolved') reject('verify.not_resolved', `the issue is ${state.status}; there is no resolution to verify`);
  const resolution = state.resolutions[state.resolutions.length - 1];
  if (event.at > resolution.verificationDue) reject('verify.window_closed', 'the verification window has closed');
  if (event.satisfaction !== undefined && !(Number.isInteger(event.satisfaction) && event.satisfaction >= 1 && event.satisfaction <= 5)) {
    reject('verify.satisfaction_range', `satisfaction is a whole number from 1 to 5, got ${JSON.stringify(event.satisfaction)}`);
  }
  if (event.outcome === 'confirm') {
    if (event.satisfaction === undefined) reject('verify.satisfaction_required', 'confirming a resolution gives a satisfaction from 1 to 5');
    resolution.verdict = { outcome: 'confirmed', at: event.at, satisfaction: event.satisfaction };
    reduction.cancel('verification');
    close(reduction, { outcome: 'confirmed', at: event.at, by: event.by.id, satisfaction: event.satisfaction });
    reduction.record('resolution_confirmed', event.by, state.leadTaskId, { satisfaction: event.satisfaction });
    return;
  }
  if (event.outcome !== 'reject') reject('verify.outcome', 'verify is "confirm" or "reject"');
  if (!nonEmpty(event.reason)) reject('verify.reason_required', 'rejecting a resolution needs a reason');
  const clocks = requireClocks(event, 'verify');
  resolution.verdict = { outcome: 'rejected', at: event.at, reason: event.reason, ...(event.satisfaction !== undefined ? { satisfaction: event.satisfaction } : {}) };
  reduction.cancel('verification');
  const lead = leadTask(state);
  state.status = 'open';
  state.reopenCount += 1;
  state.tally.rejectionsByDepartment[lead.department] = (state.tally.rejectionsByDepartment[lead.department] ?? 0) + 1;
  lead.status = 'accepted';
  delete lead.endedAt;
  const handle = lead.handle ?? tracked(clocks.handle);
  if (lead.handle) handle.moves.push({ from: handle.due, to: clocks.handle.due, at: event.at, cause: 'reopened', by: event.by.id });
  handle.due = clocks.handle.due;
  handle.reminders = [...clocks.handle.reminders];
  lead.handle = handle;
  scheduleDeadline(reduction, lead, 'handle');
  const petition = state.petition;
  if (petition?.conclude) {
    delete petition.conclude.concludedAt;
    scheduleStatutory(reduction, 'conclude', petition.conclude);
  }
  reduction.notify({ kind: 'department', department: lead.department, audience: 'head' }, 'reopened', lead.id, event.reason);
  reduction.record('resolution_rejected', event.by, lead.id, { reason: event.reason, countedAgainst: lead.department, handleBy: handle.due });
}

function close(reduction: Reduction, closure: IssueClosure): void {
  const state = reduction.state;
  state.status = closure.outcome === 'withdrawn' ? 'withdrawn' : 'closed';
  state.closure = closure;
  for (const key of Object.keys(state.timers).sort()) reduction.cancel(key);
  reduction.commands.push({ type: 'issue_closed', issueId: state.issueId, outcome: closure.outcome, at: closure.at });
}

function applyWithdraw(reduction: Reduction, event: WithdrawEvent): void {
  const state = reduction.state;
  const byReporter = event.by?.role === 'reporter' && event.by.id === state.reporter.id;
  const byDispatcher = event.by?.role === 'dispatcher' && nonEmpty(event.by.id);
  if (!byReporter && !byDispatcher) reject('withdraw.reporter_or_dispatcher', 'only the reporter or the dispatcher withdraws an issue');
  if (state.status !== 'open' && state.status !== 'resolved') reject('withdraw.already_closed', `the issue is already ${state.status}`);
  if (!nonEmpty(event.reason)) reject('withdraw.reason_required', 'withdrawing an issue needs a reason');
  for (const task of Object.values(state.tasks)) {
    if (!isActive(task)) continue;
    endTask(reduction, task, 'closed');
    reduction.notify({ kind: 'department', department: task.department, audience: 'staff' }, 'withdrawn', task.id, event.reason);
  }
  close(reduction, { outcome: 'withdrawn', at: event.at, by: event.by.id, reason: event.reason });
  reduction.record('issue_withdrawn', event.by, undefined, { reason: event.reason });
}

function applyExtendStatutoryTerm(reduction: Reduction, event: ExtendStatutoryTermEvent): void {
  const state = reduction.state;
  const petition = state.petition;
  const statute = state.policy.petitionStatute;
  if (!petition || !statute) reject('statutory_extension.not_a_petition', 'only a petition has a statutory term');
  const role = requireLeader(event.by, 'statutory_extension');
  if (leaderRank(role) < leaderRank('responsible_leader')) {
    reject('statutory_extension.zone_leader_only', `${statute.regulation}: an extension is approved by a zone leader, not a department head`);
  }
  if (!petition.conclude) reject('statutory_extension.not_accepted', 'the petition has not been accepted yet; there is no conclusion deadline to extend');
  if (petition.conclude.concludedAt !== undefined || state.status === 'closed' || state.status === 'withdrawn') {
    reject('statutory_extension.already_concluded', 'the petition is concluded');
  }
  if (event.at >= petition.conclude.due) reject('statutory_extension.after_deadline', 'the conclusion deadline has passed; it can no longer be extended');
  if (!nonEmpty(event.reason)) reject('statutory_extension.reason_required', 'an extension needs a reason (情况复杂)');
  const check = checkPetitionExtension(statute, petition.extensionsUsed, event.extension);
  if (!check.ok) reject(check.rule, check.message);
  if (!event.deadline || !(event.deadline.due > petition.conclude.due)) {
    reject('statutory_extension.must_be_later', 'the extended deadline (computePetitionExtension) must be later than the current one');
  }
  const previousDue = petition.conclude.due;
  petition.conclude.due = event.deadline.due;
  petition.conclude.warnings = [...event.deadline.warnings];
  petition.conclude.extension = { by: event.by.id, reason: event.reason, extension: event.extension, at: event.at, previousDue };
  petition.extensionsUsed += 1;
  scheduleStatutory(reduction, 'conclude', petition.conclude);
  reduction.notify({ kind: 'department', department: leadTask(state).department, audience: 'head' }, 'statutory_extended', state.leadTaskId, event.reason);
  reduction.record('statutory_term_extended', event.by, state.leadTaskId, { previousDue, due: event.deadline.due, extension: event.extension, regulation: petition.regulation });
}

function scheduleStatutory(reduction: Reduction, which: 'accept_decision' | 'conclude', deadline: StatutoryDeadline): void {
  const key = `petition/${which}`;
  reduction.cancelWhere(key);
  deadline.warnings.forEach((at, i) => {
    if (at > reduction.at) reduction.schedule(`${key}/warn/${i}`, at);
  });
  if (deadline.due > reduction.at) reduction.schedule(key, deadline.due);
}

// ---------------------------------------------------------------- timers

function applyTimer(reduction: Reduction, event: TimerFiredEvent): void {
  const state = reduction.state;
  const due = state.timers[event.key];
  // a timer that was cancelled or moved since it was set: nothing to do
  if (due === undefined || due > event.at) return;
  delete state.timers[event.key];

  if (event.key === 'verification') {
    if (state.status !== 'resolved') return;
    const resolution = state.resolutions[state.resolutions.length - 1];
    resolution.verdict = { outcome: 'unconfirmed', at: event.at };
    close(reduction, { outcome: 'unconfirmed', at: event.at });
    reduction.record('closed_unconfirmed', undefined, state.leadTaskId, { verificationDue: resolution.verificationDue });
    return;
  }
  const statutory = /^petition\/(accept_decision|conclude)(?:\/warn\/(\d+))?$/.exec(event.key);
  if (statutory) return applyStatutoryTimer(reduction, statutory[1] as 'accept_decision' | 'conclude', statutory[2] !== undefined);

  const taskTimer = /^task\/([^/]+)\/(accept|handle|ladder)(?:\/remind\/(\d+))?$/.exec(event.key);
  if (!taskTimer) return;
  const task = state.tasks[taskTimer[1]];
  if (!task || !isActive(task) || state.status !== 'open') return;
  const which = taskTimer[2] as StallCause | 'ladder';
  const policy = state.policy.policy;

  if (taskTimer[3] !== undefined) {
    if (which === 'ladder') return;
    state.tally.reminders += 1;
    const deadline = which === 'accept' ? task.accept : task.handle;
    reduction.notify({ kind: 'department', department: task.department, audience: 'staff' }, 'reminder', task.id, `${which} by ${deadline?.due}`);
    reduction.record('reminder_sent', undefined, task.id, { deadline: which, due: deadline?.due });
    return;
  }
  const clocks = requireClocks(event, 'timer_fired');
  if (which === 'ladder') {
    const { ladder, step } = advanceLadder(task.ladder, policy.ladder, policy.topRepeat, clocks.escalationWaits);
    task.ladder = ladder;
    if (step) emitLadderStep(reduction, task, step, ladder.stall?.cause ?? 'handle');
    return;
  }
  if (which === 'accept' && task.status !== 'assigned') return;
  const deadline = which === 'accept' ? task.accept : task.handle;
  if (!deadline) return;
  task.missedDeadlines.push({ cause: which, due: deadline.due, at: event.at });
  reduction.notify({ kind: 'department', department: task.department, audience: 'head' }, 'deadline_missed', task.id, which);
  reduction.record('deadline_missed', undefined, task.id, { deadline: which, due: deadline.due, role: task.role });
  const { ladder, step } = startStall(task.ladder, which, policy.ladder, policy.topRepeat, clocks.escalationWaits);
  task.ladder = ladder;
  if (step) emitLadderStep(reduction, task, step, which);
}

function emitLadderStep(reduction: Reduction, task: IssueTask, step: LadderStep, cause: StallCause): void {
  const state = reduction.state;
  if (step.kind !== 'exhausted') {
    state.tally.escalations += 1;
    reduction.commands.push({
      type: 'escalated',
      issueId: state.issueId,
      taskId: task.id,
      department: task.department,
      level: step.level,
      role: step.role,
      repeat: step.repeat,
      kind: step.kind,
      cause,
      at: reduction.at,
    });
  }
  reduction.record(step.kind === 'exhausted' ? 'escalation_exhausted' : 'escalated', undefined, task.id, {
    level: step.level,
    role: step.role,
    repeat: step.repeat,
    kind: step.kind,
    cause,
  });
  if (task.ladder.nextStepAt !== undefined) reduction.schedule(ladderKey(task), task.ladder.nextStepAt);
  else if (task.ladder.exhausted && step.kind !== 'exhausted') {
    reduction.record('escalation_exhausted', undefined, task.id, { level: step.level, role: step.role, repeats: task.ladder.topRepeats });
  }
}

function applyStatutoryTimer(reduction: Reduction, which: 'accept_decision' | 'conclude', warning: boolean): void {
  const state = reduction.state;
  const petition = state.petition;
  if (!petition || state.status === 'withdrawn') return;
  const deadline = which === 'accept_decision' ? petition.acceptDecision : petition.conclude;
  if (!deadline) return;
  const settled = which === 'accept_decision' ? petition.acceptDecision.decidedAt !== undefined : petition.conclude?.concludedAt !== undefined;
  if (settled) return;
  const lead = leadTask(state);
  const recipients: Recipient[] = [
    { kind: 'department', department: lead.department, audience: 'head' },
    { kind: 'dispatcher', department: state.policy.dispatcher },
  ];
  const topic: NotificationTopic = warning ? 'statutory_warning' : 'statutory_deadline_missed';
  for (const to of recipients) reduction.notify(to, topic, lead.id, `${petition.regulation}: ${which} due ${deadline.due}`);
  if (!warning) petition.missed.push(which);
  reduction.record(warning ? 'statutory_warning' : 'statutory_deadline_missed', undefined, lead.id, { deadline: which, due: deadline.due, regulation: petition.regulation });
}

// ================================================================ reading the state

/** The earliest pending timer, for the workflow to sleep on. */
export function nextTimer(state: IssueState): { key: string; at: EpochMs } | undefined {
  let next: { key: string; at: EpochMs } | undefined;
  for (const [key, at] of Object.entries(state.timers)) {
    if (!next || at < next.at || (at === next.at && key < next.key)) next = { key, at };
  }
  return next;
}

/** Timers due at `now`, earliest first. */
export function dueTimers(state: IssueState, now: EpochMs): Array<{ key: string; at: EpochMs }> {
  return Object.entries(state.timers)
    .filter(([, at]) => at <= now)
    .map(([key, at]) => ({ key, at }))
    .sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1));
}

/** How long the issue has been open; counted from receipt, whatever transfers or re-acceptances happened. */
export function issueAge(state: IssueState, now: EpochMs): number {
  const end = state.closure ? state.closure.at : now;
  return Math.max(0, end - state.receivedAt);
}

export function isIssueFinished(state: IssueState): boolean {
  return state.status === 'closed' || state.status === 'withdrawn';
}

/** The lead task and its department. */
export function currentOwner(state: IssueState): { taskId: string; department: string; status: TaskStatus } {
  const task = leadTask(state);
  return { taskId: task.id, department: task.department, status: task.status };
}

/** The ladder level the lead task has reached (0 = not escalated) and its role. */
export function currentEscalation(state: IssueState): { level: number; role?: LeaderRole } {
  const task = leadTask(state);
  return task.ladder.level === 0 ? { level: 0 } : { level: task.ladder.level, role: state.policy.policy.ladder[task.ladder.level - 1].role };
}
