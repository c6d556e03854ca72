// Re-timing open issues when the working calendar changes, on the real stack: files N open issues on the working
// calendar (deadlines reaching into 2027, which the calendar does not know), loads a made-up 2027 arrangement (New
// Year's Day off) as a new revision, starts the re-timing workflow, and measures how long until every issue is
// on the new revision (its row says so), the rate, the worker process's CPU time per issue re-timed, and intake
// (file → row) while the re-timing runs against intake on an idle stack.
// Run: npm run bench -- calendar   (BENCH_CALENDAR_ISSUES, default 10000)
import {
  CALENDAR_RETIMING_WORKFLOW,
  calendarRetimingWorkflowId,
  ISSUE_WORKFLOW,
  issueWorkflowId,
} from '@unblock/contracts';
import { CalendarStore } from '@unblock/persistence';
import { startLocalStack } from '../test/support/local-stack';

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export async function calendarRetimingBench(issues: number, say: (line: string) => void): Promise<void> {
  const { IssueWorkerHarness } = await import('../test/support/issue-worker');
  const { eventually } = await import('../test/support/test-stack');
  const { withExampleArrangement, workingDayPolicies } = await import('../test/support/calendar-fixtures');
  const { LAND_DISPUTE_EXAMPLE } = await import('../apps/api/src/issues/issue-intake.controller');
  const policies = workingDayPolicies();
  const harness = new IssueWorkerHarness(policies);
  await harness.setUp();
  const store = new CalendarStore(harness.dataSource, policies.calendar);
  const start = (issueId: string) =>
    harness.client.workflow.start(ISSUE_WORKFLOW, {
      taskQueue: harness.taskQueue,
      workflowId: issueWorkflowId(issueId),
      args: [{ intake: { issueId, ...LAND_DISPUTE_EXAMPLE, reporter: { id: 'reporter_investor' } } }],
    });
  const openOn = async (revision: number) =>
    Number(
      (
        await harness.rows(
          `SELECT count(*)::int AS n FROM issues
            WHERE id LIKE 'bench-cal-%' AND status = 'open' AND COALESCE(calendar_revision, 1) >= $1`,
          [revision],
        )
      )[0].n,
    );
  /** Intake as people see it: start → the issue's row in the read model. */
  const intakeLatency = async (count: number, tag: string): Promise<number[]> => {
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const issueId = `bench-intake-${tag}-${i}`;
      const began = Date.now();
      await start(issueId);
      await eventually(async () => ((await harness.issueRow(issueId)) ? true : undefined), 60_000, issueId);
      times.push(Date.now() - began);
    }
    return times.sort((a, b) => a - b);
  };
  try {
    say(`filing ${issues.toLocaleString('en')} open issues on the working calendar…`);
    const filing = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        for (let i = next++; i < issues; i = next++) {
          await start(`bench-cal-${String(i).padStart(6, '0')}`);
          if (i > 0 && i % 1000 === 0)
            say(`  ${i.toLocaleString('en')} filed (${((Date.now() - filing) / 1000).toFixed(0)} s)`);
        }
      }),
    );
    await eventually(async () => ((await openOn(1)) >= issues ? true : undefined), 30 * 60_000, 'every issue written');
    say(`  filed and written in ${((Date.now() - filing) / 1000).toFixed(0)} s`);
    const idleIntake = await intakeLatency(20, 'idle');

    const appended = await store.append({
      by: 'dispatcher',
      cause: 'calendar: 2027 元旦 arrangement loaded (示例)',
      change: { action: 'year.load', years: [2027] },
      build: (current) => withExampleArrangement(current, 2027, [{ date: '2027-01-01', kind: 'holiday' }]),
    });
    if (!appended) throw new Error('the arrangement changed nothing');
    const cpuBefore = process.cpuUsage();
    const began = Date.now();
    await harness.client.workflow.start(CALENDAR_RETIMING_WORKFLOW, {
      taskQueue: harness.taskQueue,
      workflowId: calendarRetimingWorkflowId(appended.revision),
      args: [{ revision: appended.revision }],
    });
    // intake while the re-timing runs
    const busyIntake = intakeLatency(20, 'busy');
    let lastSaid = 0;
    await eventually(
      async () => {
        const done = await openOn(appended.revision);
        if (Date.now() - lastSaid > 10_000) {
          lastSaid = Date.now();
          say(`  ${done.toLocaleString('en')} re-timed (${((Date.now() - began) / 1000).toFixed(0)} s)`);
        }
        return done >= issues ? true : undefined;
      },
      60 * 60_000,
      'every issue re-timed',
    );
    const seconds = (Date.now() - began) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const busy = await busyIntake;
    const moved = Number(
      (
        await harness.rows(
          `SELECT count(DISTINCT issue_id)::int AS n FROM issue_events WHERE name = 'deadline_moved' AND issue_id LIKE 'bench-cal-%'`,
        )
      )[0].n,
    );
    const unconfirmed = Number(
      (
        await harness.rows(
          `SELECT count(*)::int AS n FROM issues WHERE id LIKE 'bench-cal-%' AND status = 'open' AND calendar_unconfirmed`,
        )
      )[0].n,
    );
    say('');
    say(
      `| open issues | s to re-time all | issues/s | issues with a moved deadline | still unconfirmed | worker process CPU ms/issue |`,
    );
    say('|---|---|---|---|---|---|');
    say(
      `| ${issues.toLocaleString('en')} | ${seconds.toFixed(1)} | ${(issues / seconds).toFixed(1)} | ${moved.toLocaleString('en')} | ${unconfirmed} | ${((cpu.user + cpu.system) / 1000 / issues).toFixed(2)} |`,
    );
    say('');
    say('| intake (start → row), 20 one after another | p50 ms | p99 ms | max ms |');
    say('|---|---|---|---|');
    say(
      `| idle | ${quantile(idleIntake, 0.5)} | ${quantile(idleIntake, 0.99)} | ${idleIntake[idleIntake.length - 1]} |`,
    );
    say(`| while re-timing | ${quantile(busy, 0.5)} | ${quantile(busy, 0.99)} | ${busy[busy.length - 1]} |`);
  } finally {
    await harness.tearDown();
  }
}

if (require.main === module) {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const issues = Number(process.argv[2] ?? process.env.BENCH_CALENDAR_ISSUES ?? 10_000);
  (async () => {
    const stack = await startLocalStack(say);
    Object.assign(process.env, stack.env);
    try {
      await calendarRetimingBench(issues, say);
    } finally {
      await stack.stop();
    }
  })().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
