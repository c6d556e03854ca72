// A corpus of bad input against the write side of the API, on the real stack: every answer is a 4xx with a
// problem document (`application/problem+json`) that names what is wrong; nothing reaches Temporal; never a 5xx.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { ApiStack, assertProblem } from '../support/api-stack';
import { eventually } from '../support/test-stack';
import type { ProblemDetails as Problem } from '../../apps/api/src/infrastructure/problem-details.filter';

const VALID_INTAKE = {
  projectId: 'GX-ROAD-03',
  category: 'permit',
  risk: 'low',
  title: '科技一路施工许可证办理卡在消防审查',
  description: '消防设计审查意见迟迟未出，影响施工许可办理。',
};

const fieldRules = (problem: Problem) => (problem.errors ?? []).map((e) => `${e.field}:${e.rule}`);

describe('bad input to the write side of the API', () => {
  const stack = new ApiStack();
  let issueId: string;
  let token: string;

  before(async () => {
    await stack.setUp();
    token = await stack.token('reporter.investor');
    const filed = await stack.request<{ id: string }>('POST', '/api/v1/issues', {
      as: 'reporter.investor',
      body: VALID_INTAKE,
    });
    assert.equal(filed.status, 201);
    issueId = filed.body.id;
    // the 201 comes from the workflow; the tests below count issues in the read model
    await eventually(() => stack.worker.issueRow(issueId), 20_000, `issue ${issueId} in the read model`);
  });
  after(() => stack.tearDown());

  const auth = () => ({ authorization: `Bearer ${token}` });
  const issueCount = async () => Number((await stack.worker.rows(`SELECT count(*)::int AS n FROM issues`))[0].n);

  test('malformed JSON: 400 /problems/malformed-json, on intake and on an action', async () => {
    for (const path of ['/api/v1/issues', `/api/v1/issues/${issueId}/withdraw`]) {
      for (const raw of ['{"projectId": ', '{projectId: "GX-ROAD-01"}', "{'a': 1}", '{"a": 1,}', 'nul']) {
        assertProblem(
          await stack.request('POST', path, { raw, headers: { ...auth(), 'content-type': 'application/json' } }),
          400,
          '/problems/malformed-json',
        );
      }
    }
  });

  test('a body that is not JSON (text/plain, a form, no content type): 415 naming the type', async () => {
    const before = await issueCount();
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const problem = assertProblem(
        await stack.request('POST', '/api/v1/issues', {
          raw: contentType.includes('form') ? 'projectId=GX-ROAD-01&risk=low' : JSON.stringify(VALID_INTAKE),
          headers: { ...auth(), 'content-type': contentType },
        }),
        415,
        '/problems/unsupported-media-type',
      );
      assert.match(problem.detail, new RegExp(contentType.replace('+', '\\+')));
    }
    assertProblem(
      await stack.request('POST', `/api/v1/issues/${issueId}/progress`, {
        raw: 'note',
        headers: { ...auth(), 'content-type': 'text/plain' },
      }),
      415,
    );
    // bytes with no Content-Type at all
    const untyped = await fetch(`${stack.base}/api/v1/issues`, {
      method: 'POST',
      headers: auth(),
      body: new TextEncoder().encode(JSON.stringify(VALID_INTAKE)),
    });
    assert.equal(untyped.status, 415);
    assert.equal(untyped.headers.get('content-type')?.split(';')[0], 'application/problem+json');
    assert.match(((await untyped.json()) as Problem).detail, /no content type/);
    assert.equal(await issueCount(), before, 'nothing filed');
  });

  test('a JSON body that is not an object (an array, a string, a number): 400', async () => {
    for (const raw of ['[]', '[{"projectId":"GX-ROAD-01"}]', '"GX-ROAD-01"', '42', 'true', 'null']) {
      const response = await stack.request<Problem>('POST', '/api/v1/issues', {
        raw,
        headers: { ...auth(), 'content-type': 'application/json' },
      });
      assert.equal(response.status, 400, `${raw}: ${JSON.stringify(response.body)}`);
      assert.equal(response.headers.get('content-type')?.split(';')[0], 'application/problem+json');
    }
  });

  test('an oversized body (over 100 kB): 413, on intake and on an action', async () => {
    const big = JSON.stringify({ ...VALID_INTAKE, description: '征'.repeat(40_000) }); // 120 kB in UTF-8
    assert.ok(Buffer.byteLength(big) > 100 * 1024);
    assertProblem(
      await stack.request('POST', '/api/v1/issues', {
        raw: big,
        headers: { ...auth(), 'content-type': 'application/json' },
      }),
      413,
      '/problems/payload-too-large',
    );
    const bigNote = JSON.stringify({ note: 'x'.repeat(110 * 1024) });
    assertProblem(
      await stack.request('POST', `/api/v1/issues/${issueId}/progress`, {
        raw: bigNote,
        headers: { ...auth(), 'content-type': 'application/json' },
      }),
      413,
      '/problems/payload-too-large',
    );
    // just under the limit is parsed, and the field's own limit answers
    const underLimit = JSON.stringify({ ...VALID_INTAKE, description: 'x'.repeat(90 * 1024) });
    const tooLong = assertProblem(
      await stack.request('POST', '/api/v1/issues', {
        raw: underLimit,
        headers: { ...auth(), 'content-type': 'application/json' },
      }),
      400,
    );
    assert.deepEqual(fieldRules(tooLong), ['description:isLength']);
  });

  test('unknown fields: 400 with rule unknown_field, each named; `by` cannot be sent (the actor is the signed-in user)', async () => {
    const intake = assertProblem(
      await stack.request('POST', '/api/v1/issues', {
        as: 'reporter.investor',
        body: { ...VALID_INTAKE, priority: 'urgent', reporter: { id: 'director' } },
      }),
      400,
      '/problems/validation',
    );
    assert.deepEqual(fieldRules(intake).sort(), ['priority:unknown_field', 'reporter:unknown_field']);
    const spoof = assertProblem(
      await stack.request('POST', `/api/v1/issues/${issueId}/withdraw`, {
        as: 'reporter.investor',
        body: { reason: '撤回', by: { id: 'dispatcher', role: 'dispatcher' } },
      }),
      400,
    );
    assert.deepEqual(fieldRules(spoof), ['by:unknown_field']);
    const accept = assertProblem(
      await stack.request('POST', `/api/v1/issues/${issueId}/accept`, { as: 'land_office.staff', body: { note: 'x' } }),
      400,
    );
    assert.deepEqual(fieldRules(accept), ['note:unknown_field']);
  });

  test('wrong types and enums: 400 naming each field and its rule', async () => {
    const cases: Array<{ as: string; action: string; body: unknown; expected: string[] }> = [
      {
        as: 'reporter.investor',
        action: 'verify',
        body: { outcome: 'maybe', satisfaction: 'five' },
        expected: ['outcome:isIn', 'satisfaction:isInt'],
      },
      {
        as: 'reporter.investor',
        action: 'verify',
        body: { outcome: 'confirm', satisfaction: 6 },
        expected: ['satisfaction:max'],
      },
      {
        as: 'reporter.investor',
        action: 'verify',
        body: { outcome: 'confirm', satisfaction: 4.5 },
        expected: ['satisfaction:isInt'],
      },
      {
        as: 'land_office.staff',
        action: 'extend',
        body: { reason: '等待', until: '2025-09-16' },
        expected: ['until:matches'],
      },
      {
        as: 'land_office.staff',
        action: 'extend',
        body: { reason: '等待', until: '2025-02-30T10:00:00Z' },
        expected: ['until:isIso8601'],
      },
      {
        as: 'land_office.staff',
        action: 'extend',
        body: { reason: 7, until: 1758000000000 },
        expected: ['reason:isString', 'until:isString'],
      },
      {
        as: 'land_office.staff',
        action: 'transfer',
        body: { to: 'Land Office', reason: '' },
        expected: ['to:matches', 'reason:isLength'],
      },
      { as: 'land_office.staff', action: 'assist', body: { departments: [] }, expected: ['departments:arrayMinSize'] },
      {
        as: 'land_office.staff',
        action: 'assist',
        body: { departments: 'finance', due: 'tomorrow' },
        expected: ['departments:isArray', 'due:matches'],
      },
      { as: 'land_office.staff', action: 'progress', body: { note: ['a'] }, expected: ['note:isString'] },
      { as: 'land_office.staff', action: 'progress', body: {}, expected: ['note:isString'] },
      {
        as: 'leader.construction',
        action: 'statutory-extension',
        body: { reason: '复杂', extension: 'P1Y' },
        expected: ['extension:matches'],
      },
      {
        as: 'leader.construction',
        action: 'instruct',
        body: { text: '办', due: 'soon', taskId: 5 },
        expected: ['due:matches', 'taskId:isString'],
      },
      {
        as: 'dispatcher',
        action: 'route',
        body: { lead: 'planning', supporting: ['ok', 'Not-A-Code'], reason: 'x' },
        expected: ['supporting:matches'],
      },
    ];
    for (const { as, action, body, expected } of cases) {
      const problem = assertProblem(
        await stack.request('POST', `/api/v1/issues/${issueId}/${action}`, { as, body }),
        400,
        '/problems/validation',
      );
      const rules = fieldRules(problem);
      for (const rule of expected)
        assert.ok(rules.includes(rule), `${action} ${JSON.stringify(body)}: ${rule} in ${rules.join(', ')}`);
      assert.deepEqual(
        [...new Set(rules.map((r) => r.split(':')[0]))].sort(),
        [...new Set(expected.map((r) => r.split(':')[0]))].sort(),
        `${action}: only the wrong fields are named`,
      );
    }
  });

  test("an issue that does not exist: 404 for every action, before the body's content is looked at by the workflow", async () => {
    const missing = 'IS-20990101-ZZZZZZZZZZ';
    for (const [action, body] of [
      ['accept', {}],
      ['progress', { note: 'x' }],
      ['verify', { outcome: 'confirm', satisfaction: 5 }],
      ['withdraw', { reason: 'x' }],
      ['route', { lead: 'planning', reason: 'x' }],
    ] as const) {
      assertProblem(
        await stack.request('POST', `/api/v1/issues/${missing}/${action}`, { as: 'dispatcher', body }),
        404,
        '/problems/not-found',
      );
    }
    assertProblem(
      await stack.request('POST', `/api/v1/issues/${encodeURIComponent("x' OR '1'='1")}/accept`, {
        as: 'dispatcher',
        body: {},
      }),
      404,
    );
    assertProblem(
      await stack.request('POST', `/api/v1/issues/${'a'.repeat(500)}/accept`, { as: 'dispatcher', body: {} }),
      404,
    );
    const unknownAction = await stack.request<Problem>('POST', `/api/v1/issues/${issueId}/approve`, {
      as: 'dispatcher',
      body: {},
    });
    assert.equal(unknownAction.status, 404);
  });

  test('a bad Idempotency-Key (empty, too long, with spaces): 400 naming the header', async () => {
    for (const key of ['k'.repeat(201), 'two words']) {
      const problem = assertProblem(
        await stack.request('POST', '/api/v1/issues', {
          as: 'reporter.investor',
          body: VALID_INTAKE,
          headers: { 'Idempotency-Key': key },
        }),
        400,
      );
      assert.deepEqual(
        problem.errors?.map((e) => e.field),
        ['Idempotency-Key'],
      );
    }
    const action = assertProblem(
      await stack.request('POST', `/api/v1/issues/${issueId}/accept`, {
        as: 'land_office.staff',
        body: {},
        headers: { 'Idempotency-Key': '' },
      }),
      400,
    );
    assert.deepEqual(
      action.errors?.map((e) => e.field),
      ['Idempotency-Key'],
    );
  });

  test('property: random intake bodies (random keys, values and types) always get a 4xx problem, never a 5xx', async () => {
    const before = await issueCount();
    const known = ['projectId', 'category', 'risk', 'title', 'description', 'location', 'attachments'];
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom('land_acquisition', 'permit', 'petition', 'low', 'critical', '', ' ', 'GX-ROAD-01'),
      fc.string({ maxLength: 300 }),
      fc.array(fc.string({ maxLength: 600 }), { maxLength: 25 }),
    );
    const body = fc
      .record(
        {
          // never an existing project, so a body can never be filed: every answer must be a 4xx
          projectId: fc.oneof(
            fc.jsonValue({ maxDepth: 2 }),
            fc.string({ maxLength: 80 }).map((s) => `NOPE-${s}`),
          ),
          rest: fc.dictionary(
            fc.oneof(
              fc.constantFrom(...known, '__proto__', 'constructor', 'by', 'reporter', 'issueId'),
              fc.string({ maxLength: 20 }),
            ),
            value,
            { maxKeys: 10 },
          ),
          dropProject: fc.boolean(),
        },
        { noNullPrototype: false },
      )
      .map(({ projectId, rest, dropProject }) => {
        const out: Record<string, unknown> = { ...VALID_INTAKE };
        for (const [k, v] of Object.entries(rest))
          Object.defineProperty(out, k, { value: v, enumerable: true, configurable: true, writable: true });
        if (dropProject) delete out.projectId;
        else out.projectId = projectId;
        return JSON.stringify(out);
      });
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, async (raw) => {
        const response = await stack.request<Problem>('POST', '/api/v1/issues', {
          raw,
          headers: { ...auth(), 'content-type': 'application/json' },
        });
        seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
        assert.ok(
          response.status >= 400 && response.status < 500,
          `${response.status} for ${raw}: ${JSON.stringify(response.body)}`,
        );
        assert.equal(response.headers.get('content-type')?.split(';')[0], 'application/problem+json', raw);
        assert.equal(response.body.status, response.status);
      }),
      { numRuns: 100 },
    );
    assert.equal(await issueCount(), before, 'nothing was filed');
    assert.ok((seen.get(400) ?? 0) > 0, `statuses seen: ${JSON.stringify([...seen])}`);
  });

  test('property: random strings as a JSON body to an action get a 4xx problem, never a 5xx', async () => {
    const raw = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      fc.constant(`{"reason":"x","by":{"id":"dispatcher"},"${randomUUID()}":1}`),
    );
    await fc.assert(
      fc.asyncProperty(raw, async (text) => {
        const response = await stack.request<Problem>('POST', `/api/v1/issues/${issueId}/route`, {
          raw: text,
          headers: { ...auth(), 'content-type': 'application/json' },
        });
        assert.ok(
          response.status >= 400 && response.status < 500,
          `${response.status} for ${text}: ${JSON.stringify(response.body)}`,
        );
        assert.equal(response.headers.get('content-type')?.split(';')[0], 'application/problem+json', text);
      }),
      { numRuns: 50 },
    );
  });
});
