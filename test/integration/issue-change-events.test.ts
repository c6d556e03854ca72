// The notices the effects transaction sends (PostgreSQL NOTIFY on unblock_issue_changes), heard by a LISTEN
// connection of the test's own on a real PostgreSQL: one per issue per committed write, carrying what the API routes
// by; none for a write that adds nothing, none for a write that rolls back.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createIssueEffectsActivities, issueChangePayload } from '@unblock/activities';
import {
  ISSUE_CHANGE_NOTICE_MAX_BYTES,
  ISSUE_CHANGES_CHANNEL,
  issueWorkflowId,
  readIssueChangeNotice,
  type DecidedEffects,
  type IssueChangeNotice,
  type IssueEffectsBatch,
  type IssueEffectsInput,
} from '@unblock/contracts';
import { nextTimer, type Actor, type IssueCommand } from '@unblock/domain';
import { IssueSimulation, loadTestPolicies } from '@unblock/domain/testing';
import { applyMigrations, loadDemoData, openDatabase } from '@unblock/persistence';
import {
  createTestDatabase,
  REFUSE_ESCALATIONS,
  REPAIR_ESCALATIONS,
  uniqueName,
  type TestDatabase,
} from '../support/test-stack';

const T0 = Date.parse('2025-09-16T02:00:00Z');
const policies = loadTestPolicies();
const staff = (department: string): Actor => ({ id: `${department}_staff`, role: 'staff', department });
const META = { title: '创新路三户未搬迁阻工', attachments: [] };

/** An issue played through the real reducer, handing out the batches a workflow would hand the activity. */
class IssueRun {
  readonly issueId = uniqueName('issue');
  readonly sim = new IssueSimulation(policies, {
    issueId: this.issueId,
    projectId: 'GX-ROAD-02',
    category: 'land_acquisition',
    risk: 'high',
    description: '创新路K3+200段三户未完成搬迁，施工单位无法进场',
    location: '创新路K3+200',
    reporter: { id: 'reporter_investor' },
    receivedAt: T0,
  });

  private input(commands: IssueCommand[], processedAt: number, dueAt?: number): IssueEffectsInput {
    return {
      workflowId: issueWorkflowId(this.issueId),
      meta: META,
      state: structuredClone(this.sim.state),
      commands: structuredClone(commands),
      processedAt,
      ...(dueAt !== undefined ? { dueAt } : {}),
    };
  }

  intake(): IssueEffectsInput {
    return this.input([...this.sim.commands], T0 + 40);
  }

  send(message: Parameters<IssueSimulation['ok']>[0]): IssueEffectsInput {
    return this.input(this.sim.ok(message), this.sim.now + 40);
  }

  /** Fires the timers due at the next timer instant. */
  nextTimers(): IssueEffectsInput {
    const next = nextTimer(this.sim.state);
    assert.ok(next, 'a timer is pending');
    return this.input(this.sim.advanceTo(next.at), next.at + 100, next.at);
  }
}

