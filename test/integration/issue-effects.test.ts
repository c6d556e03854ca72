import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DataSource } from 'typeorm';
import { createIssueEffectsActivities } from '@unblock/activities';
import { issueWorkflowId, type IssueEffectsInput } from '@unblock/contracts';
import { nextTimer, type Actor, type IssueCategory, type IssueCommand } from '@unblock/domain';
import { IssueSimulation, ofType } from '@unblock/domain/testing';
import { loadTestPolicies } from '@unblock/domain/testing';
import {
  applyMigrations,
  loadDemoData,
  openDatabase,
  SupportingDepartmentsKept1764760000000,
} from '@unblock/persistence';
import { createTestDatabase, uniqueName, type TestDatabase } from '../support/test-stack';

const T0 = Date.parse('2025-09-16T02:00:00Z');
const policies = loadTestPolicies();

const staff = (department: string): Actor => ({ id: `${department}_staff`, role: 'staff', department });
const reporter: Actor = { id: 'reporter_investor', role: 'reporter' };

/** An issue played through the real reducer (test policies: seconds), handing out one batch of effects per step. */
class IssueRun {
  readonly issueId = uniqueName('issue');
  readonly sim: IssueSimulation;

  constructor(options: { category?: IssueCategory; projectId?: string; reporterId?: string } = {}) {
    this.sim = new IssueSimulation(policies, {
      issueId: this.issueId,
      projectId: options.projectId ?? 'GX-ROAD-02',
      category: options.category ?? 'land_acquisition',
      risk: 'high',
      description: '创新路K3+200段三户未完成搬迁，施工单位无法进场',
      location: '创新路K3+200',
      reporter: { id: options.reporterId ?? reporter.id },
      receivedAt: T0,
    });
  }

  /** The batch a workflow would hand the activity for these commands, at the current state. */
  batch(commands: IssueCommand[], processedAt = this.sim.now, dueAt?: number): IssueEffectsInput {
    return {
      workflowId: issueWorkflowId(this.issueId),
      meta: { title: '创新路三户未搬迁阻工', attachments: ['files/site-photo-1.jpg'] },
      state: structuredClone(this.sim.state),
      commands: structuredClone(commands),
      processedAt,
      ...(dueAt !== undefined ? { dueAt } : {}),
    };
  }

  intake(): IssueEffectsInput {
    return this.batch([...this.sim.commands], T0 + 40);
  }

  send(message: Parameters<IssueSimulation['ok']>[0]): IssueEffectsInput {
    const commands = this.sim.ok(message);
    return this.batch(commands, this.sim.now + 40);
  }

  /** Fires the timers due at the next timer instant, as the workflow does, `lateMs` after they were due. */
  nextTimers(lateMs: number): IssueEffectsInput {
    const next = nextTimer(this.sim.state);
    assert.ok(next, 'a timer is pending');
    const commands = this.sim.advanceTo(next.at);
    return this.batch(commands, next.at + lateMs, next.at);
  }
}

