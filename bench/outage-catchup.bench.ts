// Catching up after an outage, on servers of the benchmark's own: 50 unaccepted issues whose deadlines fall inside
// a 20-second outage — of the Temporal server (SIGKILL, then started again on the same SQLite file) and, separately,
// of PostgreSQL (stopped, then started again on the same data) — and, for comparison, the same run with no outage.
// For each: the lateness of the deadlines that fell inside the outage (fired − due, from the escalations table), and
// the same minus the outage's remaining time at each deadline (the goal: ≤ 5 s at p99); how late they were written
// (the escalation row's creation − due); the time after recovery until the backlog was cleared (every timer firing
// due by the recovery processed and written: its events and escalation rows); and the worker's CPU time per timer
// firing processed from the outage's start until the backlog was cleared. Each run ends with the fault suite's audit
// (nothing lost or doubled, no gap, read model equal to the view).
// Run: npm run bench -- outage   (or node dist/bench/outage-catchup.bench.js [issues] [outage seconds] [kinds], the
// kinds comma-separated among none,temporal,postgres)
import { loadIssuePolicyFile, TEST_POLICY_FILE } from '@unblock/config';
import type { IssuePolicyDocument } from '@unblock/domain';
import * as path from 'node:path';
import { startLocalStack } from '../test/support/local-stack';
import { REPO_ROOT } from '../test/support/test-stack';

type Say = (line?: string) => void;
type Outage = 'none' | 'temporal' | 'postgres';

/** Unaccepted utilities/high issues: acceptance after 12 s, then a ladder step every 4 s (four levels, two repeats). */
const ACCEPT_S = 12;
/** The outage starts this long after the first issue was filed (or once all are, if that takes longer). */
const OUTAGE_AFTER_FIRST_MS = 8_000;
const WAIT_S = 4;
const STEPS = 6;

