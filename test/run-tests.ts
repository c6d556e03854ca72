// `npm test`: starts the real components the tests need (PostgreSQL and a Temporal dev server, each on a free
// port, torn down afterwards; or DATABASE_URL / TEMPORAL_ADDRESS when set), then runs every compiled *.test.js
// with Node's test runner, and closes with one line: "N passed, N failed".
// Arguments filter test files by a substring of their path: npm test -- launcher
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig, TEMPORAL_CLI_VERSION } from '../libs/config/src';
import {
  createLogger,
  EmbeddedPostgres,
  freePort,
  resolveTemporalCli,
  temporalCliMissingMessage,
  TemporalDevServer,
} from '../libs/runtime/src';
import { DIST_ROOT, temporaryDirectory } from './support/test-stack';

function findTests(dir: string, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findTests(full, found);
    else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<number> {
  const filters = process.argv.slice(2);
  const files = findTests(DIST_ROOT).filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)));
  if (files.length === 0) {
    say('No test files matched.');
    return 1;
  }
  const logger = createLogger('test-stack', (process.env.TEST_LOG_LEVEL as 'info' | undefined) ?? 'error');
  const config = loadConfig({ ...process.env, UNBLOCK_DATA_DIR: undefined });
  const cleanups: Array<() => Promise<void> | void> = [];
  // Ctrl-C during a run still stops the servers started for it.
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    void runCleanups(cleanups).then(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  try {
    const cli = await resolveTemporalCli({
      cliPath: config.temporal.cliPath,
      cacheDir: config.temporal.cacheDir,
      version: TEMPORAL_CLI_VERSION,
      onProgress: say,
    });
    if (cli === undefined) throw new Error(temporalCliMissingMessage(TEMPORAL_CLI_VERSION));
    env.UNBLOCK_TEST_TEMPORAL_CLI = cli.path;

    if (!process.env.DATABASE_URL) {
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
      say(`PostgreSQL (embedded) for the tests: ${postgres.url.replace(/:[^:@/]+@/, ':***@')}`);
    } else {
      say('PostgreSQL for the tests: DATABASE_URL');
    }

    if (!process.env.TEMPORAL_ADDRESS) {
      const server = new TemporalDevServer({ cliPath: cli.path, port: await freePort(), namespace: 'default', logger });
      await server.start();
      cleanups.push(() => server.stop());
      env.TEMPORAL_ADDRESS = server.address;
      env.TEMPORAL_NAMESPACE = 'default';
      say(`Temporal dev server for the tests: ${server.address}`);
    } else {
      say(`Temporal for the tests: ${process.env.TEMPORAL_ADDRESS}`);
    }

    const tapFile = path.join(DIST_ROOT, 'test-results.tap');
    const code = await new Promise<number>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          '--enable-source-maps',
          '--test',
          '--test-reporter=spec',
          '--test-reporter-destination=stdout',
          '--test-reporter=tap',
          `--test-reporter-destination=${tapFile}`,
          ...files,
        ],
        { env, stdio: ['ignore', 'inherit', 'inherit'] },
      );
      child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
    });
    const tap = fs.existsSync(tapFile) ? fs.readFileSync(tapFile, 'utf8') : '';
    const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
    const passed = count('pass');
    const failed = count('fail') + count('cancelled');
    const skipped = count('skipped') + count('todo');
    say(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
    return code !== 0 || failed > 0 || passed === 0 ? 1 : 0;
  } finally {
    if (!interrupted) await runCleanups(cleanups);
  }
}

async function runCleanups(cleanups: Array<() => Promise<void> | void>): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await Promise.resolve()
      .then(cleanup)
      .catch((error: unknown) => say(`cleanup failed: ${(error as Error).message}`));
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The test run could not start: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
