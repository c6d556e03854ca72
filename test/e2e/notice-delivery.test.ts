// Notices reach people where they work, on the real stack (PostgreSQL, Temporal, the worker with the test policies
// in seconds) and a local receiver that checks what the vendors check (signatures and their timestamps, body
// shapes and sizes, each robot's limit) and answers with the vendors' codes: the ladder reaches each leader's robot
// with the leader @-mentioned; a receiver that fails for a while gets everything once it recovers; a pile of
// escalations to one robot arrives as digests within its limit, nothing lost; quiet hours hold low-risk notices.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  CHANNEL_LIMITS,
  describeDay,
  deliveryPolicyOf,
  createWorkingCalendar,
  SHANGHAI_UTC_OFFSET_MS,
  type IssuePolicyDocument,
} from '@unblock/domain';
import {
  startVendorReceiver,
  type ReceivedMessage,
  type RobotKind,
  type VendorReceiver,
} from '../../apps/receiver/src/vendor-receiver';
import { IssueWorkerHarness, TEST_POLICIES } from '../support/issue-worker';
import { eventually } from '../support/test-stack';

interface DeliveryRow {
  id: string;
  status: string;
  attempts: number;
  last_status: string | null;
  ambiguous: boolean;
  issue_id: string | null;
  hold_until: Date | null;
  sent_at: Date | null;
  message_id: string | null;
}

