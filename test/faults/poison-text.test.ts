// Fault: poison text. U+0000 and lone surrogates are valid in a JSON string but cannot be stored by PostgreSQL
// (text refuses U+0000; jsonb refuses both), nor carried as text by Temporal's protobuf messages (a lone surrogate is
// not UTF-8), so one that reached an issue's state would make every later write of that issue fail, and its clocks
// with it, or worse. Sent in every text field a client can fill — intake, each action, the sign-in, the list filters,
// an issue id — they must be refused at the door (4xx), and the issue they were aimed at must keep escalating: its
// escalations keep arriving, none lost or doubled, the read model equal to the view; the worker runs on.
// Servers, a worker process and the API of the test's own (a worker that wedges can be killed); the test policies:
// an unaccepted utilities issue misses acceptance after 2 s and climbs the ladder 2 s a step (four levels, then two
// repeated notices at the top).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ESCALATIONS_PER_ISSUE, type IssueAudit, problemsOf, settleAndAudit } from '../support/fault-checks';
import { FaultStack, type WorkerProcess } from '../support/fault-stack';
import { eventually } from '../support/test-stack';

const POISONS: Record<string, string> = {
  'U+0000': 'bad\u0000text',
  'a lone high surrogate': 'bad\ud800text',
  'a lone low surrogate': 'bad\udc00text',
};
/** U+0000 or a lone surrogate in JSON.stringify's output (which escapes both, and writes a valid pair as is) */
const POISONED = /\\u0000|\\ud[89a-f][0-9a-f]{2}/i;

interface PoisonCase {
  field: string;
  method: string;
  path: string;
  as?: string;
  body?: unknown;
  /** the answers that mean "refused as bad input" for this field */
  refused: number[];
}

const BAD_INPUT = [400, 422];
const clean = {
  projectId: 'GX-UTIL-01',
  category: 'utilities',
  risk: 'high',
  title: '污水处理厂外电接入受阻（毒文本）',
  description: '外电接入受阻，无人签收。',
};

/** One request per field a client fills, with `poison` in it. */
function cases(issueId: string, poison: string): PoisonCase[] {
  const later = new Date(Date.now() + 3_600_000).toISOString();
  const action = (segment: string, as: string, body: Record<string, unknown>, field: string): PoisonCase => ({
    field: `${segment}.${field}`,
    method: 'POST',
    path: `/api/v1/issues/${issueId}/${segment}`,
    as,
    body,
    refused: BAD_INPUT,
  });
  const intake = (field: string, value: unknown): PoisonCase => ({
    field: `intake.${field}`,
    method: 'POST',
    path: '/api/v1/issues',
    as: 'reporter.investor',
    body: { ...clean, title: `${clean.title} ${field}`, [field]: value },
    refused: BAD_INPUT,
  });
  // A read with a filter that cannot match answers an empty page (200), or refuses it; never 500.
  const list = (parameter: string): PoisonCase => ({
    field: `GET /issues?${parameter}`,
    method: 'GET',
    path: `/api/v1/issues?${parameter}=${encodeURIComponent(poison)}`,
    as: 'director',
    refused: [200, ...BAD_INPUT],
  });
  // A URL cannot carry a lone surrogate (it is text of UTF-8 bytes): the reads take U+0000 only.
  const inUrl = !/[\ud800-\udfff]/.test(poison);
  const reads = (): PoisonCase[] => [
    list('q'),
    list('projectId'),
    list('department'),
    list('cursor'),
    {
      field: 'GET /issues/{id}',
      method: 'GET',
      path: `/api/v1/issues/${encodeURIComponent(poison)}`,
      as: 'director',
      refused: [...BAD_INPUT, 404],
    },
  ];
  return [
    intake('title', poison),
    intake('description', poison),
    intake('location', poison),
    intake('attachments', [poison]),
    action('progress', 'utilities.staff', { note: poison }, 'note'),
    action('transfer', 'utilities.staff', { to: 'planning', reason: poison }, 'reason'),
    action('assist', 'utilities.staff', { departments: ['finance'], reason: poison }, 'reason'),
    action('extend', 'utilities.staff', { reason: poison, until: later }, 'reason'),
    action('grant-extension', 'leader.construction', { until: later, taskId: poison }, 'taskId'),
    action('refuse-extension', 'leader.construction', { reason: poison }, 'reason'),
    action('instruct', 'director', { text: poison, due: later }, 'text'),
    action('acknowledge', 'utilities.staff', { instructionId: poison }, 'instructionId'),
    action('resolve', 'utilities.staff', { description: poison }, 'description'),
    action('verify', 'reporter.investor', { outcome: 'reject', reason: poison }, 'reason'),
    action('withdraw', 'reporter.investor', { reason: poison }, 'reason'),
    action('route', 'dispatcher', { lead: 'utilities', reason: poison }, 'reason'),
    action('statutory-extension', 'director', { reason: poison, extension: 'PT10S' }, 'reason'),
    {
      field: 'sign-in.username',
      method: 'POST',
      path: '/api/v1/auth/token',
      body: { username: poison, password: 'unblock-demo' },
      refused: [...BAD_INPUT, 401],
    },
    {
      field: 'sign-in.password',
      method: 'POST',
      path: '/api/v1/auth/token',
      body: { username: 'director', password: poison },
      refused: [...BAD_INPUT, 401],
    },
    ...(inUrl ? reads() : []),
  ];
}

