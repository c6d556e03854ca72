// Re-timing running issues when the working calendar changes, on the real Temporal dev server, the real worker
// and PostgreSQL: a year's arrangement loaded moves the deadlines that fall in it (visible in the timeline, with
// its cause), the issue's row says which revision it is on and whether its deadlines are confirmed, and an issue
// the message has not reached catches up at its next event.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CALENDAR_RETIMING_WORKFLOW,
  calendarRetimingWorkflowId,
  progressUpdate,
  type CalendarRetimingResult,
} from '@unblock/contracts';
import { calendarFromSnapshot, computeClocksAt, formatShanghai } from '@unblock/domain';
import { CalendarStore } from '@unblock/persistence';
import { IssueWorkerHarness, people, recordHistory } from '../support/issue-worker';
import { eventually } from '../support/test-stack';
import { withExampleArrangement, workingDayPolicies } from '../support/calendar-fixtures';

describe('running issues re-timed when the working calendar changes (real stack)', () => {
  const policies = workingDayPolicies();
  const harness = new IssueWorkerHarness(policies);
  let store: CalendarStore;
  before(async () => {
    await harness.setUp();
    store = new CalendarStore(harness.dataSource, policies.calendar);
  });
  after(() => harness.tearDown());

  const retimingRun = async (revision: number) => {
    const handle = await harness.client.workflow.start(CALENDAR_RETIMING_WORKFLOW, {
      taskQueue: harness.taskQueue,
      workflowId: calendarRetimingWorkflowId(revision) + `:${harness.taskQueue}`,
      args: [{ revision }],
    });
    return handle;
  };

  test('loading 2027 moves the deadlines that fall in it, on record with its cause; the issue is confirmed', async () => {
    const handle = await harness.file();
    const filed = await harness.view(handle);
    const issueId = filed.state.issueId;
    const lead = filed.state.tasks[filed.state.leadTaskId];
    const revisionBefore = filed.state.calendar?.revision;
    assert.ok(revisionBefore !== undefined, 'a new issue is timed on a calendar revision');
    const row = await harness.issueRow(issueId);
    const handleYear = Number(formatShanghai(lead.handle!.due).slice(0, 4));
    assert.equal(handleYear, 2027, 'thirty working days from December reach into 2027');
    assert.equal(row?.calendar_unconfirmed, true, 'a deadline in a year without an arrangement is unconfirmed');

    const appended = await store.append({
      by: people.dispatcher.id,
      cause: '工作日历：载入 2027 年元旦安排（示例）',
      change: { action: 'year.load', years: [2027] },
      build: (current) => withExampleArrangement(current, 2027, [{ date: '2027-01-01', kind: 'holiday' }]),
    });
    assert.ok(appended);
    const run = await retimingRun(appended.revision);

    const moved = await eventually(
      async () => {
        const r = await harness.issueRow(issueId);
        return Number(r?.calendar_revision) === appended.revision ? r : undefined;
      },
      30_000,
      'the issue re-timed on the new revision',
    );
    assert.equal(moved.calendar_unconfirmed, false);
    const view = await harness.view(handle);
    const task = view.state.tasks[view.state.leadTaskId];
    // where the deadlines fall when computed from the same start on the new calendar
    const expected = computeClocksAt(
      view.state.policy,
      calendarFromSnapshot(appended.snapshot, appended.revision, policies.calendar),
      lead.assignedAt,
    );
    assert.notEqual(task.handle!.due, lead.handle!.due);
    assert.equal(formatShanghai(task.handle!.due), formatShanghai(expected.handle.due));
    assert.equal(formatShanghai(task.accept.due), formatShanghai(expected.accept.due));
    assert.deepEqual(
      task.handle!.moves.map((m) => m.cause),
      ['calendar'],
    );
    const events = await harness.rows(
      `SELECT name, data FROM issue_events WHERE issue_id = $1 AND name = 'deadline_moved' ORDER BY sequence`,
      [issueId],
    );
    assert.ok(events.length >= 2, 'the accept and the handling deadlines moved');
    for (const event of events)
      assert.equal((event.data as { cause: string }).cause, '工作日历：载入 2027 年元旦安排（示例）');
    const result = (await run.result()) as CalendarRetimingResult;
    assert.ok(result.told >= 1);
    const [record] = await harness.rows(`SELECT retimed_at FROM calendar_revisions WHERE revision = $1`, [
      appended.revision,
    ]);
    assert.ok(record.retimed_at instanceof Date, 'the revision records when every open issue was told');
    await recordHistory('calendar-retimed', handle);
  });

  test('an issue the message has not reached catches up at its next event, before deciding it', async () => {
    const handle = await harness.file();
    const filed = await harness.view(handle);
    const issueId = filed.state.issueId;
    const lead = filed.state.tasks[filed.state.leadTaskId];
    // a make-up Saturday added, and nobody told the issue
    const appended = await store.append({
      by: people.dispatcher.id,
      cause: '工作日历：2027-01-09 改为调休上班（示例）',
      change: { action: 'day.correct', changed: ['2027-01-09'] },
      build: (current) => withExampleArrangement(current, 2027, [{ date: '2027-01-09', kind: 'workday' }]),
    });
    assert.ok(appended);
    await handle.executeUpdate(progressUpdate, {
      args: [{ by: people.staff('land_office'), note: '已与三户村民见面' }],
    });
    const view = await harness.view(handle);
    assert.equal(view.state.calendar?.revision, appended.revision);
    const task = view.state.tasks[view.state.leadTaskId];
    assert.ok(task.handle!.due < lead.handle!.due, 'a make-up working day brings the deadline one day earlier');
    const names = (
      await eventually(async () => {
        const rows = await harness.rows(`SELECT name FROM issue_events WHERE issue_id = $1 ORDER BY sequence`, [
          issueId,
        ]);
        return rows.some((r) => r.name === 'progress_posted') ? rows : undefined;
      }, 20_000)
    ).map((r) => r.name as string);
    const movedAt = names.indexOf('deadline_moved');
    assert.ok(movedAt > 0, `deadline_moved in ${names.join(', ')}`);
    assert.ok(movedAt < names.length - 1, 're-timed before the progress note was decided');
    await recordHistory('calendar-caught-up', handle);
  });
});
