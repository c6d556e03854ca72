// `npm test`: starts the real components the tests need (PostgreSQL and a Temporal dev server, each on a free
// port, torn down afterwards; or DATABASE_URL / TEMPORAL_ADDRESS when set), then runs every compiled *.test.js
// with Node's test runner, then the workflow scenarios and the API end to end again on a real Temporal server on
// PostgreSQL (the production path), and closes with one line: "N passed, N failed".
// Arguments filter test files by a substring of their path: npm test -- launcher
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startLocalStack, type LocalStack } from './support/local-stack';
import { DIST_ROOT, REPO_ROOT } from './support/test-stack';

function findTests(dir: string, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findTests(full, found);
    else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

/** The workspace packages' folders, from the root package.json's `workspaces`. */
function workspacePackageDirs(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    workspaces?: string[];
  };
  return (manifest.workspaces ?? []).map((dir) => path.join(REPO_ROOT, dir));
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * The files that run a second time on a real Temporal server (the production path) in a whole run: the workflow
 * scenarios and the API end to end. (The replay tests replay recorded histories without a server.)
 */
const ON_REAL_SERVER = [`${path.sep}integration${path.sep}`, `${path.sep}e2e${path.sep}api-`];

interface Stage {
  title: string;
  files: string[];
  /** UNBLOCK_TEST_TEMPORAL for the stack: `server` for a real Temporal server, else the dev server */
  temporal: 'dev' | 'server';
}

async function main(): Promise<number> {
  const filters = process.argv.slice(2);
  // the compiled apps and cross-app tests, then each workspace package's own compiled tests
  const roots = [
    DIST_ROOT,
    ...workspacePackageDirs()
      .map((dir) => path.join(dir, 'dist'))
      .filter((dir) => fs.existsSync(dir)),
  ];
  const all = roots.flatMap((root) => findTests(root));
  const files = all.filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)));
  if (files.length === 0) {
    say('No test files matched.');
    return 1;
  }
  // UNBLOCK_TEST_TEMPORAL=server runs the chosen files on a real server only, =dev on the dev server only; a whole
  // run (no filter) runs everything on the dev server, then the scenarios and the API again on a real server
  const chosen = process.env.UNBLOCK_TEST_TEMPORAL;
  const stages: Stage[] =
    chosen === 'server' || chosen === 'dev'
      ? [{ title: chosen === 'server' ? 'a real Temporal server' : 'the dev server', files, temporal: chosen }]
      : [
          { title: 'the dev server', files, temporal: 'dev' },
          ...(filters.length === 0
            ? [
                {
                  title: 'a real Temporal server',
                  files: files.filter((file) => ON_REAL_SERVER.some((part) => file.includes(part))),
                  temporal: 'server' as const,
                },
              ]
            : []),
        ];
  let stack: LocalStack | undefined;
  // Ctrl-C during a run still stops the servers started for it.
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    void (stack?.stop() ?? Promise.resolve()).then(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const totals = { passed: 0, failed: 0, skipped: 0 };
  let failedStage = false;
  for (const [index, stage] of stages.entries()) {
    if (stages.length > 1) say(`\n== Tests on ${stage.title} (${stage.files.length} files) ==`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      UNBLOCK_TEST_TEMPORAL: stage.temporal,
    };
    try {
      stack = await startLocalStack(say, stage.temporal);
      Object.assign(env, stack.env);
      const tapFile = path.join(DIST_ROOT, `test-results${index ? `-${stage.temporal}` : ''}.tap`);
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
            ...stage.files,
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
      if (stages.length > 1)
        say(`on ${stage.title}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
      totals.passed += passed;
      totals.failed += failed;
      totals.skipped += skipped;
      if (code !== 0 || failed > 0 || passed === 0) failedStage = true;
    } finally {
      if (!interrupted) await stack?.stop();
      stack = undefined;
    }
  }
  say(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
  return failedStage ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The test run could not start: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
