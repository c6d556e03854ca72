// Intake over HTTP on the real stack: latency of POST /api/v1/issues one at a time (median, p99), and
// throughput with several clients at once (requests per second), each answer waiting for the issue's workflow
// to register it, as the API does.
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { DEFAULT_POLICY_FILE, loadIssuePolicyFile } from '@unblock/config';

function quantile(sorted: number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index];
}

export async function intakeBench(
  say: (line: string) => void,
  sequential = 200,
  concurrent = { clients: 8, requests: 400 },
): Promise<void> {
  process.env.RATE_LIMIT_PER_MINUTE = '1000000';
  process.env.RATE_LIMIT_PER_ADDRESS_PER_MINUTE = '1000000';
  const { ApiStack } = await import('../test/support/api-stack');
  const { REPO_ROOT } = await import('../test/support/test-stack');
  // The product's own policies (deadlines in hours and days): the issues filed here do not all escalate at once.
  const stack = new ApiStack(loadIssuePolicyFile(path.join(REPO_ROOT, DEFAULT_POLICY_FILE)));
  await stack.setUp();
  try {
    const body = () => ({
      projectId: 'GX-ROAD-03',
      category: 'permit',
      risk: 'medium',
      title: `科技一路施工许可 ${randomUUID()}`,
      description: '施工许可证办理材料缺少规划核实意见。',
    });
    const answers = new Map<number, number>();
    const file = async () => {
      const started = process.hrtime.bigint();
      const response = await stack.request('POST', '/api/v1/issues', {
        as: 'reporter.investor',
        body: body(),
        headers: { 'idempotency-key': randomUUID() },
      });
      // 202: taken and started, but not registered within the API's wait; counted, not an error.
      if (response.status !== 201 && response.status !== 202)
        throw new Error(`intake answered ${response.status}: ${JSON.stringify(response.body)}`);
      answers.set(response.status, (answers.get(response.status) ?? 0) + 1);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const answerSummary = () => [...answers].map(([status, count]) => `${count} × ${status}`).join(', ');
    await stack.token('reporter.investor');
    for (let i = 0; i < 5; i++) await file(); // warm-up
    const latencies: number[] = [];
    for (let i = 0; i < sequential; i++) latencies.push(await file());
    latencies.sort((a, b) => a - b);
    say(
      `intake, one at a time (${sequential} requests; ${answerSummary()}): median ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms, worst ${latencies[latencies.length - 1].toFixed(1)} ms`,
    );

    answers.clear();
    let next = 0;
    const started = Date.now();
    const concurrentLatencies: number[] = [];
    await Promise.all(
      Array.from({ length: concurrent.clients }, async () => {
        while (next < concurrent.requests) {
          next += 1;
          concurrentLatencies.push(await file());
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    concurrentLatencies.sort((a, b) => a - b);
    say(
      `intake, ${concurrent.clients} clients at once (${concurrent.requests} requests; ${answerSummary()}): ${(concurrent.requests / seconds).toFixed(1)} requests/s, ` +
        `median ${quantile(concurrentLatencies, 0.5).toFixed(1)} ms, p99 ${quantile(concurrentLatencies, 0.99).toFixed(1)} ms`,
    );
  } finally {
    await stack.tearDown();
  }
}

if (require.main === module) {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  (async () => {
    const { startLocalStack } = await import('../test/support/local-stack');
    const stack = await startLocalStack(say);
    Object.assign(process.env, stack.env);
    try {
      await intakeBench(say, Number(process.argv[2] ?? 100), {
        clients: Number(process.argv[3] ?? 8),
        requests: Number(process.argv[4] ?? 200),
      });
    } finally {
      await stack.stop();
    }
  })().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
