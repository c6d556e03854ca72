// The real Temporal server as `UNBLOCK_TEMPORAL=server` runs it (libs/runtime/src/temporal-server.ts), on the test
// run's PostgreSQL in databases of this test's own: a new cluster is created (databases, schemas, namespace with its
// retention) and answers; a second start on it finds the schemas up to date and the namespace there; a start with
// another shard count is refused before anything runs, naming the cluster's count; a frontend port whose membership
// ports cannot be recorded is refused naming the setting.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Connection } from '@temporalio/client';
import { loadConfig } from '@unblock/config';
import {
  createLogger,
  freeTemporalServerPort,
  resolveTemporalServer,
  TemporalServer,
  temporalServerConfigFile,
  TemporalServerError,
  temporalServerPostgresOf,
  type TemporalServerBinaries,
  type TemporalServerOptions,
} from '@unblock/runtime';
import { Client } from 'pg';
import { REPO_ROOT, temporaryDirectory } from '../support/test-stack';

describe('the real Temporal server on PostgreSQL', () => {
  const suffix = `${process.pid}_${Date.now().toString(36)}`;
  const databases = { main: `temporal_t_${suffix}`, visibility: `temporal_visibility_t_${suffix}` };
  const data = temporaryDirectory('unblock-temporal-server');
  let binaries: TemporalServerBinaries;
  const options = async (more: Partial<TemporalServerOptions> = {}): Promise<TemporalServerOptions> => ({
    binaries,
    configFile: temporalServerConfigFile(REPO_ROOT),
    postgres: temporalServerPostgresOf(process.env.DATABASE_URL ?? 'postgres://missing'),
    port: await freeTemporalServerPort(),
    shards: 2,
    namespace: 'unblock-test',
    retentionDays: 7,
    dataDir: data.dir,
    logger: createLogger('temporal-server-test', 'error'),
    databases,
    ...more,
  });

  before(async () => {
    binaries = await resolveTemporalServer({ cacheDir: loadConfig(process.env).temporal.cacheDir });
  });
  after(async () => {
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    for (const name of Object.values(databases)) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    data.remove();
  });

  test('a new cluster: its databases and schemas made, the namespace registered with its retention', async () => {
    const server = new TemporalServer(await options());
    await server.start();
    try {
      const connection = await Connection.connect({ address: server.address });
      try {
        const described = await connection.workflowService.describeNamespace({ namespace: 'unblock-test' });
        assert.equal(Number(described.config?.workflowExecutionRetentionTtl?.seconds), 7 * 86_400);
        const info = await connection.workflowService.getSystemInfo({});
        assert.ok(info.serverVersion?.startsWith('1.30.4'), `server ${info.serverVersion}`);
      } finally {
        await connection.close();
      }
      const client = new Client({
        connectionString: process.env.DATABASE_URL?.replace(/\/[^/]+$/, `/${databases.main}`),
      });
      await client.connect();
      try {
        const shards = await client.query<{ n: number }>('SELECT count(DISTINCT shard_id)::int AS n FROM shards');
        assert.equal(shards.rows[0].n, 2, 'the cluster holds the shards it was made with');
      } finally {
        await client.end();
      }
    } finally {
      await server.stop();
    }
  });

  test('a second start on the cluster: the schemas are up to date, the namespace is there', async () => {
    const server = new TemporalServer(await options());
    await server.start();
    await server.stop();
  });

  test('a start with another shard count is refused, naming the count the cluster has', async () => {
    const server = new TemporalServer(await options({ shards: 8 }));
    await assert.rejects(
      () => server.start(),
      (error: unknown) =>
        error instanceof TemporalServerError &&
        /created with 2 history shards; UNBLOCK_TEMPORAL_SHARDS=8 would not start it/.test(error.message),
    );
    assert.equal(server.pid, undefined, 'no server process was started');
  });

  test('a frontend port whose membership ports do not fit is refused, naming the setting', async () => {
    const server = new TemporalServer(await options({ port: 40_000 }));
    await assert.rejects(
      () => server.start(),
      (error: unknown) =>
        error instanceof TemporalServerError && /^UNBLOCK_TEMPORAL_PORT=40000 cannot be/.test(error.message),
    );
  });
});
