import { ApplicationFailure } from '@temporalio/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { IssueEffectsInput } from '../../libs/contracts/src';
import { currentEscalation, type EpochMs, type IssueCommand, type IssueState, type IssueTask, type LeaderRole, type NotificationTopic, type Recipient } from '../../libs/domain/src';

export interface IssueEffectsDeps {
  dataSource: DataSource;
}

/** What one application wrote; kept in the workflow's history as the activity's result. */
export interface IssueEffectsResult {
  issueId: string;
  sequence: number;
  /** `written`: the issue and its tasks now show this state; `stale`: a newer (or the same) state was already there */
  readModel: 'written' | 'stale';
  /** rows added by this application (0 when a retry finds everything already written) */
  events: number;
  escalations: number;
  notifications: number;
}

/**
 * Writes the effects of one reduction: the issue's read model (issues, issue_tasks), the event log, the escalations
 * and the inbox notifications, in one transaction.
 *
 * Idempotent under retries and out-of-order delivery:
 * - the issue and its tasks are rewritten only when the batch's state is newer (`state.sequence` greater than the
 *   stored one), under the issue row's lock, so an older batch never overwrites a newer one;
 * - events are keyed by (issue, sequence), escalations by (issue, task, level, repeat, reached at), notifications
 *   by `${issueId}:${state.sequence}:${commandIndex}:${personId or -}`; all inserted with ON CONFLICT DO NOTHING,
 *   so a late or repeated batch adds only what is missing.
 *
 * Inbox rows come from the `notify` commands and from the `escalated` ones (topic `escalated`, for the leaders the
 * step reaches): the reducer does not send a separate notice for an escalation.
 */
export function createIssueEffectsActivities({ dataSource }: IssueEffectsDeps) {
  return {
    async applyIssueEffects(input: IssueEffectsInput): Promise<IssueEffectsResult> {
      checkInput(input);
      return dataSource.transaction(async (manager) => {
        const written = await upsertIssue(manager, input);
        if (written) await upsertTasks(manager, input.state);
        const directory = new RecipientDirectory(manager, input.state.projectId, input.state.policy.dispatcher);
        return {
          issueId: input.state.issueId,
          sequence: input.state.sequence,
          readModel: written ? 'written' : 'stale',
          events: await insertEvents(manager, input),
          escalations: await insertEscalations(manager, input, directory),
          notifications: await insertNotifications(manager, input, directory),
        };
      });
    },
  };
}

// ================================================================ input

function checkInput(input: IssueEffectsInput): void {
  const state = input?.state;
  const refuse = (message: string) => ApplicationFailure.nonRetryable(`issue effects refused: ${message}`, 'issue_effects.invalid');
  if (!state || typeof state.issueId !== 'string' || state.issueId === '') throw refuse('the batch carries no issue state');
  if (!Number.isInteger(state.sequence) || state.sequence < 1) throw refuse(`state.sequence must be a positive integer, got ${JSON.stringify(state.sequence)}`);
  if (!state.tasks?.[state.leadTaskId]) throw refuse(`the state names lead task ${JSON.stringify(state.leadTaskId)}, which it does not hold`);
  if (!Number.isFinite(input.processedAt)) throw refuse('processedAt is required');
  for (const command of input.commands ?? []) {
    if ('issueId' in command && command.issueId !== state.issueId) {
      throw refuse(`a ${command.type} command is for issue ${command.issueId}, the batch is for ${state.issueId}`);
    }
  }
}

function iso(at: EpochMs | undefined): string | null {
  return at === undefined ? null : new Date(at).toISOString();
}

function isActive(task: IssueTask): boolean {
  return task.status === 'assigned' || task.status === 'accepted';
}

// ================================================================ issues and tasks

