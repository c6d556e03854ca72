import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { Logger } from 'pino';
import { issueWorkflowId, type IssueView } from '@unblock/contracts';
import { ISSUE_CATEGORIES, isActiveTask, iso, type Instruction, type PetitionClockState } from '@unblock/domain';
import type { EscalationEntity, IssueEntity, IssueEventEntity, IssueTaskEntity, RawRow } from '@unblock/persistence';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { canViewIssue } from '../auth/issue-access';
import { DatabaseService } from '../infrastructure/database.service';
import { notFound } from '../infrastructure/problems';
import { IssueWorkflows } from '../infrastructure/issue-workflows';
import { LOGGER } from '../infrastructure/tokens';
import { issueOverdueSql, issueVisibilitySql, overdueTaskColumnSql } from './issue-visibility';
import { SqlParameters } from './sql-parameters';
import { buildIssueListQuery, type IssueListRow } from './issue-list.query';
import { toInstruction, toPetition } from './issue-snapshot';
import type {
  EscalationDto,
  IssueDetailDto,
  IssueEffectsDto,
  IssueEventDto,
  IssueListDto,
  IssueListItemDto,
  IssueSummaryDto,
  IssueTaskDto,
  ListIssuesQueryDto,
} from './issues.dto';

/** How long the detail waits for the running workflow's answer before giving the read model alone. */
const LIVE_QUERY_TIMEOUT_MS = 3_000;

export function toListItem(row: IssueListRow): IssueListItemDto {
  return {
    id: row.id,
    title: row.title,
    projectId: row.project_id,
    projectName: row.project_name ?? row.project_id,
    category: row.category,
    risk: row.risk,
    status: row.status,
    leadDepartment: row.lead_department_id,
    supportingDepartments: row.supporting_department_ids ?? [],
    escalationLevel: Number(row.escalation_level),
    acceptDue: iso(row.accept_due),
    handleDue: iso(row.handle_due),
    handleDueOriginal: iso(row.handle_due_original),
    overdue: row.overdue,
    calendarUnconfirmed: row.calendar_unconfirmed === true,
    effectsFailing: row.effects_failing,
    receivedAt: iso(row.received_at),
    updatedAt: iso(row.updated_at),
  };
}

/** The issue as the detail reads it: its columns, the names it refers to, and what its snapshot adds. */
type IssueRow = RawRow<
  IssueEntity,
  | 'id'
  | 'workflowId'
  | 'title'
  | 'description'
  | 'location'
  | 'attachments'
  | 'projectId'
  | 'category'
  | 'risk'
  | 'status'
  | 'outcome'
  | 'reporterId'
  | 'leadDepartmentId'
  | 'supportingDepartmentIds'
  | 'escalationLevel'
  | 'escalationRole'
  | 'escalated'
  | 'stalled'
  | 'acceptDue'
  | 'handleDue'
  | 'handleDueOriginal'
  | 'calendarUnconfirmed'
  | 'policyVersion'
  | 'receivedAt'
  | 'resolvedAt'
  | 'closedAt'
  | 'satisfaction'
  | 'transferCount'
  | 'reopenCount'
  | 'updatedAt'
> & {
  project_name: string | null;
  reporter_name: string | null;
  lead_department_name: string | null;
  overdue: boolean;
  instructions: Instruction[] | null;
  petition: PetitionClockState | null;
  effects_failing_since: Date | null;
  effects_attempts: number | null;
  effects_error: string | null;
};

/** A task's own columns, as the detail and the inbox read them: who holds it, its status and its clocks. */
export type TaskColumnsRow = RawRow<
  IssueTaskEntity,
  | 'taskId'
  | 'departmentId'
  | 'role'
  | 'status'
  | 'assignedAt'
  | 'acceptedAt'
  | 'acceptDue'
  | 'handleDue'
  | 'handleDueOriginal'
  | 'endedAt'
  | 'escalationLevel'
>;

type TaskRow = TaskColumnsRow &
  RawRow<IssueTaskEntity, 'acceptedLate'> & { department_name: string | null; overdue: boolean };

export type EscalationRow = RawRow<
  EscalationEntity,
  | 'issueId'
  | 'taskId'
  | 'level'
  | 'repeat'
  | 'role'
  | 'departmentId'
  | 'cause'
  | 'kind'
  | 'reachedAt'
  | 'dueAt'
  | 'firedAt'
