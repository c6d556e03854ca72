// Text the product cannot keep, and values PostgreSQL refuses, sent by a hostile client over HTTP on the real stack:
// NUL, unpaired surrogates and control characters in bodies, path and query parameters; cursors that decode to a
// year 0 or an integer beyond PostgreSQL's; JSON of the wrong type; raw UTF-8 bytes in the request line. Each is a
// 400 problem (application/problem+json) naming the field or parameter and the rule, never a 5xx, and nothing
// reaches the workflow; the issue the tests act on keeps working.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { issueWorkflowId } from '@unblock/contracts';
import { TEXT_RULE } from '@unblock/domain';
import { LAND_DISPUTE_EXAMPLE } from '../../apps/api/src/issues/issue-intake.controller';
import type { ProblemDetails as Problem } from '../../apps/api/src/infrastructure/problem-details.filter';
import { ApiStack, assertProblem, type ApiResponse } from '../support/api-stack';
import { eventually } from '../support/test-stack';

/** A 400 `/problems/validation` whose errors name exactly these fields, each with a rule and a message. */
function assertNamed(response: ApiResponse<unknown>, fields: string[], rule?: string): Problem {
  const problem = assertProblem(response, 400, '/problems/validation');
  const errors = problem.errors ?? [];
  assert.deepEqual([...new Set(errors.map((e) => e.field))].sort(), [...fields].sort(), JSON.stringify(problem));
  for (const error of errors) assert.ok(error.rule && error.message, JSON.stringify(error));
  if (rule)
    assert.ok(
      errors.some((e) => e.rule === rule),
      `${rule} in ${JSON.stringify(errors)}`,
    );
  return problem;
}

const cursorOf = (payload: unknown) => Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');