/** The columns of `issues` derived from the state (and the workflow's meta). */
function issueRow(input: IssueEffectsInput): Record<string, unknown> {
  const { state, meta } = input;
  const tasks = Object.values(state.tasks);
  const lead = state.tasks[state.leadTaskId];
  const escalation = currentEscalation(state);
  const supporting = [...new Set(tasks.filter((t) => t.role === 'supporting' && isActive(t)).map((t) => t.department))];
  const lastResolution = state.resolutions[state.resolutions.length - 1];
  // a rejected resolution reopened the issue: it no longer counts as resolved
  const standing = lastResolution && lastResolution.verdict?.outcome !== 'rejected' ? lastResolution : undefined;
  return {
    id: state.issueId,
    workflow_id: input.workflowId,
    project_id: state.projectId,
    category: state.category,
    risk: state.risk,
    title: meta.title,
    description: state.description,
    location: state.location ?? null,
    attachments: JSON.stringify(meta.attachments ?? []),
    reporter_id: state.reporter.id,
    status: state.status,
    outcome: state.closure?.outcome ?? null,
    lead_task_id: lead.id,
    lead_department_id: lead.department,
    supporting_department_ids: supporting,
    escalation_level: escalation.level,
    escalation_role: escalation.role ?? null,
    escalated: state.tally.escalations > 0,
    stalled: tasks.some((t) => isActive(t) && t.ladder.stall !== undefined),
    accept_due: iso(lead.accept.due),
    handle_due: iso(lead.handle?.due),
    handle_due_original: iso(lead.handle?.original),
    policy_version: state.policy.version,
    received_at: iso(state.receivedAt),
    resolved_at: iso(standing?.at),
    closed_at: iso(state.closure?.at),
    satisfaction: state.closure?.satisfaction ?? null,
    transfer_count: state.transfers.length,
    reopen_count: state.reopenCount,
    sequence: state.sequence,
    snapshot: JSON.stringify(state),
  };
}

const JSONB_COLUMNS = new Set(['attachments', 'snapshot']);

/** Inserts or rewrites the issue row; returns false when the stored row is already at this sequence or later. */
async function upsertIssue(manager: EntityManager, input: IssueEffectsInput): Promise<boolean> {
  const row = issueRow(input);
  const columns = Object.keys(row);
  const values = columns.map((column, i) => `$${i + 1}${JSONB_COLUMNS.has(column) ? '::jsonb' : ''}`);
  const updates = columns.filter((column) => column !== 'id').map((column) => `${column} = EXCLUDED.${column}`);
  const rows = (await manager.query(
    `INSERT INTO issues (${columns.join(', ')}) VALUES (${values.join(', ')})
     ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}, updated_at = now()
     WHERE issues.sequence < EXCLUDED.sequence
     RETURNING id`,
    columns.map((column) => row[column]),
  )) as unknown[];
  return rows.length === 1;
}

/** Tasks are never removed from the state: each is inserted, or rewritten when it changed. */
async function upsertTasks(manager: EntityManager, state: IssueState): Promise<void> {
  const tasks = Object.values(state.tasks).map((task) => ({
    task_id: task.id,
    department_id: task.department,
    role: task.role,
    status: task.status,
    assigned_at: iso(task.assignedAt),
    accepted_at: iso(task.acceptedAt),
    accepted_late: task.acceptedLate ?? null,
    accept_due: iso(task.accept.due),
    handle_due: iso(task.handle?.due),
    handle_due_original: iso(task.handle?.original),
    ended_at: iso(task.endedAt),
    escalation_level: task.ladder.level,
  }));
  const changing = ['department_id', 'role', 'status', 'accepted_at', 'accepted_late', 'accept_due', 'handle_due', 'handle_due_original', 'ended_at', 'escalation_level'];
  await manager.query(
    `INSERT INTO issue_tasks (issue_id, task_id, department_id, role, status, assigned_at, accepted_at, accepted_late,
                              accept_due, handle_due, handle_due_original, ended_at, escalation_level)
     SELECT $1, t.task_id, t.department_id, t.role, t.status, t.assigned_at, t.accepted_at, t.accepted_late,
            t.accept_due, t.handle_due, t.handle_due_original, t.ended_at, t.escalation_level
     FROM jsonb_to_recordset($2::jsonb) AS t(task_id text, department_id text, role text, status text, assigned_at timestamptz,
            accepted_at timestamptz, accepted_late boolean, accept_due timestamptz, handle_due timestamptz,
            handle_due_original timestamptz, ended_at timestamptz, escalation_level integer)
     ON CONFLICT (issue_id, task_id) DO UPDATE SET ${changing.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, updated_at = now()
     WHERE (${changing.map((c) => `issue_tasks.${c}`).join(', ')}) IS DISTINCT FROM (${changing.map((c) => `EXCLUDED.${c}`).join(', ')})`,
    [state.issueId, JSON.stringify(tasks)],
  );
}

// ================================================================ the record

