// What the API shows when an issue's effects cannot be written (the read model, the timeline, escalations,
// notices), on the real stack with a real refusal by PostgreSQL; and how fast an action hears that Temporal is down.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@unblock/config';
import { freePort } from '@unblock/runtime';
import { createApiApp } from '../../apps/api/src/create-api-app';
import type { HealthReport } from '../../apps/api/src/health/health.service';
import type { ProblemDetails as Problem } from '../../apps/api/src/infrastructure/problem-details.filter';
import type { IssueDetailDto, IssueListDto } from '../../apps/api/src/reads/issues.dto';
import { ApiStack, TEST_JWT_SECRET } from '../support/api-stack';
import { eventually, REFUSE_ESCALATIONS, REPAIR_ESCALATIONS } from '../support/test-stack';

type LiveView = { state: { tally: { escalations: number }; sequence: number } };

describe('effects written behind the decisions, as the API shows them', () => {
  const stack = new ApiStack();
  before(() => stack.setUp());
  after(() => stack.tearDown());

  async function file(title: string): Promise<string> {
    const response = await stack.request<{ id: string }>('POST', '/api/v1/issues', {
      as: 'reporter.investor',
      body: {
        projectId: 'GX-UTIL-01',
        category: 'utilities',
        risk: 'high',
        title,
        description: '外电接入施工受阻，需协调线路迁改。',
      },
    });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body.id;
  }

  const detail = (id: string) => stack.request<IssueDetailDto>('GET', `/api/v1/issues/${id}`, { as: 'dispatcher' });

  test('writes that fail are shown in the detail, the list, health and metrics while the issue keeps escalating; all clear once repaired', async () => {
    const title = `写入故障 ${randomUUID()}`;
    const id = await file(title);
    await eventually(async () => ((await detail(id)).status === 200 ? true : undefined), 20_000, 'in the read model');
    assert.equal((await detail(id)).body.effects.status, 'written');

    // a real refusal: while the trigger stands, every write that records an escalation fails in PostgreSQL
    await stack.worker.rows(REFUSE_ESCALATIONS);
    let repaired = false;
    try {
      const health = await eventually(
        async () => {
          const response = await fetch(`${stack.base}/health`);
          const body = (await response.json()) as HealthReport;
          return body.checks.effects.status === 'degraded' ? { response, body } : undefined;
        },
        60_000,
        'health names the failing issue',
      );
      assert.equal(health.response.status, 200, 'failing writes do not make the API unready');
      assert.equal(health.body.checks.effects.failingIssues, 1);
      assert.deepEqual(
        health.body.checks.effects.issues.map((issue) => issue.issueId),
        [id],
      );
      assert.match(health.body.checks.effects.issues[0].lastError, /escalations/);

      const failing = await eventually(async () => {
        const body = (await detail(id)).body;
        return body.effects.status === 'failing' && (body.live as LiveView).state.tally.escalations >= 2
          ? body
          : undefined;
      });
      assert.ok(failing.effects.failingSince, 'since when');
      assert.ok(failing.effects.attempts >= 1);
      assert.match(failing.effects.lastError ?? '', /escalations/);

      const list = await stack.request<IssueListDto>('GET', `/api/v1/issues?q=${encodeURIComponent(title)}`, {
        as: 'dispatcher',
      });
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.items.map((item) => `${item.id}:${item.effectsFailing}`),
        [`${id}:true`],
      );
      const metrics = await (await fetch(`${stack.base}/api/v1/metrics`)).text();
      assert.match(metrics, /^unblock_issues_effects_failing 1$/m);

      await stack.worker.rows(REPAIR_ESCALATIONS);
      repaired = true;
    } finally {
      if (!repaired) await stack.worker.rows(REPAIR_ESCALATIONS);
    }

    const settled = await eventually(
      async () => {
        const body = (await detail(id)).body;
        return body.effects.status === 'written' && body.effects.pending === 0 ? body : undefined;
      },
      30_000,
      'the record caught up',
    );
    assert.equal(settled.effects.failingSince, null);
    assert.equal(
      settled.escalations.length,
      (settled.live as LiveView).state.tally.escalations,
      'every escalation decided meanwhile is recorded, once',
    );
    assert.deepEqual(
      settled.timeline.map((event) => event.sequence),
      settled.timeline.map((_, i) => i + 1),
      'no gap in the timeline',
    );
    const health = (await (await fetch(`${stack.base}/health`)).json()) as HealthReport;
    assert.equal(health.checks.effects.status, 'ready');
    assert.equal(health.checks.effects.failingIssues, 0);
    const metrics = await (await fetch(`${stack.base}/api/v1/metrics`)).text();
    assert.match(metrics, /^unblock_issues_effects_failing 0$/m);
    const withdrawn = await stack.request('POST', `/api/v1/issues/${id}/withdraw`, {
      as: 'dispatcher',
      body: { reason: '测试结束' },
    });
    assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
  });

  test('Temporal down: an action is answered 503 with Retry-After in seconds, and nothing is taken', async (t) => {
    const id = await file(`引擎停机 ${randomUUID()}`);
    await eventually(async () => ((await detail(id)).status === 200 ? true : undefined), 20_000, 'in the read model');
    // a second API on the same database whose Temporal address answers nothing
    const down: INestApplication = await createApiApp(
      loadConfig({
        LOG_LEVEL: 'silent',
        DATABASE_URL: stack.worker.database.url,
        TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
        TEMPORAL_TASK_QUEUE: stack.worker.taskQueue,
        JWT_SECRET: TEST_JWT_SECRET,
        UNBLOCK_POLICY_FILE: 'libs/domain/policies/test-policies.json',
      }),
    );
    try {
      await down.listen(0, '127.0.0.1');
      const { port } = down.getHttpServer().address() as AddressInfo;
      const started = Date.now();
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/issues/${id}/accept`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await stack.token('utilities.staff')}`,
          'content-type': 'application/json',
        },
        body: '{}',
      });
      const waited = Date.now() - started;
      t.diagnostic(`503 after ${waited} ms`);
      assert.equal(response.status, 503);
      assert.equal(response.headers.get('retry-after'), '5');
      const problem = (await response.json()) as Problem;
      assert.match(problem.detail, /not taken/);
      assert.ok(waited < 10_000, `told within seconds, not after the update's whole deadline: ${waited} ms`);
    } finally {
      await down.close();
    }
    const live = (await detail(id)).body;
    assert.equal(live.tasks.find((task) => task.role === 'lead')?.status, 'assigned', 'the action was not taken');
    const withdrawn = await stack.request('POST', `/api/v1/issues/${id}/withdraw`, {
      as: 'dispatcher',
      body: { reason: '测试结束' },
    });
    assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
  });

  test('an action accepted but slow to be decided answers 202: recorded, and applied in its turn', async (t) => {
    const id = await file(`决定迟缓 ${randomUUID()}`);
    await eventually(async () => ((await detail(id)).status === 200 ? true : undefined), 20_000, 'in the read model');
    const clocks = stack.worker.holdClocks(); // the issue cannot decide anything until released
    try {
      const started = Date.now();
      const response = await stack.request<{ issueId: string; recorded: boolean; updateId: string; detail: string }>(
        'POST',
        `/api/v1/issues/${id}/accept`,
        { as: 'utilities.staff', body: {} },
      );
      t.diagnostic(`answered ${response.status} after ${Date.now() - started} ms`);
      assert.equal(response.status, 202, JSON.stringify(response.body));
      assert.equal(response.body.recorded, true);
      assert.equal(response.body.issueId, id);
      assert.match(response.body.updateId, /\S/);
      assert.match(response.body.detail, /will be applied/);
      assert.equal((await detail(id)).body.tasks.find((task) => task.role === 'lead')?.status, 'assigned');
    } finally {
      clocks.release();
    }
    // nothing to send again: the recorded action is applied once the issue can decide
    await eventually(
      async () =>
        (await detail(id)).body.tasks.find((task) => task.role === 'lead')?.status === 'accepted' ? true : undefined,
      30_000,
      'the recorded acceptance applied',
    );
    const events = (await detail(id)).body.timeline.filter((event) => event.name === 'task_accepted');
    assert.equal(events.length, 1, 'applied once');
    const withdrawn = await stack.request('POST', `/api/v1/issues/${id}/withdraw`, {
      as: 'dispatcher',
      body: { reason: '测试结束' },
    });
    assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
  });
});