> & {
  recipients: Array<{ id: string; name: string | null }>;
};

/** `sequence` is a bigint, which PostgreSQL sends as text. */
type EventRow = RawRow<
  IssueEventEntity,
  'name' | 'at' | 'actorId' | 'actorRole' | 'actorDepartment' | 'taskId' | 'data'
> & { sequence: string; actor_name: string | null };

/** The recipients of an escalation step, with their names, as a JSON array (for `recipients`). */
export const ESCALATION_RECIPIENTS_SQL = `COALESCE((SELECT json_agg(json_build_object('id', rid, 'name', pp.name) ORDER BY ord)
  FROM unnest(e.recipient_ids) WITH ORDINALITY AS r(rid, ord) LEFT JOIN people pp ON pp.id = r.rid), '[]'::json)`;

export function toEscalation(row: EscalationRow): EscalationDto {
  return {
    issueId: row.issue_id,
    taskId: row.task_id,
    level: Number(row.level),
    repeat: Number(row.repeat),
    role: row.role,
    department: row.department_id,
    cause: row.cause,
    kind: row.kind,
    reachedAt: iso(row.reached_at),
    dueAt: iso(row.due_at),
    firedAt: iso(row.fired_at),
    recipients: row.recipients ?? [],
  };
}

/** GET /issues and GET /issues/{id}: the read model, filtered by what the user may see, and the live workflow. */
@Injectable()
export class IssueReadsService {
  constructor(
    private readonly database: DatabaseService,
    private readonly workflows: IssueWorkflows,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async list(user: AuthenticatedUser, query: ListIssuesQueryDto, now = new Date()): Promise<IssueListDto> {
    const built = buildIssueListQuery(user, query, now);
    const dataSource = await this.database.ensureConnected();
    const rows = (await dataSource.query(built.sql, built.values)) as IssueListRow[];
    const page = rows.slice(0, built.limit);
    return {
      items: page.map(toListItem),
      nextCursor: rows.length > built.limit ? built.cursorOf(page[page.length - 1]) : null,
    };
  }

  /** The open issues the user may see, counted: overdue, escalated, by category and by escalation level. */
  async summary(user: AuthenticatedUser, now = new Date()): Promise<IssueSummaryDto> {
    const parameters = new SqlParameters();
    const at = parameters.add(now.toISOString());
    const visible = issueVisibilitySql(user, parameters, 'i');
    const dataSource = await this.database.ensureConnected();
    const rows = (await dataSource.query(
      `SELECT i.category, i.escalation_level AS level, count(*)::int AS open,
              (count(*) FILTER (WHERE ${issueOverdueSql('i', `${at}::timestamptz`)}))::int AS overdue
       FROM issues i WHERE i.status = 'open' AND ${visible}
       GROUP BY i.category, i.escalation_level`,
      parameters.values,
    )) as Array<{ category: string; level: number; open: number; overdue: number }>;
    const byCategory = new Map<string, { category: string; open: number; overdue: number; escalated: number }>();
    const byLevel = new Map<number, number>();
    for (const row of rows) {
      const entry = byCategory.get(row.category) ?? { category: row.category, open: 0, overdue: 0, escalated: 0 };
      entry.open += row.open;
      entry.overdue += row.overdue;
      if (row.level > 0) entry.escalated += row.open;
      byCategory.set(row.category, entry);
      byLevel.set(row.level, (byLevel.get(row.level) ?? 0) + row.open);
    }
    const categories = [...byCategory.values()].sort(
      (a, b) => ISSUE_CATEGORIES.indexOf(a.category as never) - ISSUE_CATEGORIES.indexOf(b.category as never),
    );
    const total = (key: 'open' | 'overdue' | 'escalated') => categories.reduce((sum, c) => sum + c[key], 0);
    return {
      open: total('open'),
      overdue: total('overdue'),
      escalated: total('escalated'),
      byCategory: categories,
      byLevel: [...byLevel].sort(([a], [b]) => a - b).map(([level, open]) => ({ level, open })),
      at: now.toISOString(),
    };
  }

  async detail(user: AuthenticatedUser, id: string): Promise<IssueDetailDto> {
    const dataSource = await this.database.ensureConnected();
    const now = new Date().toISOString();
    const [issue] = (await dataSource.query(
      `SELECT i.id, i.workflow_id, i.title, i.description, i.location, i.attachments, i.project_id, pr.name AS project_name,
              i.category, i.risk, i.status, i.outcome, i.reporter_id, rp.name AS reporter_name, i.lead_department_id,
              ld.name AS lead_department_name, i.supporting_department_ids, i.escalation_level, i.escalation_role, i.escalated,
              i.stalled, ${issueOverdueSql('i', '$2::timestamptz')} AS overdue, i.accept_due, i.handle_due, i.handle_due_original, i.calendar_unconfirmed,
              i.policy_version, i.received_at, i.resolved_at, i.closed_at, i.satisfaction, i.transfer_count, i.reopen_count,
              i.updated_at, i.snapshot -> 'instructions' AS instructions, i.snapshot -> 'petition' AS petition,
              f.first_failed_at AS effects_failing_since, f.attempts AS effects_attempts, f.last_error AS effects_error
       FROM issues i
       LEFT JOIN issue_effect_failures f ON f.issue_id = i.id
       LEFT JOIN projects pr ON pr.id = i.project_id
       LEFT JOIN people rp ON rp.id = i.reporter_id
       LEFT JOIN departments ld ON ld.id = i.lead_department_id
       WHERE i.id = $1`,
      [id, now],
    )) as IssueRow[];
    if (!issue) throw notFound('issue', id);
    const tasks = (await dataSource.query(
      `SELECT t.task_id, t.department_id, d.name AS department_name, t.role, t.status, t.assigned_at, t.accepted_at, t.accepted_late,
              t.accept_due, t.handle_due, t.handle_due_original, t.ended_at, t.escalation_level, ${overdueTaskColumnSql('t', '$2::timestamptz')} AS overdue
       FROM issue_tasks t LEFT JOIN departments d ON d.id = t.department_id
       WHERE t.issue_id = $1
       ORDER BY t.assigned_at, t.task_id`,
      [id, now],
    )) as TaskRow[];
    const facts = {
      reporterId: issue.reporter_id,
      activeDepartments: [...new Set(tasks.filter(isActiveTask).map((t) => t.department_id))],
      involvedDepartments: [...new Set(tasks.map((t) => t.department_id))],
    };
    if (!canViewIssue(user, facts)) throw notFound('issue', id);

    const [escalations, events, live] = await Promise.all([
      dataSource.query(
        `SELECT e.issue_id, e.task_id, e.level, e.repeat, e.role, e.department_id, e.cause, e.kind, e.reached_at, e.due_at, e.fired_at,
                ${ESCALATION_RECIPIENTS_SQL} AS recipients
         FROM escalations e WHERE e.issue_id = $1
         ORDER BY e.fired_at, e.level, e.repeat, e.task_id`,
        [id],
      ) as Promise<EscalationRow[]>,
      dataSource.query(
        `SELECT e.sequence, e.name, e.at, e.actor_id, pe.name AS actor_name, e.actor_role, e.actor_department, e.task_id, e.data
         FROM issue_events e LEFT JOIN people pe ON pe.id = e.actor_id
         WHERE e.issue_id = $1 ORDER BY e.sequence`,
        [id],
      ) as Promise<EventRow[]>,
      issue.status === 'open' || issue.status === 'resolved' ? this.live(id) : Promise.resolve({ live: null }),
    ]);

    return {
      id: issue.id,
      workflowId: issue.workflow_id,
      title: issue.title,
      description: issue.description,
      location: issue.location,
      attachments: issue.attachments ?? [],
      projectId: issue.project_id,
      projectName: issue.project_name ?? issue.project_id,
      category: issue.category,
      risk: issue.risk,
      status: issue.status,
      outcome: issue.outcome,
      reporter: { id: issue.reporter_id, name: issue.reporter_name },
      leadDepartment: { id: issue.lead_department_id, name: issue.lead_department_name },
      supportingDepartments: issue.supporting_department_ids ?? [],
      escalationLevel: Number(issue.escalation_level),
      escalationRole: issue.escalation_role,
      escalated: issue.escalated,
      stalled: issue.stalled,
      overdue: issue.overdue,
      calendarUnconfirmed: issue.calendar_unconfirmed === true,
      deadlines: {
        acceptDue: iso(issue.accept_due),
        handleDue: iso(issue.handle_due),
        handleDueOriginal: iso(issue.handle_due_original),
      },
      transferCount: Number(issue.transfer_count),
      reopenCount: Number(issue.reopen_count),
      satisfaction: issue.satisfaction === null ? null : Number(issue.satisfaction),
      policyVersion: issue.policy_version,
      receivedAt: iso(issue.received_at),
      resolvedAt: iso(issue.resolved_at),
      closedAt: iso(issue.closed_at),
      updatedAt: iso(issue.updated_at),
      tasks: tasks.map((t): IssueTaskDto => ({
        taskId: t.task_id,
        department: { id: t.department_id, name: t.department_name },
        role: t.role,
        status: t.status,
        assignedAt: iso(t.assigned_at),
        acceptedAt: iso(t.accepted_at),
        acceptedLate: t.accepted_late,
        acceptDue: iso(t.accept_due),
        handleDue: iso(t.handle_due),
        handleDueOriginal: iso(t.handle_due_original),
        endedAt: iso(t.ended_at),
        escalationLevel: Number(t.escalation_level),
        overdue: t.overdue,
      })),
      escalations: escalations.map(toEscalation),
      instructions: (issue.instructions ?? []).map(toInstruction),
      petition: issue.petition ? toPetition(issue.petition) : null,
      timeline: events.map((e): IssueEventDto => ({
        sequence: Number(e.sequence),
        name: e.name,
        at: iso(e.at),
        actor:
          e.actor_id === null
            ? null
            : { id: e.actor_id, name: e.actor_name, role: e.actor_role, department: e.actor_department },
        taskId: e.task_id,
        data: e.data,
      })),
      effects: effectsOf(issue, live.live),
      ...live,
    };
  }

  /** The running workflow's own view of the issue; when it cannot be had, null and why (never an error). */
  private async live(issueId: string): Promise<{ live: IssueView | null; liveError?: string }> {
    try {
      // connecting is bounded by the connection's own connect timeout; a failure there means Temporal is down
      await this.workflows.connect();
    } catch (error) {
      this.logger.warn(
        { issueId, err: error },
        'the live state of an issue could not be queried: Temporal is unavailable',
      );
      return { live: null, liveError: 'Temporal is unavailable' };
    }
    try {
      return { live: await this.workflows.view(issueId, LIVE_QUERY_TIMEOUT_MS) };
    } catch (error) {
      const reason = liveFailure(error);
      this.logger.warn(
        { issueId, workflowId: issueWorkflowId(issueId), reason, err: error },
        'the live state of an issue could not be queried',
      );
      return { live: null, liveError: reason };
    }
  }
}

/**
 * Whether the issue's effects (this read model, its record and notices) are written: failing when the last write
 * failed (the workflow's own view, or the failure recorded by the writer), pending while decisions wait to be
 * written, written otherwise.
 */
function effectsOf(issue: IssueRow, live: IssueView | null): IssueEffectsDto {
  const failing = live?.effects?.failing;
  const since = failing ? iso(failing.since) : iso(issue.effects_failing_since);
  const pending = live?.effects ? live.effects.pending : null;
  return {
    status: since !== null ? 'failing' : pending ? 'pending' : 'written',
    pending,
    failingSince: since,
    attempts: failing?.attempts ?? (issue.effects_attempts === null ? 0 : Number(issue.effects_attempts)),
    lastError: failing?.error ?? issue.effects_error,
  };
}

/** A short reason for the client, without addresses or stack traces (those go to the log). */
function liveFailure(error: unknown): string {
  if (error instanceof WorkflowNotFoundError) return 'the workflow was not found';
  const e = error as { code?: number; message?: string; cause?: { code?: number; message?: string } };
  const code = e.code ?? e.cause?.code;
  const message = `${e.message ?? ''} ${e.cause?.message ?? ''}`;
  if (code === 4 || /deadline/i.test(message)) return 'the workflow did not answer in time';
  if (code === 14 || /unavailable|connect|transport/i.test(message)) return 'Temporal is unavailable';
  return 'the workflow could not be queried';
}