type CommandOf<T extends IssueCommand['type']> = Extract<IssueCommand, { type: T }>;

function commandsOf<T extends IssueCommand['type']>(input: IssueEffectsInput, type: T): Array<{ command: CommandOf<T>; index: number }> {
  return (input.commands ?? []).flatMap((command, index) => (command.type === type ? [{ command: command as CommandOf<T>, index }] : []));
}

async function insertEvents(manager: EntityManager, input: IssueEffectsInput): Promise<number> {
  const events = commandsOf(input, 'record_event').map(({ command }) => ({
    sequence: command.sequence,
    name: command.name,
    at: iso(command.at),
    actor_id: command.actor?.id ?? null,
    actor_role: command.actor?.role ?? null,
    actor_department: command.actor?.department ?? null,
    task_id: command.taskId ?? null,
    data: command.data ?? null,
  }));
  if (events.length === 0) return 0;
  const rows = (await manager.query(
    `INSERT INTO issue_events (issue_id, sequence, name, at, actor_id, actor_role, actor_department, task_id, data)
     SELECT $1, e.sequence, e.name, e.at, e.actor_id, e.actor_role, e.actor_department, e.task_id, e.data
     FROM jsonb_to_recordset($2::jsonb) AS e(sequence bigint, name text, at timestamptz, actor_id text, actor_role text,
            actor_department text, task_id text, data jsonb)
     ON CONFLICT (issue_id, sequence) DO NOTHING
     RETURNING sequence`,
    [input.state.issueId, JSON.stringify(events)],
  )) as unknown[];
  return rows.length;
}

async function insertEscalations(manager: EntityManager, input: IssueEffectsInput, directory: RecipientDirectory): Promise<number> {
  const escalations = [];
  for (const { command } of commandsOf(input, 'escalated')) {
    escalations.push({
      task_id: command.taskId,
      level: command.level,
      repeat: command.repeat,
      reached_at: iso(command.at),
      department_id: command.department,
      role: command.role,
      cause: command.cause,
      kind: command.kind,
      due_at: iso(input.dueAt),
      fired_at: iso(input.processedAt),
      recipient_ids: await directory.resolve({ kind: 'leader', role: command.role, department: command.department }),
    });
  }
  if (escalations.length === 0) return 0;
  const rows = (await manager.query(
    `INSERT INTO escalations (issue_id, task_id, level, repeat, reached_at, department_id, role, cause, kind, due_at, fired_at, recipient_ids)
     SELECT $1, e.task_id, e.level, e.repeat, e.reached_at, e.department_id, e.role, e.cause, e.kind, e.due_at, e.fired_at, e.recipient_ids
     FROM jsonb_to_recordset($2::jsonb) AS e(task_id text, level integer, repeat integer, reached_at timestamptz, department_id text,
            role text, cause text, kind text, due_at timestamptz, fired_at timestamptz, recipient_ids text[])
     ON CONFLICT (issue_id, task_id, level, repeat, reached_at) DO NOTHING
     RETURNING level`,
    [input.state.issueId, JSON.stringify(escalations)],
  )) as unknown[];
  return rows.length;
}

/** One notice for an inbox. */
interface Notice {
  /** the command's index in the batch */
  index: number;
  to: Recipient;
  topic: NotificationTopic | 'escalated';
  taskId?: string;
  detail?: string;
}

/** The batch's notices: the workflow's own, and one per escalation step for the leaders it reaches. */
function noticesOf(input: IssueEffectsInput): Notice[] {
  return (input.commands ?? []).flatMap((command, index): Notice[] => {
    if (command.type === 'notify') return [{ index, to: command.to, topic: command.topic, taskId: command.taskId, detail: command.detail }];
    if (command.type === 'escalated') {
      const step = command.kind === 'repeated' ? `repeated notice ${command.repeat} at level ${command.level}` : `level ${command.level}`;
      const to: Recipient = { kind: 'leader', role: command.role, department: command.department };
      const detail = `${command.department}: ${command.cause} deadline missed, ${step} (${command.role})`;
      return [{ index, to, topic: 'escalated', taskId: command.taskId, detail }];
    }
    return [];
  });
}

