// The fault suite's audit itself: on the rows of a consistent issue it finds nothing, and it finds each kind of
// loss, duplication, gap and stale read model the fault tests rely on it to catch. Pure: no servers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { IssueView } from '@unblock/contracts';
import { auditRows } from '../support/fault-checks';

type Rows = Parameters<typeof auditRows>[1];

const T0 = Date.parse('2025-09-16T09:00:00+08:00');
const iso = (ms: number) => new Date(ms).toISOString();

/** An unaccepted issue that missed acceptance and climbed two levels; its rows as the product writes them. */
/** The row of the first task's climb to `level`, due 2 s a level after T0 and fired 10 ms late, reaching `recipient`. */
function escalation(level: number, recipient: string) {
  return {
    task_id: 'task-1',
    level,
    repeat: 0,
    due_at: iso(T0 + level * 2_000),
    fired_at: iso(T0 + level * 2_000 + 10),
    recipient_ids: [recipient],
  };
}

function consistent(): { view: IssueView; rows: Rows } {
  const task = {
    id: 'task-1',
    department: 'utilities',
    role: 'lead',
    status: 'assigned',
    assignedAt: T0,
    accept: { due: T0 + 2_000, original: T0 + 2_000, reminders: [], moves: [] },
    ladder: { level: 2, topRepeats: 0 },
    missedDeadlines: [],
  };
  const state = {
    issueId: 'IS-1',
    sequence: 6,
    status: 'open',
    leadTaskId: 'task-1',
    tasks: { 'task-1': task },
    transfers: [],
    tally: { escalations: 2, reminders: 1, transfersByDepartment: {}, rejectionsByDepartment: {} },
    timers: {},
  };
  const view = {
    state,
    owner: { taskId: 'task-1', department: 'utilities', status: 'assigned' },
    escalation: { level: 2, role: 'responsible_leader' },
  } as unknown as IssueView;
  const event = (sequence: number, name: string, data: Record<string, unknown> | null = null) => ({
    sequence: String(sequence),
    name,
    task_id: sequence === 1 ? null : 'task-1',
    data,
  });
  const rows: Rows = {
    issue: {
      sequence: '6',
      status: 'open',
      lead_task_id: 'task-1',
      lead_department_id: 'utilities',
      escalation_level: 2,
      escalation_role: 'responsible_leader',
      transfer_count: 0,
      snapshot: JSON.parse(JSON.stringify(state)),
    },
    tasks: [
      {
        task_id: 'task-1',
        department_id: 'utilities',
        role: 'lead',
        status: 'assigned',
        escalation_level: 2,
        accept_due: iso(T0 + 2_000),
        handle_due: null,
      },
    ],
    events: [
      event(1, 'issue_opened'),
      event(2, 'task_assigned'),
      event(3, 'reminder_sent'),
      event(4, 'deadline_missed'),
      event(5, 'escalated', { level: 1, repeat: 0 }),
      event(6, 'escalated', { level: 2, repeat: 0 }),
    ],
    escalations: [escalation(1, 'utilities_head'), escalation(2, 'leader_construction')],
    notifications: [
      { topic: 'task_assigned', task_id: 'task-1', person_id: 'utilities_staff' },
      { topic: 'reminder', task_id: 'task-1', person_id: 'utilities_staff' },
      { topic: 'deadline_missed', task_id: 'task-1', person_id: 'utilities_head' },
      { topic: 'escalated', task_id: 'task-1', person_id: 'utilities_head' },
      { topic: 'escalated', task_id: 'task-1', person_id: 'leader_construction' },
    ],
  };
  return { view, rows };
}

describe('the fault audit', () => {
  test('finds nothing wrong with a consistent issue', () => {
    const { view, rows } = consistent();
    assert.deepEqual(auditRows(view, rows), []);
  });

  const cases: Array<[string, (rows: Rows, view: IssueView) => void, RegExp]> = [
    [
      'a lost event (a gap in the sequence)',
      (r) => r.events.splice(2, 1),
      /event sequence is not 1\.\.6.*missing \[3\]/,
    ],
    ['a doubled event', (r) => r.events.push({ ...r.events[5] }), /extra \[6\]/],
    [
      'a timer fired twice (the same step recorded again)',
      (r) => (r.events[5].data = { level: 1, repeat: 0 }),
      /recorded 2 times/,
    ],
    ['a lost escalation row', (r) => r.escalations.pop(), /has no row/],
    ['an escalation the workflow did not count', (_, v) => (v.state.tally.escalations = 3), /the workflow counted 3/],
    ['an escalation fired early', (r) => (r.escalations[0].fired_at = iso(T0 + 1_000)), /before it was due/],
    ['a lost escalation notice', (r) => r.notifications.splice(4, 1), /escalated.*leader_construction.*0, owed 1/],
    ['a doubled reminder', (r) => r.notifications.push({ ...r.notifications[1] }), /reminder.*2, owed 1/],
    ['a reminder no one was told of', (r) => r.notifications.splice(1, 1), /no reminder notification for event 3/],
    ['a stale read model', (r) => (r.issue!.sequence = '5'), /read model sequence: 5/],
    ['a read model at another level', (r) => (r.issue!.escalation_level = 1), /read model escalation level/],
    [
      'a snapshot that is not the state',
      (r) => ((r.issue!.snapshot as { status: string }).status = 'closed'),
      /snapshot differs.*status/,
    ],
    ['a stale task row', (r) => (r.tasks[0].escalation_level = 1), /task task-1:/],
    ['no read model row', (r) => (r.issue = undefined), /no row for the issue/],
  ];
  for (const [what, spoil, expected] of cases) {
    test(`finds ${what}`, () => {
      const { view, rows } = consistent();
      spoil(rows, view);
      const problems = auditRows(view, rows);
      assert.ok(
        problems.some((p) => expected.test(p)),
        `expected a problem matching ${expected}, got ${JSON.stringify(problems)}`,
      );
    });
  }
});
