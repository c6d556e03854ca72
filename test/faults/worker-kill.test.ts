// Fault: the worker process dies (SIGKILL) — in the middle of writing an issue's effects, and one of two workers
// under load. Servers of the test's own; the test policies (seconds). Unaccepted utilities issues: the acceptance
// deadline passes after 2 s, then the ladder climbs four levels and repeats twice at the top, 2 s apart.
// After settling: nothing lost, nothing doubled, the event sequence without gaps, the read model equal to the view.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client as PgClient } from 'pg';
import { assertEveryStepOnce, ESCALATIONS_PER_ISSUE, problemsOf, settleAndAudit } from '../support/fault-checks';
import { FaultStack } from '../support/fault-stack';
import { eventually } from '../support/test-stack';

describe('fault: the worker is killed', () => {
  let stack: FaultStack;
  before(async () => {
    stack = await FaultStack.start();
  });
  after(() => stack?.stop());

  test('a worker SIGKILLed in the middle of the effects activity: a new worker finishes the write and every deadline still fires, once', async () => {
    const first = await stack.startWorker();
    const issueId = await stack.file();
    // Hold the issue's row, so that the next write of its effects stops inside its transaction, mid-activity.
    const holder = new PgClient({ connectionString: stack.databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM issues WHERE id = $1 FOR UPDATE', [issueId]);
      const [{ pid }] = (await holder.query('SELECT pg_backend_pid() AS pid')).rows as Array<{ pid: number }>;
      await eventually(
        async () => {
          const blocked = await stack.rows('SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [
            pid,
          ]);
          return blocked.length > 0 ? true : undefined;
        },
        20_000,
        "the worker's write of the next effects to wait on the issue's row",
      );
      await first.kill();
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
    assert.equal(first.alive, false);
    await stack.startWorker();
    const [audit] = await settleAndAudit(stack, [issueId], { timeoutMs: 120_000 });
    assert.deepEqual(problemsOf([audit]), []);
    assert.equal(audit.escalations, ESCALATIONS_PER_ISSUE, 'every level and repeat, once');
    assert.equal(audit.view.escalation.level, 4);
  });

  test('one of two workers SIGKILLed under load: the other carries every issue on, nothing lost or doubled', async () => {
    for (const worker of stack.workers.filter((w) => w.alive)) await worker.stop();
    const [victim] = await Promise.all([stack.startWorker(), stack.startWorker()]);
    const issueIds = await Promise.all(
      Array.from({ length: 6 }, (_, i) => stack.file({ title: `两个工作进程之一被杀 ${i + 1}` })),
    );
    // under load: the issues are climbing the ladder when the worker dies
    await eventually(
      async () => {
        const [{ n }] = await stack.rows(`SELECT count(*)::int AS n FROM escalations WHERE issue_id = ANY($1)`, [
          issueIds,
        ]);
        return (n as number) >= issueIds.length ? true : undefined;
      },
      30_000,
      'the issues to start escalating',
    );
    await victim.kill();
    await assertEveryStepOnce(stack, issueIds, 150_000);
    assert.equal(stack.workers.filter((w) => w.alive).length, 1, 'the other worker ran throughout');
  });
});