async function insertNotifications(manager: EntityManager, input: IssueEffectsInput, directory: RecipientDirectory): Promise<number> {
  const { issueId, sequence } = input.state;
  const notifications = [];
  for (const notice of noticesOf(input)) {
    const people = await directory.resolve(notice.to);
    const audience = audienceOf(notice.to);
    // a notice no one could be found for is kept once, for the department and role it was meant for
    for (const personId of people.length > 0 ? people : [null]) {
      notifications.push({
        id: `${issueId}:${sequence}:${notice.index}:${personId ?? '-'}`,
        person_id: personId,
        department_id: audience.department,
        role: audience.role,
        recipient: notice.to,
        task_id: notice.taskId ?? null,
        topic: notice.topic,
        detail: notice.detail ?? null,
        created_at: iso(input.processedAt),
      });
    }
  }
  if (notifications.length === 0) return 0;
  const rows = (await manager.query(
    `INSERT INTO notifications (id, person_id, department_id, role, recipient, issue_id, task_id, topic, detail, created_at)
     SELECT n.id, n.person_id, n.department_id, n.role, n.recipient, $1, n.task_id, n.topic, n.detail, n.created_at
     FROM jsonb_to_recordset($2::jsonb) AS n(id text, person_id text, department_id text, role text, recipient jsonb,
            task_id text, topic text, detail text, created_at timestamptz)
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [issueId, JSON.stringify(notifications)],
  )) as unknown[];
  return rows.length;
}

// ================================================================ recipients

/** The department and role a notice is addressed to, as kept on its inbox rows. */
function audienceOf(to: Recipient): { department: string | null; role: string | null } {
  switch (to.kind) {
    case 'department':
      return { department: to.department, role: to.audience === 'head' ? 'department_head' : 'staff' };
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

/** Finds the active people a recipient means, once per recipient within a batch. */
class RecipientDirectory {
  private readonly cache = new Map<string, Promise<string[]>>();

  constructor(
    private readonly manager: EntityManager,
    private readonly projectId: string,
    /** the dispatcher's department code: its staff and head are the dispatchers */
    private readonly dispatchDepartment: string,
  ) {}

  resolve(to: Recipient): Promise<string[]> {
    const key = JSON.stringify(to);
    let found = this.cache.get(key);
    if (!found) {
      found = this.lookUp(to);
      this.cache.set(key, found);
    }
    return found;
  }

  private async lookUp(to: Recipient): Promise<string[]> {
    switch (to.kind) {
      case 'department': {
        const found = await this.inDepartment(to.department, to.audience === 'head' ? 'department_head' : 'staff');
        // an issue no rule routes is a task of the dispatch department, whose people are dispatchers
        if (found.length === 0 && to.department === this.dispatchDepartment) return this.inDepartment(to.department, 'dispatcher');
        return found;
      }
      case 'leader':
        if (to.role === 'department_head' && to.department === this.dispatchDepartment) return this.lookUp({ kind: 'department', department: to.department, audience: 'head' });
        return this.leaders(to.role, to.department);
      case 'dispatcher': {
        const own = await this.inDepartment(to.department, 'dispatcher');
        return own.length > 0 ? own : this.withRole('dispatcher');
      }
      case 'reporter':
      case 'person':
        return this.ids(`SELECT id FROM people WHERE id = $1 AND active`, [to.id]);
    }
  }

  private async leaders(role: LeaderRole, department: string): Promise<string[]> {
    switch (role) {
      case 'department_head':
        return this.inDepartment(department, 'department_head');
      case 'responsible_leader': {
        // the project's own leader (包抓领导); without one, every responsible leader
        const own = await this.ids(
          `SELECT p.id FROM projects pr JOIN people p ON p.id = pr.responsible_leader_id WHERE pr.id = $1 AND p.active`,
          [this.projectId],
        );
        return own.length > 0 ? own : this.withRole('responsible_leader');
      }
      default:
        return this.withRole(role);
    }
  }

  private inDepartment(department: string, role: string): Promise<string[]> {
    return this.ids(`SELECT id FROM people WHERE department_id = $1 AND roles @> ARRAY[$2]::text[] AND active ORDER BY id`, [department, role]);
  }

  private withRole(role: string): Promise<string[]> {
    return this.ids(`SELECT id FROM people WHERE roles @> ARRAY[$1]::text[] AND active ORDER BY id`, [role]);
  }

  private async ids(sql: string, parameters: unknown[]): Promise<string[]> {
    const rows = (await this.manager.query(sql, parameters)) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }
}
