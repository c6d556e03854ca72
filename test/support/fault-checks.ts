// What every fault test asserts once the issues have settled, from what the product shows (PostgreSQL rows and each
// workflow's issueView query), not from how the workflow writes them:
// - no event lost or doubled: issue_events.sequence runs 1..n per issue, n being the workflow's sequence;
// - no escalation lost or doubled: one row per escalated event (task, level, repeat), as many as the workflow counted;
// - no notification lost or doubled: per task and person, one inbox entry per escalation that reached them and per
//   reminder, missed deadline or assignment recorded for the task;
// - the read model equals the workflow's view: the issue's row (its snapshot, status, owner, level, sequence) and
//   one task row per task of the state.
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import type { IssueView } from '@unblock/contracts';
import { eventually } from './test-stack';

/** Four levels of the ladder, then two repeated notices at the top (the test policies' utilities/high issue). */
export const ESCALATIONS_PER_ISSUE = 6;

/** Where the audit reads from: the product's database, and each issue's workflow (a FaultStack is one). */
export interface AuditedStack {
  rows(sql: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
  view(issueId: string): Promise<IssueView>;
}

export interface IssueAudit {
  issueId: string;
  view: IssueView;
  events: number;
  escalations: number;
  notifications: number;
  problems: string[];
}

type Row = Record<string, unknown>;

const ms = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string).getTime());

/** Inbox topics that follow one recorded event each (of this name, on the task), told to the same people each time. */
const TOPIC_OF_EVENT: Record<string, string> = {
  reminder: 'reminder_sent',
  deadline_missed: 'deadline_missed',
  task_assigned: 'task_assigned',
};

