import { Injectable } from '@nestjs/common';
import { ACTIVE_TASK_STATUSES, iso } from '@unblock/domain';
import type { IssueEntity, IssueTaskEntity, NotificationEntity, RawRow } from '@unblock/persistence';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { DatabaseService } from '../infrastructure/database.service';
import { decodeCursor, encodeCursor, invalidCursor, isInstant, isInteger, isText } from './cursor';
import { instantText } from './issue-list.query';
import {
  ESCALATION_RECIPIENTS_SQL,
  toEscalation,
  type EscalationRow,
  type TaskColumnsRow,
} from './issue-reads.service';
import { overdueTaskColumnSql } from './issue-visibility';
import {
  DEFAULT_INBOX_PAGE_SIZE,
  type InboxEscalationListDto,
  type InboxEscalationsQueryDto,
  type InboxNotificationDto,
  type InboxNotificationListDto,
  type InboxNotificationsQueryDto,
  type InboxTaskListDto,
  type InboxTasksQueryDto,
} from './inbox.dto';
import { SqlParameters } from './sql-parameters';

/** A task of the inbox (TASK_COLUMNS), with its issue's columns, and what the query computes. */
type TaskRow = TaskColumnsRow &
  RawRow<IssueTaskEntity, 'issueId'> &
  RawRow<IssueEntity, 'title' | 'projectId' | 'category' | 'risk'> & {
    project_name: string | null;
    issue_status: IssueEntity['status'];
    grp: number;
    k: string;
    next_due: Date | null;
    next_deadline: 'accept' | 'handle' | null;
    overdue: boolean;
  };

export type NotificationRow = RawRow<
  NotificationEntity,
  'id' | 'topic' | 'issueId' | 'taskId' | 'detail' | 'createdAt' | 'readAt'
> & { issue_title: string | null; created_key: string };

export function toNotification(row: NotificationRow): InboxNotificationDto {
  return {
    id: row.id,
    topic: row.topic,
    issueId: row.issue_id,
    issueTitle: row.issue_title,
    taskId: row.task_id,
    detail: row.detail,
    createdAt: iso(row.created_at),
    readAt: iso(row.read_at),
  };
}

/** An open task's next deadline: acceptance or handling, whichever comes first while not accepted; then handling. */
const NEXT_DUE = `CASE WHEN t.status = 'assigned' THEN LEAST(t.accept_due, t.handle_due) ELSE t.handle_due END`;

const TASK_COLUMNS = `t.issue_id, t.task_id, t.department_id, t.role, t.status, t.assigned_at, t.accepted_at, t.accept_due, t.handle_due,
  t.handle_due_original, t.ended_at, t.escalation_level, i.title, i.project_id,
  (SELECT pr.name FROM projects pr WHERE pr.id = i.project_id) AS project_name, i.category, i.risk, i.status AS issue_status`;

/**
 * The inboxes: a department's tasks (for its staff and head), the escalations that reached a person (for heads
 * and leaders), and a person's notifications. Everything in them concerns the caller, so everything in them is
 * visible to the caller under the issue visibility rule.
 */
@Injectable()
export class InboxService {
  constructor(private readonly database: DatabaseService) {}

