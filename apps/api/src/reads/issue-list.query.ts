import type { IssueEntity, RawRow } from '@unblock/persistence';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { decodeCursor, encodeCursor, isInstant, isInteger, isText, type CursorValue } from './cursor';
import { issueOverdueSql, issueVisibilitySql } from './issue-visibility';
import { DEFAULT_PAGE_SIZE, type IssueSort, type ListIssuesQueryDto } from './issues.dto';
import { escapeLike, SqlParameters } from './sql-parameters';

/** An instant as exact text (microseconds, UTC), for cursors: it compares equal to the stored value when cast back. */
export function instantText(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

interface SortSpec {
  /** the ordering expression (an index exists on it, id) */
  expression: string;
  /** the expression as cursor text */
  keyText: string;
  /** how a cursor's key is cast back */
  cast: string;
  check: (value: CursorValue) => boolean;
  descending: boolean;
}

function sortSpec(sort: IssueSort): SortSpec {
  const descending = sort.startsWith('-');
  switch (sort.replace(/^-/, '')) {
    case 'handleDue':
      // an issue with no handling deadline yet sorts as the latest
      return {
        expression: `COALESCE(i.handle_due, 'infinity'::timestamptz)`,
        keyText: `CASE WHEN i.handle_due IS NULL THEN 'infinity' ELSE ${instantText('i.handle_due')} END`,
        cast: 'timestamptz',
        check: (value) => value === 'infinity' || isInstant(value),
        descending,
      };
    case 'escalationLevel':
      return {
        expression: 'i.escalation_level',
        keyText: 'i.escalation_level',
        cast: 'integer',
        check: isInteger,
        descending,
      };
    default:
      return {
        expression: 'i.received_at',
        keyText: instantText('i.received_at'),
        cast: 'timestamptz',
        check: isInstant,
        descending,
      };
  }
}

/** A row of the list: the issue's columns the list shows, and what the query computes beside them. */
export type IssueListRow = RawRow<
  IssueEntity,
  | 'id'
  | 'title'
  | 'projectId'
  | 'category'
  | 'risk'
  | 'status'
  | 'leadDepartmentId'
  | 'supportingDepartmentIds'
  | 'escalationLevel'
  | 'acceptDue'
  | 'handleDue'
  | 'handleDueOriginal'
  | 'calendarUnconfirmed'
  | 'receivedAt'
  | 'updatedAt'
> & { project_name: string | null; overdue: boolean; effects_failing: boolean; sort_key: string | number };

export interface IssueListQuery {
  sql: string;
  values: unknown[];
  limit: number;
  /** the cursor after a row of this query */
  cursorOf(row: IssueListRow): string;
}

/**
 * The SQL of GET /issues for one user: visibility and every filter in the WHERE clause, keyset pagination on
 * (sort key, id), one row more than the page to know whether another page follows. Throws a 400 for a bad cursor.
 */
export function buildIssueListQuery(user: AuthenticatedUser, query: ListIssuesQueryDto, now: Date): IssueListQuery {
  const sort = query.sort ?? '-receivedAt';
  const spec = sortSpec(sort);
  const scope = `issues:${sort}`;
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const p = new SqlParameters();
  const nowParameter = `${p.add(now.toISOString())}::timestamptz`;
  const where: string[] = [issueVisibilitySql(user, p)];

  // one value is an equality (the composite (status, sort key, id) indices serve it in order), several an ANY
  const oneOf = (column: string, values: string[]) =>
    values.length === 1 ? `${column} = ${p.add(values[0])}` : `${column} = ANY(${p.add(values)}::text[])`;
  if (query.status?.length) where.push(oneOf('i.status', query.status));
  if (query.category?.length) where.push(oneOf('i.category', query.category));
  if (query.risk?.length) where.push(oneOf('i.risk', query.risk));
  if (query.projectId !== undefined) where.push(`i.project_id = ${p.add(query.projectId)}`);
  // the lead department holds the lead task, so "lead or any task" is "any task" (active or ended)
  if (query.department !== undefined)
    where.push(
      `EXISTS (SELECT 1 FROM issue_tasks dt WHERE dt.issue_id = i.id AND dt.department_id = ${p.add(query.department)})`,
    );
  if (query.escalated !== undefined) where.push(`i.escalated = ${p.add(query.escalated)}`);
  if (query.overdue !== undefined) where.push(`${query.overdue ? '' : 'NOT '}${issueOverdueSql('i', nowParameter)}`);
  if (query.createdFrom !== undefined)
    where.push(`i.received_at >= ${p.add(new Date(query.createdFrom).toISOString())}::timestamptz`);
  if (query.createdTo !== undefined)
    where.push(`i.received_at < ${p.add(new Date(query.createdTo).toISOString())}::timestamptz`);
  if (query.q !== undefined && query.q.trim() !== '') {
    const text = query.q.trim();
    // the bigram index narrows (every two-character piece of the text must occur), ILIKE decides
    if ([...text].length >= 2) where.push(`i.search_bigrams @> issue_search_bigrams(${p.add(text)})`);
    where.push(`(i.title || ' ' || i.description) ILIKE ${p.add(`%${escapeLike(text)}%`)}`);
  }
  if (query.cursor !== undefined) {
    const [key, id] = decodeCursor(query.cursor, scope, [spec.check, isText(128)]);
    where.push(`(${spec.expression}, i.id) ${spec.descending ? '<' : '>'} (${p.add(key)}::${spec.cast}, ${p.add(id)})`);
  }
  const direction = spec.descending ? 'DESC' : 'ASC';
  // The page is cut first (filters, order, LIMIT on the issues alone, so that an index on the sort key serves it),
  // then each of its rows gets its project's name and whether it is overdue: evaluated for the page's rows only.
  const sql = `
    SELECT page.*, (SELECT pr.name FROM projects pr WHERE pr.id = page.project_id) AS project_name,
           ${issueOverdueSql('page', nowParameter)} AS overdue,
           EXISTS (SELECT 1 FROM issue_effect_failures f WHERE f.issue_id = page.id) AS effects_failing
    FROM (
      SELECT i.id, i.title, i.project_id, i.category, i.risk, i.status, i.lead_department_id, i.supporting_department_ids,
             i.escalation_level, i.accept_due, i.handle_due, i.handle_due_original, i.calendar_unconfirmed, i.received_at, i.updated_at,
             ${spec.expression} AS sort_value, ${spec.keyText} AS sort_key
      FROM issues i
      WHERE ${where.join('\n        AND ')}
      ORDER BY ${spec.expression} ${direction}, i.id ${direction}
      LIMIT ${p.add(limit + 1)}
    ) page
    ORDER BY page.sort_value ${direction}, page.id ${direction}`;
  return { sql, values: p.values, limit, cursorOf: (row) => encodeCursor(scope, [row.sort_key, row.id]) };
}
