// PostgreSQL (embedded, in a temporary folder) and a Temporal dev server, each on a free port, for the test
// runner and the benchmarks; or the servers DATABASE_URL / TEMPORAL_ADDRESS name. With UNBLOCK_TEST_TEMPORAL=server,
// a real Temporal server on that PostgreSQL instead of the dev server (the production path).
import * as path from 'node:path';
import { DEFAULT_TEMPORAL_SHARDS, loadConfig, TEMPORAL_CLI_VERSION, TEMPORAL_SERVER_VERSION } from '@unblock/config';
import {
  createLogger,
  EmbeddedPostgres,
  freePort,
  freeTemporalServerPort,
  resolveTemporalCli,
  resolveTemporalServer,
  temporalCliMissingMessage,
  TemporalDevServer,
  TemporalServer,
  temporalServerConfigFile,
  temporalServerPostgresOf,
} from '@unblock/runtime';
import { REPO_ROOT, temporaryDirectory } from './test-stack';

export interface LocalStack {
  /** DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and UNBLOCK_TEST_TEMPORAL_CLI for what runs on it */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startLocalStack(
  say: (line: string) => void,
  temporal: 'dev' | 'server' = process.env.UNBLOCK_TEST_TEMPORAL === 'server' ? 'server' : 'dev',
): Promise<LocalStack> {
  const logger = createLogger('test-stack', (process.env.TEST_LOG_LEVEL as 'info' | undefined) ?? 'error');
  const config = loadConfig({ ...process.env, UNBLOCK_DATA_DIR: undefined });
  const cleanups: Array<() => Promise<void> | void> = [];
  const env: Record<string, string> = {};
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await Promise.resolve()
        .then(cleanup)
        .catch((error: unknown) => say(`cleanup failed: ${(error as Error).message}`));
    }
  };
  try {
    const cli = await resolveTemporalCli({
      cliPath: config.temporal.cliPath,
      cacheDir: config.temporal.cacheDir,
      version: TEMPORAL_CLI_VERSION,
      onProgress: say,
    });
    if (cli === undefined) throw new Error(temporalCliMissingMessage(TEMPORAL_CLI_VERSION));
    env.UNBLOCK_TEST_TEMPORAL_CLI = cli.path;

    if (process.env.DATABASE_URL) {
      env.DATABASE_URL = process.env.DATABASE_URL;
      say('PostgreSQL: DATABASE_URL');
    } else {
      const data = temporaryDirectory('unblock-test-pg');
      cleanups.push(() => data.remove());
      const postgres = new EmbeddedPostgres({
        dataDir: path.join(data.dir, 'pgdata'),
        port: await freePort(),
        user: 'unblock',
        password: 'unblock-test',
        database: 'unblock',
        logger,
      });
      await postgres.start();
      cleanups.push(() => postgres.stop());
      env.DATABASE_URL = postgres.url;
      say(`PostgreSQL (embedded): ${postgres.url.replace(/:[^:@/]+@/, ':***@')}`);
    }

    if (process.env.TEMPORAL_ADDRESS) {
      env.TEMPORAL_ADDRESS = process.env.TEMPORAL_ADDRESS;
      env.TEMPORAL_NAMESPACE = process.env.TEMPORAL_NAMESPACE ?? 'default';
      say(`Temporal: ${process.env.TEMPORAL_ADDRESS}`);
    } else if (temporal === 'server') {
      // the production path: a real Temporal server on the same PostgreSQL, its own databases
      const binaries = await resolveTemporalServer({ cacheDir: config.temporal.cacheDir, onProgress: say });
      const data = temporaryDirectory('unblock-test-temporal');
      cleanups.push(() => data.remove());
      const server = new TemporalServer({
        binaries,
        configFile: temporalServerConfigFile(REPO_ROOT),
        postgres: temporalServerPostgresOf(env.DATABASE_URL),
        port: await freeTemporalServerPort(),
        shards: DEFAULT_TEMPORAL_SHARDS,
        namespace: 'default',
        retentionDays: 1,
        dataDir: data.dir,
        logger,
      });
      await server.start();
      cleanups.push(() => server.stop());
      env.TEMPORAL_ADDRESS = server.address;
      env.TEMPORAL_NAMESPACE = 'default';
      env.UNBLOCK_TEST_TEMPORAL = 'server';
      say(
        `Temporal server ${TEMPORAL_SERVER_VERSION} (PostgreSQL, ${DEFAULT_TEMPORAL_SHARDS} shards): ${server.address}`,
      );
    } else {
      const server = new TemporalDevServer({ cliPath: cli.path, port: await freePort(), namespace: 'default', logger });
      await server.start();
      cleanups.push(() => server.stop());
      env.TEMPORAL_ADDRESS = server.address;
      env.TEMPORAL_NAMESPACE = 'default';
      say(`Temporal dev server: ${server.address}`);
    }
    return { env, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