  async tasks(user: AuthenticatedUser, query: InboxTasksQueryDto, now = new Date()): Promise<InboxTaskListDto> {
    if (user.departmentId === null) return { items: [], nextCursor: null };
    const limit = query.limit ?? DEFAULT_INBOX_PAGE_SIZE;
    const state = query.state ?? 'all';
    const scope = `inbox-tasks:${state}`;
    // The cursor is [0, next deadline, issue, task] within the open tasks, or [1, end instant, issue, task] within
    // the ended ones.
    let after: { group: 0 | 1; key: string; issueId: string; taskId: string } | undefined;
    if (query.cursor !== undefined) {
      const [group, key, issueId, taskId] = decodeCursor(query.cursor, scope, [
        isInteger,
        (v) => v === 'infinity' || isInstant(v),
        isText(128),
        isText(32),
      ]);
      if (!(group === 0 || (group === 1 && key !== 'infinity'))) throw invalidCursor();
      after = { group, key: String(key), issueId: String(issueId), taskId: String(taskId) };
    }
    const dataSource = await this.database.ensureConnected();
    const rows: TaskRow[] = [];
    // Open tasks first, the most urgent (the nearest, or most overdue, next deadline) first.
    if (state !== 'ended' && (after === undefined || after.group === 0)) {
      const p = new SqlParameters();
      const nowParameter = `${p.add(now.toISOString())}::timestamptz`;
      // the same expression as the index issue_tasks_department_open_due_idx (read indices migration)
      const key = `COALESCE(${NEXT_DUE}, 'infinity'::timestamptz)`;
      const where = [
        `t.department_id = ${p.add(user.departmentId)}`,
        `t.status = ANY(${p.add(ACTIVE_TASK_STATUSES)}::text[])`,
      ];
      if (after)
        where.push(
          `(${key}, t.issue_id, t.task_id) > (${p.add(after.key)}::timestamptz, ${p.add(after.issueId)}, ${p.add(after.taskId)})`,
        );
      rows.push(
        ...((await dataSource.query(
          `SELECT ${TASK_COLUMNS}, ${NEXT_DUE} AS next_due,
                  CASE WHEN t.status = 'assigned' AND (t.handle_due IS NULL OR t.accept_due <= t.handle_due) THEN 'accept'
                       WHEN t.handle_due IS NOT NULL THEN 'handle' END AS next_deadline,
                  ${overdueTaskColumnSql('t', nowParameter)} AS overdue, 0 AS grp,
                  CASE WHEN ${NEXT_DUE} IS NULL THEN 'infinity' ELSE ${instantText(NEXT_DUE)} END AS k
           FROM issue_tasks t
           JOIN issues i ON i.id = t.issue_id
           WHERE ${where.join(' AND ')}
           ORDER BY ${key}, t.issue_id, t.task_id
           LIMIT ${p.add(limit + 1)}`,
          p.values,
        )) as TaskRow[]),
      );
    }
    // Then ended tasks, the latest first (an index on (department, end instant, issue, task) of ended tasks serves it).
    if (state !== 'open' && rows.length <= limit) {
      const p = new SqlParameters();
      const ended = `COALESCE(t.ended_at, t.assigned_at)`;
      const where = [
        `t.department_id = ${p.add(user.departmentId)}`,
        `NOT (t.status = ANY(${p.add(ACTIVE_TASK_STATUSES)}::text[]))`,
      ];
      if (after?.group === 1)
        where.push(
          `(${ended}, t.issue_id, t.task_id) < (${p.add(after.key)}::timestamptz, ${p.add(after.issueId)}, ${p.add(after.taskId)})`,
        );
      rows.push(
        ...((await dataSource.query(
          `SELECT ${TASK_COLUMNS}, NULL::timestamptz AS next_due, NULL AS next_deadline, false AS overdue, 1 AS grp, ${instantText(ended)} AS k
           FROM issue_tasks t
           JOIN issues i ON i.id = t.issue_id
           WHERE ${where.join(' AND ')}
           ORDER BY ${ended} DESC, t.issue_id DESC, t.task_id DESC
           LIMIT ${p.add(limit + 1 - rows.length)}`,
          p.values,
        )) as TaskRow[]),
      );
    }
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => {
        const open = Number(row.grp) === 0;
        return {
          issueId: row.issue_id,
          title: row.title,
          projectId: row.project_id,
          projectName: row.project_name ?? row.project_id,
          category: row.category,
          risk: row.risk,
          issueStatus: row.issue_status,
          taskId: row.task_id,
          department: row.department_id,
          role: row.role,
          status: row.status,
          open,
          assignedAt: iso(row.assigned_at),
          acceptedAt: iso(row.accepted_at),
          acceptDue: iso(row.accept_due),
          handleDue: iso(row.handle_due),
          handleDueOriginal: iso(row.handle_due_original),
          endedAt: iso(row.ended_at),
          escalationLevel: Number(row.escalation_level),
          nextDeadline: open ? row.next_deadline : null,
          nextDue: open ? iso(row.next_due) : null,
          timeLeftMs: open && row.next_due ? new Date(row.next_due).getTime() - now.getTime() : null,
          overdue: row.overdue,
        };
      }),
      nextCursor:
        rows.length > limit ? encodeCursor(scope, [Number(last.grp), last.k, last.issue_id, last.task_id]) : null,
    };
  }

  async escalations(user: AuthenticatedUser, query: InboxEscalationsQueryDto): Promise<InboxEscalationListDto> {
    const limit = query.limit ?? DEFAULT_INBOX_PAGE_SIZE;
    const scope = 'inbox-escalations';
    const p = new SqlParameters();
    const me = p.add(user.id);
    const where = [`e.recipient_ids @> ARRAY[${me}]::text[]`];
    if (query.cursor !== undefined) {
      const [firedAt, issueId, taskId, level, repeat, reachedAt] = decodeCursor(query.cursor, scope, [
        isInstant,
        isText(128),
        isText(32),
        isInteger,
        isInteger,
        isInstant,
      ]);
      where.push(
        `(e.fired_at, e.issue_id, e.task_id, e.level, e.repeat, e.reached_at) < (${p.add(firedAt)}::timestamptz, ${p.add(issueId)}, ${p.add(taskId)}, ` +
          `${p.add(level)}::int, ${p.add(repeat)}::int, ${p.add(reachedAt)}::timestamptz)`,
      );
    }
    const rows = (await (
      await this.database.ensureConnected()
    ).query(
      `SELECT e.issue_id, e.task_id, e.level, e.repeat, e.role, e.department_id, e.cause, e.kind, e.reached_at, e.due_at, e.fired_at,
              ${ESCALATION_RECIPIENTS_SQL} AS recipients,
              ${instantText('e.fired_at')} AS fired_key, ${instantText('e.reached_at')} AS reached_key,
              i.title AS issue_title, i.project_id, (SELECT pr.name FROM projects pr WHERE pr.id = i.project_id) AS project_name,
              i.status AS issue_status, i.escalation_level AS issue_escalation_level,
              n.id AS n_id, n.topic AS n_topic, n.task_id AS n_task_id, n.detail AS n_detail, n.created_at AS n_created_at, n.read_at AS n_read_at
       FROM escalations e
       JOIN issues i ON i.id = e.issue_id
       LEFT JOIN LATERAL (
         SELECT nt.id, nt.topic, nt.task_id, nt.detail, nt.created_at, nt.read_at FROM notifications nt
         WHERE nt.issue_id = e.issue_id AND nt.person_id = ${me} AND nt.topic = 'escalated' AND nt.task_id = e.task_id AND nt.created_at = e.fired_at
         ORDER BY nt.id LIMIT 1
       ) n ON TRUE
       WHERE ${where.join(' AND ')}
       ORDER BY e.fired_at DESC, e.issue_id DESC, e.task_id DESC, e.level DESC, e.repeat DESC, e.reached_at DESC
       LIMIT ${p.add(limit + 1)}`,
      p.values,
    )) as Array<
      EscalationRow &
        RawRow<IssueEntity, 'projectId'> & {
          fired_key: string;
          reached_key: string;
          issue_title: IssueEntity['title'];
          project_name: string | null;
          issue_status: IssueEntity['status'];
          issue_escalation_level: IssueEntity['escalationLevel'];
          /** the person's inbox entry for the step, if any (null: none) */
          n_id: NotificationEntity['id'] | null;
          n_topic: NotificationEntity['topic'];
          n_task_id: NotificationEntity['taskId'];
          n_detail: NotificationEntity['detail'];
          n_created_at: NotificationEntity['createdAt'];
          n_read_at: NotificationEntity['readAt'];
        }
    >;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({
        ...toEscalation(row),
        issueTitle: row.issue_title,
        projectId: row.project_id,
        projectName: row.project_name ?? row.project_id,
        issueStatus: row.issue_status,
        issueEscalationLevel: Number(row.issue_escalation_level),
        notification:
          row.n_id === null
            ? null
            : toNotification({
                id: row.n_id,
                topic: row.n_topic,
                issue_id: row.issue_id,
                issue_title: row.issue_title,
                task_id: row.n_task_id,
                detail: row.n_detail,
                created_at: row.n_created_at,
                read_at: row.n_read_at,
                created_key: '',
              }),
      })),
      nextCursor:
        rows.length > limit
          ? encodeCursor(scope, [
              last.fired_key,
              last.issue_id,
              last.task_id,
              Number(last.level),
              Number(last.repeat),
              last.reached_key,
            ])
          : null,
    };
  }

  async notifications(user: AuthenticatedUser, query: InboxNotificationsQueryDto): Promise<InboxNotificationListDto> {
    const limit = query.limit ?? DEFAULT_INBOX_PAGE_SIZE;
    const scope = `inbox-notifications:${query.unread === undefined ? 'all' : query.unread ? 'unread' : 'read'}`;
    const p = new SqlParameters();
    const where = [`n.person_id = ${p.add(user.id)}`];
    if (query.unread === true) where.push('n.read_at IS NULL');
    if (query.unread === false) where.push('n.read_at IS NOT NULL');
    // unread first, then newest first: one descending order on ((read_at IS NULL), created_at, id), which the
    // inbox index of the read indices migration serves as it is
    if (query.cursor !== undefined) {
      const [unread, createdAt, id] = decodeCursor(query.cursor, scope, [isInteger, isInstant, isText(300)]);
      if (unread !== 0 && unread !== 1) throw invalidCursor();
      where.push(
        `((n.read_at IS NULL), n.created_at, n.id) < (${p.add(unread === 1)}::boolean, ${p.add(createdAt)}::timestamptz, ${p.add(id)})`,
      );
    }
    const rows = (await (
      await this.database.ensureConnected()
    ).query(
      `SELECT n.id, n.topic, n.issue_id, (SELECT i.title FROM issues i WHERE i.id = n.issue_id) AS issue_title, n.task_id, n.detail,
              n.created_at, n.read_at, ${instantText('n.created_at')} AS created_key
       FROM notifications n
       WHERE ${where.join(' AND ')}
       ORDER BY (n.read_at IS NULL) DESC, n.created_at DESC, n.id DESC
       LIMIT ${p.add(limit + 1)}`,
      p.values,
    )) as NotificationRow[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toNotification),
      nextCursor:
        rows.length > limit ? encodeCursor(scope, [last.read_at === null ? 1 : 0, last.created_key, last.id]) : null,
    };
  }
}