function count<K>(items: K[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const key = JSON.stringify(item);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The differences between the read model's rows of one issue and the workflow's view of it. */
function readModelProblems(view: IssueView, issue: Row | undefined, tasks: Row[]): string[] {
  const { state } = view;
  if (!issue) return ['the read model has no row for the issue'];
  const problems: string[] = [];
  const expect = (what: string, actual: unknown, expected: unknown) => {
    if (!isDeepStrictEqual(actual, expected))
      problems.push(`read model ${what}: ${JSON.stringify(actual)}, the workflow says ${JSON.stringify(expected)}`);
  };
  expect('sequence', Number(issue.sequence), state.sequence);
  expect('status', issue.status, state.status);
  expect('lead task', issue.lead_task_id, state.leadTaskId);
  expect('lead department', issue.lead_department_id, view.owner.department);
  expect('escalation level', Number(issue.escalation_level), view.escalation.level);
  expect('escalation role', issue.escalation_role, view.escalation.role ?? null);
  expect('transfer count', Number(issue.transfer_count), state.transfers.length);
  if (!isDeepStrictEqual(issue.snapshot, state)) {
    const snapshot = (issue.snapshot ?? {}) as Record<string, unknown>;
    const differing = [...new Set([...Object.keys(snapshot), ...Object.keys(state)])].filter(
      (key) => !isDeepStrictEqual(snapshot[key], (state as unknown as Record<string, unknown>)[key]),
    );
    problems.push(`read model snapshot differs from the workflow's state in ${differing.join(', ')}`);
  }
  const byId = new Map(tasks.map((row) => [row.task_id as string, row]));
  expect('task ids', [...byId.keys()].sort(), Object.keys(state.tasks).sort());
  for (const task of Object.values(state.tasks)) {
    const row = byId.get(task.id);
    if (!row) continue;
    expect(
      `task ${task.id}`,
      [row.department_id, row.role, row.status, Number(row.escalation_level)],
      [task.department, task.role, task.status, task.ladder.level],
    );
    expect(
      `task ${task.id} deadlines`,
      [ms(row.accept_due), ms(row.handle_due)],
      [task.accept.due, task.handle?.due ?? null],
    );
  }
  return problems;
}

/** Everything the fault suite checks of one issue, given the workflow's view and the rows read after it. */
export function auditRows(
  view: IssueView,
  rows: { issue: Row | undefined; tasks: Row[]; events: Row[]; escalations: Row[]; notifications: Row[] },
): string[] {
  const { state } = view;
  const problems: string[] = [];
  // the event log: 1..n, n = the workflow's sequence
  const sequences = rows.events.map((e) => Number(e.sequence));
  const expected = Array.from({ length: state.sequence }, (_, i) => i + 1);
  if (!isDeepStrictEqual(sequences, expected)) {
    const missing = expected.filter((n) => !sequences.includes(n));
    const extra = sequences.filter((n, i) => n > state.sequence || sequences.indexOf(n) !== i);
    problems.push(
      `event sequence is not 1..${state.sequence}: ${rows.events.length} events, missing ${JSON.stringify(missing)}, extra ${JSON.stringify(extra)}`,
    );
  }
  // escalations: one row per escalated event, as many as the workflow counted, none early
  const steps = (items: Row[], of: (row: Row) => Row) =>
    items.map((row) => {
      const step = of(row);
      return [row.task_id, Number(step.level), Number(step.repeat)];
    });
  const escalatedEvents = rows.events.filter((e) => e.name === 'escalated');
  const eventSteps = count(steps(escalatedEvents, (e) => e.data as Row));
  const rowSteps = count(steps(rows.escalations, (r) => r));
  for (const [step, n] of eventSteps) if (n > 1) problems.push(`escalation ${step} recorded ${n} times as an event`);
  for (const [step, n] of rowSteps) if (n > 1) problems.push(`escalation ${step} has ${n} rows`);
  for (const step of eventSteps.keys()) if (!rowSteps.has(step)) problems.push(`escalation ${step} has no row`);
  for (const step of rowSteps.keys()) if (!eventSteps.has(step)) problems.push(`escalation row ${step} has no event`);
  if (rows.escalations.length !== state.tally.escalations)
    problems.push(`${rows.escalations.length} escalation rows, the workflow counted ${state.tally.escalations}`);
  for (const row of rows.escalations) {
    const due = ms(row.due_at);
    const fired = ms(row.fired_at);
    if (due !== null && fired !== null && fired < due)
      problems.push(`escalation ${row.task_id}/${row.level}/${row.repeat} fired ${due - fired} ms before it was due`);
  }
  // notifications: per task and person, as many as the escalations and events that tell them
  const told = count(rows.notifications.map((n) => [n.topic, n.task_id, n.person_id]));
  const owed = new Map<string, number>();
  const owe = (key: unknown[]) => owed.set(JSON.stringify(key), (owed.get(JSON.stringify(key)) ?? 0) + 1);
  for (const row of rows.escalations)
    for (const person of row.recipient_ids as string[]) owe(['escalated', row.task_id, person]);
  for (const [topic, eventName] of Object.entries(TOPIC_OF_EVENT)) {
    const people = new Set(
      rows.notifications.filter((n) => n.topic === topic).map((n) => JSON.stringify([n.task_id, n.person_id])),
    );
    for (const event of rows.events.filter((e) => e.name === eventName)) {
      const recipients = [...people].map((p) => JSON.parse(p) as [string, string]).filter(([t]) => t === event.task_id);
      if (recipients.length === 0) problems.push(`no ${topic} notification for event ${event.sequence} (${eventName})`);
      for (const [task, person] of recipients) owe([topic, task, person]);
    }
  }
  for (const [key, n] of owed) {
    const got = told.get(key) ?? 0;
    if (got !== n) problems.push(`notifications ${key}: ${got}, owed ${n}`);
  }
  for (const [key, n] of told) {
    const [topic] = JSON.parse(key) as [string];
    if ((topic === 'escalated' || topic in TOPIC_OF_EVENT) && !owed.has(key))
      problems.push(`notifications ${key}: ${n}, owed none`);
  }
  problems.push(...readModelProblems(view, rows.issue, rows.tasks));
  return problems;
}

/** Reads the rows of one issue. */
async function issueRows(stack: AuditedStack, issueId: string) {
  const [issue] = await stack.rows(`SELECT * FROM issues WHERE id = $1`, [issueId]);
  return {
    issue,
    tasks: await stack.rows(`SELECT * FROM issue_tasks WHERE issue_id = $1 ORDER BY task_id`, [issueId]),
    events: await stack.rows(
      `SELECT sequence, name, task_id, data, at, recorded_at FROM issue_events WHERE issue_id = $1 ORDER BY sequence`,
      [issueId],
    ),
    escalations: await stack.rows(
      `SELECT task_id, level, repeat, due_at, fired_at, recipient_ids FROM escalations WHERE issue_id = $1 ORDER BY task_id, level, repeat`,
      [issueId],
    ),
    notifications: await stack.rows(
      `SELECT topic, task_id, person_id, detail, created_at FROM notifications WHERE issue_id = $1 ORDER BY created_at`,
      [issueId],
    ),
  };
}

export interface SettleOptions {
  /** how long the issues may take to settle (default 60 s) */
  timeoutMs?: number;
  /**
   * `quiet` (the default): the workflow has no timer left at all (an unaccepted issue whose ladder is exhausted, or
   * a finished one); `nothing_due`: no timer is due now, later ones may remain.
   */
  until?: 'quiet' | 'nothing_due';
}

/**
 * Waits until every issue has settled (see SettleOptions.until; and its read model is at the workflow's sequence),
 * then audits each one; a view that moves while its rows are read is read again. Fails after the timeout naming
 * the issues that did not settle and why.
 */
export async function settleAndAudit(
  stack: AuditedStack,
  issueIds: string[],
  { timeoutMs = 60_000, until = 'quiet' }: SettleOptions = {},
): Promise<IssueAudit[]> {
  const audits = new Map<string, IssueAudit>();
  const waiting = new Map<string, string>(issueIds.map((id) => [id, 'not looked at yet']));
  try {
    await eventually(
      async () => {
        for (const issueId of [...waiting.keys()]) {
          const view = await stack.view(issueId);
          const next = view.nextTimer;
          if (next !== undefined && next.at <= Date.now() + 500) {
            waiting.set(issueId, `timer ${next.key} due ${Date.now() - next.at} ms ago has not fired`);
            continue;
          }
          if (next !== undefined && until === 'quiet') {
            waiting.set(issueId, `timer ${next.key} still to come in ${next.at - Date.now()} ms`);
            continue;
          }
          const rows = await issueRows(stack, issueId);
          const again = await stack.view(issueId);
          if (again.state.sequence !== view.state.sequence) continue; // it moved meanwhile: look again
          const stored = Number(rows.issue?.sequence ?? 0);
          if (stored !== view.state.sequence) {
            waiting.set(issueId, `read model at sequence ${stored}, the workflow at ${view.state.sequence}`);
            continue;
          }
          waiting.delete(issueId);
          audits.set(issueId, {
            issueId,
            view,
            events: rows.events.length,
            escalations: rows.escalations.length,
            notifications: rows.notifications.length,
            problems: auditRows(view, rows),
          });
        }
        return waiting.size === 0 ? true : undefined;
      },
      timeoutMs,
      'the issues to settle',
    );
  } catch (error) {
    const why = [...waiting].map(([id, reason]) => `${id}: ${reason}`).join('; ');
    throw new Error(`${(error as Error).message}; not settled: ${why}`);
  }
  return issueIds.map((id) => audits.get(id)!);
}

/** The audits' problems, one line each, prefixed by the issue (empty when all is well). */
export function problemsOf(audits: IssueAudit[]): string[] {
  return audits.flatMap((audit) => audit.problems.map((problem) => `${audit.issueId}: ${problem}`));
}

/** Escalation rows of these issues (lateness = fired − due). */
export async function escalationRows(stack: AuditedStack, issueIds: string[]): Promise<Row[]> {
  return stack.rows(
    `SELECT issue_id, task_id, level, repeat, due_at, fired_at, created_at FROM escalations WHERE issue_id = ANY($1) ORDER BY issue_id, level, repeat`,
    [issueIds],
  );
}

/**
 * Settles the issues and audits them: nothing wrong (problemsOf), and every issue's whole ladder recorded once
 * (ESCALATIONS_PER_ISSUE each). Returns the audits.
 */
export async function assertEveryStepOnce(
  stack: AuditedStack,
  issueIds: string[],
  timeoutMs: number,
): Promise<IssueAudit[]> {
  const audits = await settleAndAudit(stack, issueIds, { timeoutMs });
  assert.deepEqual(problemsOf(audits), []);
  assert.deepEqual(
    audits.map((a) => a.escalations),
    issueIds.map(() => ESCALATIONS_PER_ISSUE),
    'every level and repeat of every issue, once',
  );
  return audits;
}