describe('issue effects: the read model, the record, escalations and inboxes on a real PostgreSQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let apply: (
    input: IssueEffectsInput,
  ) => ReturnType<ReturnType<typeof createIssueEffectsActivities>['applyIssueEffects']>;

  before(async () => {
    database = await createTestDatabase();
    dataSource = await openDatabase(database.url);
    await applyMigrations(dataSource);
    await loadDemoData(dataSource);
    apply = createIssueEffectsActivities({ dataSource }).applyIssueEffects;
  });

  after(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const rows = <T = Record<string, unknown>>(sql: string, parameters: unknown[] = []) =>
    dataSource.query(sql, parameters) as Promise<T[]>;

  /** Everything written for one issue, in a stable order. */
  async function dump(issueId: string) {
    return {
      issue: await rows(`SELECT * FROM issues WHERE id = $1`, [issueId]),
      tasks: await rows(`SELECT * FROM issue_tasks WHERE issue_id = $1 ORDER BY task_id`, [issueId]),
      events: await rows(`SELECT * FROM issue_events WHERE issue_id = $1 ORDER BY sequence`, [issueId]),
      escalations: await rows(
        `SELECT * FROM escalations WHERE issue_id = $1 ORDER BY reached_at, task_id, level, repeat`,
        [issueId],
      ),
      notifications: await rows(`SELECT * FROM notifications WHERE issue_id = $1 ORDER BY id`, [issueId]),
    };
  }

  const indexOf = (batch: IssueEffectsInput, topic: string) =>
    batch.commands.findIndex((c) => c.type === 'notify' && c.topic === topic);

  test('an intake batch writes the issue, its tasks, its events, and notices to the people of each department', async () => {
    const run = new IssueRun();
    const intake = run.intake();
    const result = await apply(intake);
    assert.deepEqual(result, {
      issueId: run.issueId,
      sequence: 3,
      readModel: 'written',
      events: 3,
      escalations: 0,
      notifications: 2,
      deliveries: 0, // no channel beyond the inbox is set up here
    });

    const [issue] = await rows(
      `SELECT id, workflow_id, project_id, category, risk, title, description, location, attachments, reporter_id, status, outcome,
              lead_task_id, lead_department_id, supporting_department_ids, escalation_level, escalation_role, escalated, stalled,
              accept_due, handle_due, handle_due_original, policy_version, received_at, resolved_at, closed_at, satisfaction,
              transfer_count, reopen_count, sequence::int AS sequence, snapshot
       FROM issues WHERE id = $1`,
      [run.issueId],
    );
    assert.deepEqual(issue, {
      id: run.issueId,
      workflow_id: `issue:${run.issueId}`,
      project_id: 'GX-ROAD-02',
      category: 'land_acquisition',
      risk: 'high',
      title: '创新路三户未搬迁阻工',
      description: '创新路K3+200段三户未完成搬迁，施工单位无法进场',
      location: '创新路K3+200',
      attachments: ['files/site-photo-1.jpg'],
      reporter_id: 'reporter_investor',
      status: 'open',
      outcome: null,
      lead_task_id: 'task-1',
      lead_department_id: 'land_office',
      supporting_department_ids: ['planning'],
      escalation_level: 0,
      escalation_role: null,
      escalated: false,
      stalled: false,
      accept_due: new Date(T0 + 2000),
      handle_due: new Date(T0 + 5000),
      handle_due_original: new Date(T0 + 5000),
      policy_version: 'test-seconds-1',
      received_at: new Date(T0),
      resolved_at: null,
      closed_at: null,
      satisfaction: null,
      transfer_count: 0,
      reopen_count: 0,
      sequence: 3,
      snapshot: intake.state,
    });

    const tasks = await rows(
      `SELECT task_id, department_id, role, status, assigned_at, accepted_at, accept_due, handle_due, ended_at, escalation_level
       FROM issue_tasks WHERE issue_id = $1 ORDER BY task_id`,
      [run.issueId],
    );
    assert.deepEqual(tasks, [
      ...[
        { task_id: 'task-1', department_id: 'land_office', role: 'lead' },
        { task_id: 'task-2', department_id: 'planning', role: 'supporting' },
      ].map((task) => ({
        ...task,
        status: 'assigned',
        assigned_at: new Date(T0),
        accepted_at: null,
        accept_due: new Date(T0 + 2000),
        handle_due: new Date(T0 + 5000),
        ended_at: null,
        escalation_level: 0,
      })),
    ]);

    const events = await rows(
      `SELECT sequence::int AS sequence, name, at, actor_id, actor_role, task_id, data->>'department' AS department
       FROM issue_events WHERE issue_id = $1 ORDER BY sequence`,
      [run.issueId],
    );
    assert.deepEqual(events, [
      {
        sequence: 1,
        name: 'issue_opened',
        at: new Date(T0),
        actor_id: 'reporter_investor',
        actor_role: 'reporter',
        task_id: null,
        department: null,
      },
      {
        sequence: 2,
        name: 'task_assigned',
        at: new Date(T0),
        actor_id: null,
        actor_role: null,
        task_id: 'task-1',
        department: 'land_office',
      },
      {
        sequence: 3,
        name: 'task_assigned',
        at: new Date(T0),
        actor_id: null,
        actor_role: null,
        task_id: 'task-2',
        department: 'planning',
      },
    ]);

    const notices = await rows(
      `SELECT id, person_id, department_id, role, task_id, topic, created_at, read_at FROM notifications WHERE issue_id = $1 ORDER BY task_id`,
      [run.issueId],
    );
    assert.deepEqual(notices, [
      {
        id: `${run.issueId}:3:${indexOf(intake, 'task_assigned')}:land_office_staff`,
        person_id: 'land_office_staff',
        department_id: 'land_office',
        role: 'staff',
        task_id: 'task-1',
        topic: 'task_assigned',
        created_at: new Date(T0 + 40),
        read_at: null,
      },
      {
        id: `${run.issueId}:3:${indexOf(intake, 'assist_requested')}:planning_staff`,
        person_id: 'planning_staff',
        department_id: 'planning',
        role: 'staff',
        task_id: 'task-2',
        topic: 'assist_requested',
        created_at: new Date(T0 + 40),
        read_at: null,
      },
    ]);

    // the owner accepts: the next batch moves the read model on
    await apply(run.send({ type: 'accept', at: T0 + 500, by: staff('land_office') }));
    const [task] = await rows(
      `SELECT status, accepted_at, accepted_late FROM issue_tasks WHERE issue_id = $1 AND task_id = 'task-1'`,
      [run.issueId],
    );
    assert.deepEqual(task, { status: 'accepted', accepted_at: new Date(T0 + 500), accepted_late: false });
    const [after] = await rows(
      `SELECT sequence::int AS sequence, snapshot->'tasks'->'task-1'->>'status' AS status FROM issues WHERE id = $1`,
      [run.issueId],
    );
    assert.deepEqual(after, { sequence: 4, status: 'accepted' });
  });

  test('applying the same batches again changes no row', async () => {
    const run = new IssueRun();
    const batches = [run.intake(), run.send({ type: 'accept', at: T0 + 500, by: staff('land_office') })];
    batches.push(
      run.send({
        type: 'resolve',
        at: T0 + 900,
        by: staff('land_office'),
        description: '三户已签约并完成搬迁，场地已移交施工单位',
      }),
    );
    for (const batch of batches) await apply(batch);
    const before = await dump(run.issueId);
    assert.equal(before.events.length, 5);
    assert.equal(before.notifications.length, 3);

    for (const batch of batches) {
      const again = await apply(batch);
      assert.deepEqual([again.readModel, again.events, again.escalations, again.notifications], ['stale', 0, 0, 0]);
    }
    assert.deepEqual(await dump(run.issueId), before);
  });

  test('two deliveries of the same batch at once write it once', async () => {
    const run = new IssueRun();
    const intake = run.intake();
    const results = await Promise.all([apply(intake), apply(intake), apply(intake)]);
    assert.deepEqual(results.map((r) => r.readModel).sort(), ['stale', 'stale', 'written']);
    assert.deepEqual(
      results.reduce((sum, r) => sum + r.events + r.notifications, 0),
      3 + 2,
    );
    const [counts] = await rows(
      `SELECT (SELECT count(*)::int FROM issue_events WHERE issue_id = $1) AS events, (SELECT count(*)::int FROM notifications WHERE issue_id = $1) AS notifications`,
      [run.issueId],
    );
    assert.deepEqual(counts, { events: 3, notifications: 2 });
  });

  test('text search by character bigrams finds an issue by a Chinese word of its title or description', async () => {
    const run = new IssueRun();
    await apply(run.intake());
    const search = async (q: string) =>
      (
        await rows<{ id: string }>(
          `SELECT id FROM issues
           WHERE search_bigrams @> issue_search_bigrams($1) AND (title || ' ' || description) ILIKE '%' || $1 || '%' AND id = $2`,
          [q, run.issueId],
        )
      ).length;
    assert.equal(await search('搬迁'), 1, 'a word of the description');
    assert.equal(await search('阻工'), 1, 'a word of the title');
    assert.equal(await search('k3+200'), 1, 'case-insensitive');
    assert.equal(await search('拆迁'), 0, 'a word that is not there');
  });

  test('an older batch delivered after a newer one adds its record but does not overwrite the read model', async () => {
    const run = new IssueRun();
    const intake = run.intake();
    const accepted = run.send({ type: 'accept', at: T0 + 500, by: staff('land_office') });
    const resolved = run.send({
      type: 'resolve',
      at: T0 + 900,
      by: staff('land_office'),
      description: '三户已签约并完成搬迁，场地已移交施工单位',
    });

    await apply(intake);
    await apply(resolved);
    const late = await apply(accepted);
    assert.deepEqual([late.readModel, late.events], ['stale', 1]);

    const [issue] = await rows(
      `SELECT status, sequence::int AS sequence, resolved_at, supporting_department_ids, snapshot->>'status' AS snapshot_status FROM issues WHERE id = $1`,
      [run.issueId],
    );
    assert.deepEqual(issue, {
      status: 'resolved',
      sequence: resolved.state.sequence,
      resolved_at: new Date(T0 + 900),
      // planning supported the issue: still listed once the lead resolved it (its task is closed)
      supporting_department_ids: ['planning'],
      snapshot_status: 'resolved',
    });
    const tasks = await rows(`SELECT task_id, status, ended_at FROM issue_tasks WHERE issue_id = $1 ORDER BY task_id`, [
      run.issueId,
    ]);
    assert.deepEqual(tasks, [
      { task_id: 'task-1', status: 'done', ended_at: new Date(T0 + 900) },
      { task_id: 'task-2', status: 'closed', ended_at: new Date(T0 + 900) },
    ]);
    const names = await rows<{ name: string }>(`SELECT name FROM issue_events WHERE issue_id = $1 ORDER BY sequence`, [
      run.issueId,
    ]);
    assert.deepEqual(
      names.map((e) => e.name),
      ['issue_opened', 'task_assigned', 'task_assigned', 'task_accepted', 'issue_resolved'],
    );
    const [verification] = await rows(
      `SELECT person_id, role, detail FROM notifications WHERE issue_id = $1 AND topic = 'verification_requested'`,
      [run.issueId],
    );
    assert.deepEqual(verification, {
      person_id: 'reporter_investor',
      role: 'reporter',
      detail: '三户已签约并完成搬迁，场地已移交施工单位',
    });

    // and the oldest batch once more: nothing moves
    const before = await dump(run.issueId);
    assert.equal((await apply(intake)).readModel, 'stale');
    assert.deepEqual(await dump(run.issueId), before);
  });

  test('escalation rows keep when the step was due and when it fired, and reach the inbox of the leader of each level', async () => {
    const run = new IssueRun();
    await apply(run.intake());
    // nobody accepts: timers fire 250 ms late until the lead task has climbed to the top and repeated there
    for (let i = 0; i < 40 && Object.keys(run.sim.state.timers).length > 0; i += 1) await apply(run.nextTimers(250));

    const steps = await rows(
      `SELECT level, repeat, role, kind, cause, reached_at, due_at, fired_at, recipient_ids,
              (extract(epoch FROM fired_at - due_at) * 1000)::int AS late_ms
       FROM escalations WHERE issue_id = $1 AND task_id = 'task-1' ORDER BY reached_at`,
      [run.issueId],
    );
    const step = (level: number, repeat: number, role: string, kind: string, at: number, recipients: string[]) => ({
      level,
      repeat,
      role,
      kind,
      cause: 'accept',
      reached_at: new Date(at),
      due_at: new Date(at),
      fired_at: new Date(at + 250),
      recipient_ids: recipients,
      late_ms: 250,
    });
    assert.deepEqual(steps, [
      step(1, 0, 'department_head', 'climbed', T0 + 2000, ['land_office_head']),
      step(2, 0, 'responsible_leader', 'climbed', T0 + 4000, ['leader_construction']),
      step(3, 0, 'zone_director', 'climbed', T0 + 6000, ['director']),
      step(4, 0, 'party_secretary', 'climbed', T0 + 8000, ['secretary']),
      step(4, 1, 'party_secretary', 'repeated', T0 + 10_000, ['secretary']),
      step(4, 2, 'party_secretary', 'repeated', T0 + 12_000, ['secretary']),
    ]);
    const supporting = await rows<{ recipient_ids: string[] }>(
      `SELECT recipient_ids FROM escalations WHERE issue_id = $1 AND task_id = 'task-2' ORDER BY reached_at`,
      [run.issueId],
    );
    assert.deepEqual(
      supporting[0].recipient_ids,
      ['planning_head'],
      "a supporting department's stall reaches its own head",
    );

    // each step is also in the inbox of the leaders it reached, once
    const told = await rows<{ person_id: string; n: number }>(
      `SELECT person_id, count(*)::int AS n FROM notifications WHERE issue_id = $1 AND task_id = 'task-1' AND topic = 'escalated' GROUP BY person_id ORDER BY person_id`,
      [run.issueId],
    );
    assert.deepEqual(told, [
      { person_id: 'director', n: 1 },
      { person_id: 'land_office_head', n: 1 },
      { person_id: 'leader_construction', n: 1 },
      { person_id: 'secretary', n: 3 },
    ]);
    const [issue] = await rows(
      `SELECT escalation_level, escalation_role, escalated, stalled FROM issues WHERE id = $1`,
      [run.issueId],
    );
    assert.deepEqual(issue, {
      escalation_level: 4,
      escalation_role: 'party_secretary',
      escalated: true,
      stalled: true,
    });
    const missed = await rows<{ person_id: string }>(
      `SELECT DISTINCT person_id FROM notifications WHERE issue_id = $1 AND topic = 'deadline_missed' ORDER BY person_id`,
      [run.issueId],
    );
    assert.deepEqual(
      missed.map((n) => n.person_id),
      ['land_office_head', 'planning_head'],
    );
  });

  test('a task stalled again at the top of the ladder gets a new escalation row, not a lost one', async () => {
    const run = new IssueRun();
    await apply(run.intake());
    while (run.sim.state.tasks['task-1'].ladder.level < 4) await apply(run.nextTimers(0));
    await apply(run.send({ type: 'accept', at: T0 + 8200, by: staff('land_office') }));
    await apply(
      run.send({
        type: 'instruct',
        at: T0 + 8400,
        by: { id: 'director', role: 'zone_director' },
        text: '今天下班前必须完成签约',
        due: T0 + 9400,
      }),
    );
    // the instruction's deadline passes: the task, already at the top, stalls again
    for (let escalated = false; !escalated;) {
      const batch = run.nextTimers(100);
      await apply(batch);
      escalated = ofType(batch.commands, 'escalated').length > 0;
    }

    const top = await rows(
      `SELECT kind, cause, reached_at, recipient_ids FROM escalations WHERE issue_id = $1 AND task_id = 'task-1' AND level = 4 AND repeat = 0 ORDER BY reached_at`,
      [run.issueId],
    );
    assert.deepEqual(top, [
      { kind: 'climbed', cause: 'accept', reached_at: new Date(T0 + 8000), recipient_ids: ['secretary'] },
      { kind: 'renotified', cause: 'handle', reached_at: new Date(T0 + 9400), recipient_ids: ['secretary'] },
    ]);
    const [instruction] = await rows(
      `SELECT person_id, topic FROM notifications WHERE issue_id = $1 AND topic = 'instruction'`,
      [run.issueId],
    );
    assert.deepEqual(instruction, { person_id: 'land_office_head', topic: 'instruction' });
  });

  test('a project without a responsible leader escalates to every responsible leader', async () => {
    await dataSource.query(
      `INSERT INTO projects (id, name, kind, status) VALUES ('TEST-NO-LEADER', '无包抓领导的测试项目', 'road', 'planned')`,
    );
    const run = new IssueRun({ projectId: 'TEST-NO-LEADER' });
    await apply(run.intake());
    while (run.sim.state.tasks['task-1'].ladder.level < 2) await apply(run.nextTimers(0));
    const [step] = await rows(
      `SELECT recipient_ids FROM escalations WHERE issue_id = $1 AND task_id = 'task-1' AND level = 2`,
      [run.issueId],
    );
    assert.deepEqual(step, { recipient_ids: ['leader_construction', 'leader_industry', 'leader_stability'] });
  });

  test('a notice for a department with no one in the role is kept once, addressed to the department and role', async () => {
    await dataSource.query(`UPDATE people SET active = false WHERE id = 'publicity_staff'`);
    try {
      const run = new IssueRun({ category: 'public_opinion', reporterId: 'reporter-not-registered' });
      const intake = run.intake();
      await apply(intake);
      await apply(intake);
      const notices = await rows(
        `SELECT id, person_id, department_id, role, topic, recipient FROM notifications WHERE issue_id = $1`,
        [run.issueId],
      );
      assert.deepEqual(notices, [
        {
          id: `${run.issueId}:${intake.state.sequence}:${indexOf(intake, 'task_assigned')}:-`,
          person_id: null,
          department_id: 'publicity',
          role: 'staff',
          topic: 'task_assigned',
          recipient: { kind: 'department', department: 'publicity', audience: 'staff' },
        },
      ]);

      // a reporter who is not a user of the product: the notice is kept for the reporter role
      await apply(run.send({ type: 'accept', at: T0 + 300, by: staff('publicity') }));
      const resolved = run.send({
        type: 'resolve',
        at: T0 + 600,
        by: staff('publicity'),
        description: '已发布权威说明，舆情平息',
      });
      await apply(resolved);
      const [verification] = await rows(
        `SELECT id, person_id, role, recipient FROM notifications WHERE issue_id = $1 AND topic = 'verification_requested'`,
        [run.issueId],
      );
      assert.deepEqual(verification, {
        id: `${run.issueId}:${resolved.state.sequence}:${indexOf(resolved, 'verification_requested')}:-`,
        person_id: null,
        role: 'reporter',
        recipient: { kind: 'reporter', id: 'reporter-not-registered' },
      });
    } finally {
      await dataSource.query(`UPDATE people SET active = true WHERE id = 'publicity_staff'`);
    }
  });

  test('an issue no routing rule covers reaches the dispatcher, for the dispatch task and for the routing decision', async () => {
    const run = new IssueRun({ category: 'other' });
    await apply(run.intake());
    const notices = await rows(
      `SELECT person_id, department_id, role, topic FROM notifications WHERE issue_id = $1 ORDER BY topic`,
      [run.issueId],
    );
    assert.deepEqual(notices, [
      { person_id: 'dispatcher', department_id: 'dispatch', role: 'dispatcher', topic: 'dispatch_needed' },
      { person_id: 'dispatcher', department_id: 'dispatch', role: 'staff', topic: 'task_assigned' },
    ]);
    const [issue] = await rows(`SELECT lead_department_id, supporting_department_ids FROM issues WHERE id = $1`, [
      run.issueId,
    ]);
    assert.deepEqual(issue, { lead_department_id: 'dispatch', supporting_department_ids: [] });

    await apply(
      run.send({
        type: 'route',
        at: T0 + 700,
        by: { id: 'dispatcher', role: 'dispatcher' },
        lead: 'economic',
        supporting: ['finance'],
        reason: '投资协议问题由经发局牵头',
      }),
    );
    const [routed] = await rows(
      `SELECT lead_task_id, lead_department_id, supporting_department_ids, handle_due FROM issues WHERE id = $1`,
      [run.issueId],
    );
    assert.deepEqual(routed, {
      lead_task_id: 'task-2',
      lead_department_id: 'economic',
      supporting_department_ids: ['finance'],
      handle_due: null,
    });
    const tasks = await rows(
      `SELECT task_id, department_id, status FROM issue_tasks WHERE issue_id = $1 ORDER BY task_id`,
      [run.issueId],
    );
    assert.deepEqual(tasks, [
      { task_id: 'task-1', department_id: 'dispatch', status: 'rerouted' },
      { task_id: 'task-2', department_id: 'economic', status: 'assigned' },
      { task_id: 'task-3', department_id: 'finance', status: 'assigned' },
    ]);
  });
  test('the supporting departments stay listed once the lead resolves; one that became the owner is no longer one; older rows are recomputed once', async () => {
    const run = new IssueRun();
    await apply(run.intake());
    await apply(run.send({ type: 'accept', at: T0 + 100, by: staff('land_office') }));
    await apply(
      run.send({ type: 'assist', at: T0 + 200, by: staff('land_office'), departments: ['finance', 'utilities'] }),
    );
    await apply(run.send({ type: 'accept', at: T0 + 300, by: staff('planning') }));
    await apply(run.send({ type: 'resolve', at: T0 + 400, by: staff('planning'), description: '规划条件已调整' }));
    const supporting = async () =>
      (
        await rows<{ supporting_department_ids: string[] }>(
          `SELECT supporting_department_ids FROM issues WHERE id = $1`,
          [run.issueId],
        )
      )[0].supporting_department_ids;
    assert.deepEqual(await supporting(), ['planning', 'finance', 'utilities'], 'a supporting task done still counts');

    // finance becomes the owner: its supporting task ends, and it is the lead now, not a supporting department
    await apply(
      run.send({ type: 'transfer', at: T0 + 500, by: staff('land_office'), to: 'finance', reason: '补偿资金' }),
    );
    await apply(run.send({ type: 'accept', at: T0 + 600, by: staff('finance') }));
    await apply(run.send({ type: 'resolve', at: T0 + 700, by: staff('finance'), description: '补偿款已拨付到位' }));
    const [issue] = await rows(`SELECT status, lead_department_id FROM issues WHERE id = $1`, [run.issueId]);
    assert.deepEqual(issue, { status: 'resolved', lead_department_id: 'finance' });
    assert.deepEqual(await supporting(), ['planning', 'utilities']);
    const tasks = await rows(
      `SELECT department_id, role, status FROM issue_tasks WHERE issue_id = $1 ORDER BY assigned_at, task_id`,
      [run.issueId],
    );
    assert.deepEqual(
      tasks.map((t) => `${t.department_id}:${t.role}:${t.status}`),
      [
        'land_office:lead:transferred',
        'planning:supporting:done',
        'finance:supporting:closed',
        'utilities:supporting:closed',
        'finance:lead:done',
      ],
      'the tasks still show who supported and how each ended',
    );

    // a row written before (only the supporting tasks still active were listed: none, once resolved) is recomputed
    await rows(`UPDATE issues SET supporting_department_ids = '{}' WHERE id = $1`, [run.issueId]);
    const queryRunner = dataSource.createQueryRunner();
    try {
      await new SupportingDepartmentsKept1764760000000().up(queryRunner);
    } finally {
      await queryRunner.release();
    }
    assert.deepEqual(await supporting(), ['planning', 'utilities']);
  });
});
