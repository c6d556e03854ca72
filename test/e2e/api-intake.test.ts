// Intake over HTTP on the real stack (PostgreSQL, Temporal, the real worker with the test policies): POST
// /api/v1/issues starts one issue workflow per submission, and one per Idempotency-Key however often and however
// concurrently it is sent.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { issueWorkflowId } from '@unblock/contracts';
import { loadConfig } from '@unblock/config';
import { freePort } from '@unblock/runtime';
import { ApiStack, TEST_JWT_SECRET } from '../support/api-stack';
import { eventually } from '../support/test-stack';
import type { ProblemDetails as Problem } from '../../apps/api/src/infrastructure/problem-details.filter';
import type { IssueDetailDto } from '../../apps/api/src/reads/issues.dto';

interface IntakeAnswer {
  id: string;
  workflowId: string;
  status: string;
  leadDepartment: string | null;
  supportingDepartments: string[];
  deadlines: { accept: string | null; handle: string | null };
  createdAt: string;
}

const ISSUE_ID = /^IS-\d{8}-[0-9A-HJKMNP-TV-Z]{10}$/;
/**
 * How soon an intake answered 202 (no worker) is registered once a worker starts, without the client sending it again
 * (measured: see docs/intake.md; the bound leaves room for a loaded machine).
 */
const REGISTERS_AFTER_WORKER_STARTS_MS = 30_000;

function submission(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    projectId: 'GX-ROAD-01',
    category: 'land_acquisition',
    risk: 'medium',
    title: `高新大道K2+300段征地补偿争议 ${randomUUID()}`,
    description: '三户村民对补偿标准有异议，阻止施工队进场。',
    location: '高新大道K2+300',
    ...overrides,
  };
}