async function addChannel(
  harness: IssueWorkerHarness,
  receiver: VendorReceiver,
  kind: RobotKind,
  owner: { departmentId?: string },
  options: { secret?: string; quietHours?: boolean } = {},
): Promise<{ id: string; token: string }> {
  const id = `ch_${randomUUID().slice(0, 8)}`;
  const token = `${kind}-${randomUUID()}`;
  receiver.addRobot({ kind, token, ...(options.secret ? { secret: options.secret } : {}) });
  await harness.rows(
    `INSERT INTO notice_channels (id, kind, name, department_id, endpoint, secret, quiet_hours)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      id,
      kind,
      `${kind} ${id}`,
      owner.departmentId ?? null,
      receiver.endpointFor(kind, token),
      options.secret ?? null,
      options.quietHours ?? false,
    ],
  );
  return { id, token };
}

const deliveriesOf = async (harness: IssueWorkerHarness, channelId: string) =>
  (await harness.rows(`SELECT * FROM notice_deliveries WHERE channel_id = $1 ORDER BY created_at, id`, [
    channelId,
  ])) as unknown as DeliveryRow[];

/** The notices a received message stands for: a digest says how many, a single notice is one. */
function noticesIn(message: ReceivedMessage): number {
  const digest = message.text.match(/【(\d+)条新通知】/);
  return digest ? Number(digest[1]) : 1;
}

/** Waits until the channel's deliveries have all been sent and no more come for a while (the issues went quiet). */
async function settled(
  harness: IssueWorkerHarness,
  channelId: string,
  minimum: number,
  timeoutMs: number,
): Promise<DeliveryRow[]> {
  let last = -1;
  let stableSince = Date.now();
  return eventually(
    async () => {
      const rows = await deliveriesOf(harness, channelId);
      if (rows.length !== last) {
        last = rows.length;
        stableSince = Date.now();
        return undefined;
      }
      const open = rows.filter((row) => row.status !== 'sent');
      return rows.length >= minimum && open.length === 0 && Date.now() - stableSince > 5_000 ? rows : undefined;
    },
    timeoutMs,
    `every delivery on channel ${channelId} sent`,
  );
}

describe('notices reach the robots, e-mail and webhooks of the people concerned', () => {
  const harness = new IssueWorkerHarness();
  let receiver: VendorReceiver;
  before(async () => {
    receiver = await startVendorReceiver({ smtp: false });
    await harness.setUp();
    await harness.rows(
      `UPDATE people SET mobile = m.mobile, feishu_open_id = m.open_id
       FROM (VALUES ('land_office_head', '13800000011', NULL), ('leader_construction', '13800000021', 'ou_0000000000000021'),
                    ('director', '13800000031', 'ou_0000000000000031'), ('secretary', '13800000041', 'ou_0000000000000041'))
         AS m(id, mobile, open_id)
       WHERE people.id = m.id`,
    );
  });
  after(async () => {
    await harness.tearDown();
    await receiver.close();
  });

  test("an issue nobody accepts climbs the ladder, and each leader's robot gets the escalation with that leader @-mentioned", async () => {
    const department = await addChannel(harness, receiver, 'wecom', { departmentId: 'land_office' });
    const dingtalk = await addChannel(
      harness,
      receiver,
      'dingtalk',
      { departmentId: 'leadership' },
      { secret: `SEC${randomUUID()}` },
    );
    const feishu = await addChannel(
      harness,
      receiver,
      'feishu',
      { departmentId: 'leadership' },
      { secret: randomUUID() },
    );
    await harness.file({ title: `阶梯升级 ${randomUUID()}` });

    const reached = (kind: RobotKind, token: string, level: number, mention: string) => (all: ReceivedMessage[]) =>
      all.some(
        (message) =>
          message.kind === kind &&
          message.token === token &&
          message.accepted &&
          message.text.includes(`问题升级·第${level}级`) &&
          message.mentions.includes(mention),
      );
    const all = await receiver.waitFor(
      (messages) =>
        reached('wecom', department.token, 1, '13800000011')(messages) &&
        reached('dingtalk', dingtalk.token, 2, '13800000021')(messages) &&
        reached('dingtalk', dingtalk.token, 3, '13800000031')(messages) &&
        reached('dingtalk', dingtalk.token, 4, '13800000041')(messages) &&
        reached('feishu', feishu.token, 2, 'ou_0000000000000021')(messages) &&
        reached('feishu', feishu.token, 3, 'ou_0000000000000031')(messages) &&
        reached('feishu', feishu.token, 4, 'ou_0000000000000041')(messages),
      90_000,
    );
    const refused = all.filter(
      (message) => !message.accepted && [department.token, dingtalk.token, feishu.token].includes(message.token),
    );
    assert.deepEqual(
      refused.map((message) => `${message.kind} ${message.code} ${message.error}`),
      [],
      'signatures, shapes and limits all as the vendors want',
    );
    // the department's robot hears of its own stall, not of the leaders' levels
    assert.ok(
      all.filter((message) => message.token === department.token).every((message) => !/第[234]级/.test(message.text)),
      "the levels above the department head go to the leadership's robots",
    );
    const escalation = all.find((message) => message.token === dingtalk.token && message.text.includes('第2级'))!;
    assert.match(escalation.text, /项目：|高新|详情：http/, escalation.text);
    await settled(harness, dingtalk.id, 3, 60_000);
    await settled(harness, feishu.id, 3, 60_000);
  });

  test('a robot that fails for a while (HTTP 500, then its rate-limit code) gets every notice once it recovers, each attempt recorded', async () => {
    const channel = await addChannel(harness, receiver, 'wecom', { departmentId: 'utilities' });
    receiver.fail('wecom', channel.token, { mode: 'http500', count: 2 });
    receiver.fail('wecom', channel.token, { mode: 'rateLimited', count: 1 });
    const titles = [`断供 ${randomUUID()}`, `断供 ${randomUUID()}`];
    for (const title of titles)
      await harness.file({ projectId: 'GX-UTIL-01', category: 'utilities', risk: 'high', title });

    const rows = await settled(harness, channel.id, 8, 90_000);
    const messages = receiver.messages({ token: channel.token });
    const refused = messages.filter((message) => !message.accepted);
    assert.deepEqual(
      refused.map((message) => (message.status === 500 ? 'http500' : message.code)),
      ['http500', 'http500', 45009],
    );
    const accepted = messages.filter((message) => message.accepted);
    for (const title of titles.map((t) => t.slice(0, 20)))
      assert.ok(
        accepted.some((message) => message.text.includes(title)),
        `a message about ${title} arrived`,
      );
    assert.equal(
      accepted.reduce((sum, message) => sum + noticesIn(message), 0),
      rows.length,
      'every delivery arrived, once',
    );
    assert.ok(
      rows.some((row) => row.attempts > 1),
      'the first notices were retried',
    );
    assert.ok(
      rows.every((row) => row.attempts <= deliveryPolicyOf(TEST_POLICIES.delivery).attempts),
      'within the policy attempts',
    );
    const outcomes = await harness.rows(
      `SELECT outcome, count(*)::int AS n FROM notice_messages WHERE channel_id = $1 GROUP BY outcome ORDER BY outcome`,
      [channel.id],
    );
    assert.deepEqual(
      Object.fromEntries(outcomes.map((row) => [row.outcome, row.n])),
      { failed: 2, rate_limited: 1, sent: accepted.length },
      'every attempt on record',
    );
  });

  test('fifty issues escalating at once to one robot arrive as digests within its limit of 20 a minute, nothing lost', async () => {
    const channel = await addChannel(harness, receiver, 'wecom', { departmentId: 'leadership' });
    const issues = Array.from({ length: 50 }, (_, i) => `批量 ${i} ${randomUUID()}`);
    await Promise.all(issues.map((title) => harness.file({ title })));

    const rows = await settled(harness, channel.id, 150, 150_000);
    const messages = receiver.messages({ token: channel.token });
    assert.deepEqual(
      messages.filter((message) => !message.accepted).map((message) => message.code),
      [],
      'the robot refused nothing',
    );
    const escalations = rows.filter((row) => row.id.includes(':'));
    assert.ok(
      escalations.length >= 150,
      `${escalations.length} notices for the leaders (three levels and repeats per issue)`,
    );
    assert.ok(messages.length <= CHANNEL_LIMITS.wecom.perMinute, `${messages.length} messages`);
    for (const message of messages) {
      const inWindow = messages.filter(
        (other) => other.receivedAt > message.receivedAt - 60_000 && other.receivedAt <= message.receivedAt,
      );
      assert.ok(inWindow.length <= 20, 'never more than 20 in any minute');
    }
    assert.equal(
      messages.reduce((sum, message) => sum + noticesIn(message), 0),
      rows.length,
      'every notice counted in a message',
    );
    assert.ok(
      messages.some((message) => noticesIn(message) > 1),
      'digests carried the pile',
    );
    const [carried] = await harness.rows(
      `SELECT coalesce(sum(notices), 0)::int AS n FROM notice_messages WHERE channel_id = $1 AND outcome = 'sent'`,
      [channel.id],
    );
    assert.equal(carried.n, rows.length);
  });
});

/** Working hours that begin at the next whole minute with at least 25 s to go, for half an hour, Shanghai time. */
function workingHoursSoon(now: number): { policies: IssuePolicyDocument; startsAt: number } {
  const local = now + SHANGHAI_UTC_OFFSET_MS;
  let startMinute = Math.floor(local / 60_000) + 1;
  if (startMinute * 60_000 - local < 25_000) startMinute += 1;
  const startsAt = startMinute * 60_000 - SHANGHAI_UTC_OFFSET_MS;
  const minuteOfDay = startMinute % 1440;
  const hhmm = (minute: number) =>
    `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  const date = new Date(startsAt + SHANGHAI_UTC_OFFSET_MS).toISOString().slice(0, 10);
  const calendar = {
    workingHours: [{ start: hhmm(minuteOfDay), end: hhmm(Math.min(1440, minuteOfDay + 30)) }],
    overrides: [] as Array<{ date: string; kind: 'workday' | 'holiday'; name?: string }>,
  };
  if (!describeDay(createWorkingCalendar(calendar), date).working)
    calendar.overrides.push({ date, kind: 'workday', name: '测试工作日' });
  return { policies: { ...TEST_POLICIES, calendar }, startsAt };
}

describe('quiet hours', () => {
  let soon: ReturnType<typeof workingHoursSoon>;
  let harness: IssueWorkerHarness;
  let receiver: VendorReceiver;
  before(async () => {
    receiver = await startVendorReceiver({ smtp: false });
    soon = workingHoursSoon(Date.now() + 15_000); // the worker's start included
    harness = new IssueWorkerHarness(soon.policies);
    await harness.setUp();
  });
  after(async () => {
    await harness.tearDown();
    await receiver.close();
  });

  test('outside working hours a low-risk notice waits for the next working period; a high-risk one and a site obstruction go at once', async () => {
    // the zone's own channel receives every notice
    const channel = await addChannel(harness, receiver, 'wecom', {}, { quietHours: true });
    const low = `低风险 ${randomUUID()}`;
    const high = `高风险 ${randomUUID()}`;
    const obstruction = `阻工 ${randomUUID()}`;
    const lowIssue = await harness.file({ projectId: 'GX-UTIL-01', category: 'utilities', risk: 'low', title: low });
    await harness.file({ projectId: 'GX-UTIL-01', category: 'utilities', risk: 'high', title: high });
    await harness.file({ projectId: 'GX-UTIL-01', category: 'site_obstruction', risk: 'low', title: obstruction });
    assert.ok(Date.now() < soon.startsAt - 5_000, 'still outside working hours');

    await receiver.waitFor(
      (all) =>
        all.some((m) => m.token === channel.token && m.text.includes(high.slice(0, 12))) &&
        all.some((m) => m.token === channel.token && m.text.includes(obstruction.slice(0, 12))),
      Math.max(1_000, soon.startsAt - Date.now() - 2_000),
    );
    const held = await harness.rows(
      `SELECT status, hold_until FROM notice_deliveries WHERE channel_id = $1 AND issue_id = $2`,
      [channel.id, lowIssue.workflowId.replace(/^issue:/, '')],
    );
    assert.ok(held.length > 0, 'the low-risk issue has deliveries');
    assert.ok(Date.now() < soon.startsAt, 'checked before the working period begins');
    for (const row of held) {
      assert.equal(row.status, 'pending');
      assert.equal((row.hold_until as Date).getTime(), soon.startsAt, 'held until the working period begins');
    }
    assert.ok(
      !receiver.messages({ token: channel.token }).some((m) => m.text.includes(low.slice(0, 12))),
      'nothing about it yet',
    );

    await receiver.waitFor(
      (all) => all.some((m) => m.token === channel.token && m.text.includes(low.slice(0, 12))),
      soon.startsAt - Date.now() + 30_000,
    );
    const arrived = receiver.messages({ token: channel.token }).find((m) => m.text.includes(low.slice(0, 12)))!;
    assert.ok(arrived.receivedAt >= soon.startsAt, 'delivered when the working period began');
  });
});
