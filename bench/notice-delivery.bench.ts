// Notices through one channel at its limit, on servers of the benchmark's own (PostgreSQL, Temporal, the product's
// worker as a process whose CPU time is read) and the local receiver, which enforces each vendor's limit and would
// refuse a message past it. Each scenario puts its notices on the channel's queue (deliveries as the effects write
// them) and wakes its courier, then waits until every one was sent:
// - a burst of notices at once to a WeCom robot (20 messages a minute): how many messages carried them (digests);
// - a steady stream of notices to a WeCom robot for a minute: messages, and the delay from queued to sent;
// - a burst to the signed webhook (one event per notice, 600 a minute): deliveries per second at its limit;
// - a burst to a Feishu robot (100 a minute, 5 a second);
// - a WeCom robot that answers HTTP 500 three times, then recovers: the attempts it took (the test policies' retry
//   settings: 1 s doubling to 2 s, 4 attempts).
// For each: notices delivered per second, messages sent and the most in any 60 s, delay p50/p99, refusals by the
// receiver (0 expected), and the worker's CPU time per notice delivered.
// Run: npm run bench -- notices
import { randomUUID } from 'node:crypto';
import { NOTICE_CHANNEL_WORKFLOW, noticeChannelWorkflowId, wakeNoticeChannelSignal } from '@unblock/contracts';
import type { NoticeFacts } from '@unblock/domain';
import { startVendorReceiver, type RobotKind, type VendorReceiver } from '../apps/receiver/src/vendor-receiver';
import { FaultStack, type WorkerProcess } from '../test/support/fault-stack';
import { eventually } from '../test/support/test-stack';

type Say = (line?: string) => void;

interface Scenario {
  name: string;
  kind: RobotKind;
  notices: number;
  /** notices queued per second; 0: all at once */
  perSecond: number;
  failures?: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'WeCom, 300 at once', kind: 'wecom', notices: 300, perSecond: 0 },
  { name: 'WeCom, 2 a second for 60 s', kind: 'wecom', notices: 120, perSecond: 2 },
  { name: 'webhook, 300 at once', kind: 'webhook', notices: 300, perSecond: 0 },
  { name: 'Feishu, 300 at once', kind: 'feishu', notices: 300, perSecond: 0 },
  { name: 'WeCom, 500 ×3 then up, 10 at once', kind: 'wecom', notices: 10, perSecond: 0, failures: 3 },
];

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function facts(i: number): NoticeFacts {
  const now = Date.now();
  return {
    issueId: `BENCH-${i}`,
    title: `基准测试问题 ${i}`,
    project: '高新大道',
    category: 'land_acquisition',
    risk: 'high',
    topic: 'escalated',
    department: '征地拆迁办公室',
    level: 2,
    role: 'responsible_leader',
    cause: 'accept',
    deadlineAt: now - 3_600_000,
    decidedAt: now,
  };
}

