// `npm start`: the whole product on one machine. Starts PostgreSQL (embedded unless DATABASE_URL), Temporal
// (local dev server unless TEMPORAL_ADDRESS), applies migrations, loads the demo data, then runs the worker and
// the API as child processes and prints where everything is. Ctrl-C or SIGTERM stops everything, in order.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { ConfigError, loadConfig, redactUrl, type UnblockConfig } from '@unblock/config';
import { PolicyValidationError } from '@unblock/domain';
import { loadConfiguredIssuePolicies, resolvePolicyFilePath } from '@unblock/config';
import { DatabaseUnavailableError, DEMO_CHANNELS } from '@unblock/persistence';
import {
  assertPortFree,
  createLogger,
  EmbeddedPostgres,
  EmbeddedPostgresError,
  isProcessAlive,
  PortInUseError,
  processCommandLine,
  readPidFile,
  stopProcess,
  TemporalCliUnavailableError,
  TemporalDevServerError,
  TemporalServerError,
  writePidFile,
  type Logger,
} from '@unblock/runtime';
import { prepareDatabase } from './prepare-database';
import { startTemporal, type RunningTemporal } from './temporal-for-launcher';

const DIST_ROOT = path.resolve(__dirname, '..', '..', '..');
const API_MAIN = path.join(DIST_ROOT, 'apps', 'api', 'src', 'main.js');
const WORKER_MAIN = path.join(DIST_ROOT, 'apps', 'worker', 'src', 'main.js');
const RECEIVER_MAIN = path.join(DIST_ROOT, 'apps', 'receiver', 'src', 'main.js');

class AlreadyRunningError extends Error {}

/** Errors that carry a message meant for the user: printed alone, without a stack trace. */
const USER_ERRORS = [
  AlreadyRunningError,
  PolicyValidationError,
  ConfigError,
  PortInUseError,
  DatabaseUnavailableError,
  EmbeddedPostgresError,
  TemporalCliUnavailableError,
  TemporalDevServerError,
  TemporalServerError,
];

class Launcher {
  private postgres?: EmbeddedPostgres;
  private temporal?: RunningTemporal;
  private readonly children = new Map<string, ChildProcess>();
  private stopping?: Promise<void>;
  private readonly pidFile: string;
  private receiverUrl?: string;

  constructor(
    private readonly config: UnblockConfig,
    private readonly logger: Logger,
    private readonly demoData: boolean,
  ) {
    this.pidFile = path.join(config.dataDir, 'unblock.pid');
  }

  async start(): Promise<void> {
    const { config, logger } = this;
    fs.mkdirSync(config.dataDir, { recursive: true });
    this.claimDataDir();
    await assertPortFree(config.api.port, 'Unblock API', 'API_PORT', config.api.host);
    const receiver = this.demoData && config.demoReceiver.enabled ? config.demoReceiver : undefined;
    if (receiver) {
      await assertPortFree(receiver.port, 'demo receiver', 'UNBLOCK_RECEIVER_PORT');
      await assertPortFree(receiver.smtpPort, 'demo receiver (SMTP)', 'UNBLOCK_RECEIVER_SMTP_PORT');
    }
    // A broken policy file is refused here, with every problem named, before anything starts.
    const policies = loadConfiguredIssuePolicies();
    logger.info({ policyVersion: policies.version, file: resolvePolicyFilePath() }, 'issue policies loaded');

    let databaseUrl: string;
    if (config.postgres.url !== undefined) {
      databaseUrl = config.postgres.url;
    } else {
      this.postgres = new EmbeddedPostgres({
        ...config.postgres.embedded,
        logger: logger.child({ service: 'postgres' }),
        portVariable: 'UNBLOCK_PG_PORT',
      });
      await this.postgres.start();
      databaseUrl = this.postgres.url;
    }
    if (receiver) await this.startReceiver(receiver.port, receiver.smtpPort);
    await prepareDatabase(databaseUrl, { demoData: this.demoData, demoReceiverUrl: this.receiverUrl, logger });

    this.temporal = await startTemporal(
      config,
      logger.child({ service: 'temporal' }),
      (line) => this.say(line),
      databaseUrl,
    );

    const childEnv = {
      ...process.env,
      JWT_SECRET: this.jwtSecret(),
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: this.temporal.address,
      TEMPORAL_NAMESPACE: config.temporal.namespace,
      UNBLOCK_PARENT_PID: String(process.pid),
      // the demo's e-mail goes to the receiver unless a mail server is configured
      ...(receiver && !process.env.SMTP_URL ? { SMTP_URL: `smtp://127.0.0.1:${receiver.smtpPort}` } : {}),
    };
    this.spawnChild('worker', WORKER_MAIN, childEnv);
    this.spawnChild('api', API_MAIN, childEnv);
    await Promise.all([this.waitForApi(), this.waitForWorker()]);
    this.printBanner(databaseUrl);
  }

