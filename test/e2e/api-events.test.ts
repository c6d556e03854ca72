// Live events (GET /api/v1/events) and the console at /, on the real stack: a worker with the test policies (seconds),
// PostgreSQL NOTIFY from the effects transaction, the API's LISTEN connection, and streams read as the console reads
// them (fetch, the bearer token in a header).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { JwtService } from '@nestjs/jwt';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { CONSOLE_DIR } from '../../apps/api/src/console/console-files';
import { EventStreams } from '../../apps/api/src/events/event-streams';
import { LAND_DISPUTE_EXAMPLE } from '../../apps/api/src/issues/issue-intake.controller';
import { ApiStack, assertProblem, TEST_JWT_SECRET } from '../support/api-stack';
import { EventStreamClient, type StreamMessage } from '../support/event-stream-client';
import { eventually, REFUSE_ESCALATIONS, REPAIR_ESCALATIONS, temporaryDirectory } from '../support/test-stack';

// the limits under test: 10 per user (the default), 14 in all on this API process
process.env.EVENT_STREAMS_MAX = '14';

const EVENTS = '/api/v1/events';

interface IssueEventData {
  issueId: string;
  sequence: number;
  changes: string[];
  at: string;
}

describe('live events over server-sent events, from NOTIFY in the effects transaction', () => {
  const stack = new ApiStack();
  const opened: EventStreamClient[] = [];
  before(() => stack.setUp());
  after(() => stack.tearDown());
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((client) => client.close()));
  });

  /** Opens a stream as a demo user; it is closed after the test. */
  async function streamOf(username: string): Promise<EventStreamClient> {
    const { client, response } = await EventStreamClient.open(`${stack.base}${EVENTS}`, await stack.token(username));
    assert.equal(response.status, 200, `${username}'s stream opens`);
    opened.push(client!);
    await client!.waitFor((message) => message.event === 'ready', 5_000, 'ready');
    return client!;
  }

  async function file(as: string, body: Record<string, unknown> = LAND_DISPUTE_EXAMPLE): Promise<string> {
    const filed = await stack.request<{ id: string }>('POST', '/api/v1/issues', { as, body });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    return filed.body.id;
  }

  const about =
    (issueId: string, change?: string) =>
    (message: StreamMessage): boolean => {
      const data = message.data as IssueEventData;
      return message.event === 'issue' && data.issueId === issueId && (!change || data.changes.includes(change));
    };

  const streams = () => stack.app.get(EventStreams);

  test('without a token, or with a bad one, the stream is a 401 problem', async () => {
    assertProblem(await stack.request('GET', EVENTS), 401, '/problems/unauthenticated');
    assertProblem(
      await stack.request('GET', EVENTS, { headers: { authorization: 'Bearer not-a-token' } }),
      401,
      '/problems/invalid-token',
    );
    // and never a token in the URL
    const token = await stack.token('dispatcher');
    assertProblem(await stack.request('GET', `${EVENTS}?access_token=${token}`), 401, '/problems/unauthenticated');
  });

  test('a stream opens with the reconnection delay and ready, unbuffered and uncached', async () => {
    const { client, response } = await EventStreamClient.open(
      `${stack.base}${EVENTS}`,
      await stack.token('land_office.staff'),
      { 'accept-encoding': 'gzip, deflate, br' },
    );
    assert.ok(client);
    opened.push(client);
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.match(response.headers.get('cache-control') ?? '', /no-cache/);
    assert.equal(response.headers.get('x-accel-buffering'), 'no');
    assert.equal(response.headers.get('content-encoding'), null, 'not compressed');
    await client.waitFor((message) => message.event === 'ready', 5_000, 'ready');
    assert.deepEqual(
      client.messages.map(({ event, data, retry }) => ({ event, data, retry })),
      [
        { event: 'retry', data: null, retry: 3000 },
        { event: 'ready', data: { userId: 'land_office_staff' }, retry: undefined },
      ],
    );
  });

  test('intake and acceptance reach, within seconds, those who may see the issue, and no one else', async () => {
    const [reporter, staff, head, leader, dispatcher, otherDepartment, otherReporter] = await Promise.all(
      [
        'reporter.investor',
        'land_office.staff',
        'utilities.head',
        'leader.construction',
        'dispatcher',
        'finance.staff',
        'reporter.contractor',
      ].map(streamOf),
    );
    const filedAt = Date.now();
    const id = await file('reporter.investor');
    const seen: Array<[string, number]> = [];
    for (const [name, client] of Object.entries({ reporter, staff, head, leader, dispatcher })) {
      const message = await client.waitFor(about(id), 3_000, `${name} hears of the intake`);
      seen.push([name, message.receivedAt - filedAt]);
      const data = message.data as IssueEventData;
      // what the client is told, and nothing else (not who filed it, which departments, who was notified)
      assert.deepEqual(Object.keys(data).sort(), ['at', 'changes', 'issueId', 'sequence']);
      assert.equal(message.id, `${id}:${data.sequence}`);
      assert.ok(data.changes.includes('issue') && data.changes.includes('task'), JSON.stringify(data.changes));
      assert.ok(Number.isInteger(data.sequence) && data.sequence >= 1);
      assert.ok(!Number.isNaN(Date.parse(data.at)));
    }
    console.log(`intake heard on the streams after ${JSON.stringify(seen)} ms (from the request)`);

    const before = staff.issueEvents(id).at(-1)!.data as IssueEventData;
    const accepted = await stack.request('POST', `/api/v1/issues/${id}/accept`, { as: 'land_office.staff', body: {} });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    const acceptance = await staff.waitFor(
      (message) => about(id, 'task')(message) && (message.data as IssueEventData).sequence > before.sequence,
      3_000,
      'the acceptance',
    );
    await reporter.waitFor((message) => message.id === acceptance.id, 3_000, 'the reporter hears of it too');

    // an issue those two may see, filed after: once it reaches them, anything about the first would have come before
    const funding = await file('reporter.contractor', {
      projectId: 'GX-UTIL-01',
      category: 'funding',
      risk: 'medium',
      title: '配套资金拨付延迟',
      description: '配套资金未按期拨付，施工单位停工待款。',
    });
    for (const client of [otherDepartment, otherReporter]) {
      await client.waitFor(about(funding), 3_000, 'the issue they may see');
      assert.deepEqual(client.issueEvents(id), [], 'nothing about an issue they may not see');
    }
    assert.deepEqual(staff.issueEvents(funding), [], 'nor the other way round');
  });

  test('an escalation firing (the acceptance deadline passes) reaches the department head, said as an escalation', async () => {
    const head = await streamOf('land_office.head');
    const id = await file('reporter.investor');
    const escalated = await head.waitFor(about(id, 'escalation'), 20_000, 'the escalation');
    const [step] = await stack.worker.rows(
      `SELECT level, recipient_ids FROM escalations WHERE issue_id = $1 ORDER BY reached_at LIMIT 1`,
      [id],
    );
    assert.deepEqual(step, { level: 1, recipient_ids: ['land_office_head'] });
    assert.ok(head.messages.indexOf(escalated) > head.messages.findIndex(about(id)), 'after the intake');
  });

  test('a write that rolls back tells no one; once it commits, the stream hears of it', async () => {
    const leader = await streamOf('leader.construction');
    const id = await file('reporter.investor');
    await leader.waitFor(about(id), 3_000, 'the intake');
    await stack.worker.rows(REFUSE_ESCALATIONS);
    try {
      // the acceptance deadline passes; every write of the escalation fails in PostgreSQL and is retried
      const failedWrites = (atLeast: number, what: string) =>
        eventually(
          async () => {
            const [row] = await stack.worker.rows(`SELECT attempts FROM issue_effect_failures WHERE issue_id = $1`, [
              id,
            ]);
            return row && Number(row.attempts) >= atLeast ? Number(row.attempts) : undefined;
          },
          30_000,
          what,
        );
      // (from the second failure on: whatever committed before the first has surely been heard)
      const failing = await failedWrites(2, 'failed writes');
      const heard = leader.issueEvents(id).length;
      const [stored] = await stack.worker.rows(`SELECT sequence::int AS sequence FROM issues WHERE id = $1`, [id]);
      await failedWrites(failing + 2, 'two more failed writes');
      assert.equal(leader.issueEvents(id).length, heard, 'no notice of the writes that rolled back');
      const [still] = await stack.worker.rows(`SELECT sequence::int AS sequence FROM issues WHERE id = $1`, [id]);
      assert.deepEqual(still, stored, 'nothing was written');
    } finally {
      await stack.worker.rows(REPAIR_ESCALATIONS);
    }
    const committed = await leader.waitFor(about(id, 'escalation'), 20_000, 'the write, once it commits');
    assert.ok((committed.data as IssueEventData).sequence > 0);
  });

  test('the stream ends when the client goes, and the server lets it go', async () => {
    const before = streams().count('director');
    const client = await streamOf('director');
    assert.equal(streams().count('director'), before + 1);
    await client.close();
    assert.ok(client.closed);
    await eventually(
      async () => (streams().count('director') === before ? true : undefined),
      5_000,
      'the server forgets it',
    );
  });

  test('a quiet stream gets a ping every 15 s, and ends when its token expires', async () => {
    // a token of the dispatcher's that expires in 17 s, signed as sign-in signs them
    const token = await new JwtService({ secret: TEST_JWT_SECRET }).signAsync(
      { sub: 'dispatcher' },
      { algorithm: 'HS256', issuer: 'unblock', expiresIn: 17 },
    );
    const { client } = await EventStreamClient.open(`${stack.base}${EVENTS}`, token);
    assert.ok(client);
    opened.push(client);
    const ready = await client.waitFor((message) => message.event === 'ready', 5_000, 'ready');
    const ping = await client.waitFor((message) => message.event === 'comment', 20_000, 'a ping');
    assert.equal(ping.data, 'ping');
    assert.ok(ping.receivedAt - ready.receivedAt >= 14_000, `${ping.receivedAt - ready.receivedAt} ms after ready`);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client.ended,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('the stream outlived its token')), 10_000);
      }),
    ]).finally(() => clearTimeout(timer));
    await eventually(async () => (streams().count('dispatcher') === 0 ? true : undefined), 5_000, 'let go');
  });

  test('at most 10 streams per user and EVENT_STREAMS_MAX in all; beyond, a 429 problem', async () => {
    assert.equal(streams().count(), 0, 'no stream left from before');
    const tenth = (await Promise.all(Array.from({ length: 10 }, () => streamOf('director')))).at(-1)!;
    const eleventh = await EventStreamClient.open(`${stack.base}${EVENTS}`, await stack.token('director'));
    assert.equal(eleventh.client, undefined);
    const problem = assertProblem(
      { status: eleventh.response.status, headers: eleventh.response.headers, body: await eleventh.response.json() },
      429,
      '/problems/too-many-streams',
    );
    assert.match(problem.detail, /10 event streams/);
    assert.equal(eleventh.response.headers.get('retry-after'), '5');

    // one closed (a tab), one more opens
    await tenth.close();
    await eventually(async () => (streams().count('director') === 9 ? true : undefined), 5_000, 'one fewer');
    await streamOf('director');

    // 10 + 4 = 14, the limit of this API process: the next one, of anyone, is refused
    await Promise.all(Array.from({ length: 4 }, () => streamOf('secretary')));
    const fifteenth = await EventStreamClient.open(`${stack.base}${EVENTS}`, await stack.token('dispatcher'));
    assert.equal(fifteenth.response.status, 429);
    const total = (await fifteenth.response.json()) as { detail: string };
    assert.match(total.detail, /14 event streams open/);
  });

  test('when the LISTEN connection is lost, open streams get a gap, and another once it listens again; changes flow on', async () => {
    const dispatcher = await streamOf('dispatcher');
    const [killed] = await stack.worker.rows(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
        WHERE application_name = 'unblock-api-events' AND datname = current_database()`,
    );
    assert.deepEqual(killed, { killed: true }, 'the API has one listening connection');
    const lost = await dispatcher.waitFor((message) => message.event === 'gap', 5_000, 'a gap');
    assert.equal((lost.data as { listening: boolean }).listening, false);
    const back = await dispatcher.waitFor(
      (message) => message.event === 'gap' && (message.data as { listening: boolean }).listening,
      15_000,
      'listening again',
    );
    const { since, until } = back.data as { since: string; until: string };
    assert.ok(Date.parse(since) <= Date.parse(until));
    const id = await file('reporter.investor');
    await dispatcher.waitFor(about(id), 3_000, 'a change after the gap');
  });
});

describe('the console at /', () => {
  const stack = new ApiStack();
  before(() => stack.setUp());
  after(() => stack.tearDown());

  const page = (requestPath: string, accept = 'text/html,application/xhtml+xml,*/*;q=0.8') =>
    fetch(`${stack.base}${requestPath}`, { headers: { accept } });

  test('serves the built console: index.html, revalidated, with a policy that lets it run', async () => {
    assert.ok(fs.existsSync(path.join(CONSOLE_DIR, 'index.html')), `the console is built into ${CONSOLE_DIR}`);
    const response = await page('/', '*/*');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    const policy = response.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self'",
    ])
      assert.ok(policy.includes(directive), `${directive} in ${policy}`);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    const html = await response.text();
    assert.equal(html, fs.readFileSync(path.join(CONSOLE_DIR, 'index.html'), 'utf8'));
    assert.match(html, /<div id="root"><\/div>/);
  });

  test('a deep link that asks for a page gets the console; data, assets and the API stay what they are', async () => {
    const index = fs.readFileSync(path.join(CONSOLE_DIR, 'index.html'), 'utf8');
    for (const deepLink of ['/issues/IS-1', '/issues/IS-20261128-0001/timeline', '/inbox?tab=tasks']) {
      const response = await page(deepLink);
      assert.equal(response.status, 200, deepLink);
      assert.equal(await response.text(), index, deepLink);
      assert.equal(response.headers.get('cache-control'), 'no-cache');
    }
    // not a page: the API's 404
    const data = await page('/issues/IS-1', 'application/json');
    assert.equal(data.status, 404);
    assert.equal(data.headers.get('content-type')?.split(';')[0], 'application/problem+json');
    // under /api, a page is never the answer
    const api = await page('/api/v1/no-such-route');
    assert.equal(api.status, 404);
    assert.equal(api.headers.get('content-type')?.split(';')[0], 'application/problem+json');
    const health = await page('/health');
    assert.equal(health.headers.get('content-type')?.split(';')[0], 'application/json');
    const docs = await page('/docs');
    assert.equal(docs.status, 200);
    assert.match(await docs.text(), /swagger/i);

    const scripts = [...index.matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((match) => match[1]);
    assert.ok(scripts.length > 0, 'index.html loads a script from /assets');
    const script = await fetch(`${stack.base}${scripts[0]}`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript|^application\/javascript/);
    assert.equal(script.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.ok((await script.arrayBuffer()).byteLength > 1000);
    // a missing asset is a 404, not the page (a script would get HTML)
    const missing = await page('/assets/index-missing0.js');
    assert.equal(missing.status, 404);
    const head = await fetch(`${stack.base}/`, { method: 'HEAD' });
    assert.equal(head.status, 200);
  });

  test('not built: / says how to build it, the API answers as before; shutting down ends open streams at once', async () => {
    const empty = temporaryDirectory('unblock-no-console');
    const app = await createApiApp(stack.config(), { consoleDir: empty.dir });
    let closed = false;
    try {
      await app.listen(0, '127.0.0.1');
      const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
      for (const requestPath of ['/', '/issues/IS-1']) {
        const response = await fetch(`${base}${requestPath}`, { headers: { accept: 'text/html' } });
        assert.equal(response.status, 404, requestPath);
        assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
        assert.match(await response.text(), /not built[\s\S]*npm run build:web/);
      }
      assert.equal((await fetch(`${base}/health`)).status, 200);

      const { client } = await EventStreamClient.open(`${base}${EVENTS}`, await stack.token('dispatcher'));
      assert.ok(client);
      await client.waitFor((message) => message.event === 'ready', 5_000, 'ready');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        app.close(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('the API did not shut down with a stream open')), 10_000);
        }),
      ]).finally(() => clearTimeout(timer));
      closed = true;
      await client.ended;
      assert.ok(client.closed, 'the stream ended with the API');
    } finally {
      if (!closed) await app.close();
      empty.remove();
    }
  });
});
