// Servers of a fault test's own, which it may kill without disturbing any other test: an embedded PostgreSQL and a
// Temporal dev server persisting to a SQLite file, each on a free port in a temporary folder; the product's worker
// as real processes (SIGKILL-able, their CPU time readable); and, beside them, a Temporal client, a database pool
// and, when asked for, the API. Everything started here is stopped by stop(), and killed by id if the test process
// exits without it.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { Pool } from 'pg';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { loadConfig, loadIssuePolicyFile, TEST_POLICY_FILE } from '@unblock/config';
import {
  ISSUE_WORKFLOW,
  issueViewQuery,
  issueWorkflowId,
  type IssueIntakeInput,
  type IssueView,
} from '@unblock/contracts';
import type { IssuePolicyDocument } from '@unblock/domain';
import { applyMigrations, loadDemoData, openDatabase } from '@unblock/persistence';
import { createLogger, EmbeddedPostgres, freePort, isProcessAlive, TemporalDevServer } from '@unblock/runtime';
import { DIST_ROOT, eventually, fetchAnswer, REPO_ROOT, signedIn, temporaryDirectory, uniqueName } from './test-stack';

const WORKER_MAIN = path.join(DIST_ROOT, 'apps', 'worker', 'src', 'main.js');
const NAMESPACE = 'default';
export const FAULT_JWT_SECRET = 'fault-jwt-secret-0123456789abcdef';

// ================================================================ nothing left running

/** Process groups started here that are still alive: killed by id if this process exits before stopping them. */
const live = new Set<number>();
const folders = new Set<() => void>();
let exitHookInstalled = false;

function track(pid: number | undefined): void {
  if (pid === undefined) return;
  live.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const id of live) killGroup(id);
    for (const remove of folders) remove();
  });
}

/** SIGKILLs a process we started (and its process group, when it leads one). */
function killGroup(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // gone already, or not a group leader
    }
  }
}

async function gone(pid: number, timeoutMs = 20_000): Promise<void> {
  await eventually(async () => (isProcessAlive(pid) ? undefined : true), timeoutMs, `process ${pid} to exit`);
  live.delete(pid);
}

/** The Temporal CLI the test run (or the benchmark's stack) resolved. */
function temporalCli(): string {
  const cli = process.env.UNBLOCK_TEST_TEMPORAL_CLI;
  if (!cli) throw new Error('UNBLOCK_TEST_TEMPORAL_CLI is not set: run through "npm test" or "npm run bench"');
  return cli;
}

// ================================================================ the servers

/** An embedded PostgreSQL on a port and data folder of its own: stopped and started again on the same data. */
export class FaultPostgres {
  private server: EmbeddedPostgres;
  private running = false;

  constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {
    this.server = new EmbeddedPostgres({
      dataDir,
      port,
      user: 'unblock',
      password: 'unblock-fault',
      database: 'unblock',
      logger: createLogger('fault-postgres', 'error'),
    });
  }

  /** The URL of a database on this server (`unblock` by default). */
  url(database = 'unblock'): string {
    const url = new URL(this.server.url);
    url.pathname = `/${database}`;
    return url.toString();
  }

  async start(): Promise<void> {
    try {
      await this.server.start();
      this.running = true;
    } finally {
      track(this.server.pid);
    }
  }

  /** A clean, fast shutdown (every session is ended). */
  async stop(): Promise<void> {
    if (!this.running) return;
    const pid = this.server.pid;
    // The server's process handle does not keep this process running: something must, until it has exited.
    const keepAlive = setInterval(() => undefined, 1_000);
    try {
      await this.server.stop();
    } finally {
      clearInterval(keepAlive);
    }
    this.running = false;
    if (pid !== undefined) await gone(pid);
  }
}

/** A Temporal dev server on a fixed port and SQLite file: killed with SIGKILL, started again on the same data. */
export class FaultTemporal {
  private server?: TemporalDevServer;

  constructor(
    readonly dbFile: string,
    readonly port: number,
  ) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.server?.pid;
  }

  async start(): Promise<void> {
    const server = new TemporalDevServer({
      cliPath: temporalCli(),
      port: this.port,
      dbFile: this.dbFile,
      namespace: NAMESPACE,
      logger: createLogger('fault-temporal', 'error'),
    });
    this.server = server;
    try {
      await server.start();
    } finally {
      track(server.pid);
    }
  }

  /** SIGKILL: what a crash of the server (or its machine) leaves behind. Resolves once the process is gone. */
  async kill(): Promise<void> {
    const pid = this.server?.pid;
    this.server = undefined;
    if (pid === undefined) return;
    killGroup(pid);
    await gone(pid);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const pid = server?.pid;
    await server?.stop();
    if (pid !== undefined) await gone(pid);
  }
}