  /**
   * The local receiver of the demo's robots and e-mail (apps/receiver), with the demo channels' tokens and secrets,
   * so it checks the signatures as the vendors do; resolves once it answers.
   */
  private async startReceiver(port: number, smtpPort: number): Promise<void> {
    const robotsFile = path.join(this.config.dataDir, 'demo-receiver-robots.json');
    const robots = DEMO_CHANNELS.filter((channel) => channel.kind !== 'email').map((channel) => ({
      kind: channel.kind,
      token: channel.token,
      label: channel.name,
      ...(channel.secret ? { secret: channel.secret } : {}),
    }));
    fs.writeFileSync(robotsFile, JSON.stringify(robots, null, 1));
    this.spawnChild('receiver', RECEIVER_MAIN, {
      ...process.env,
      RECEIVER_HOST: '127.0.0.1',
      RECEIVER_PORT: String(port),
      RECEIVER_SMTP_PORT: String(smtpPort),
      RECEIVER_ROBOTS: robotsFile,
      UNBLOCK_PARENT_PID: String(process.pid),
    });
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        if ((await fetch(`${url}/messages.json`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`The demo receiver did not answer at ${url} within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    this.receiverUrl = url;
  }

  /** JWT_SECRET when set; otherwise a random secret kept in .data, so tokens survive a restart. */
  private jwtSecret(): string {
    if (this.config.auth.jwtSecret) return this.config.auth.jwtSecret;
    const file = path.join(this.config.dataDir, 'jwt-secret');
    if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    return fs.readFileSync(file, 'utf8').trim();
  }

  /** One launcher per data folder; a launcher killed without cleaning up leaves children that are stopped here. */
  private claimDataDir(): void {
    const previous = readPidFile(this.pidFile);
    if (
      previous !== undefined &&
      previous !== process.pid &&
      isProcessAlive(previous) &&
      (processCommandLine(previous) ?? '').includes('launcher')
    ) {
      throw new AlreadyRunningError(
        `Unblock is already running from ${this.config.dataDir} (pid ${previous}). Stop it first, or give this start its own UNBLOCK_DATA_DIR and ports.`,
      );
    }
    writePidFile(this.pidFile, process.pid);
  }

  private spawnChild(name: string, script: string, env: NodeJS.ProcessEnv): void {
    const child = spawn(process.execPath, ['--enable-source-maps', script], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    this.children.set(name, child);
    child.once('exit', (code, signal) => {
      this.children.delete(name);
      if (this.stopping === undefined) {
        this.logger.error({ child: name, code, signal }, `the ${name} stopped unexpectedly; stopping Unblock`);
        process.exitCode = 1;
        void this.stop();
      }
    });
  }

  private async waitForApi(): Promise<void> {
    const url = `http://${this.hostForUrl()}:${this.config.api.port}/health`;
    const deadline = Date.now() + 120_000;
    let last = '';
    while (Date.now() < deadline) {
      if (this.stopping !== undefined) throw new Error('stopped while starting');
      try {
        const response = await fetch(url);
        if (response.status === 200) return;
        last = `HTTP ${response.status}: ${await response.text()}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`The API did not report ready within 120 s (${last})`);
  }

  /** Waits until the worker we started polls the task queue (its identity is `<pid>@<host>`). */
  private async waitForWorker(): Promise<void> {
    const workerPid = this.children.get('worker')?.pid;
    const connection = await Connection.connect({ address: this.temporal!.address });
    try {
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        if (this.stopping !== undefined) throw new Error('stopped while starting');
        const { pollers } = await connection.workflowService.describeTaskQueue({
          namespace: this.config.temporal.namespace,
          taskQueue: { name: this.config.temporal.taskQueue },
          taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        });
        if (pollers?.some((poller) => poller.identity?.startsWith(`${workerPid}@`))) return;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error('The worker did not start polling its task queue within 120 s');
    } finally {
      await connection.close();
    }
  }

  private hostForUrl(): string {
    const host = this.config.api.host;
    return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  }

  private printBanner(databaseUrl: string): void {
    const base = `http://${this.hostForUrl()}:${this.config.api.port}`;
    const rows: Array<[string, string]> = [
      ['Console', `${base}/`],
      ['API', `${base}/api/v1`],
      ['Live events', `${base}/api/v1/events  (server-sent events)`],
      ['OpenAPI docs', `${base}/docs  (JSON: ${base}/docs-json)`],
      ['Health', `${base}/health`],
      ['Temporal', this.temporal!.description],
      [
        'Temporal web UI',
        this.temporal!.uiUrl ??
          (this.config.temporal.address === undefined
            ? "(none with the real server: use the temporal CLI, or the compose stack's temporal-ui)"
            : '(external cluster: see its own UI)'),
      ],
      [
        'PostgreSQL',
        `${redactUrl(databaseUrl)}${this.postgres ? ` (embedded, data in ${path.relative(this.config.repoRoot, this.config.postgres.embedded.dataDir)})` : ' (external)'}`,
      ],
      ['Task queue', this.config.temporal.taskQueue],
      ['Demo data', this.demoData ? 'loaded (demo users sign in with password "unblock-demo")' : 'skipped'],
      ...(this.receiverUrl
        ? [
            ['Demo receiver', `${this.receiverUrl}/  (the demo robots' messages and e-mail arrive here)`] as [
              string,
              string,
            ],
          ]
        : []),
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    this.say(
      [
        '',
        'Unblock is running.',
        ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
  }

  /** Lines meant for a person at the terminal, beside the JSON logs. */
  say(text: string): void {
    process.stderr.write(`${text}\n`);
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.say('Stopping Unblock...');
      // The API first (no new requests), then the worker (finishes its tasks), the demo receiver, Temporal, PostgreSQL.
      for (const name of ['api', 'worker', 'receiver']) {
        const child = this.children.get(name);
        if (child?.pid !== undefined) await stopProcess(child.pid, 'SIGTERM', 20_000);
      }
      await this.temporal
        ?.stop()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'stopping Temporal failed'));
      await this.postgres
        ?.stop()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'stopping PostgreSQL failed'));
      if (readPidFile(this.pidFile) === process.pid) fs.rmSync(this.pidFile, { force: true });
      this.say('Unblock stopped.');
    })();
    return this.stopping;
  }
}

async function main(): Promise<void> {
  let config: UnblockConfig;
  try {
    config = loadConfig(process.env, process.cwd());
  } catch (error) {
    return fail(error);
  }
  const logger = createLogger('launcher', config.logLevel);
  const demoData = config.demoData && !process.argv.includes('--no-demo-data');
  const launcher = new Launcher(config, logger, demoData);
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'stop requested');
    void launcher.stop().then(() => process.exit(process.exitCode ?? 0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  try {
    await launcher.start();
  } catch (error) {
    await launcher.stop();
    return fail(error);
  }
}

function fail(error: unknown): never {
  if (USER_ERRORS.some((type) => error instanceof type)) {
    process.stderr.write(`\nUnblock could not start: ${(error as Error).message}\n`);
    process.exit(2);
  }
  process.stderr.write(`\nUnblock could not start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
}

void main();
