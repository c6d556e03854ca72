import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { SYSTEM_CHECK_WORKFLOW } from '@unblock/contracts';
import { DEMO_CHANNELS, DEMO_PEOPLE } from '@unblock/persistence';
import { freePort, readPidFile } from '@unblock/runtime';
import { isRunning, LauncherProcess, productEnv } from '../support/launcher-process';
import { eventually, temporalCliPath, temporaryDirectory, uniqueName } from '../support/test-stack';

describe('npm start: the whole product on the embedded defaults', () => {
  let data: { dir: string; remove(): void };
  let ports: { api: number; pg: number; temporal: number; ui: number; receiver: number; smtp: number };
  let env: NodeJS.ProcessEnv;
  const launched: LauncherProcess[] = [];

  before(async () => {
    data = temporaryDirectory('unblock-start');
    ports = {
      api: await freePort(),
      pg: await freePort(),
      temporal: await freePort(),
      ui: await freePort(),
      receiver: await freePort(),
      smtp: await freePort(),
    };
    env = productEnv({
      UNBLOCK_DATA_DIR: path.join(data.dir, '.data'),
      API_PORT: String(ports.api),
      UNBLOCK_PG_PORT: String(ports.pg),
      UNBLOCK_TEMPORAL_PORT: String(ports.temporal),
      UNBLOCK_TEMPORAL_UI_PORT: String(ports.ui),
      UNBLOCK_RECEIVER_PORT: String(ports.receiver),
      UNBLOCK_RECEIVER_SMTP_PORT: String(ports.smtp),
      TEMPORAL_CLI_PATH: temporalCliPath(),
    });
  });

  after(async () => {
    for (const launcher of launched) if (launcher.child.exitCode === null) launcher.child.kill('SIGKILL');
    // Anything a killed launcher left behind is stopped by the next start; stop it here too.
    const pgPid = readPidFile(path.join(data.dir, '.data', 'postgres', 'postmaster.pid'));
    const temporalPid = readPidFile(path.join(data.dir, '.data', 'temporal', 'temporal.pid'));
    for (const pid of [pgPid, temporalPid]) if (pid !== undefined && isRunning(pid)) process.kill(pid, 'SIGKILL');
    data.remove();
  });

  const start = async () => {
    const launcher = new LauncherProcess(env);
    launched.push(launcher);
    await launcher.running();
    return launcher;
  };
  const pgClient = async () => {
    const client = new PgClient({ connectionString: `postgres://unblock:unblock@127.0.0.1:${ports.pg}/unblock` });
    await client.connect();
    return client;
  };
  const temporalClient = async () => {
    const connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
    return { client: new Client({ connection }), close: () => connection.close() };
  };
  const processesOf = (launcher: LauncherProcess) => {
    const pids = {
      postgres: readPidFile(path.join(data.dir, '.data', 'postgres', 'postmaster.pid')),
      temporal: readPidFile(path.join(data.dir, '.data', 'temporal', 'temporal.pid')),
      api: launcher.componentPids('api')[0],
      worker: launcher.componentPids('worker')[0],
    };
    for (const [name, pid] of Object.entries(pids)) assert.ok(pid !== undefined && isRunning(pid), `${name} runs`);
    return pids as Record<keyof typeof pids, number>;
  };

  const openWorkflowId = uniqueName('open-workflow');
  const completedWorkflowId = uniqueName('completed-check');

  test('boots PostgreSQL, Temporal, the worker and the API, prints where they are, and reports ready', async () => {
    const launcher = await start();
    for (const expected of [
      `http://127.0.0.1:${ports.api}/api/v1`,
      `http://127.0.0.1:${ports.api}/docs`,
      `http://127.0.0.1:${ports.ui}`,
      `127.0.0.1:${ports.temporal}`,
    ]) {
      assert.ok(launcher.stderr.includes(expected), `banner shows ${expected}`);
    }
    assert.match(
      launcher.stderr,
      new RegExp(`Console +http://127\\.0\\.0\\.1:${ports.api}/\\n`),
      'banner shows the console',
    );
    assert.match(launcher.stdout, /worker is polling task queue unblock-issues/);
    const consolePage = await fetch(`http://127.0.0.1:${ports.api}/`);
    assert.equal(consolePage.status, 200, 'the console is served at /');
    assert.match(consolePage.headers.get('content-type') ?? '', /^text\/html/);
    const health = await fetch(`http://127.0.0.1:${ports.api}/health`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, 'ready');
    const ui = await fetch(`http://127.0.0.1:${ports.ui}/`);
    assert.equal(ui.status, 200, 'the Temporal web UI answers');
    assert.match(
      launcher.stderr,
      new RegExp(`Demo receiver +http://127\\.0\\.0\\.1:${ports.receiver}/`),
      'banner shows the demo receiver',
    );
    const receiverPage = await fetch(`http://127.0.0.1:${ports.receiver}/`);
    assert.equal(receiverPage.status, 200, "the demo receiver's page answers");

    // Something committed in each store: a row, a workflow the product's worker completes, and one left open.
    const pg = await pgClient();
    const channels = await pg.query(`SELECT kind, endpoint FROM notice_channels WHERE created_by = 'demo'`);
    assert.ok(channels.rows.length >= 36, 'a robot of each kind per department');
    assert.ok(
      channels.rows
        .filter((row) => row.kind !== 'email')
        .every((row) => String(row.endpoint).startsWith(`http://127.0.0.1:${ports.receiver}/`)),
      'the demo robots point at the demo receiver',
    );
    await pg.query(
      `INSERT INTO departments (id, name, name_en, kind) VALUES ('restart_probe', '重启检查', 'Restart probe', 'department')`,
    );
    await pg.end();
    const temporal = await temporalClient();
    const result = (await temporal.client.workflow.execute(SYSTEM_CHECK_WORKFLOW, {
      taskQueue: 'unblock-issues',
      workflowId: completedWorkflowId,
      args: [{ checkId: completedWorkflowId, requestedBy: 'test' }],
    })) as { database: { appliedMigrations: number } };
    assert.ok(result.database.appliedMigrations >= 1, "the product's own worker ran the workflow");
    await temporal.client.workflow.start(SYSTEM_CHECK_WORKFLOW, {
      taskQueue: uniqueName('nobody-polls'),
      workflowId: openWorkflowId,
      args: [{ checkId: openWorkflowId, requestedBy: 'test' }],
    });
    await temporal.close();

    const pids = processesOf(launcher);
    launcher.child.kill('SIGTERM');
    const exit = await launcher.exited();
    assert.equal(exit.code, 0, `stops cleanly on SIGTERM:\n${launcher.stderr}`);
    for (const [name, pid] of Object.entries(pids))
      assert.equal(isRunning(pid), false, `${name} (pid ${pid}) is gone after the stop`);
  });

  test('a restart reuses .data and loses nothing: rows, demo data, open and closed workflows', async () => {
    const launcher = await start();
    const pg = await pgClient();
    const probe = await pg.query(`SELECT name FROM departments WHERE id = 'restart_probe'`);
    assert.equal(probe.rows[0]?.name, '重启检查');
    const people = await pg.query(`SELECT count(*)::int AS n FROM people`);
    assert.equal(people.rows[0].n, DEMO_PEOPLE.length, 'demo data loaded once, not twice');
    const channels = await pg.query(`SELECT count(*)::int AS n FROM notice_channels`);
    assert.equal(channels.rows[0].n, DEMO_CHANNELS.length, 'the demo channels loaded once, not twice');
    await pg.end();
    const temporal = await temporalClient();
    assert.equal((await temporal.client.workflow.getHandle(openWorkflowId).describe()).status.name, 'RUNNING');
    assert.equal((await temporal.client.workflow.getHandle(completedWorkflowId).describe()).status.name, 'COMPLETED');
    await temporal.close();

    // Killed without a chance to clean up: its worker and API notice and stop by themselves...
    const pids = processesOf(launcher);
    launcher.child.kill('SIGKILL');
    await launcher.exited();
    await eventually(
      async () => (!isRunning(pids.api) && !isRunning(pids.worker) ? true : undefined),
      15_000,
      'the API and worker to stop',
    );
    await eventually(
      async () =>
        (await fetch(`http://127.0.0.1:${ports.receiver}/`).then(
          () => false,
          () => true,
        ))
          ? true
          : undefined,
      15_000,
      'the demo receiver to stop',
    );
    assert.ok(fs.existsSync(path.join(data.dir, '.data', 'postgres', 'PG_VERSION')));
  });

  test('after a kill, the next start stops what was left running and comes back with everything', async () => {
    const launcher = await start();
    assert.match(launcher.stdout, /still running|left running/, 'says it stopped a leftover server');
    const pg = await pgClient();
    assert.equal(
      (await pg.query(`SELECT count(*)::int AS n FROM departments WHERE id = 'restart_probe'`)).rows[0].n,
      1,
    );
    await pg.end();
    const temporal = await temporalClient();
    assert.equal((await temporal.client.workflow.getHandle(openWorkflowId).describe()).status.name, 'RUNNING');
    await temporal.close();
    const pids = processesOf(launcher);
    launcher.child.kill('SIGINT');
    assert.equal((await launcher.exited()).code, 0);
    for (const [name, pid] of Object.entries(pids)) assert.equal(isRunning(pid), false, `${name} is gone after Ctrl-C`);
  });
});