describe('issue change notices: NOTIFY in the effects transaction, on a real PostgreSQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let listener: Client;
  let activities: ReturnType<typeof createIssueEffectsActivities>;
  /** every payload heard on the channel, in the order PostgreSQL delivered them (commit order) */
  const heard: string[] = [];

  before(async () => {
    database = await createTestDatabase();
    dataSource = await openDatabase(database.url);
    await applyMigrations(dataSource);
    await loadDemoData(dataSource);
    activities = createIssueEffectsActivities({ dataSource });
    listener = new Client({ connectionString: database.url });
    await listener.connect();
    listener.on('notification', (message) => {
      if (message.channel === ISSUE_CHANGES_CHANNEL) heard.push(message.payload ?? '');
    });
    await listener.query(`LISTEN ${ISSUE_CHANGES_CHANNEL}`);
  });

  after(async () => {
    await listener?.end();
    await dataSource?.destroy();
    await database?.drop();
  });

  /**
   * What was heard of the issue by the time a marker, notified after `write` from another session, arrives:
   * notices are delivered in commit order, so anything the write sent has arrived by then, and nothing is missed.
   */
  async function noticesOf(issueId: string, write: () => Promise<unknown>): Promise<IssueChangeNotice[]> {
    const from = heard.length;
    await write();
    const marker = JSON.stringify({ marker: uniqueName('marker') });
    await dataSource.query('SELECT pg_notify($1, $2)', [ISSUE_CHANGES_CHANNEL, marker]);
    const deadline = Date.now() + 5_000;
    while (!heard.slice(from).includes(marker)) {
      assert.ok(Date.now() < deadline, 'the marker notice arrives');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return heard
      .slice(from)
      .map((payload) => readIssueChangeNotice(payload))
      .filter((notice): notice is IssueChangeNotice => notice?.issueId === issueId);
  }

  const personIdsOf = async (issueId: string, table: 'notifications' | 'escalations') =>
    (
      (await dataSource.query(
        table === 'notifications'
          ? `SELECT DISTINCT person_id AS id FROM notifications WHERE issue_id = $1 AND person_id IS NOT NULL ORDER BY 1`
          : `SELECT DISTINCT unnest(recipient_ids) AS id FROM escalations WHERE issue_id = $1 ORDER BY 1`,
        [issueId],
      )) as Array<{ id: string }>
    ).map((row) => row.id);

  test('an intake write sends one notice: the issue, its sequence, what changed, and who may hear of it', async () => {
    const run = new IssueRun();
    const intake = run.intake();
    const [notice, ...more] = await noticesOf(run.issueId, () => activities.applyIssueEffects(intake));
    assert.deepEqual(more, [], 'one notice per write');
    assert.deepEqual(notice, {
      issueId: run.issueId,
      sequence: 3,
      changes: ['issue', 'task', 'notification'],
      reporterId: 'reporter_investor',
      departmentIds: ['land_office', 'planning'],
      recipients: await personIdsOf(run.issueId, 'notifications'),
      at: new Date(T0 + 40).toISOString(),
    });
    assert.ok(notice.recipients.length >= 2, 'the people of each department told');
  });

  test('a write sent again, or an older one after a newer, adds nothing and sends nothing', async () => {
    const run = new IssueRun();
    const intake = run.intake();
    const accept = run.send({ type: 'accept', at: T0 + 500, by: staff('land_office') });
    await noticesOf(run.issueId, () => activities.applyIssueEffects(intake));
    const accepted = await noticesOf(run.issueId, () => activities.applyIssueEffects(accept));
    assert.deepEqual(
      accepted.map((notice) => [notice.sequence, notice.changes]),
      [[4, ['issue', 'task']]],
    );
    assert.deepEqual(await noticesOf(run.issueId, () => activities.applyIssueEffects(accept)), [], 'again');
    assert.deepEqual(await noticesOf(run.issueId, () => activities.applyIssueEffects(intake)), [], 'older');
  });

  test('a write that rolls back sends nothing; the same write, once it commits, tells of the escalation and whom it reached', async () => {
    const run = new IssueRun();
    await noticesOf(run.issueId, () => activities.applyIssueEffects(run.intake()));
    // the acceptance deadline passes: the step to the department head is an escalation row, which is refused
    let missed: IssueEffectsInput;
    do missed = run.nextTimers();
    while (!missed.commands.some((command) => command.type === 'escalated'));
    await dataSource.query(REFUSE_ESCALATIONS);
    try {
      const refused = await noticesOf(run.issueId, async () => {
        await assert.rejects(activities.applyIssueEffects(missed), /escalations refused/);
      });
      assert.deepEqual(refused, [], 'nothing is told of a write that did not happen');
    } finally {
      await dataSource.query(REPAIR_ESCALATIONS);
    }
    const [notice, ...more] = await noticesOf(run.issueId, () => activities.applyIssueEffects(missed));
    assert.deepEqual(more, []);
    assert.ok(notice.changes.includes('escalation'), JSON.stringify(notice.changes));
    assert.equal(notice.sequence, missed.state.sequence);
    const reached = await personIdsOf(run.issueId, 'escalations');
    assert.ok(reached.includes('land_office_head'), `the department head is reached: ${reached.join(', ')}`);
    for (const person of reached) assert.ok(notice.recipients.includes(person), `${person} is named`);
  });

  test('an instruction and an extension say so', async () => {
    const run = new IssueRun();
    await noticesOf(run.issueId, () => activities.applyIssueEffects(run.intake()));
    await noticesOf(run.issueId, () =>
      activities.applyIssueEffects(run.send({ type: 'accept', at: T0 + 500, by: staff('land_office') })),
    );
    const [asked] = await noticesOf(run.issueId, () =>
      activities.applyIssueEffects(
        run.send({
          type: 'request_extension',
          at: T0 + 600,
          by: staff('land_office'),
          reason: '需等待评估报告',
          until: T0 + 60_000,
        }),
      ),
    );
    assert.ok(asked.changes.includes('extension'), JSON.stringify(asked.changes));
    assert.ok(!asked.changes.includes('instruction'));
    const [instructed] = await noticesOf(run.issueId, () =>
      activities.applyIssueEffects(
        run.send({
          type: 'instruct',
          at: T0 + 700,
          by: { id: 'director', role: 'zone_director' },
          text: '今天下班前必须完成签约',
          due: T0 + 4_000,
        }),
      ),
    );
    assert.ok(instructed.changes.includes('instruction'), JSON.stringify(instructed.changes));
    assert.ok(!instructed.changes.includes('extension'));
  });

  test('a batch of 100 reductions is one notice, well under the 8000 bytes PostgreSQL takes', async () => {
    const run = new IssueRun();
    await noticesOf(run.issueId, () => activities.applyIssueEffects(run.intake()));
    const reductions: DecidedEffects[] = [];
    const decide = (commands: IssueCommand[]) =>
      reductions.push({ sequence: run.sim.state.sequence, commands, processedAt: run.sim.now + 10 });
    decide(run.sim.ok({ type: 'accept', at: T0 + 300, by: staff('land_office') }));
    decide(run.sim.ok({ type: 'accept', at: T0 + 310, by: staff('planning') }));
    for (let i = 0; reductions.length < 100; i++)
      decide(run.sim.ok({ type: 'progress', at: T0 + 400 + i, by: staff('land_office'), note: `第${i + 1}次进展` }));
    const batch: IssueEffectsBatch = {
      workflowId: issueWorkflowId(run.issueId),
      meta: META,
      state: run.sim.state,
      reductions,
    };
    const from = heard.length;
    const notices = await noticesOf(run.issueId, () => activities.writeIssueEffects(batch));
    assert.equal(notices.length, 1, 'one notice for the whole batch');
    assert.equal(notices[0].sequence, run.sim.state.sequence);
    const payload = heard.slice(from).find((text) => readIssueChangeNotice(text)?.issueId === run.issueId)!;
    assert.ok(Buffer.byteLength(payload) < 2_000, `${Buffer.byteLength(payload)} bytes: ${payload}`);
  });

  test('a notice that would name more people than fit is cut to fit, and says so', () => {
    const notice: IssueChangeNotice = {
      issueId: 'IS-20261128-0001',
      sequence: 7,
      changes: ['issue', 'notification'],
      reporterId: 'reporter_investor',
      departmentIds: ['land_office', 'planning'],
      recipients: Array.from({ length: 2_000 }, (_, i) => `person_${String(i).padStart(5, '0')}`),
      at: new Date(T0).toISOString(),
    };
    const payload = issueChangePayload(notice);
    assert.ok(Buffer.byteLength(payload) <= ISSUE_CHANGE_NOTICE_MAX_BYTES);
    const read = readIssueChangeNotice(payload)!;
    assert.equal(read.recipientsTruncated, true);
    assert.ok(read.recipients.length > 100 && read.recipients.length < 2_000, String(read.recipients.length));
    assert.deepEqual(read.recipients, notice.recipients.slice(0, read.recipients.length));
    assert.equal(
      issueChangePayload({ ...notice, recipients: ['a'] }),
      JSON.stringify({ ...notice, recipients: ['a'] }),
    );
  });
});