// ================================================================ workers

/** The product's worker (dist/apps/worker/src/main.js) as a process of its own, configured by its environment. */
export class WorkerProcess {
  private output = '';
  private exit?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly child: ChildProcess;

  constructor(
    readonly name: string,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, ['--enable-source-maps', WORKER_MAIN], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, LOG_LEVEL: 'info', UNBLOCK_PARENT_PID: String(process.pid) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    track(this.child.pid);
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString('utf8')).slice(-200_000));
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exit = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        if (this.child.pid !== undefined) live.delete(this.child.pid);
        resolve({ code, signal });
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last of what the process wrote (JSON log lines). */
  log(): string {
    return this.output;
  }

  /** Resolves once the worker polls its task queue (fails if it exits first). */
  async ready(timeoutMs = 90_000): Promise<void> {
    await eventually(
      async () => {
        if (!this.alive) throw new Error(`worker ${this.name} exited: ${this.output.slice(-2000)}`);
        return this.output.includes('worker is polling task queue') ? true : undefined;
      },
      timeoutMs,
      `worker ${this.name} to poll its task queue`,
    );
  }

  /** CPU time the process has used so far (user + system, every thread), in milliseconds. */
  cpuMs(): number {
    const stat = fs.readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields from the third of stat(5): utime is the 14th of the file, stime the 15th (in clock ticks, 100 a second)
    return (Number(fields[11]) + Number(fields[12])) * 10;
  }

  /** SIGKILL: no shutdown, no goodbye to the server; resolves once the process is gone. */
  async kill(): Promise<void> {
    if (this.alive) this.child.kill('SIGKILL');
    await this.exit;
  }

  /** SIGTERM, then SIGKILL after the grace time. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.alive) return void (await this.exit);
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exit;
    clearTimeout(timer);
  }
}

// ================================================================ the stack

export interface FaultStackOptions {
  /** the issue policies the workers load (default: the test policies, in seconds) */
  policies?: IssuePolicyDocument;
}

export interface HttpAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** Dedicated PostgreSQL and Temporal, a fresh migrated database with the demo zone, workers, a client, the API. */
export class FaultStack {
  readonly folder = temporaryDirectory('unblock-fault');
  readonly taskQueue = uniqueName('fault-issues');
  readonly postgres: FaultPostgres;
  readonly temporal: FaultTemporal;
  readonly policyFile: string;
  readonly workers: WorkerProcess[] = [];
  /** the database the product runs on (a fresh one per `useDatabase`) */
  database = 'unblock';
  client!: Client;
  private connection?: Connection;
  private pool?: Pool;
  private api?: { app: INestApplication; base: string };
  private tokens = new Map<string, string>();
  private workerCount = 0;

  private constructor(pgPort: number, temporalPort: number, options: FaultStackOptions) {
    folders.add(this.folder.remove);
    this.postgres = new FaultPostgres(path.join(this.folder.dir, 'pgdata'), pgPort);
    this.temporal = new FaultTemporal(path.join(this.folder.dir, 'temporal', 'temporal.db'), temporalPort);
    this.policyFile = path.join(this.folder.dir, 'policies.json');
    const policies = options.policies ?? loadIssuePolicyFile(path.join(REPO_ROOT, TEST_POLICY_FILE));
    fs.writeFileSync(this.policyFile, JSON.stringify(policies, null, 1));
    loadIssuePolicyFile(this.policyFile); // the workers will load it: it must be valid
  }

  /** Starts PostgreSQL (migrated, demo zone loaded) and the Temporal dev server, and connects to them. */
  static async start(options: FaultStackOptions = {}): Promise<FaultStack> {
    const stack = new FaultStack(await freePort(), await freePort(), options);
    try {
      await stack.postgres.start();
      await stack.prepareDatabase(stack.database);
      await stack.temporal.start();
      stack.connection = await Connection.connect({ address: stack.temporal.address });
      stack.client = new Client({ connection: stack.connection, namespace: NAMESPACE });
      return stack;
    } catch (error) {
      await stack.stop();
      throw error;
    }
  }

  get databaseUrl(): string {
    return this.postgres.url(this.database);
  }

  /** A new database on the same server, migrated and with the demo zone; the workers started after use it. */
  async useDatabase(name: string): Promise<void> {
    const admin = new Pool({ connectionString: this.postgres.url('postgres'), max: 1 });
    try {
      await admin.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
    } finally {
      await admin.end();
    }
    await this.pool?.end().catch(() => undefined);
    this.pool = undefined;
    this.database = name;
    await this.prepareDatabase(name);
  }

  private async prepareDatabase(name: string): Promise<void> {
    const dataSource = await openDatabase(this.postgres.url(name));
    try {
      await applyMigrations(dataSource);
      await loadDemoData(dataSource);
    } finally {
      await dataSource.destroy();
    }
  }

