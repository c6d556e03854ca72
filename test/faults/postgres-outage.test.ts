// Fault: PostgreSQL stops (a clean, fast shutdown) and starts again on the same data while issues escalate and
// intake is sent. A PostgreSQL and Temporal dev server of the test's own, a worker process, the API in this process;
// the test policies (seconds): unaccepted utilities issues miss acceptance after 2 s, then climb the ladder 2 s a
// step (four levels, then two repeated notices at the top).
// Required: while the database is down the API answers 503 with Retry-After, never 500; intake sent with an
// Idempotency-Key and retried by the client until accepted is never lost (one issue per key); the issues' clocks
// keep running (the workflow's view shows the ladder climbing on time, though nothing can be written); after the
// restart the read model catches up: nothing lost or doubled, no gap in the event sequence, equal to the view; a live
// event stream open throughout is told of the gap (the API stops hearing changes, then hears them again) and hears
// the changes after it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { EventStreamClient } from '../support/event-stream-client';
import { ESCALATIONS_PER_ISSUE, type IssueAudit, problemsOf, settleAndAudit } from '../support/fault-checks';
import { FaultStack, type HttpAnswer } from '../support/fault-stack';
import { installOpenApiResponseValidation, responseMismatches } from '../support/openapi-validator';
import { eventually } from '../support/test-stack';

installOpenApiResponseValidation();

/** Test policies: acceptance PT2S, then a ladder step every PT2S; four levels and two repeats. */
const LADDER_WAIT_MS = 2_000;
/** How long an intake may take to be accepted once the database is back. */
const INTAKE_DEADLINE_MS = 60_000;

interface Answer {
  what: string;
  at: number;
  status: number | string;
  retryAfter: string | null;
  type?: string;
}

const submission = (title: string) => ({
  projectId: 'GX-UTIL-01',
  category: 'utilities',
  risk: 'high',
  title,
  description: '数据库中断期间提交的受理。',
});