describe('POST /api/v1/issues (intake) on the real stack', () => {
  const stack = new ApiStack();
  before(() => stack.setUp());
  after(() => stack.tearDown());

  /** Runs `work` while the worker holds every write of effects back (the read model lags), then lets them go. */
  async function whileEffectsHeld<T>(work: (gate: { release(): void }) => Promise<T>): Promise<T> {
    const gate = stack.worker.holdEffects();
    try {
      return await work(gate);
    } finally {
      gate.release();
    }
  }

  /** Files `body` as `as`, with an Idempotency-Key. */
  function fileWithKey(as: string, body: unknown, key: string) {
    return stack.request<IntakeAnswer>('POST', '/api/v1/issues', { as, body, headers: { 'Idempotency-Key': key } });
  }

  const issueRows = (title: unknown) =>
    stack.worker.rows(`SELECT id, reporter_id, workflow_id FROM issues WHERE title = $1`, [title]);
  /** Intake answers from the workflow, before the read model is written: wait until the read model has these issues. */
  const inReadModel = (...ids: string[]) =>
    eventually(
      async () =>
        (await stack.worker.rows(`SELECT id FROM issues WHERE id = ANY($1)`, [ids])).length === ids.length
          ? true
          : undefined,
      20_000,
      `${ids.join(', ')} in the read model`,
    );

  test('a reporter files an issue: 201 with its id, lead and supporting departments and first deadlines, once registered', async (t) => {
    const body = submission({ attachments: ['files/2025/09/site-photo-1.jpg'] });
    await stack.token('reporter.investor');
    const started = Date.now();
    const response = await stack.request<IntakeAnswer>('POST', '/api/v1/issues', { as: 'reporter.investor', body });
    const latency = Date.now() - started;
    t.diagnostic(`intake latency (start + registration by the workflow): ${latency} ms`);
    assert.equal(response.status, 201, JSON.stringify(response.body));
    const issue = response.body;
    assert.match(issue.id, ISSUE_ID);
    assert.equal(issue.workflowId, issueWorkflowId(issue.id));
    assert.equal(response.headers.get('location'), `/api/v1/issues/${issue.id}`);
    assert.equal(issue.status, 'open');
    assert.equal(issue.leadDepartment, 'land_office', 'the routing rule for land acquisition');
    assert.deepEqual(
      [...issue.supportingDepartments].sort(),
      ['planning', 'utilities'],
      'GX-ROAD-01 has its own rule adding utilities',
    );
    const createdAt = Date.parse(issue.createdAt);
    assert.ok(Math.abs(createdAt - started) < 10_000, 'received now');
    assert.ok(
      issue.deadlines.accept && Date.parse(issue.deadlines.accept) > createdAt,
      `an acceptance deadline after receipt: ${issue.deadlines.accept}`,
    );
    assert.ok(
      issue.deadlines.handle && Date.parse(issue.deadlines.handle) > createdAt,
      `a handling deadline after receipt: ${issue.deadlines.handle}`,
    );

    await inReadModel(issue.id);
    const [row] = await issueRows(body.title);
    assert.equal(row.id, issue.id);
    assert.equal(row.reporter_id, 'reporter_investor', 'the caller is the reporter');
    const description = await stack.worker.client.workflow.getHandle(issue.workflowId).describe();
    assert.equal(description.taskQueue, stack.worker.taskQueue);
    assert.equal(description.type, 'issueWorkflow');
  });

  test('intake answers 201 with the route and deadlines while the read model lags', async () => {
    const body = submission();
    await stack.token('reporter.investor');
    const answer = await whileEffectsHeld(async () => {
      const filed = await fileWithKey('reporter.investor', body, randomUUID());
      assert.deepEqual(
        await issueRows(body.title),
        [],
        'the effects are held back: the read model does not have the issue yet',
      );
      return filed;
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    const issue = answer.body;
    assert.match(issue.id, ISSUE_ID);
    assert.equal(answer.headers.get('location'), `/api/v1/issues/${issue.id}`);
    assert.equal(issue.status, 'open');
    assert.equal(issue.leadDepartment, 'land_office');
    assert.deepEqual([...issue.supportingDepartments].sort(), ['planning', 'utilities']);
    assert.ok(
      issue.deadlines.accept && issue.deadlines.handle,
      `both first deadlines: ${JSON.stringify(issue.deadlines)}`,
    );

    // once the effects run, the read model shows the same issue, route and deadlines
    const row = await eventually(() => stack.worker.issueRow(issue.id), 20_000, 'the issue in the read model');
    assert.equal(row.workflow_id, issue.workflowId);
    assert.equal(row.status, issue.status);
    assert.equal(row.lead_department_id, issue.leadDepartment);
    assert.deepEqual(row.supporting_department_ids, issue.supportingDepartments);
    assert.equal((row.accept_due as Date).toISOString(), issue.deadlines.accept);
    assert.equal((row.handle_due as Date).toISOString(), issue.deadlines.handle);
    assert.equal((row.received_at as Date).toISOString(), issue.createdAt);
  });

  test('an action right after the 201 is taken while the read model lags (access checked against the workflow)', async () => {
    const body = submission();
    await stack.token('land_office.staff');
    const accepted = await whileEffectsHeld(async (gate) => {
      const filed = await stack.request<IntakeAnswer>('POST', '/api/v1/issues', { as: 'reporter.investor', body });
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      const accepting = stack.request<{ status: string }>('POST', `/api/v1/issues/${filed.body.id}/accept`, {
        as: 'land_office.staff',
        body: {},
      });
      const stranger = await stack.request<Problem>('POST', `/api/v1/issues/${filed.body.id}/withdraw`, {
        as: 'reporter.contractor',
        body: { reason: '不是我的' },
      });
      assert.equal(
        stranger.status,
        404,
        `another reporter may not see it, read model or not: ${JSON.stringify(stranger.body)}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(await issueRows(body.title), [], 'the read model still lags');
      gate.release();
      return accepting;
    });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.status, 'open');
  });

  test('a second submission without a key is a second issue; the dispatcher and department staff may file, a leader may not (403)', async () => {
    const body = submission();
    const first = await stack.request<IntakeAnswer>('POST', '/api/v1/issues', { as: 'dispatcher', body });
    const second = await stack.request<IntakeAnswer>('POST', '/api/v1/issues', { as: 'land_office.staff', body });
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    assert.notEqual(first.body.id, second.body.id);
    await inReadModel(first.body.id, second.body.id);
    assert.deepEqual((await issueRows(body.title)).map((r) => r.reporter_id).sort(), [
      'dispatcher',
      'land_office_staff',
    ]);
    const byLeader = await stack.request<Problem>('POST', '/api/v1/issues', {
      as: 'leader.construction',
      body: submission(),
    });
    assert.equal(byLeader.status, 403);
    assert.equal(byLeader.headers.get('content-type')?.split(';')[0], 'application/problem+json');
  });

  test("Idempotency-Key: the same key and body answer 200 with the same issue; another body with that key is a 409; another user's key is theirs", async () => {
    const key = randomUUID();
    const body = submission();
    const first = await fileWithKey('reporter.investor', body, key);
    assert.equal(first.status, 201);
    const again = await fileWithKey('reporter.investor', body, key);
    assert.equal(again.status, 200);
    assert.equal(again.body.id, first.body.id);
    assert.deepEqual(again.body.deadlines, first.body.deadlines);
    // the same submission with its fields in another order is the same body
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const third = await fileWithKey('reporter.investor', reordered, key);
    assert.equal(third.status, 200);
    assert.equal(third.body.id, first.body.id);

    const changed = await stack.request<Problem>('POST', '/api/v1/issues', {
      as: 'reporter.investor',
      body: { ...body, risk: 'high' },
      headers: { 'Idempotency-Key': key },
    });
    assert.equal(changed.status, 409);
    assert.equal(changed.headers.get('content-type')?.split(';')[0], 'application/problem+json');
    assert.equal(changed.body.rule, 'idempotency.key_reused');
    assert.match(changed.body.detail, new RegExp(first.body.id));

    const otherUser = await fileWithKey('reporter.contractor', body, key);
    assert.equal(otherUser.status, 201);
    assert.notEqual(otherUser.body.id, first.body.id);
    await inReadModel(first.body.id, otherUser.body.id);
    assert.equal((await issueRows(body.title)).length, 2);
  });

  test('a replay after the issue finished, its start never marked (a crash between the start and the mark): 200 with the first answer, no second workflow', async () => {
    const key = randomUUID();
    const body = submission();
    const first = await fileWithKey('reporter.investor', body, key);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const withdrawn = await stack.request('POST', `/api/v1/issues/${first.body.id}/withdraw`, {
      as: 'reporter.investor',
      body: { reason: '已自行协调解决' },
    });
    assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
    const handle = stack.worker.client.workflow.getHandle(first.body.workflowId);
    await handle.result();
    const finishedRun = (await handle.describe()).runId;
    await stack.worker.rows(
      `UPDATE intake_requests SET started_at = NULL WHERE user_id = 'reporter_investor' AND idempotency_key = $1`,
      [key],
    );

    const replay = await fileWithKey('reporter.investor', body, key);
    assert.equal(replay.status, 200, JSON.stringify(replay.body));
    assert.deepEqual(
      replay.body,
      first.body,
      'the issue as it was registered: Temporal keeps the registration update with the finished run',
    );
    const latest = await stack.worker.client.workflow.getHandle(first.body.workflowId).describe();
    assert.equal(latest.runId, finishedRun, 'the finished workflow is not started again');
    assert.equal(latest.status.name, 'COMPLETED');
  });

  test('20 concurrent requests with one key make exactly one issue and one workflow, and every answer names it', async () => {
    const key = `concurrent-${randomUUID()}`;
    const body = submission();
    await stack.token('reporter.contractor');
    const since = new Date().toISOString();
    const answers = await Promise.all(Array.from({ length: 20 }, () => fileWithKey('reporter.contractor', body, key)));
    const until = new Date().toISOString();
    assert.deepEqual(
      answers.map((a) => a.status).sort(),
      [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201],
      'one request made it (201), the others are replays (200)',
    );
    const ids = new Set(answers.map((a) => a.body.id));
    assert.equal(ids.size, 1, `one issue id in every answer: ${[...ids].join(', ')}`);
    const [id] = ids;
    assert.ok(answers.every((a) => a.body.leadDepartment === 'land_office'));

    await inReadModel(id);
    assert.deepEqual(
      (await issueRows(body.title)).map((r) => r.id),
      [id],
      'one issue in the read model',
    );
    const claims = await stack.worker.rows(
      `SELECT issue_id, started_at FROM intake_requests WHERE user_id = 'reporter_contractor' AND idempotency_key = $1`,
      [key],
    );
    assert.equal(claims.length, 1);
    assert.equal(claims[0].issue_id, id);
    assert.ok(claims[0].started_at, 'the intake is marked started');
    // Temporal's own record: one workflow started on the task queue in that window (each request drew its own
    // candidate id, so a second start would be a second workflow id here).
    const query = `TaskQueue = '${stack.worker.taskQueue}' AND StartTime BETWEEN '${since}' AND '${until}'`;
    const started = await eventually(
      async () => {
        const found: string[] = [];
        for await (const execution of stack.worker.client.workflow.list({ query })) found.push(execution.workflowId);
        return found.length > 0 ? found : undefined;
      },
      10_000,
      'the workflow in the visibility store',
    );
    assert.deepEqual(started, [issueWorkflowId(id)]);
  });

  test('missing and invalid fields: 400 naming each field and its rule', async () => {
    const empty = await stack.request<Problem>('POST', '/api/v1/issues', { as: 'reporter.investor', body: {} });
    assert.equal(empty.status, 400);
    assert.equal(empty.headers.get('content-type')?.split(';')[0], 'application/problem+json');
    assert.equal(empty.body.type, '/problems/validation');
    const missing = new Set(empty.body.errors!.map((e) => e.field));
    for (const field of ['projectId', 'category', 'risk', 'title', 'description'])
      assert.ok(missing.has(field), `${field} named in ${[...missing].join(', ')}`);
    assert.ok(!missing.has('location') && !missing.has('attachments'), 'optional fields may be left out');

    const invalid = await stack.request<Problem>('POST', '/api/v1/issues', {
      as: 'reporter.investor',
      body: {
        projectId: 42,
        category: 'flood',
        risk: 'extreme',
        title: '',
        description: '   ',
        location: 'x'.repeat(301),
        attachments: ['ok', 7, 'y'.repeat(501)],
      },
    });
    assert.equal(invalid.status, 400);
    const rules = invalid.body.errors!.map((e) => `${e.field}:${e.rule}`);
    for (const expected of [
      'projectId:isString',
      'category:isIn',
      'risk:isIn',
      'title:isLength',
      'description:matches',
      'location:maxLength',
      'attachments:isString',
      'attachments:isLength',
    ]) {
      assert.ok(rules.includes(expected), `${expected} in ${rules.join(', ')}`);
    }
    const tooMany = await stack.request<Problem>('POST', '/api/v1/issues', {
      as: 'reporter.investor',
      body: submission({ attachments: Array.from({ length: 21 }, (_, i) => `f${i}`), location: null }),
    });
    assert.equal(tooMany.status, 400);
    const tooManyRules = tooMany.body.errors!.map((e) => `${e.field}:${e.rule}`);
    assert.ok(
      tooManyRules.includes('attachments:arrayMaxSize') && tooManyRules.includes('location:isString'),
      `more than 20 attachments, and a null location: ${tooManyRules.join(', ')}`,
    );
    assert.deepEqual([...new Set(tooMany.body.errors!.map((e) => e.field))].sort(), ['attachments', 'location']);
  });

  test('an unknown project: 422 naming projectId; no issue, no key consumed', async () => {
    const key = randomUUID();
    const body = submission({ projectId: 'GX-NOPE-99' });
    const response = await stack.request<Problem>('POST', '/api/v1/issues', {
      as: 'reporter.investor',
      body,
      headers: { 'Idempotency-Key': key },
    });
    assert.equal(response.status, 422);
    assert.equal(response.headers.get('content-type')?.split(';')[0], 'application/problem+json');
    assert.deepEqual(
      response.body.errors?.map((e) => e.field),
      ['projectId'],
    );
    assert.match(response.body.detail, /GX-NOPE-99/);
    assert.equal((await issueRows(body.title)).length, 0);
    assert.equal(
      (await stack.worker.rows(`SELECT 1 FROM intake_requests WHERE idempotency_key = $1`, [key])).length,
      0,
    );
  });

  test('no token: 401; a bad Idempotency-Key: 400 naming the header', async () => {
    const anonymous = await stack.request<Problem>('POST', '/api/v1/issues', { body: submission() });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('content-type')?.split(';')[0], 'application/problem+json');
    const badToken = await stack.request<Problem>('POST', '/api/v1/issues', {
      body: submission(),
      headers: { authorization: 'Bearer not-a-token' },
    });
    assert.equal(badToken.status, 401);
    const longKey = await stack.request<Problem>('POST', '/api/v1/issues', {
      as: 'reporter.investor',
      body: submission(),
      headers: { 'Idempotency-Key': 'k'.repeat(201) },
    });
    assert.equal(longKey.status, 400);
    assert.deepEqual(
      longKey.body.errors?.map((e) => `${e.field}:${e.rule}`),
      ['Idempotency-Key:isLength'],
    );
  });

  test('Temporal unreachable: 503 with Retry-After, the intake kept under its key; the retry with that key completes it, once', async () => {
    // A second API on the same database whose Temporal address answers nothing.
    const deadTemporal = `127.0.0.1:${await freePort()}`;
    const down: INestApplication = await createApiApp(
      loadConfig({
        LOG_LEVEL: 'silent',
        DATABASE_URL: stack.worker.database.url,
        TEMPORAL_ADDRESS: deadTemporal,
        TEMPORAL_TASK_QUEUE: stack.worker.taskQueue,
        JWT_SECRET: TEST_JWT_SECRET,
        UNBLOCK_POLICY_FILE: 'libs/domain/policies/test-policies.json',
      }),
    );
    const key = randomUUID();
    const body = submission();
    try {
      await down.listen(0, '127.0.0.1');
      const { port } = down.getHttpServer().address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/issues`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await stack.token('reporter.investor')}`,
          'content-type': 'application/json',
          'Idempotency-Key': key,
        },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 503);
      assert.equal(response.headers.get('retry-after'), '5');
      assert.equal(response.headers.get('content-type')?.split(';')[0], 'application/problem+json');
      const problem = (await response.json()) as Problem;
      assert.match(problem.detail, /Idempotency-Key/);
    } finally {
      await down.close();
    }
    const [claim] = await stack.worker.rows(
      `SELECT issue_id, started_at FROM intake_requests WHERE idempotency_key = $1`,
      [key],
    );
    assert.ok(claim, 'the intake is kept');
    assert.equal(claim.started_at, null, 'not started');
    assert.equal((await issueRows(body.title)).length, 0);

    const retry = await fileWithKey('reporter.investor', body, key);
    assert.equal(retry.status, 200, JSON.stringify(retry.body));
    assert.equal(retry.body.id, claim.issue_id, 'the issue id fixed by the first request');
    assert.equal(retry.body.leadDepartment, 'land_office');
    await inReadModel(claim.issue_id as string);
    assert.deepEqual(
      (await issueRows(body.title)).map((r) => r.id),
      [claim.issue_id],
    );
  });

  test('no worker polling and no retry: an intake answered 202 registers by itself once a worker starts, and GET /issues/{id} shows it within seconds', async (t) => {
    const body = submission();
    await stack.token('reporter.investor');
    await stack.worker.stopWorker();
    let pending;
    let workerStarted: number;
    try {
      // no Idempotency-Key: this client could not even retry safely, and it never sends the intake again
      const sent = Date.now();
      pending = await stack.request<IntakeAnswer>('POST', '/api/v1/issues', { as: 'reporter.investor', body });
      t.diagnostic(`${pending.status} after ${Date.now() - sent} ms`);
    } finally {
      workerStarted = Date.now();
      await stack.worker.startWorker();
    }
    assert.equal(pending.status, 202, JSON.stringify(pending.body));
    assert.equal(pending.body.status, 'registering');
    const location = pending.headers.get('location');
    assert.equal(location, `/api/v1/issues/${pending.body.id}`);

    // only reads from here on
    const detail = await eventually(
      async () => {
        const read = await stack.request<IssueDetailDto>('GET', location!, { as: 'reporter.investor' });
        return read.status === 200 ? read.body : undefined;
      },
      60_000,
      'the issue in GET /issues/{id}',
    );
    const registeredAfter = Date.now() - workerStarted;
    t.diagnostic(`GET /issues/{id} showed the issue ${registeredAfter} ms after the worker started`);
    assert.ok(
      registeredAfter < REGISTERS_AFTER_WORKER_STARTS_MS,
      `registered by itself within ${REGISTERS_AFTER_WORKER_STARTS_MS} ms of a worker starting: ${registeredAfter} ms`,
    );
    assert.equal(detail.id, pending.body.id);
    assert.equal(detail.status, 'open');
    assert.equal(detail.leadDepartment.id, 'land_office');
    assert.deepEqual([...detail.supportingDepartments].sort(), ['planning', 'utilities']);
    assert.equal(detail.receivedAt, pending.body.createdAt, 'received when it was sent');
    const rows = await issueRows(body.title);
    assert.deepEqual(
      rows.map((row) => row.id),
      [pending.body.id],
      'one issue: the 202 was the only intake sent',
    );
  });

  test('no worker polling: the workflow starts and the answer is 202 (registering); once the worker is back the same key answers with the details', async (t) => {
    const key = randomUUID();
    const body = submission();
    await stack.token('reporter.investor');
    await stack.worker.stopWorker();
    let pending;
    try {
      const started = Date.now();
      pending = await fileWithKey('reporter.investor', body, key);
      const waited = Date.now() - started;
      t.diagnostic(`202 after ${waited} ms`);
      assert.ok(
        waited < 15_000,
        `the wait for a worker is bounded (5 s, then a check that the workflow was started): ${waited} ms`,
      );
      const description = await stack.worker.client.workflow.getHandle(issueWorkflowId(pending.body.id)).describe();
      assert.equal(description.status.name, 'RUNNING', 'the workflow is started, waiting for a worker');
    } finally {
      await stack.worker.startWorker();
    }
    assert.equal(pending.status, 202, JSON.stringify(pending.body));
    assert.equal(pending.body.status, 'registering');
    assert.match(pending.body.id, ISSUE_ID);
    const done = await fileWithKey('reporter.investor', body, key);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.id, pending.body.id);
    assert.equal(done.body.status, 'open');
    assert.equal(done.body.leadDepartment, 'land_office');
    assert.equal(done.body.createdAt, pending.body.createdAt, 'received when first sent');
  });
});