function benchPolicies(): IssuePolicyDocument {
  const policies = loadIssuePolicyFile(path.join(REPO_ROOT, TEST_POLICY_FILE));
  const policy = policies.policies.utilities.high;
  policy.accept = `PT${ACCEPT_S}S`;
  policy.handle = 'PT1H';
  policy.reminders = ['50%'];
  policy.ladder = policy.ladder.map((level) => (level.wait ? { ...level, wait: `PT${WAIT_S}S` } : level));
  policy.topRepeat = { interval: `PT${WAIT_S}S`, count: 2 };
  return policies;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

interface Result {
  outage: string;
  outageMs: number;
  restartMs: number;
  dueInOutage: number;
  late: number[];
  beyond: number[];
  written: number[];
  writtenBeyond: number[];
  clearMs: number;
  firings: number;
  cpuMs: number;
  problems: number;
}

async function runOnce(
  issues: number,
  outage: Outage,
  outageMs: number,
  say: Say,
  stack: import('../test/support/fault-stack').FaultStack,
): Promise<Result> {
  const { eventually } = await import('../test/support/test-stack');
  const { settleAndAudit, problemsOf } = await import('../test/support/fault-checks');
  await stack.useDatabase(`bench_${outage}_${Date.now().toString(36)}`);
  const worker = await stack.startWorker();
  try {
    const ids: string[] = [];
    const firstFiledAt = Date.now();
    for (let start = 0; start < issues; start += 25) {
      const batch = Array.from({ length: Math.min(25, issues - start) }, (_, i) =>
        stack.file({ title: `停机追赶基准 ${outage} ${start + i + 1}` }),
      );
      ids.push(...(await Promise.all(batch)));
    }
    const filedMs = Date.now() - firstFiledAt;
    await eventually(
      async () => (Date.now() >= firstFiledAt + OUTAGE_AFTER_FIRST_MS ? true : undefined),
      OUTAGE_AFTER_FIRST_MS + 1_000,
      'the outage to begin',
    );
    // CPU samples of the worker, to read its CPU time at any instant of the run
    const samples: Array<[number, number]> = [[Date.now(), worker.cpuMs()]];
    const sampler = setInterval(() => samples.push([Date.now(), worker.cpuMs()]), 200);
    const cpuAt = (at: number) => {
      const after = samples.findIndex(([t]) => t >= at);
      if (after <= 0) return samples[Math.max(0, after)][1];
      const [t0, c0] = samples[after - 1];
      const [t1, c1] = samples[after];
      return c0 + ((c1 - c0) * (at - t0)) / Math.max(1, t1 - t0);
    };

    const startedAt = Date.now();
    let recoveredAt = Number.NaN; // set when the servers serve again
    let restartMs = 0;
    const lasts = () =>
      eventually(async () => (Date.now() >= startedAt + outageMs ? true : undefined), outageMs + 5_000);
    const downAndUp = async (down: () => Promise<unknown>, up: () => Promise<unknown>) => {
      await down();
      await lasts();
      const restart = Date.now();
      await up();
      recoveredAt = Date.now();
      restartMs = recoveredAt - restart;
    };
    if (outage === 'temporal') {
      await downAndUp(
        () => stack.temporal.kill(),
        () => stack.temporal.start(),
      );
    } else if (outage === 'postgres') {
      await downAndUp(
        () => stack.postgres.stop(),
        () => stack.postgres.start(),
      );
    } else {
      await lasts();
      recoveredAt = Date.now();
    }
    say(
      `  ${outage}: ${issues} issues filed in ${filedMs} ms; outage ${recoveredAt - startedAt} ms (restart ${restartMs} ms)`,
    );

    // every issue climbs to the top and repeats twice
    await eventually(
      async () => {
        const [{ n }] = await stack.rows(`SELECT count(*)::int AS n FROM escalations WHERE issue_id = ANY($1)`, [ids]);
        return (n as number) >= issues * STEPS ? true : undefined;
      },
      300_000,
      'every escalation of every issue',
    );
    const audits = await settleAndAudit(stack, ids, { timeoutMs: 120_000, until: 'nothing_due' });
    clearInterval(sampler);

    const escalations = await stack.rows(
      `SELECT due_at, fired_at, created_at FROM escalations WHERE issue_id = ANY($1)`,
      [ids],
    );
    const time = (value: unknown) => new Date(value as string).getTime();
    // with no outage nothing of a deadline's lateness is the outage's
    const outageEnd = outage === 'none' ? startedAt : recoveredAt;
    const inOutage = escalations.filter((e) => time(e.due_at) >= startedAt && time(e.due_at) <= recoveredAt);
    // the backlog: every timer firing due by the recovery (its events), and every escalation due by then
    const [{ cleared }] = await stack.rows(
      `SELECT greatest(
         (SELECT max(recorded_at) FROM issue_events WHERE issue_id = ANY($1) AND at <= $2),
         (SELECT max(created_at) FROM escalations WHERE issue_id = ANY($1) AND due_at <= $2)) AS cleared`,
      [ids, new Date(recoveredAt)],
    );
    const clearedAt = Math.max(recoveredAt, time(cleared));
    const [{ firings }] = await stack.rows(
      `SELECT count(DISTINCT (issue_id, at))::int AS firings FROM issue_events
       WHERE issue_id = ANY($1) AND sequence > 2 AND recorded_at >= $2 AND recorded_at <= $3`,
      [ids, new Date(startedAt), new Date(clearedAt)],
    );
    return {
      outage: outage === 'none' ? 'none (baseline)' : outage === 'temporal' ? 'Temporal server' : 'PostgreSQL',
      outageMs: outage === 'none' ? 0 : recoveredAt - startedAt,
      restartMs,
      dueInOutage: inOutage.length,
      late: inOutage.map((e) => time(e.fired_at) - time(e.due_at)),
      beyond: inOutage.map((e) => time(e.fired_at) - Math.max(time(e.due_at), outageEnd)),
      written: inOutage.map((e) => time(e.created_at) - time(e.due_at)),
      writtenBeyond: inOutage.map((e) => time(e.created_at) - Math.max(time(e.due_at), outageEnd)),
      clearMs: clearedAt - recoveredAt,
      firings: firings as number,
      cpuMs: cpuAt(clearedAt) - cpuAt(startedAt),
      problems: problemsOf(audits).length,
    };
  } finally {
    await worker.stop();
  }
}

const s = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '–');
const pair = (values: number[]) => `${s(quantile(values, 0.5))} / ${s(quantile(values, 0.99))}`;