describe('fault: poison text (U+0000, lone surrogates) in every field', () => {
  let stack: FaultStack;
  let worker: WorkerProcess;
  let issueId: string;
  const answers: Array<{ poison: string; field: string; status: number | string; refused: number[] }> = [];
  const workerState = () =>
    worker.alive ? 'the worker runs' : `the worker process exited; its last lines: ${worker.log().slice(-1500)}`;

  before(async () => {
    stack = await FaultStack.start();
    worker = await stack.startWorker();
    await stack.startApi();
    for (const user of ['reporter.investor', 'utilities.staff', 'leader.construction', 'director', 'dispatcher'])
      await stack.token(user);
    const filed = await stack.request<{ id: string }>('POST', '/api/v1/issues', {
      as: 'reporter.investor',
      body: clean,
      headers: { 'Idempotency-Key': randomUUID() },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    issueId = filed.body.id;
    // Everything at once, right after intake: the issue escalates meanwhile. (A request that got through to a
    // blocked workflow waits for the API's own deadline; sent together, those waits overlap.)
    const sent = Object.entries(POISONS).flatMap(([poison, text]) =>
      cases(issueId, text).map(async (c) => {
        let status: number | string;
        try {
          status = (
            await stack.request(c.method, c.path, {
              ...(c.as ? { as: c.as } : {}),
              ...(c.body !== undefined ? { body: c.body } : {}),
              headers: c.method === 'POST' ? { 'Idempotency-Key': randomUUID() } : {},
            })
          ).status;
        } catch (error) {
          status = `error: ${(error as Error).message}`;
        }
        answers.push({ poison, field: c.field, status, refused: c.refused });
      }),
    );
    await Promise.all(sent);
  });
  after(() => stack?.stop());

  test('every poisoned field is refused at the door with 4xx', () => {
    const wrong = answers.filter((a) => !a.refused.includes(a.status as number));
    assert.deepEqual(
      wrong.map((a) => `${a.field} with ${a.poison}: ${a.status}`),
      [],
    );
  });

  test('the issue the poison was aimed at keeps escalating, and nothing poisoned reaches it', async () => {
    const escalations = await eventually(
      async () => {
        const rows = await stack.rows(`SELECT level, repeat FROM escalations WHERE issue_id = $1`, [issueId]);
        return rows.length >= ESCALATIONS_PER_ISSUE ? rows : undefined;
      },
      45_000,
      'every level and repeat of the ladder',
    ).catch(async (error: Error) => {
      const [row] = await stack.rows(`SELECT count(*)::int AS n FROM escalations WHERE issue_id = $1`, [issueId]);
      const view = await stack.view(issueId).then(
        (v) =>
          `the workflow decided ${v.state.tally.escalations}; next timer ${JSON.stringify(v.nextTimer)}, ${v.nextTimer ? Date.now() - v.nextTimer.at : 0} ms overdue`,
        (e: Error) => `the workflow does not answer: ${e.message}`,
      );
      throw new Error(`${error.message}: the issue stopped at ${row.n} escalations (${view}); ${workerState()}`);
    });
    assert.equal(escalations.length, ESCALATIONS_PER_ISSUE);
    assert.ok(worker.alive, workerState());
    const view = await stack.view(issueId);
    assert.doesNotMatch(JSON.stringify(view), POISONED, 'no poisoned text in the workflow state');
    // the test's database is its own: any other issue in it came from a poisoned intake
    const [{ n }] = await stack.rows(`SELECT count(*)::int AS n FROM issues WHERE id <> $1`, [issueId]);
    assert.equal(n, 0, 'no poisoned intake was filed');
  });

  test('the issue settles: nothing lost or doubled, no gap, the read model equal to the view', async (t) => {
    let audits: IssueAudit[];
    try {
      audits = await settleAndAudit(stack, [issueId], { timeoutMs: 30_000 });
    } catch (error) {
      return assert.fail(`${(error as Error).message}; ${workerState()}`);
    }
    t.diagnostic(
      `${audits[0].events} events, ${audits[0].escalations} escalations, ${audits[0].notifications} notifications`,
    );
    assert.deepEqual(problemsOf(audits), []);
  });
});