describe('fault: PostgreSQL stops and starts again while issues escalate and intake is sent', () => {
  let stack: FaultStack;
  const answers: Answer[] = [];
  const accepted: Array<{ key: string; title: string; id?: string; status?: number }> = [];
  let issueIds: string[] = [];
  /** per issue: escalations the workflow had decided when the database stopped, and just before it started again */
  const decided: Array<{ issueId: string; atStop: number; atRestart: number; dueMeanwhile: number }> = [];
  let downMs = 0;
  let stoppedAt = 0;
  let restartedAt = Number.POSITIVE_INFINITY;
  let audits: IssueAudit[] = [];
  /** the director's live event stream, open from before the outage to after it */
  let events: EventStreamClient;

  const record = (what: string, answer: HttpAnswer<{ type?: string }> | Error) =>
    answers.push(
      answer instanceof Error
        ? { what, at: Date.now(), status: `error: ${answer.message}`, retryAfter: null }
        : {
            what,
            at: Date.now(),
            status: answer.status,
            retryAfter: answer.headers.get('retry-after'),
            type: answer.body?.type,
          },
    );

  /** A client that files with an Idempotency-Key and retries (after Retry-After, at most 1 s here) until accepted. */
  async function fileUntilAccepted(title: string): Promise<void> {
    const entry: (typeof accepted)[number] = { key: randomUUID(), title };
    accepted.push(entry);
    const deadline = Date.now() + INTAKE_DEADLINE_MS;
    while (Date.now() < deadline) {
      let answer: HttpAnswer<{ id?: string; type?: string }> | undefined;
      try {
        answer = await stack.request('POST', '/api/v1/issues', {
          as: 'reporter.investor',
          body: submission(title),
          headers: { 'Idempotency-Key': entry.key },
        });
        record('intake', answer);
      } catch (error) {
        record('intake', error as Error);
      }
      if (answer && [200, 201, 202].includes(answer.status)) {
        entry.id = answer.body.id;
        entry.status = answer.status;
        return;
      }
      const wait = Math.min(Number(answer?.headers.get('retry-after') ?? 1), 1) * 1_000;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** Reads and an action on the first issue, over and over while `running()`: each answer is recorded. */
  async function probe(running: () => boolean): Promise<void> {
    const issueId = issueIds[0];
    const requests: Array<[string, string, string, unknown]> = [
      ['GET', `/api/v1/issues/${issueId}`, 'director', undefined],
      ['GET', '/api/v1/issues', 'director', undefined],
      ['GET', '/api/v1/inbox/escalations', 'director', undefined],
      ['POST', `/api/v1/issues/${issueId}/progress`, 'utilities.staff', { note: '数据库中断期间的进展' }],
    ];
    while (running()) {
      for (const [method, url, as, body] of requests) {
        try {
          record(`${method} ${url.replace(issueId, ':id')}`, await stack.request(method, url, { as, body }));
        } catch (error) {
          record(`${method} ${url.replace(issueId, ':id')}`, error as Error);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  before(async () => {
    stack = await FaultStack.start();
    await stack.startWorker();
    await stack.startApi();
    for (const user of ['reporter.investor', 'director', 'utilities.staff']) await stack.token(user);
    const opened = await EventStreamClient.open(
      `${await stack.startApi()}/api/v1/events`,
      await stack.token('director'),
    );
    assert.equal(opened.response.status, 200, 'the live event stream opens');
    events = opened.client!;
    await events.waitFor((message) => message.event === 'ready', 5_000, 'ready');
    const filed = await Promise.all(
      [1, 2, 3].map((i) =>
        stack.request<{ id: string }>('POST', '/api/v1/issues', {
          as: 'reporter.investor',
          body: submission(`数据库中断前受理 ${i}`),
          headers: { 'Idempotency-Key': randomUUID() },
        }),
      ),
    );
    assert.deepEqual(
      filed.map((f) => f.status),
      [201, 201, 201],
    );
    issueIds = filed.map((f) => f.body.id);
    await eventually(
      async () => {
        const [{ n }] = await stack.rows(`SELECT count(*)::int AS n FROM issues WHERE id = ANY($1)`, [issueIds]);
        return n === issueIds.length ? true : undefined;
      },
      30_000,
      'the issues in the read model',
    );
    const before = await Promise.all(issueIds.map((id) => stack.view(id)));
    const acceptDue = before.map(({ state }) => state.tasks[state.leadTaskId].accept.due);

    await stack.postgres.stop();
    stoppedAt = Date.now();
    let down = true;
    const probing = probe(() => down || Date.now() < restartedAt + 3_000);
    const intakes = Promise.all([1, 2, 3].map((i) => fileUntilAccepted(`数据库中断期间受理 ${i}`)));
    // Down until every issue's acceptance deadline and its next two ladder steps are due.
    const downUntil = Math.max(...acceptDue) + 2 * LADDER_WAIT_MS + 1_500;
    await eventually(async () => (Date.now() > downUntil ? true : undefined), 30_000, 'the outage to last');
    const views = await Promise.all(issueIds.map((id) => stack.view(id)));
    const now = Date.now();
    for (const [i, view] of views.entries()) {
      const dueMeanwhile = Array.from(
        { length: ESCALATIONS_PER_ISSUE },
        (_, k) => acceptDue[i] + k * LADDER_WAIT_MS,
      ).filter((due) => due > stoppedAt && due < now - 1_000).length;
      decided.push({
        issueId: issueIds[i],
        atStop: before[i].state.tally.escalations,
        atRestart: view.state.tally.escalations,
        dueMeanwhile,
      });
    }
    await stack.postgres.start();
    restartedAt = Date.now();
    down = false;
    downMs = restartedAt - stoppedAt;
    await intakes;
    await probing;
    const filedMeanwhile = accepted.flatMap((a) => (a.id ? [a.id] : []));
    audits = await settleAndAudit(stack, [...issueIds, ...filedMeanwhile], { timeoutMs: 120_000 });
  });
  after(async () => {
    await events?.close();
    await stack?.stop();
  });

  test('while the database is down the API answers 503 with Retry-After, never 500', (t) => {
    const seen = new Map<string, number>();
    for (const a of answers) seen.set(`${a.what} ${a.status}`, (seen.get(`${a.what} ${a.status}`) ?? 0) + 1);
    t.diagnostic(`PostgreSQL down for ${downMs} ms; answers: ${[...seen].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    const unavailable = answers.filter((a) => a.status === 503);
    assert.ok(unavailable.length > 0, 'the outage was seen by the API');
    const wrong = answers.filter((a) => ![200, 201, 202, 503].includes(a.status as number));
    assert.deepEqual(
      wrong.map((a) => `${a.what}: ${a.status}`),
      [],
      'only answers, or 503',
    );
    assert.deepEqual(
      unavailable.filter((a) => !/^\d+$/.test(a.retryAfter ?? '')).map((a) => a.what),
      [],
      'every 503 says when to retry',
    );
  });

  test('no accepted intake is lost: each one sent during the outage is filed, exactly once', async () => {
    assert.deepEqual(
      accepted.map((a) => [a.title, a.status !== undefined]),
      accepted.map((a) => [a.title, true]),
      'every intake was accepted once the database was back',
    );
    for (const { key, title, id } of accepted) {
      const issues = await stack.rows(`SELECT id FROM issues WHERE title = $1`, [title]);
      assert.deepEqual(
        issues.map((r) => r.id),
        [id],
        `one issue for ${title}`,
      );
      const claims = await stack.rows(`SELECT issue_id FROM intake_requests WHERE idempotency_key = $1`, [key]);
      assert.deepEqual(
        claims.map((r) => r.issue_id),
        [id],
      );
      assert.equal((await stack.view(id!)).state.issueId, id, 'its workflow runs');
    }
  });

  test("the issues' clocks keep running while the database is down: the ladder climbs on time in the workflow", (t) => {
    t.diagnostic(JSON.stringify(decided));
    for (const { issueId, atStop, atRestart, dueMeanwhile } of decided) {
      assert.ok(dueMeanwhile >= 2, `steps fell due during the outage (${dueMeanwhile})`);
      assert.ok(
        atRestart - atStop >= dueMeanwhile,
        `${issueId}: ${dueMeanwhile} escalations fell due while the database was down, the workflow decided ${atRestart - atStop}`,
      );
    }
  });

  test('after the restart the read model catches up: nothing lost or doubled, no gap, equal to the view', (t) => {
    t.diagnostic(
      audits
        .map((a) => `${a.events} events, ${a.escalations} escalations, ${a.notifications} notifications`)
        .join('; '),
    );
    assert.deepEqual(problemsOf(audits), []);
    assert.deepEqual(
      audits.map((a) => a.escalations),
      audits.map(() => ESCALATIONS_PER_ISSUE),
      'every level and repeat of every issue, once',
    );
  });

  test('a live event stream is told of the gap, and hears the changes after it', async () => {
    const gaps = events.messages.filter((message) => message.event === 'gap');
    const [lost, back] = gaps.map((gap) => gap.data as { listening: boolean; since: string; until?: string });
    assert.deepEqual(
      gaps.map((gap) => (gap.data as { listening: boolean }).listening),
      [false, true],
      `one gap, closed: ${events.describe()}`,
    );
    assert.ok(Date.parse(lost.since) >= stoppedAt - 1_000 && Date.parse(lost.since) <= restartedAt, lost.since);
    assert.equal(back.since, lost.since);
    assert.ok(Date.parse(back.until!) >= restartedAt, `${back.until} after the restart`);
    const after = events.messages.indexOf(gaps[1]);
    const progress = await stack.request('POST', `/api/v1/issues/${issueIds[0]}/progress`, {
      as: 'utilities.staff',
      body: { note: '数据库恢复后的进展' },
    });
    assert.ok([200, 202].includes(progress.status), JSON.stringify(progress.body));
    await events.waitFor(
      (message) => message.event === 'issue' && (message.data as { issueId: string }).issueId === issueIds[0],
      5_000,
      'a change after the gap',
      after + 1,
    );
  });

  test('every answer matches the OpenAPI document', () => {
    assert.deepEqual(responseMismatches(), []);
  });
});
