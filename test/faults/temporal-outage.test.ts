// Fault: the Temporal server dies (SIGKILL) and is started again on the same data (the same SQLite file), with
// deadlines falling due while it is down. A Temporal dev server and PostgreSQL of the test's own; the test policies
// (seconds): unaccepted utilities issues miss acceptance after 2 s, then climb the ladder 2 s a step.
// After settling: every deadline fired once, after the server came back; nothing lost or doubled; the event
// sequence without gaps; the read model equal to the view; the worker rode the outage out.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RENEW_WORKER_AFTER_OUTAGE_MS } from '../../apps/worker/src/temporal-worker.service';
import { assertEveryStepOnce, escalationRows } from '../support/fault-checks';
import { FaultStack } from '../support/fault-stack';
import { eventually } from '../support/test-stack';

describe('fault: the Temporal server is killed and restarted on its data', () => {
  let stack: FaultStack;
  before(async () => {
    stack = await FaultStack.start();
  });
  after(() => stack?.stop());

  test('deadlines due while the server is down fire once it is back, each once, and the read model catches up', async (t) => {
    const worker = await stack.startWorker();
    const issueIds = await Promise.all(
      Array.from({ length: 4 }, (_, i) => stack.file({ title: `Temporal 宕机期间到期 ${i + 1}` })),
    );
    const acceptDue = await Promise.all(
      issueIds.map(async (id) => {
        const { state } = await stack.view(id);
        return state.tasks[state.leadTaskId].accept.due;
      }),
    );
    await stack.temporal.kill();
    const killedAt = Date.now();
    // Down until every issue's acceptance deadline and its next two ladder steps (2 s apart) have passed.
    const downUntil = Math.max(...acceptDue) + 4_500;
    await eventually(async () => (Date.now() > downUntil ? true : undefined), 30_000, 'the outage to last');
    await stack.temporal.start();
    const backAt = Date.now();
    t.diagnostic(`Temporal down for ${backAt - killedAt} ms (killed, then serving again on the same data)`);

    const audits = await assertEveryStepOnce(stack, issueIds, 90_000);
    const rows = await escalationRows(stack, issueIds);
    const dueInOutage = rows.filter((r) => {
      const due = new Date(r.due_at as string).getTime();
      return due > killedAt && due < backAt;
    });
    assert.ok(
      dueInOutage.length >= 2 * issueIds.length,
      `deadlines fell due during the outage (${dueInOutage.length})`,
    );
    for (const row of dueInOutage)
      assert.ok(
        new Date(row.fired_at as string).getTime() >= backAt - 1_000,
        'a deadline due during the outage fired after the server came back',
      );
    const late = dueInOutage.map(
      (r) => new Date(r.fired_at as string).getTime() - Math.max(backAt, new Date(r.due_at as string).getTime()),
    );
    t.diagnostic(`after the server was back, the deadlines due in the outage fired within ${Math.max(...late)} ms`);
    t.diagnostic(
      `per issue: ${audits.map((a) => `${a.events} events, ${a.escalations} escalations, ${a.notifications} notifications`).join('; ')}`,
    );
    assert.ok(worker.alive, `the worker process rode the outage out: ${worker.log().slice(-1500)}`);
    // past a few seconds out of reach, a fresh worker took over at once rather than wait out the pollers' backoff
    assert.ok(backAt - killedAt >= RENEW_WORKER_AFTER_OUTAGE_MS, 'the outage outlasted the renewal threshold');
    assert.match(worker.log(), /the Temporal server answers again: a fresh worker polls at once/);
  });
});
