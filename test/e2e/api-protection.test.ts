// Protection of the API over HTTP against the real stack: rate limits (per user and per address, 429 with
// Retry-After), security headers (with the OpenAPI page still served), the body limit, no stack traces or SQL in
// error bodies, 503 when PostgreSQL cannot be reached, and the Prometheus metrics.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { MetricsService } from '../../apps/api/src/metrics/metrics.service';
import { loadConfig } from '@unblock/config';
import { freePort } from '@unblock/runtime';
import { ApiStack, TEST_JWT_SECRET } from '../support/api-stack';
import { eventually, temporalAddress, temporalNamespace } from '../support/test-stack';
import type { ProblemDetails as Problem } from '../../apps/api/src/infrastructure/problem-details.filter';

/** What must never be in an error body: a stack frame, a file path, SQL, a driver's message. */
const LEAKS =
  /at \S+ \(|\.js:\d+|\.ts:\d+|node_modules|SELECT |INSERT |FROM issues|ECONNREFUSED|127\.0\.0\.1:\d+|QueryFailedError/;

/**
 * A second API application on the stack's database, with environment variables that only it reads at start
 * (RATE_LIMIT_*, METRICS_TOKEN are read from the process environment), restored right after it is built.
 */
async function startApi(
  config: Record<string, string>,
  processEnv: Record<string, string> = {},
): Promise<{ app: INestApplication; base: string }> {
  const saved = Object.fromEntries(Object.keys(processEnv).map((name) => [name, process.env[name]]));
  Object.assign(process.env, processEnv);
  let app: INestApplication;
  try {
    app = await createApiApp(
      loadConfig({
        LOG_LEVEL: 'silent',
        JWT_SECRET: TEST_JWT_SECRET,
        TEMPORAL_NAMESPACE: temporalNamespace(),
        ...config,
      }),
    );
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, base: `http://127.0.0.1:${port}` };
}

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

describe('API protection', () => {
  const stack = new ApiStack();
  before(() => stack.setUp());
  after(() => stack.tearDown());

  test('security headers on API answers and errors; no X-Powered-By', async () => {
    for (const [path, as] of [
      ['/api/v1/me', 'dispatcher'],
      ['/api/v1/no-such-route', undefined],
      ['/health', undefined],
    ] as const) {
      const response = await stack.request('GET', path, as ? { as } : {});
      const headers = response.headers;
      assert.match(headers.get('content-security-policy') ?? '', /default-src 'self'/, path);
      assert.match(headers.get('content-security-policy') ?? '', /frame-ancestors 'self'/);
      assert.equal(headers.get('x-content-type-options'), 'nosniff');
      assert.equal(headers.get('x-frame-options'), 'SAMEORIGIN');
      assert.match(headers.get('strict-transport-security') ?? '', /max-age=\d+/);
      assert.equal(headers.get('referrer-policy'), 'no-referrer');
      assert.equal(headers.get('cross-origin-opener-policy'), 'same-origin');
      assert.equal(headers.get('x-powered-by'), null);
    }
  });

  test('the OpenAPI page still works under the content security policy: every script and style it loads is same-origin and served', async () => {
    const page = await fetch(`${stack.base}/docs`);
    assert.equal(page.status, 200);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    // served over plain HTTP, the page must not ask browsers to upgrade its own assets to https://
    assert.doesNotMatch(csp, /upgrade-insecure-requests/);
    const html = await page.text();
    assert.match(html, /swagger-ui/i);
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length >= 2, 'the page loads the Swagger UI scripts');
    for (const [, attributes, body] of scripts) {
      const src = /src=["']([^"']+)["']/.exec(attributes)?.[1];
      assert.ok(src, "no inline script (script-src 'self' would block it)");
      assert.equal(body.trim(), '', 'no inline script body');
      const url = new URL(src, page.url);
      assert.equal(url.origin, stack.base, `${src} is same-origin`);
      const asset = await fetch(url);
      assert.equal(asset.status, 200, `${src} is served`);
      assert.match(asset.headers.get('content-type') ?? '', /javascript/);
      await asset.arrayBuffer();
    }
    for (const [, href] of html.matchAll(/<link[^>]*rel=["']stylesheet["'][^>]*href=["']([^"']+)["']/g)) {
      const url = new URL(href, page.url);
      assert.equal(url.origin, stack.base);
      const style = await fetch(url);
      assert.equal(style.status, 200, `${href} is served`);
      await style.arrayBuffer();
    }
    const document = await json<{ paths: Record<string, unknown> }>(await fetch(`${stack.base}/docs-json`));
    for (const path of [
      '/api/v1/issues',
      '/api/v1/issues/{id}',
      '/api/v1/inbox/tasks',
      '/api/v1/inbox/escalations',
      '/api/v1/inbox/notifications',
      '/api/v1/projects',
      '/api/v1/projects/{id}',
      '/api/v1/departments',
      '/api/v1/metrics',
    ]) {
      assert.ok(path in document.paths, `${path} is documented`);
    }
  });

  test('a JSON body over 100 kB is refused with 413 as problem details; malformed JSON with 400', async () => {
    const big = JSON.stringify({ username: 'x'.repeat(110 * 1024), password: 'unblock-demo' });
    const tooLarge = await stack.request<Problem>('POST', '/api/v1/auth/token', {
      raw: big,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(tooLarge.status, 413);
    assert.match(tooLarge.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(tooLarge.body.type, '/problems/payload-too-large');
    assert.equal(tooLarge.body.status, 413);
    const justUnder = await stack.request<Problem>('POST', '/api/v1/auth/token', {
      raw: JSON.stringify({ username: 'nobody', password: 'x'.repeat(90 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    assert.notEqual(justUnder.status, 413, 'a body under the limit is read');
    const malformed = await stack.request<Problem>('POST', '/api/v1/auth/token', {
      raw: '{"username": ',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.type, '/problems/malformed-json');
    for (const body of [tooLarge.body, malformed.body]) assert.doesNotMatch(JSON.stringify(body), LEAKS);
  });

  test('no stack trace, file path or SQL in any 4xx body', async () => {
    const responses = [
      await stack.request('GET', '/api/v1/issues?limit=1000', { as: 'director' }),
      await stack.request(
        'GET',
        `/api/v1/issues?cursor=${Buffer.from('{"s":"issues:-receivedAt","k":["x",1]}').toString('base64url')}`,
        { as: 'director' },
      ),
      await stack.request('GET', '/api/v1/issues/%27%3B%20DROP%20TABLE%20issues%3B--', { as: 'director' }),
      await stack.request('GET', '/api/v1/issues', { headers: { authorization: 'Bearer not.a.token' } }),
      await stack.request('GET', '/api/v1/inbox/tasks?state=%00', { as: 'land_office.staff' }),
      await stack.request('GET', '/api/v1/nowhere'),
    ];
    for (const response of responses) {
      assert.ok(response.status >= 400 && response.status < 500, String(response.status));
      assert.equal(typeof response.body, 'object');
      assert.ok((response.body as Problem).type && (response.body as Problem).title);
      assert.doesNotMatch(JSON.stringify(response.body), LEAKS);
    }
  });

  test('rate limits: 429 with Retry-After and a problem body, per user and then per address, before authentication', async () => {
    // limits of 5 a minute per user and 8 per address, on a second application over the same database
    const { app, base } = await startApi(
      { DATABASE_URL: stack.worker.database.url, TEMPORAL_ADDRESS: temporalAddress() },
      { RATE_LIMIT_PER_MINUTE: '5', RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '8' },
    );
    try {
      // tokens come from the main stack (same secret), so signing in costs nothing here
      const landOffice = await stack.token('land_office.staff');
      const planning = await stack.token('planning.staff');
      const me = (token: string) => fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      for (let i = 0; i < 5; i++) assert.equal((await me(landOffice)).status, 200, `request ${i + 1} of the user's 5`);
      const limited = await me(landOffice);
      assert.equal(limited.status, 429);
      const retryAfter = Number(limited.headers.get('retry-after'));
      assert.ok(
        Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60,
        `Retry-After ${limited.headers.get('retry-after')}`,
      );
      assert.match(limited.headers.get('content-type') ?? '', /application\/problem\+json/);
      const problem = await json<Problem>(limited);
      assert.equal(problem.type, '/problems/too-many-requests');
      assert.equal(problem.status, 429);
      assert.match(problem.detail, /this user/);
      assert.doesNotMatch(JSON.stringify(problem), LEAKS);

      // another user from the same address still gets through: the first budget was the user's
      assert.equal((await me(planning)).status, 200);
      // ... until the address's budget (8) runs out, before this user's own 5
      let successes = 1;
      let addressLimited: Response | undefined;
      for (let i = 0; i < 8 && !addressLimited; i++) {
        const response = await me(planning);
        if (response.status === 429) addressLimited = response;
        else {
          assert.equal(response.status, 200);
          successes++;
        }
      }
      assert.ok(addressLimited, 'the address limit is reached');
      assert.ok(successes < 5, `the address budget ran out first (${successes} for this user)`);
      assert.match((await json<Problem>(addressLimited)).detail, /this address/);
      assert.ok(Number(addressLimited.headers.get('retry-after')) >= 1);

      // the limit applies before authentication: a bad token gets a 429, not a 401
      const forged = await fetch(`${base}/api/v1/issues`, { headers: { authorization: 'Bearer forged.token.value' } });
      assert.equal(forged.status, 429);
      const anonymous = await fetch(`${base}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'dispatcher', password: 'guess' }),
      });
      assert.equal(anonymous.status, 429, 'password guessing is limited per address');
      // probes are not limited
      assert.equal((await fetch(`${base}/health`)).status, 200);
    } finally {
      await app.close();
    }
  });

  test('503 with Retry-After and a problem body when PostgreSQL cannot be reached, without the reason leaking', async () => {
    const { app, base } = await startApi({
      DATABASE_URL: `postgres://unblock:secret@127.0.0.1:${await freePort()}/unblock`,
      TEMPORAL_ADDRESS: temporalAddress(),
    });
    try {
      const token = new JwtService({ secret: TEST_JWT_SECRET }).sign(
        { sub: 'director' },
        { issuer: 'unblock', algorithm: 'HS256', expiresIn: 600 },
      );
      const requests: Array<[string, RequestInit]> = [
        [
          '/api/v1/auth/token',
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: 'director', password: 'unblock-demo' }),
          },
        ],
        ['/api/v1/issues', { headers: { authorization: `Bearer ${token}` } }],
        ['/api/v1/issues/anything', { headers: { authorization: `Bearer ${token}` } }],
        ['/api/v1/inbox/tasks', { headers: { authorization: `Bearer ${token}` } }],
      ];
      for (const [path, init] of requests) {
        const response = await fetch(`${base}${path}`, init);
        assert.equal(response.status, 503, path);
        assert.equal(response.headers.get('retry-after'), '5');
        assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/);
        const body = await json<Problem>(response);
        assert.equal(body.type, '/problems/database-unavailable');
        assert.equal(body.status, 503);
        assert.doesNotMatch(JSON.stringify(body), LEAKS);
        assert.doesNotMatch(JSON.stringify(body), /secret|postgres:\/\//);
      }
      // the metrics still answer, saying the database is down
      const metrics = await fetch(`${base}/api/v1/metrics`);
      assert.equal(metrics.status, 200);
      assert.match(await metrics.text(), /^unblock_metrics_database_up 0$/m);
    } finally {
      await app.close();
    }
  });

  test('/metrics exposes the intake and action counters, escalations by level and the latency histogram by route and status', async () => {
    const metrics = stack.app.get(MetricsService);
    metrics.recordIntake('permit');
    metrics.recordIntake('permit');
    metrics.recordAction('accept', 'ok');
    metrics.recordAction('transfer', 'refused');
    metrics.recordAction('no-such-action', 'whatever');
    // an issue that climbs the ladder, for the escalation gauge
    const handle = await stack.worker.file({
      category: 'utilities',
      risk: 'high',
      projectId: 'GX-UTIL-01',
      title: '外电接入受阻',
    });
    const issueId = (await stack.worker.view(handle)).state.issueId;
    await eventually(
      async () =>
        (await stack.worker.rows(`SELECT 1 FROM escalations WHERE issue_id = $1 AND level = 2`, [issueId])).length
          ? true
          : undefined,
      30_000,
      'two levels',
    );
    assert.equal((await stack.request('GET', '/api/v1/issues', { as: 'director' })).status, 200);
    assert.equal((await stack.request('GET', `/api/v1/issues/${issueId}`, { as: 'director' })).status, 200);
    assert.equal((await stack.request('GET', '/api/v1/issues?limit=500', { as: 'director' })).status, 400);

    const response = await fetch(`${stack.base}/api/v1/metrics`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    assert.match(text, /^unblock_issue_intake_total\{category="permit"\} 2$/m);
    assert.match(text, /^unblock_issue_actions_total\{action="accept",outcome="ok"\} 1$/m);
    assert.match(text, /^unblock_issue_actions_total\{action="transfer",outcome="refused"\} 1$/m);
    assert.match(
      text,
      /^unblock_issue_actions_total\{action="other",outcome="other"\} 1$/m,
      'unknown label values are bounded',
    );
    const levels = await stack.worker.rows(`SELECT level, count(*)::int AS n FROM escalations GROUP BY level`);
    for (const row of levels)
      assert.match(text, new RegExp(`^unblock_escalations\\{level="${row.level}"\\} ${row.n}$`, 'm'));
    assert.ok(levels.length >= 2);
    assert.match(text, /^unblock_metrics_database_up 1$/m);
    assert.match(text, /^unblock_issues\{status="open"\} \d+$/m);
    assert.match(
      text,
      /^unblock_http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/api\/v1\/issues",status="200"\} [1-9]/m,
    );
    assert.match(
      text,
      /^unblock_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/issues\/:id",status="200"\} [1-9]/m,
    );
    assert.match(
      text,
      /^unblock_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/issues",status="400"\} [1-9]/m,
    );
    assert.doesNotMatch(text, new RegExp(`route="[^"]*${issueId}`), 'routes are patterns, never concrete paths');
    assert.match(text, /^unblock_api_process_cpu_seconds_total /m);
  });

  test('with METRICS_TOKEN set, /metrics needs it', async () => {
    const secret = 'metrics-token-0123456789';
    const { app, base } = await startApi(
      { DATABASE_URL: stack.worker.database.url, TEMPORAL_ADDRESS: temporalAddress() },
      { METRICS_TOKEN: secret },
    );
    try {
      const without = await fetch(`${base}/api/v1/metrics`);
      assert.equal(without.status, 401);
      assert.equal((await json<Problem>(without)).type, '/problems/unauthenticated');
      assert.equal(
        (await fetch(`${base}/api/v1/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status,
        401,
      );
      const withToken = await fetch(`${base}/api/v1/metrics`, { headers: { authorization: `Bearer ${secret}` } });
      assert.equal(withToken.status, 200);
      assert.match(await withToken.text(), /unblock_http_request_duration_seconds/);
    } finally {
      await app.close();
    }
  });
});
