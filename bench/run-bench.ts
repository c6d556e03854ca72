// `npm run bench`: starts PostgreSQL and a Temporal dev server as the tests do (or uses DATABASE_URL /
// TEMPORAL_ADDRESS), seeds 100,000 issues into a fresh database, and measures the read side's lists over HTTP,
// first on the base schema (the read-indices migration reverted), then with it; prints one table with both, and
// EXPLAIN ANALYZE of the slowest list query before and after.
//   BENCH_ISSUES (default 100000), BENCH_RUNS (default 25) tune the size and the number of timed runs.
// Then intake over HTTP, escalation lateness, the catch-up after an outage (on servers of its own) and the console
// in headless Chromium (its initial JavaScript, the task inbox of a busy department), and notices through one
// channel at its limit (digests, pacing, retries). Names after
// `--` run only those benchmarks, in this order:
//   npm run bench -- intake     npm run bench -- lists escalation     (names: lists, intake, escalation, outage, console, notices, calendar)
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../apps/api/src/auth/authenticated-user';
import { createApiApp } from '../apps/api/src/create-api-app';
import { loadConfig } from '@unblock/config';
import { applyMigrations, DEMO_PASSWORD, loadDemoData, openDatabase } from '@unblock/persistence';
import { ReadIndices1764600000000 } from '@unblock/persistence';
import { startLocalStack, type LocalStack } from '../test/support/local-stack';
import { createTestDatabase, type TestDatabase } from '../test/support/test-stack';
import { DatabaseService } from '../apps/api/src/infrastructure/database.service';
import {
  explainAnalyze,
  measure,
  scenarios,
  type HttpClient,
  type Measurement,
  type Scenario,
  type Statement,
  type StatementRecorder,
} from './list-issues.bench';
import { escalationLatenessBench } from './escalation-lateness.bench';
import { intakeBench } from './intake.bench';
import { outageCatchupBench } from './outage-catchup.bench';
import { consoleBench } from './console.bench';
import { noticeDeliveryBench } from './notice-delivery.bench';
import { calendarRetimingBench } from './calendar-retiming.bench';
import { seedIssues } from './seed-issues';

