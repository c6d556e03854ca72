// The public API's shapes (/api/v1), as the console reads them. Instants are ISO-8601 strings, except inside `live`
// (the workflow's own view), which keeps epoch milliseconds. Pure types and closed lists: no DOM, no React, so the
// console's pure logic (../logic) can use them and compile for Node's test runner too.

export const ISSUE_CATEGORIES = [
  'land_acquisition',
  'demolition',
  'permit',
  'petition',
  'site_obstruction',
  'public_opinion',
  'utilities',
  'funding',
  'other',
] as const;
export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const ISSUE_STATUSES = ['open', 'resolved', 'closed', 'withdrawn'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

export const TASK_STATUSES = ['assigned', 'accepted', 'done', 'transferred', 'rerouted', 'closed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const ACTOR_ROLES = [
  'reporter',
  'staff',
  'department_head',
  'responsible_leader',
  'zone_director',
  'party_secretary',
  'dispatcher',
  'administrator',
] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

export const LEADER_ROLES = ['department_head', 'responsible_leader', 'zone_director', 'party_secretary'] as const;
export type LeaderRole = (typeof LEADER_ROLES)[number];

export const ISSUE_SORTS = [
  '-receivedAt',
  'receivedAt',
  'handleDue',
  '-handleDue',
  '-escalationLevel',
  'escalationLevel',
] as const;
export type IssueSort = (typeof ISSUE_SORTS)[number];

export type EpochMs = number;

/** RFC 9457 problem details, the one error shape of the API. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  rule?: string;
  errors?: Array<{ field: string; rule: string; message: string }>;
}

export interface User {
  id: string;
  username: string;
  name: string;
  roles: ActorRole[];
  departmentId: string | null;
}

export interface TokenResponse {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: User;
}

export interface PersonRef {
  id: string;
  name: string | null;
}
export interface DepartmentRef {
  id: string;
  name: string | null;
}

export interface IssueListItem {
  id: string;
  title: string;
  projectId: string;
  projectName: string;
  category: IssueCategory;
  risk: RiskLevel;
  status: IssueStatus;
  leadDepartment: string;
  supportingDepartments: string[];
  escalationLevel: number;
  acceptDue: string;
  handleDue: string | null;
  handleDueOriginal: string | null;
  overdue: boolean;
  effectsFailing: boolean;
  /** a pending deadline falls in a year without an arrangement (放假调休): computed on weekends only */
  calendarUnconfirmed: boolean;
  receivedAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface IssueTask {
  taskId: string;
  department: DepartmentRef;
  role: 'lead' | 'supporting';
  status: TaskStatus;
  assignedAt: string;
  acceptedAt: string | null;
  acceptedLate: boolean | null;
  acceptDue: string;
  handleDue: string | null;
  handleDueOriginal: string | null;
  endedAt: string | null;
  escalationLevel: number;
  overdue: boolean;
}

export interface Escalation {
  issueId: string;
  taskId: string;
  level: number;
  repeat: number;
  role: LeaderRole;
  department: string;
  cause: 'accept' | 'handle';
  kind: 'climbed' | 'renotified' | 'repeated';
  reachedAt: string;
  dueAt: string | null;
  firedAt: string;
  recipients: PersonRef[];
}

export interface IssueEvent {
  sequence: number;
  name: string;
  at: string;
  actor: { id: string; name: string | null; role: string | null; department: string | null } | null;
  taskId: string | null;
  data: Record<string, unknown> | null;
}

export interface Instruction {
  id: string;
  taskId: string;
  by: { id: string; role: string; department: string | null };
  text: string;
  at: string;
  due: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

export interface Petition {
  regulation: string;
  acceptDecision: { due: string; warnings: string[]; decidedAt: string | null };
  conclude: {
    due: string;
    warnings: string[];
    original: string;
    concludedAt: string | null;
    extension: { by: string; reason: string; extension: string; at: string; previousDue: string } | null;
  } | null;
  extensionsUsed: number;
  missed: Array<'accept_decision' | 'conclude'>;
}

/** The workflow's own state of one issue (epoch milliseconds), as `live.state` carries it. Only what the console reads. */
export interface LiveDeadline {
  due: EpochMs;
  original: EpochMs;
  moves: Array<{
    from: EpochMs;
    to: EpochMs;
    at: EpochMs;
    cause: 'extension' | 'instruction' | 'reopened' | 'calendar';
    /** who moved it: a person's id, or `calendar` (the working calendar changed) */
    by: string;
  }>;
}
export interface LiveTask {
  id: string;
  department: string;
  role: 'lead' | 'supporting';
  status: TaskStatus;
  accept: LiveDeadline;
  handle?: LiveDeadline;
  ladder: { level: number };
  extensionRequest?: { requestedAt: EpochMs; by: string; reason: string; until: EpochMs };
}
export interface LiveState {
  issueId: string;
  status: IssueStatus;
  reporter: { id: string };
  leadTaskId: string;
  tasks: Record<string, LiveTask>;
  policy: {
    policy: { ladder: Array<{ role: LeaderRole; wait?: string }>; transferLimit?: number };
    dispatcher: string;
    petitionStatute?: { maxExtensions: number; maxExtension: string };
  };
  heldBy?: string[];
  dispatchRequest?: { since: EpochMs; rule: string; message: string; from: string; proposedTo: string; reason: string };
  leadNamedByDispatcher?: boolean;
  finalRouting?: true;
  instructions: Array<{ id: string; taskId: string; acknowledgedAt?: EpochMs }>;
  resolutions: Array<{ at: EpochMs; verificationDue: EpochMs; verdict?: unknown }>;
  petition?: {
    conclude?: { due: EpochMs; concludedAt?: EpochMs };
    extensionsUsed: number;
  };
}
export interface LiveView {
  state: LiveState;
  owner?: { taskId: string; department: string; status: string };
  escalation?: { level: number; role?: string };
  ageMs?: number;
  nextTimer?: { key: string; at: EpochMs };
}

export interface IssueDetail {
  id: string;
  workflowId: string;
  title: string;
  description: string;
  location: string | null;
  attachments: string[];
  projectId: string;
  projectName: string;
  category: IssueCategory;
  risk: RiskLevel;
  status: IssueStatus;
  outcome: 'confirmed' | 'unconfirmed' | 'withdrawn' | null;
  reporter: PersonRef;
  leadDepartment: DepartmentRef;
  supportingDepartments: string[];
  escalationLevel: number;
  escalationRole: string | null;
  escalated: boolean;
  stalled: boolean;
  overdue: boolean;
  deadlines: { acceptDue: string; handleDue: string | null; handleDueOriginal: string | null };
  transferCount: number;
  reopenCount: number;
  satisfaction: number | null;
  policyVersion: string;
  receivedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  updatedAt: string;
  tasks: IssueTask[];
  escalations: Escalation[];
  instructions: Instruction[];
  petition: Petition | null;
  timeline: IssueEvent[];
  effects: { status: 'written' | 'pending' | 'failing'; pending: number | null; failingSince: string | null };
  /** a pending deadline falls in a year without an arrangement (放假调休): computed on weekends only */
  calendarUnconfirmed: boolean;
  live: LiveView | null;
  liveError?: string;
}

export interface InboxTask {
  issueId: string;
  title: string;
  projectId: string;
  projectName: string;
  category: IssueCategory;
  risk: RiskLevel;
  issueStatus: IssueStatus;
  taskId: string;
  department: string;
  role: 'lead' | 'supporting';
  status: TaskStatus;
  open: boolean;
  assignedAt: string;
  acceptedAt: string | null;
  acceptDue: string;
  handleDue: string | null;
  handleDueOriginal: string | null;
  endedAt: string | null;
  escalationLevel: number;
  nextDeadline: 'accept' | 'handle' | null;
  nextDue: string | null;
  timeLeftMs: number | null;
  overdue: boolean;
}

export interface InboxNotification {
  id: string;
  topic: string;
  issueId: string;
  issueTitle: string | null;
  taskId: string | null;
  detail: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface InboxEscalation extends Escalation {
  issueTitle: string;
  projectId: string;
  projectName: string;
  issueStatus: IssueStatus;
  issueEscalationLevel: number;
  notification: InboxNotification | null;
}

export interface Project {
  id: string;
  name: string;
  kind: 'industrial' | 'road' | 'residential' | 'utilities' | 'public_service';
  status: 'planned' | 'under_construction' | 'completed' | 'suspended';
  majorIndustrial: boolean;
  publiclyCommitted: boolean;
  owner: string | null;
  location: string | null;
  plannedCompletion: string | null;
  responsibleLeader: PersonRef | null;
  leadDepartment: DepartmentRef | null;
  openIssues: number;
  escalatedOpenIssues: number;
}

export interface ProjectDetail extends Project {
  openIssuesPage: Page<IssueListItem>;
}

export interface Department {
  id: string;
  name: string;
  nameEn: string;
  kind: 'department' | 'leadership' | 'dispatch';
  openTasks: number;
  overdueTasks: number;
}

export interface IntakeRequest {
  projectId: string;
  category: IssueCategory;
  risk: RiskLevel;
  title: string;
  description: string;
  location?: string;
}

export interface IntakeAnswer {
  id: string;
  status: string;
  leadDepartment?: string;
  supportingDepartments?: string[];
  deadlines?: { accept: string | null; handle: string | null };
}

export interface IssueListFilters {
  status?: IssueStatus[];
  category?: IssueCategory[];
  risk?: RiskLevel[];
  projectId?: string;
  department?: string;
  escalated?: boolean;
  overdue?: boolean;
  createdFrom?: string;
  createdTo?: string;
  q?: string;
  sort?: IssueSort;
  limit?: number;
  cursor?: string;
}

/** The answer of an action: what the workflow did, or that it is recorded and applied in its turn (202). */
export interface ActionAnswer {
  issueId: string;
  status?: IssueStatus;
  sequence?: number;
  notice?: { rule: string; message: string };
  recorded?: true;
}

/** GET /auth/demo-users */
export interface DemoUsers {
  demo: boolean;
  password: string | null;
  users: Array<{
    username: string;
    name: string;
    title: string | null;
    roles: string[];
    departmentId: string | null;
  }>;
}

/** GET /issues/summary: the open issues the caller may see, counted. */
export interface IssueSummary {
  open: number;
  overdue: number;
  escalated: number;
  byCategory: Array<{ category: IssueCategory; open: number; overdue: number; escalated: number }>;
  byLevel: Array<{ level: number; open: number }>;
  at: string;
}

// --- notices beyond the inbox: channels and their deliveries ---

/** The kinds of notice channel: the group robots of WeCom 企业微信, DingTalk 钉钉, Feishu 飞书, a signed webhook, e-mail. */
export const CHANNEL_KINDS = ['wecom', 'dingtalk', 'feishu', 'webhook', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** The vendors' limits, messages a minute (a channel may set a lower one): the domain's CHANNEL_LIMITS. */
export const CHANNEL_PER_MINUTE: Readonly<Record<ChannelKind, number>> = {
  wecom: 20,
  dingtalk: 20,
  feishu: 100,
  webhook: 600,
  email: 60,
};

/** Which kinds must have a signing secret, which may, and which take none (the API's rule). */
export const SECRET_REQUIRED_KINDS: readonly ChannelKind[] = ['webhook'];
export const SECRET_REFUSED_KINDS: readonly ChannelKind[] = ['wecom', 'email'];
export const SECRET_MIN_LENGTH = 8;

export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export type DeliveryCounts = Record<DeliveryStatus, number>;

/** A channel as reads show it: never its endpoint URL or its secret, only their last four characters. */
export interface NoticeChannel {
  id: string;
  kind: ChannelKind;
  name: string;
  departmentId: string | null;
  personId: string | null;
  /** `••••1234` (an e-mail channel's address in full) */
  endpointHint: string;
  secretHint: string | null;
  enabled: boolean;
  quietHours: boolean;
  /** the channel's own limit; null: the vendor's */
  perMinute: number | null;
  limit: { perMinute: number; perSecond?: number };
  pausedUntil: string | null;
  rateLimited: number;
  createdAt: string;
  createdBy: string | null;
  disabledAt: string | null;
  disabledBy: string | null;
  deliveries: DeliveryCounts;
}

/** Body of POST /notice-channels. */
export interface NoticeChannelInput {
  kind: ChannelKind;
  name: string;
  departmentId?: string | null;
  personId?: string | null;
  endpoint: string;
  secret?: string | null;
  quietHours?: boolean;
  perMinute?: number | null;
}

/** Body of PATCH /notice-channels/{id}: only what it names changes. */
export interface NoticeChannelChange {
  name?: string;
  endpoint?: string;
  secret?: string | null;
  quietHours?: boolean;
  perMinute?: number | null;
  enabled?: boolean;
}

/** The answer of POST /notice-channels/{id}/test (202). */
export interface TestDelivery {
  id: string;
  channelId: string;
  status: DeliveryStatus;
  link: string;
}

/** One notice on one channel, and how sending it went. */
export interface Delivery {
  id: string;
  channel: { id: string; kind: ChannelKind; name: string };
  /** null for a test message */
  issueId: string | null;
  /** the notice's topic (`test` for a test message) */
  topic: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatus: string | null;
  lastError: string | null;
  /** the last attempt had no answer: the vendor may have taken it, so a resend may repeat it */
  ambiguous: boolean;
  holdUntil: string | null;
  nextAttemptAt: string;
  sentAt: string | null;
  createdAt: string;
  messageId: string | null;
}

export interface DeliveryFilters {
  status?: DeliveryStatus;
  channelId?: string;
  kind?: ChannelKind;
  issueId?: string;
  limit?: number;
  cursor?: string;
}

/** GET /people/{id}/contacts (administrators). */
export interface PersonContacts {
  id: string;
  name: string;
  mobile: string | null;
  email: string | null;
  feishuOpenId?: string | null;
}

// ---- the working calendar (GET/PUT /calendar…) ---------------------------------------------------------------------

export type CalendarDayKind = 'holiday' | 'workday';
export type CalendarSource = 'official' | 'policy' | 'zone';

export interface CalendarStatus {
  revision: number;
  updatedAt: string;
  updatedBy: string;
  cause: string;
  knownYears: number[];
  /** the current year if unknown, and from 1 November the next year if unknown */
  missingYears: number[];
  advice?: string;
  unconfirmedIssues: number;
  issuesOnEarlierRevisions: number;
}

export interface CalendarDay {
  date: string;
  kind: CalendarDayKind;
  name: string;
  notice?: string;
  source: CalendarSource;
}

export interface CalendarYear {
  year: number;
  known: boolean;
  notice?: string;
  source?: CalendarSource;
  holidays: number;
  workdays: number;
  days: CalendarDay[];
}

export interface CalendarDayInput {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

/** PUT /calendar/years/{year}: the notice's name and its text or its dates (what the export gives back). */
export interface CalendarYearLoad {
  notice: string;
  text?: string;
  days?: CalendarDayInput[];
}

export interface CalendarRevision {
  revision: number;
  at: string;
  by: string;
  cause: string;
  action: string;
  years?: number[];
  added?: string[];
  changed?: string[];
  removed?: string[];
  retimedAt?: string;
}

export interface CalendarChangeResult {
  revision: number;
  changedDates: string[];
  retimingWorkflowId?: string;
  openIssues: number;
}