async function runScenario(stack: FaultStack, receiver: VendorReceiver, worker: WorkerProcess, scenario: Scenario) {
  const channelId = `bench_${randomUUID().slice(0, 8)}`;
  const token = `${scenario.kind}-${channelId}`;
  const secret = scenario.kind === 'wecom' ? undefined : `secret-${randomUUID()}`;
  receiver.addRobot({ kind: scenario.kind, token, ...(secret ? { secret } : {}) });
  if (scenario.failures) receiver.fail(scenario.kind, token, { mode: 'http500', count: scenario.failures });
  await stack.rows(`INSERT INTO notice_channels (id, kind, name, endpoint, secret) VALUES ($1, $2, $3, $4, $5)`, [
    channelId,
    scenario.kind,
    scenario.name,
    receiver.endpointFor(scenario.kind, token),
    secret ?? null,
  ]);
  const wake = () =>
    stack.client.workflow.signalWithStart(NOTICE_CHANNEL_WORKFLOW, {
      workflowId: noticeChannelWorkflowId(channelId),
      taskQueue: stack.taskQueue,
      args: [{ channelId }],
      signal: wakeNoticeChannelSignal,
      signalArgs: [],
    });
  const queue = async (from: number, count: number) => {
    const ids = Array.from({ length: count }, (_, k) => from + k);
    await stack.rows(
      `INSERT INTO notice_deliveries (id, channel_id, notice_key, topic, facts, status, next_attempt_at)
       SELECT $1 || ':' || i || '>' || $2, $2, $1 || ':' || i, 'escalated', f, 'pending', now()
       FROM unnest($3::int[], $4::jsonb[]) AS t(i, f)`,
      [`bench-${channelId}`, channelId, ids, ids.map((i) => JSON.stringify(facts(i)))],
    );
    await wake();
  };
  const cpuBefore = worker.cpuMs();
  const started = Date.now();
  if (scenario.perSecond === 0) await queue(0, scenario.notices);
  else
    for (let i = 0; i < scenario.notices; i += scenario.perSecond) {
      const at = started + (i / scenario.perSecond) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
      await queue(i, Math.min(scenario.perSecond, scenario.notices - i));
    }
  await eventually(
    async () => {
      const [row] = await stack.rows(
        `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*)::int AS all FROM notice_deliveries WHERE channel_id = $1`,
        [channelId],
      );
      return row.sent === scenario.notices ? true : undefined;
    },
    600_000,
    `${scenario.name}: every notice sent`,
  );
  const elapsedMs = Date.now() - started;
  const cpuMs = worker.cpuMs() - cpuBefore;
  const rows = await stack.rows(
    `SELECT extract(epoch FROM sent_at - created_at) * 1000 AS delay, attempts FROM notice_deliveries WHERE channel_id = $1`,
    [channelId],
  );
  const messages = receiver.messages({ token });
  const accepted = messages.filter((message) => message.accepted);
  const busiestMinute = Math.max(
    ...accepted.map(
      (message) =>
        accepted.filter(
          (other) => other.receivedAt > message.receivedAt - 60_000 && other.receivedAt <= message.receivedAt,
        ).length,
    ),
  );
  const delays = rows.map((row) => Number(row.delay));
  return {
    name: scenario.name,
    notices: scenario.notices,
    seconds: elapsedMs / 1000,
    perSecond: scenario.notices / (elapsedMs / 1000),
    messages: accepted.length,
    busiestMinute,
    refused: messages.length - accepted.length - (scenario.failures ?? 0),
    delayP50: quantile(delays, 0.5) / 1000,
    delayP99: quantile(delays, 0.99) / 1000,
    attempts: Math.max(...rows.map((row) => Number(row.attempts))),
    cpuPerNotice: cpuMs / scenario.notices,
  };
}

export async function noticeDeliveryBench(say: Say): Promise<void> {
  const stack = await FaultStack.start();
  const receiver = await startVendorReceiver({ smtp: false });
  try {
    const worker = await stack.startWorker();
    say(
      '| scenario | notices | s to deliver all | notices/s | messages | most in 60 s | refused | delay p50 / p99 s | max attempts | worker CPU ms/notice |',
    );
    say('|---|---|---|---|---|---|---|---|---|---|');
    for (const scenario of SCENARIOS) {
      const r = await runScenario(stack, receiver, worker, scenario);
      say(
        `| ${r.name} | ${r.notices} | ${r.seconds.toFixed(1)} | ${r.perSecond.toFixed(1)} | ${r.messages} | ${r.busiestMinute} | ${r.refused} | ${r.delayP50.toFixed(1)} / ${r.delayP99.toFixed(1)} | ${r.attempts} | ${r.cpuPerNotice.toFixed(2)} |`,
      );
    }
  } finally {
    await receiver.close();
    await stack.stop();
  }
}

if (require.main === module) {
  noticeDeliveryBench((line = '') => process.stdout.write(`${line}\n`)).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
