// How late escalations fire against their deadlines, on the real stack: files N issues at once that nobody
// accepts (test policies: accept PT2S, ladder waits PT2S, two repeats at the top), waits until every issue has
// climbed to the top and repeated, and reports the lateness (fired − due) of every escalation.
// Run: npm run bench -- escalation   (or node dist/bench/escalation-lateness.bench.js [issues])
import { startLocalStack } from '../test/support/local-stack';

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index];
}

export async function escalationLatenessBench(issues: number, say: (line: string) => void): Promise<void> {
  // The harness reads the stack from the environment, so load it after the stack is up.
  const { IssueWorkerHarness } = await import('../test/support/issue-worker');
  const { eventually } = await import('../test/support/test-stack');
  const harness = new IssueWorkerHarness();
  await harness.setUp();
  try {
    const handles = await Promise.all(
      Array.from({ length: issues }, (_, i) =>
        harness.file({ category: 'utilities', projectId: 'GX-UTIL-01', risk: 'high', title: `基准测试 ${i + 1}` }),
      ),
    );
    const ids = await Promise.all(handles.map(async (handle) => (await harness.view(handle)).state.issueId));
    const perIssue = 6; // four levels, then two repeats at the top
    const rows = await eventually(
      async () => {
        const found = await harness.rows(
          `SELECT issue_id, level, repeat, due_at, fired_at FROM escalations WHERE issue_id = ANY($1)`,
          [ids],
        );
        return found.length >= issues * perIssue ? found : undefined;
      },
      120_000,
      'every issue to climb to the top',
    );
    const lateness = rows
      .map((r) => new Date(r.fired_at as string).getTime() - new Date(r.due_at as string).getTime())
      .sort((a, b) => a - b);
    say(`escalations measured: ${lateness.length} (${issues} issues filed at once, ${perIssue} escalations each)`);
    say(
      `lateness ms  min ${lateness[0]}  median ${quantile(lateness, 0.5)}  p95 ${quantile(lateness, 0.95)}  worst ${lateness[lateness.length - 1]}`,
    );
    const early = lateness.filter((ms) => ms < 0).length;
    if (early > 0) throw new Error(`${early} escalations fired before their deadline`);
  } finally {
    await harness.tearDown();
  }
}

if (require.main === module) {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const issues = Number(process.argv[2] ?? 20);
  (async () => {
    const stack = await startLocalStack(say);
    Object.assign(process.env, stack.env);
    try {
      await escalationLatenessBench(issues, say);
    } finally {
      await stack.stop();
    }
  })().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