  /** Rows from the product's database (a pool of the test's own, which survives a restart of the server). */
  async rows(sql: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
    if (!this.pool) {
      this.pool = new Pool({ connectionString: this.databaseUrl, max: 3, connectionTimeoutMillis: 3_000 });
      this.pool.on('error', () => undefined); // an idle connection dropped by a restart of the server
    }
    return (await this.pool.query(sql, params)).rows as Array<Record<string, unknown>>;
  }

  /** Starts a worker process on this stack's task queue, database and policies; resolves once it polls. */
  async startWorker(env: Record<string, string> = {}): Promise<WorkerProcess> {
    this.workerCount += 1;
    const worker = new WorkerProcess(`worker-${this.workerCount}`, {
      DATABASE_URL: this.databaseUrl,
      TEMPORAL_ADDRESS: this.temporal.address,
      TEMPORAL_NAMESPACE: NAMESPACE,
      TEMPORAL_TASK_QUEUE: this.taskQueue,
      UNBLOCK_POLICY_FILE: this.policyFile,
      ...env,
    });
    this.workers.push(worker);
    await worker.ready();
    return worker;
  }

  /** Files an issue by starting its workflow (as intake does), and returns its handle once the read model has it. */
  async file(overrides: Partial<IssueIntakeInput> = {}, extra: { historyLimit?: number } = {}): Promise<string> {
    const issueId = overrides.issueId ?? uniqueName('fault-issue');
    const intake: IssueIntakeInput = {
      issueId,
      projectId: 'GX-UTIL-01',
      category: 'utilities',
      risk: 'high',
      title: `故障测试 ${issueId}`,
      description: '外电接入受阻，无人签收。',
      reporter: { id: 'reporter_investor' },
      ...overrides,
    };
    await this.client.workflow.start(ISSUE_WORKFLOW, {
      taskQueue: this.taskQueue,
      workflowId: issueWorkflowId(issueId),
      args: [{ intake, ...extra }],
    });
    await eventually(
      async () => ((await this.rows(`SELECT 1 FROM issues WHERE id = $1`, [issueId])).length ? true : undefined),
      30_000,
      `issue ${issueId} in the read model`,
    );
    return issueId;
  }

  handle(issueId: string): WorkflowHandle {
    return this.client.workflow.getHandle(issueWorkflowId(issueId));
  }

  /** The workflow's own view of the issue (the issueView query). */
  view(issueId: string): Promise<IssueView> {
    return this.handle(issueId).query(issueViewQuery);
  }

  // ------------------------------------------------------------ the API

  /** The API (in this process) on this stack's servers, listening on a free port. */
  async startApi(): Promise<string> {
    if (this.api) return this.api.base;
    const app = await createApiApp(
      loadConfig({
        LOG_LEVEL: 'silent',
        DATABASE_URL: this.databaseUrl,
        TEMPORAL_ADDRESS: this.temporal.address,
        TEMPORAL_NAMESPACE: NAMESPACE,
        TEMPORAL_TASK_QUEUE: this.taskQueue,
        JWT_SECRET: FAULT_JWT_SECRET,
        UNBLOCK_POLICY_FILE: this.policyFile,
      }),
    );
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    this.api = { app, base: `http://127.0.0.1:${port}` };
    return this.api.base;
  }

  /** A bearer token for a demo user, signed in once (while the database is up). */
  token(username: string): Promise<string> {
    return signedIn(this, this.tokens, username);
  }

  /** An HTTP request to the API; `as` signs it as that demo user. */
  async request<T = unknown>(
    method: string,
    url: string,
    options: { as?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<HttpAnswer<T>> {
    if (!this.api) throw new Error('the API is not started');
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.as) headers.authorization = `Bearer ${await this.token(options.as)}`;
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    return fetchAnswer<T>(`${this.api.base}${url}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  }

  // ------------------------------------------------------------ the end

  /** Stops everything this stack started (workers, API, Temporal, PostgreSQL) and removes its folder. */
  async stop(): Promise<void> {
    // nothing left to keep this process running once the servers' handles are let go: hold it until the end
    const keepAlive = setInterval(() => undefined, 1_000);
    const steps: Array<() => Promise<unknown>> = [
      ...this.workers.map((worker) => () => worker.stop()),
      async () => this.api?.app.close(),
      async () => this.connection?.close(),
      async () => this.pool?.end(),
      () => this.temporal.stop(),
      () => this.postgres.stop(),
    ];
    for (const step of steps) await step().catch(() => undefined);
    this.folder.remove();
    folders.delete(this.folder.remove);
    clearInterval(keepAlive);
  }
}