const ISSUES = Number(process.env.BENCH_ISSUES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const WARMUP = 3;

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

class Client implements HttpClient {
  private readonly tokens = new Map<string, string>();
  private readonly users = new Map<string, AuthenticatedUser>();
  constructor(private readonly base: string) {}

  private async token(username: string): Promise<string> {
    let token = this.tokens.get(username);
    if (!token) {
      const response = await fetch(`${this.base}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      if (response.status !== 200) throw new Error(`sign-in of ${username}: ${response.status}`);
      token = ((await response.json()) as { accessToken: string }).accessToken;
      this.tokens.set(username, token);
    }
    return token;
  }

  async get(path: string, as: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.base}/api/v1${path}`, {
      headers: { authorization: `Bearer ${await this.token(as)}` },
    });
    return { status: response.status, body: await response.json() };
  }

  async user(as: string): Promise<AuthenticatedUser> {
    let user = this.users.get(as);
    if (!user) {
      user = (await this.get('/me', as)).body as AuthenticatedUser;
      this.users.set(as, user);
    }
    return user;
  }
}

/** Wraps the API's DataSource so that the statements of one request can be recorded (the benchmark only). */
function recordStatements(apiDataSource: DataSource): StatementRecorder {
  const original = apiDataSource.query.bind(apiDataSource);
  let recording: Statement[] | undefined;
  apiDataSource.query = (async (sql: string, values?: unknown[]) => {
    if (recording && !/FROM people WHERE id = \$1/.test(sql)) recording.push({ sql, values: values ?? [] });
    return original(sql, values);
  }) as DataSource['query'];
  return {
    async record<T>(during: () => Promise<T>) {
      recording = [];
      try {
        const result = await during();
        return { result, statements: recording };
      } finally {
        recording = undefined;
      }
    },
  };
}

/** EXPLAIN ANALYZE of each statement; the slowest one's plan. */
async function slowestStatement(
  dataSource: DataSource,
  statements: Statement[],
): Promise<{ statement: Statement; plan: string }> {
  let slowest: { statement: Statement; plan: string; ms: number } | undefined;
  for (const statement of statements) {
    const plan = await explainAnalyze(dataSource, statement);
    const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0);
    if (!slowest || ms > slowest.ms) slowest = { statement, plan, ms };
  }
  if (!slowest) throw new Error('no statement was recorded');
  return slowest;
}

const pad = (text: string, width: number) =>
  text.length >= width ? text.slice(0, width) : text + ' '.repeat(width - text.length);
const num = (value: number) => value.toFixed(1).padStart(7);

function table(before: Measurement[], after: Measurement[]): string {
  const lines = [
    `${pad('scenario', 40)} ${pad('items', 5)} | ${pad('base schema: median   p95', 26)} | ${pad('with read indices: median   p95', 33)} | scans in the plans with read indices`,
    `${'-'.repeat(40)} ${'-'.repeat(5)} | ${'-'.repeat(26)} | ${'-'.repeat(33)} | ${'-'.repeat(40)}`,
  ];
  for (const [i, b] of before.entries()) {
    const a = after[i];
    lines.push(
      `${pad(b.scenario.name, 40)} ${String(a.items).padStart(5)} | ${pad(`${num(b.medianMs)} ms ${num(b.p95Ms)} ms`, 26)} | ${pad(`        ${num(a.medianMs)} ms ${num(a.p95Ms)} ms`, 33)} | ${a.scans}`,
    );
  }
  return lines.join('\n');
}

/** The issue lists at ISSUES issues, on the base schema and with the read indices. */
async function listsBench(stack: LocalStack): Promise<void> {
  let database: TestDatabase | undefined;
  let dataSource: DataSource | undefined;
  let app: INestApplication | undefined;
  try {
    database = await createTestDatabase();
    dataSource = await openDatabase(database.url);
    await applyMigrations(dataSource);
    await loadDemoData(dataSource);
    // the base schema first: the read indices are added after the first measurement
    const readIndices = new ReadIndices1764600000000();
    const runner = dataSource.createQueryRunner();
    await readIndices.down(runner);
    say(`seeding ${ISSUES.toLocaleString('en')} issues …`);
    const seedStarted = Date.now();
    await seedIssues(dataSource, ISSUES);
    const [counts] = (await dataSource.query(
      `SELECT (SELECT count(*) FROM issues)::int AS issues, (SELECT count(*) FROM issue_tasks)::int AS tasks,
              (SELECT count(*) FROM escalations)::int AS escalations, (SELECT count(*) FROM notifications)::int AS notifications,
              (SELECT count(*) FROM issues WHERE status = 'open')::int AS open`,
    )) as Array<Record<string, number>>;
    say(`seeded in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);

    process.env.RATE_LIMIT_PER_MINUTE = '1000000';
    app = await createApiApp(
      loadConfig({
        LOG_LEVEL: 'error',
        DATABASE_URL: database.url,
        TEMPORAL_ADDRESS: stack.env.TEMPORAL_ADDRESS,
        TEMPORAL_NAMESPACE: stack.env.TEMPORAL_NAMESPACE,
        JWT_SECRET: 'bench-jwt-secret-0123456789abcdef',
      }),
    );
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const client = new Client(`http://127.0.0.1:${port}`);
    const recorder = recordStatements(app.get(DatabaseService).dataSource);

    // the cursor of page 51 of the default list, for the deep-page scenario
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const response = await client.get(`/issues${cursor ? `?cursor=${cursor}` : ''}`, 'director');
      cursor = (response.body as { nextCursor: string | null }).nextCursor;
    }
    const list: Scenario[] = scenarios().map((s) => ({ ...s, path: s.path.replace('{deep}', cursor ?? '') }));

    say(`measuring ${list.length} scenarios × ${RUNS} runs on the base schema …`);
    const before = await measure(client, recorder, dataSource, list, RUNS, WARMUP);
    await readIndices.up(runner);
    await dataSource.query('ANALYZE issues');
    say(`measuring ${list.length} scenarios × ${RUNS} runs with the read indices …`);
    const after = await measure(client, recorder, dataSource, list, RUNS, WARMUP);

    say();
    say(
      `GET /api/v1/… at ${counts.issues.toLocaleString('en')} issues (${counts.open.toLocaleString('en')} open), ${counts.tasks.toLocaleString('en')} tasks, ${counts.escalations.toLocaleString('en')} escalations; round trip over HTTP, ${RUNS} runs after ${WARMUP} warm-up`,
    );
    say(table(before, after));

    // EXPLAIN ANALYZE the slowest request's slowest statement, on the base schema and with the read indices
    const worst = (results: Measurement[]) => [...results].sort((a, b) => b.medianMs - a.medianMs)[0];
    const worstBefore = worst(before);
    const worstAfter = worst(after);
    await readIndices.down(runner);
    await dataSource.query('ANALYZE');
    const explained = await slowestStatement(dataSource, worstBefore.statements);
    say();
    say(
      `EXPLAIN ANALYZE, base schema, the slowest request "${worstBefore.scenario.name}" (GET ${worstBefore.scenario.path.slice(0, 100)}):`,
    );
    say(explained.plan);
    await readIndices.up(runner);
    await dataSource.query('ANALYZE');
    say();
    say('EXPLAIN ANALYZE, with the read indices, the same statement:');
    say(await explainAnalyze(dataSource, explained.statement));
    const now = await slowestStatement(dataSource, worstAfter.statements);
    say();
    say(
      `EXPLAIN ANALYZE, with the read indices, the slowest request now "${worstAfter.scenario.name}" (GET ${worstAfter.scenario.path.slice(0, 100)}):`,
    );
    say(now.plan);
    await runner.release();
  } finally {
    await app?.close().catch(() => undefined);
    await dataSource?.destroy().catch(() => undefined);
    await database?.drop().catch(() => undefined);
  }
}

const BENCHMARKS = ['lists', 'intake', 'escalation', 'outage', 'console', 'notices', 'calendar'] as const;
type Benchmark = (typeof BENCHMARKS)[number];

/** The benchmarks named on the command line (all of them when none is named). */
function selected(args: string[]): Benchmark[] {
  const unknown = args.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
  if (unknown.length)
    throw new Error(`unknown benchmark ${unknown.join(', ')}; the benchmarks are ${BENCHMARKS.join(', ')}`);
  return args.length ? BENCHMARKS.filter((name) => args.includes(name)) : [...BENCHMARKS];
}

async function main(): Promise<void> {
  const started = Date.now();
  const run = selected(process.argv.slice(2));
  let stack: LocalStack | undefined;
  try {
    stack = await startLocalStack(say);
    Object.assign(process.env, stack.env);
    if (run.includes('lists')) await listsBench(stack);
    if (run.includes('intake')) {
      say();
      say("Intake over HTTP (real worker, the product's default policies):");
      await intakeBench(say);
    }
    if (run.includes('escalation')) {
      say();
      say('Escalation lateness (fired − due), 20 unaccepted issues climbing the ladder at once:');
      await escalationLatenessBench(20, say);
    }
    if (run.includes('outage')) {
      say();
      say('Catching up after a 20-second outage of Temporal, then of PostgreSQL (servers of its own), 50 issues:');
      await outageCatchupBench(say);
    }
    if (run.includes('console')) {
      say();
      say('The console in headless Chromium (the API serving dist/web):');
      await consoleBench(say);
    }
    if (run.includes('notices')) {
      say();
      say(
        "Notices through one channel at its limit (servers of its own, the local receiver enforcing the vendors' limits):",
      );
      await noticeDeliveryBench(say);
    }
    if (run.includes('calendar')) {
      say();
      const issues = Number(process.env.BENCH_CALENDAR_ISSUES ?? 10_000);
      say(`Re-timing ${issues.toLocaleString('en')} open issues when a year's arrangement is loaded (real worker):`);
      await calendarRetimingBench(issues, say);
    }
    say();
    say(`bench finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await stack?.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`The benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