/** One HTTP/1.1 exchange over a raw socket: the request line and headers exactly as given (bytes Node's fetch never sends). */
function rawRequest(
  port: number,
  head: Buffer,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(head));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [headText, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...headerLines] = headText.split('\r\n');
      const headers = Object.fromEntries(
        headerLines.map((line) => [
          line.slice(0, line.indexOf(':')).toLowerCase(),
          line.slice(line.indexOf(':') + 1).trim(),
        ]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

describe('text the product cannot keep, and values PostgreSQL refuses: 400 naming the field and the rule', () => {
  const stack = new ApiStack();
  let issueId: string;

  before(async () => {
    await stack.setUp();
    const filed = await stack.request<{ id: string }>('POST', '/api/v1/issues', {
      as: 'reporter.investor',
      body: LAND_DISPUTE_EXAMPLE,
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    issueId = filed.body.id;
    await eventually(() => stack.worker.issueRow(issueId), 20_000, `issue ${issueId} in the read model`);
  });
  after(() => stack.tearDown());

  const count = async (table: string) =>
    Number((await stack.worker.rows(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  test('a progress note with NUL, an unpaired surrogate or a control character is refused; line breaks and tabs are kept', async () => {
    const accepted = await stack.request('POST', `/api/v1/issues/${issueId}/accept`, {
      as: 'land_office.staff',
      body: {},
    });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    const notes = async () =>
      (await stack.worker.view(stack.worker.client.workflow.getHandle(issueWorkflowId(issueId)))).state.progressNotes;
    for (const note of ['a\u0000b', '\ud800', 'x\udc00y', '😀\ud83d', 'a\u001bb', 'a\u007fb', '\u0085', 'a\u000bb']) {
      const problem = assertNamed(
        await stack.request('POST', `/api/v1/issues/${issueId}/progress`, { as: 'land_office.staff', body: { note } }),
        ['note'],
        TEXT_RULE,
      );
      assert.match(problem.detail, /^note: note must not contain/);
    }
    assert.deepEqual(await notes(), [], 'no poison note reached the workflow');
    const note = '第一步：约谈\n第二步：复核\t（进行中）😀';
    const kept = await stack.request('POST', `/api/v1/issues/${issueId}/progress`, {
      as: 'land_office.staff',
      body: { note },
    });
    assert.equal(kept.status, 200, JSON.stringify(kept.body));
    assert.deepEqual(
      (await notes()).map((n) => n.note),
      [note],
    );
    // the issue's record keeps up: the note's effects were written
    await eventually(
      async () =>
        (
          await stack.worker.rows(`SELECT 1 FROM issue_events WHERE issue_id = $1 AND name = 'progress_posted'`, [
            issueId,
          ])
        ).length === 1 || undefined,
      20_000,
      'the note in the event log',
    );
  });

  test('every text field of every action body keeps the rule: single-line ones take no line break either', async () => {
    const cases: Array<{ as: string; action: string; body: Record<string, unknown>; field: string }> = [
      { as: 'land_office.staff', action: 'transfer', body: { to: 'approval', reason: '原因\u0000' }, field: 'reason' },
      { as: 'land_office.staff', action: 'transfer', body: { to: 'appr\u0000oval', reason: '原因' }, field: 'to' },
      { as: 'land_office.staff', action: 'assist', body: { departments: ['finance', '\ud800'] }, field: 'departments' },
      { as: 'land_office.staff', action: 'resolve', body: { description: '\u0000' }, field: 'description' },
      {
        as: 'leader.construction',
        action: 'instruct',
        body: { text: 'a\u0007', due: '2099-01-01T00:00:00Z' },
        field: 'text',
      },
      {
        as: 'leader.construction',
        action: 'instruct',
        body: { text: '办', due: '2099-01-01T00:00:00Z', taskId: 't\n1' },
        field: 'taskId',
      },
      { as: 'land_office.staff', action: 'acknowledge', body: { instructionId: 'i1\u0000' }, field: 'instructionId' },
      { as: 'reporter.investor', action: 'withdraw', body: { reason: '\udfff' }, field: 'reason' },
      { as: 'reporter.investor', action: 'verify', body: { outcome: 'reject', reason: 'x\u009b' }, field: 'reason' },
      {
        as: 'leader.construction',
        action: 'statutory-extension',
        body: { reason: '复杂', extension: 'P1D\u0000' },
        field: 'extension',
      },
    ];
    for (const { as, action, body, field } of cases) {
      const response = await stack.request('POST', `/api/v1/issues/${issueId}/${action}`, { as, body });
      const problem = assertProblem(response, 400, '/problems/validation');
      const rules = (problem.errors ?? []).filter((e) => e.field === field).map((e) => e.rule);
      assert.ok(rules.includes(TEXT_RULE), `${action} ${JSON.stringify(body)}: ${JSON.stringify(problem.errors)}`);
    }
  });

  test('intake: NUL in the description (with or without an Idempotency-Key), a line break in the title, a bad projectId: 400, nothing filed or kept', async () => {
    const issues = await count('issues');
    const claims = await count('intake_requests');
    for (const [patch, field, key] of [
      [{ description: 'a\u0000b' }, 'description', undefined],
      [{ description: 'a\u0000b' }, 'description', randomUUID()],
      [{ description: '\ud800' }, 'description', randomUUID()],
      [{ title: '标题\n第二行' }, 'title', undefined],
      [{ title: '\ud83d' }, 'title', randomUUID()],
      [{ location: '高新大道\u0000' }, 'location', undefined],
      [{ attachments: ['files/a.jpg', 'files/\u0001.jpg'] }, 'attachments', undefined],
      [{ projectId: 'GX\u0000' }, 'projectId', undefined],
      [{ projectId: 'GX\u0000' }, 'projectId', randomUUID()],
    ] as const) {
      assertNamed(
        await stack.request('POST', '/api/v1/issues', {
          as: 'reporter.investor',
          body: { ...LAND_DISPUTE_EXAMPLE, ...patch },
          headers: key ? { 'Idempotency-Key': key } : {},
        }),
        [field],
        TEXT_RULE,
      );
    }
    assert.equal(await count('issues'), issues, 'no issue filed');
    assert.equal(await count('intake_requests'), claims, 'no key claimed');
    // a description over several lines, with a tab, is filed
    const multiLine = await stack.request<{ id: string }>('POST', '/api/v1/issues', {
      as: 'reporter.investor',
      body: { ...LAND_DISPUTE_EXAMPLE, description: '一、三户村民有异议；\n二、施工队无法进场。\t（附照片）' },
      headers: { 'Idempotency-Key': randomUUID() },
    });
    assert.equal(multiLine.status, 201, JSON.stringify(multiLine.body));
  });

  test('parameters PostgreSQL refuses are 400s naming the parameter, not 500s', async () => {
    const cases: Array<{ method: string; path: string; body?: unknown; as?: string; field: string }> = [
      { method: 'GET', path: '/api/v1/issues?q=ab%00cd', field: 'q' },
      { method: 'GET', path: '/api/v1/issues/IS-%00', field: 'id' },
      { method: 'POST', path: '/api/v1/issues/IS-%00/accept', body: {}, field: 'id' },
      { method: 'GET', path: '/api/v1/projects/GX%00', field: 'id' },
      {
        method: 'POST',
        path: '/api/v1/auth/token',
        body: { username: 'a\u0000b', password: 'x' },
        as: '',
        field: 'username',
      },
      {
        method: 'POST',
        path: '/api/v1/issues',
        body: { ...LAND_DISPUTE_EXAMPLE, projectId: 'GX\u0000' },
        field: 'projectId',
      },
      {
        method: 'GET',
        path: `/api/v1/issues?cursor=${cursorOf({ s: 'issues:-receivedAt', k: ['0000-01-01T00:00:00.000000Z', 'IS-1'] })}`,
        field: 'cursor',
      },
      {
        method: 'GET',
        path: `/api/v1/issues?cursor=${cursorOf({ s: 'issues:-receivedAt', k: ['2026-02-30T00:00:00.000000Z', 'IS-1'] })}`,
        field: 'cursor',
      },
      {
        method: 'GET',
        path: `/api/v1/issues?sort=escalationLevel&cursor=${cursorOf({ s: 'issues:escalationLevel', k: [2 ** 31, 'IS-1'] })}`,
        field: 'cursor',
      },
      {
        method: 'GET',
        path: `/api/v1/issues?cursor=${cursorOf({ s: 'issues:-receivedAt', k: ['2026-01-01T00:00:00.000000Z', 'IS-\u0000'] })}`,
        field: 'cursor',
      },
      {
        method: 'GET',
        path: `/api/v1/inbox/escalations?cursor=${cursorOf({
          s: 'inbox-escalations',
          k: ['2026-01-01T00:00:00.000000Z', 'IS-1', 't1', 2 ** 31, 0, '2026-01-01T00:00:00.000000Z'],
        })}`,
        field: 'cursor',
      },
      { method: 'GET', path: '/api/v1/issues?createdFrom=0000-01-01T00:00:00Z', field: 'createdFrom' },
    ];
    const wrong: string[] = [];
    for (const { method, path, body, as = 'dispatcher', field } of cases) {
      try {
        assertNamed(await stack.request(method, path, { ...(as ? { as } : {}), ...(body ? { body } : {}) }), [field]);
      } catch (error) {
        wrong.push(`${method} ${path}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    assert.deepEqual(wrong, [], 'every case is a 400 naming its parameter');
  });

  test('a JSON body of null (or another JSON value that is not an object) is a 400 saying it must be an object, not malformed', async () => {
    for (const path of ['/api/v1/issues', `/api/v1/issues/${issueId}/progress`, '/api/v1/auth/token']) {
      for (const raw of ['null', ' null ', '42', '"GX-ROAD-01"', 'true']) {
        const problem = assertNamed(
          await stack.request('POST', path, {
            raw,
            as: path.endsWith('/token') ? undefined : 'land_office.staff',
            headers: { 'content-type': 'application/json' },
          }),
          ['(body)'],
          'isObject',
        );
        assert.equal(problem.detail, 'The request body must be a JSON object.');
      }
      // still malformed: not JSON at all
      assertProblem(
        await stack.request('POST', path, { raw: 'nul', headers: { 'content-type': 'application/json' } }),
        400,
        '/problems/malformed-json',
      );
    }
  });

  test('raw (not percent-encoded) UTF-8 bytes in the request line: a 400 problem, not an empty answer', async () => {
    const port = Number(new URL(stack.base).port);
    for (const target of [Buffer.from('/api/v1/issues?q=征地'), Buffer.from('/api/v1/projects/高新')]) {
      const head = Buffer.concat([
        Buffer.from('GET '),
        target,
        Buffer.from(' HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
      ]);
      const response = await rawRequest(port, head);
      assert.equal(response.status, 400, JSON.stringify(response));
      assert.equal(response.headers['content-type']?.split(';')[0], 'application/problem+json');
      const problem = JSON.parse(response.body) as Problem;
      assert.equal(problem.status, 400);
      assert.equal(problem.type, '/problems/malformed-request');
      assert.match(problem.detail, /percent-encoded/);
    }
    // the same text, percent-encoded, is read
    const encoded = await stack.request('GET', `/api/v1/issues?q=${encodeURIComponent('征地')}`, { as: 'dispatcher' });
    assert.equal(encoded.status, 200);
  });
});