/** One row per measure, one column per run. */
function table(results: Result[]): string {
  const rows: Array<[string, (r: Result) => string]> = [
    ['outage (from the kill or stop until serving again)', (r) => (r.outageMs ? s(r.outageMs) : '–')],
    ['  of which the restart', (r) => (r.outageMs ? s(r.restartMs) : '–')],
    ['escalations due during the outage', (r) => String(r.dueInOutage)],
    ['fired − due, median / p99', (r) => pair(r.late)],
    ['fired − due − remaining outage, median / p99 (goal p99 ≤ 5 s)', (r) => pair(r.beyond)],
    ['first firing after recovery', (r) => (r.outageMs ? s(Math.min(...r.beyond.filter((b) => b >= 0))) : '–')],
    ['written − due, median / p99', (r) => pair(r.written)],
    ['written − due − remaining outage, median / p99', (r) => pair(r.writtenBeyond)],
    ['backlog cleared, after recovery', (r) => s(r.clearMs)],
    ['timer firings processed, outage start → backlog cleared', (r) => String(r.firings)],
    ['worker CPU per timer firing', (r) => `${(r.cpuMs / Math.max(1, r.firings)).toFixed(1)} ms`],
    ['audit after settling', (r) => (r.problems === 0 ? '0 lost, 0 doubled' : `${r.problems} problems`)],
  ];
  const first = Math.max(...rows.map(([label]) => label.length));
  const width = 20;
  const line = (label: string, cells: string[]) =>
    `${label.padEnd(first)} | ${cells.map((cell) => cell.padEnd(width)).join(' | ')}`;
  return [
    line(
      '',
      results.map((r) => r.outage),
    ),
    `${'-'.repeat(first)}-|-${results.map(() => '-'.repeat(width)).join('-|-')}`,
    ...rows.map(([label, cell]) => line(label, results.map(cell))),
  ].join('\n');
}

/** The three runs (no outage, Temporal, PostgreSQL) on servers of the benchmark's own, and the table. */
export async function outageCatchupBench(
  say: Say,
  issues = 50,
  outageSeconds = 20,
  kinds: readonly Outage[] = ['none', 'temporal', 'postgres'],
): Promise<void> {
  const { FaultStack } = await import('../test/support/fault-stack');
  const stack = await FaultStack.start({ policies: benchPolicies() });
  const results: Result[] = [];
  try {
    for (const outage of kinds) results.push(await runOnce(issues, outage, outageSeconds * 1000, say, stack));
  } finally {
    await stack.stop();
  }
  say();
  say(
    `${issues} unaccepted issues (acceptance after ${ACCEPT_S} s, then a ladder step every ${WAIT_S} s, ${STEPS} escalations ` +
      `each), one worker process; a ${outageSeconds}-second outage starting ${OUTAGE_AFTER_FIRST_MS / 1000} s after the ` +
      'first was filed (the baseline: the same ' +
      'window, no outage). Lateness of the escalations due during the outage: "fired" is when the workflow processed the ' +
      'deadline (escalations.fired_at), "written" when its row was written (created_at); "− remaining outage" subtracts ' +
      'the outage time left at the deadline (negative: handled before the outage ended). "Backlog cleared": from recovery ' +
      'until every timer firing due by then has its events and escalation rows written. Worker CPU: user + system time ' +
      'of the worker process from the outage start until the backlog was cleared, per timer firing processed meanwhile.',
  );
  say(table(results));
}

if (require.main === module) {
  const say: Say = (line = '') => process.stdout.write(`${line}\n`);
  const issues = Number(process.argv[2] ?? 50);
  const seconds = Number(process.argv[3] ?? 20);
  const kinds = (process.argv[4] ?? 'none,temporal,postgres').split(',') as Outage[];
  (async () => {
    // the local stack only resolves the Temporal CLI here; the benchmark runs on servers of its own
    const stack = await startLocalStack(say);
    Object.assign(process.env, stack.env);
    try {
      await outageCatchupBench(say, issues, seconds, kinds);
    } finally {
      await stack.stop();
    }
  })().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
