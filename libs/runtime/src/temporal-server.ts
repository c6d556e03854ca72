// A real Temporal server (go.temporal.io/server) on PostgreSQL, for `UNBLOCK_TEMPORAL=server`: the binaries built
// once with `go install` into the cache, its two databases created when missing and their schemas brought up to
// date by its SQL tool on every start (idempotent), the configuration rendered by the server from the template
// shipped in the repository (deploy/temporal/server.yaml), every port derived from one, the namespace registered
// when missing. The history shard count is fixed once the cluster exists: a start with another is refused.
import { spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { Client } from 'pg';
import { TEMPORAL_SERVER_VERSION } from '@unblock/config';
import type { Logger } from 'pino';
import { GoInstallError, goInstallIntoCache, isExecutableFile } from './go-install';
import { assertPortFree, isPortFree } from './ports';
import { spawnService, stopLeftover, stopProcess } from './processes';
import { findOnPath } from './temporal-cli';
import { waitUntilServing } from './temporal-dev-server';

export const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server/cmd/server';
export const TEMPORAL_SQL_TOOL_MODULE = 'go.temporal.io/server/cmd/tools/sql';

/** The real Temporal server could not be built, prepared or started; the message says why and what to do. */
export class TemporalServerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemporalServerError';
  }
}

export interface TemporalServerBinaries {
  server: string;
  sqlTool: string;
}

/** Where the built binaries of a version are kept. */
export function cachedTemporalServerPaths(cacheDir: string, version: string): TemporalServerBinaries {
  const dir = path.join(cacheDir, 'temporal-server', version);
  return { server: path.join(dir, 'temporal-server'), sqlTool: path.join(dir, 'temporal-sql-tool') };
}

/** The server and its SQL tool from the cache, built there once with `go install` when missing. */
export async function resolveTemporalServer(options: {
  cacheDir: string;
  version?: string;
  onProgress?: (line: string) => void;
  searchPath?: string;
}): Promise<TemporalServerBinaries> {
  const version = options.version ?? TEMPORAL_SERVER_VERSION;
  const paths = cachedTemporalServerPaths(options.cacheDir, version);
  if (isExecutableFile(paths.server) && isExecutableFile(paths.sqlTool)) return paths;
  const go = findOnPath('go', options.searchPath);
  if (go === undefined)
    throw new TemporalServerError(
      `The Temporal server ${version} is not built yet, and Go is not installed to build it. Install Go (https://go.dev/doc/install) and start again (the first start builds it once: go install ${TEMPORAL_SERVER_MODULE}@${version}), or run without UNBLOCK_TEMPORAL=server, or point the product at a running cluster with TEMPORAL_ADDRESS=host:port.`,
    );
  const onProgress = options.onProgress ?? (() => undefined);
  try {
    for (const [module, builtName, target, label] of [
      [TEMPORAL_SERVER_MODULE, 'server', paths.server, 'the Temporal server'],
      [TEMPORAL_SQL_TOOL_MODULE, 'sql', paths.sqlTool, "the Temporal server's SQL tool"],
    ] as const)
      if (!isExecutableFile(target))
        await goInstallIntoCache({
          go,
          module,
          version,
          builtName,
          target,
          label,
          onProgress,
          expectMinutes: '5 to 10',
        });
  } catch (error) {
    if (error instanceof GoInstallError) throw new TemporalServerError(error.message);
    throw error;
  }
  return paths;
}

/** Every port of the server, from the frontend's (`base`): gRPC, membership and HTTP, as Temporal numbers them. */
export function temporalServerPorts(base: number): Record<string, number> {
  return {
    frontend: base,
    history: base + 1,
    matching: base + 2,
    worker: base + 6,
    frontendHttp: base + 10,
    frontendMembership: base - 300,
    historyMembership: base - 299,
    matchingMembership: base - 298,
    workerMembership: base - 294,
  };
}

export interface TemporalServerPostgres {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** The server's PostgreSQL from a connection URL (DATABASE_URL, or the embedded server's). */
export function temporalServerPostgresOf(databaseUrl: string): TemporalServerPostgres {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

/** The configuration template shipped in the repository (rendered by the server at start). */
export function temporalServerConfigFile(repoRoot: string): string {
  return path.join(repoRoot, 'deploy', 'temporal', 'server.yaml');
}

/**
 * A frontend port whose whole range of ports (temporalServerPorts) is free now, its membership ports within what
 * the cluster's table records (a PostgreSQL smallint): for tests and benchmarks that run servers side by side.
 */
export async function freeTemporalServerPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await Promise.all(Object.values(temporalServerPorts(base)).map((port) => isPortFree(port)));
    if (free.every(Boolean)) return base;
  }
  throw new TemporalServerError('no free range of ports for the Temporal server');
}

export interface TemporalServerOptions {
  binaries: TemporalServerBinaries;
  /** the configuration template (deploy/temporal/server.yaml) */
  configFile: string;
  postgres: TemporalServerPostgres;
  /** the frontend's gRPC port; the others are derived from it */
  port: number;
  /** history shards; fixed once the cluster exists */
  shards: number;
  namespace: string;
  /** how long closed workflows are kept, in days (a new namespace) */
  retentionDays: number;
  /** for the pid file */
  dataDir: string;
  logger: Logger;
  databases?: { main: string; visibility: string };
  portVariable?: string;
  shardsVariable?: string;
}

/** The real Temporal server, all services in one process, in its own process group. */
export class TemporalServer {
  private child?: ChildProcess;
  private readonly databases: { main: string; visibility: string };

  constructor(private readonly options: TemporalServerOptions) {
    this.databases = options.databases ?? { main: 'temporal', visibility: 'temporal_visibility' };
  }

  get address(): string {
    return `127.0.0.1:${this.options.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private get pidFile(): string {
    return path.join(this.options.dataDir, 'temporal-server.pid');
  }

  async start(): Promise<void> {
    const { logger, port, shards, namespace } = this.options;
    if (!Number.isInteger(shards) || shards < 1 || shards > 16_384)
      throw new TemporalServerError(
        `${this.options.shardsVariable ?? 'UNBLOCK_TEMPORAL_SHARDS'} must be a whole number from 1 to 16384, got ${shards}`,
      );
    fs.mkdirSync(this.options.dataDir, { recursive: true });
    const leftover = await stopLeftover(this.pidFile, 'temporal-server', 'SIGTERM');
    if (leftover !== undefined)
      logger.warn({ pid: leftover }, 'stopped a Temporal server left running by an earlier start');
    const ports = temporalServerPorts(port);
    // the cluster records its members' ports as PostgreSQL smallints
    if (ports.frontendMembership < 1_024 || ports.workerMembership > 32_767 || ports.frontendHttp > 65_535)
      throw new TemporalServerError(
        `${this.options.portVariable ?? 'UNBLOCK_TEMPORAL_PORT'}=${port} cannot be the real Temporal server's frontend port: its membership ports (${ports.frontendMembership} to ${ports.workerMembership}) must lie from 1024 to 32767. Choose a port from 1324 to 33061.`,
      );
    for (const [name, value] of Object.entries(ports))
      await assertPortFree(
        value,
        `Temporal server (${name}, from ${port})`,
        this.options.portVariable ?? 'UNBLOCK_TEMPORAL_PORT',
      );

    await this.prepareDatabases();

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      UNBLOCK_TS_LOG_LEVEL: 'warn',
      UNBLOCK_TS_SHARDS: String(shards),
      UNBLOCK_TS_DB: this.databases.main,
      UNBLOCK_TS_VISIBILITY_DB: this.databases.visibility,
      UNBLOCK_TS_PG_HOST: this.options.postgres.host,
      UNBLOCK_TS_PG_PORT: String(this.options.postgres.port),
      UNBLOCK_TS_PG_USER: this.options.postgres.user,
      UNBLOCK_TS_PG_PASSWORD: this.options.postgres.password,
      UNBLOCK_TS_FRONTEND_PORT: String(ports.frontend),
      UNBLOCK_TS_FRONTEND_MEMBERSHIP_PORT: String(ports.frontendMembership),
      UNBLOCK_TS_FRONTEND_HTTP_PORT: String(ports.frontendHttp),
      UNBLOCK_TS_HISTORY_PORT: String(ports.history),
      UNBLOCK_TS_HISTORY_MEMBERSHIP_PORT: String(ports.historyMembership),
      UNBLOCK_TS_MATCHING_PORT: String(ports.matching),
      UNBLOCK_TS_MATCHING_MEMBERSHIP_PORT: String(ports.matchingMembership),
      UNBLOCK_TS_WORKER_PORT: String(ports.worker),
      UNBLOCK_TS_WORKER_MEMBERSHIP_PORT: String(ports.workerMembership),
    };
    const service = spawnService({
      command: this.options.binaries.server,
      args: ['--config-file', this.options.configFile, '--allow-no-auth', 'start'],
      env,
      pidFile: this.pidFile,
      logger,
      logAs: 'temporal server',
      name: 'The Temporal server',
      fail: (message) => new TemporalServerError(message),
      keepChars: 4000,
      tailLines: 6,
    });
    this.child = service.child;
    await Promise.race([this.registerNamespace(180_000), service.exited]);
    await Promise.race([waitUntilServing(this.address, namespace, 60_000), service.exited]);
    service.ready();
    logger.info({ address: this.address, shards, namespace }, 'Temporal server is ready');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child?.pid === undefined || child.exitCode !== null) return;
    this.options.logger.info('stopping the Temporal server');
    await stopProcess(child.pid, 'SIGTERM', 30_000);
    fs.rmSync(this.pidFile, { force: true });
    this.child = undefined;
  }

  /** A client on one database of the PostgreSQL server. */
  private async connect(database: string): Promise<Client> {
    const { host, port, user, password } = this.options.postgres;
    const client = new Client({ host, port, user, password, database, connectionTimeoutMillis: 10_000 });
    await client.connect();
    return client;
  }

  /**
   * Creates the two databases when missing, sets up schema versioning on a new one, and brings each schema to the
   * SQL tool's latest version (nothing to do when it is there). Refuses a shard count other than the cluster's.
   */
  private async prepareDatabases(): Promise<void> {
    const admin = await this.connect('postgres').catch((error: Error) => {
      throw new TemporalServerError(
        `The Temporal server's PostgreSQL at ${this.options.postgres.host}:${this.options.postgres.port} cannot be reached as ${this.options.postgres.user}: ${error.message}`,
      );
    });
    const missing: string[] = [];
    try {
      for (const name of [this.databases.main, this.databases.visibility]) {
        const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (found.rowCount === 0) missing.push(name);
      }
    } finally {
      await admin.end();
    }
    for (const [name, schema] of [
      [this.databases.main, 'postgresql/v12/temporal'],
      [this.databases.visibility, 'postgresql/v12/visibility'],
    ] as const) {
      if (missing.includes(name)) {
        this.sqlTool(name, ['create-database']);
        this.sqlTool(name, ['setup-schema', '-v', '0.0']);
      } else if (name === this.databases.main) await this.checkShards();
      this.sqlTool(name, ['update-schema', '--schema-name', schema]);
    }
  }

  /** The shards a cluster was created with are its own: a start with another count is refused, before anything runs. */
  private async checkShards(): Promise<void> {
    const client = await this.connect(this.databases.main);
    try {
      const exists = await client.query(`SELECT to_regclass('shards') IS NOT NULL AS present`);
      if (!exists.rows[0]?.present) return;
      const { rows } = await client.query<{ shards: number | null }>('SELECT max(shard_id)::int AS shards FROM shards');
      const existing = rows[0]?.shards;
      if (existing !== null && existing !== undefined && existing !== this.options.shards)
        throw new TemporalServerError(
          `The Temporal cluster in database "${this.databases.main}" was created with ${existing} history shards; ${this.options.shardsVariable ?? 'UNBLOCK_TEMPORAL_SHARDS'}=${this.options.shards} would not start it. The shard count is fixed when a cluster is created: set ${this.options.shardsVariable ?? 'UNBLOCK_TEMPORAL_SHARDS'}=${existing}, or start a new cluster on other databases (its issues would not come with it).`,
        );
    } finally {
      await client.end();
    }
  }

  private sqlTool(database: string, command: string[]): void {
    const { host, port, user, password } = this.options.postgres;
    const args = [
      '--plugin',
      'postgres12',
      '--endpoint',
      host,
      '--port',
      String(port),
      '--user',
      user,
      '--database',
      database,
      ...command,
    ];
    // the password goes in the environment, not on the command line (where `ps` shows it)
    const result = spawnSync(this.options.binaries.sqlTool, args, {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, SQL_PASSWORD: password },
    });
    if (result.status !== 0)
      throw new TemporalServerError(
        `temporal-sql-tool ${command.join(' ')} on database "${database}" failed (exit ${result.status ?? result.signal}): ${lastLines(`${result.stdout ?? ''}\n${result.stderr ?? ''}`)}`,
      );
    this.options.logger.debug({ database, command: command.join(' ') }, 'temporal schema step done');
  }

  /** Waits for the frontend, then registers the namespace when it does not exist yet. */
  private async registerNamespace(timeoutMs: number): Promise<void> {
    const { namespace, retentionDays, logger } = this.options;
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    while (Date.now() < deadline) {
      let connection: Connection | undefined;
      try {
        connection = await Connection.connect({ address: this.address, connectTimeout: 2_000 });
        try {
          await connection.workflowService.describeNamespace({ namespace });
          return;
        } catch (error) {
          if ((error as { code?: number }).code !== 5) throw error; // NOT_FOUND: register it
        }
        try {
          await connection.workflowService.registerNamespace({
            namespace,
            workflowExecutionRetentionPeriod: msToTs(retentionDays * 86_400_000),
            description: 'Unblock: the blocking issues of the zone',
          });
          logger.info({ namespace, retentionDays }, 'registered the Temporal namespace');
        } catch (error) {
          if ((error as { code?: number }).code !== 6) throw error; // ALREADY_EXISTS: another start registered it
        }
        // a new namespace reaches the frontend's cache within seconds: wait until a visibility query sees it
        for (;;) {
          try {
            await connection.workflowService.countWorkflowExecutions({ namespace });
            return;
          } catch (error) {
            if (Date.now() > deadline) throw error;
            await new Promise((r) => setTimeout(r, 500));
          }
        }
      } catch (error) {
        lastError = error;
        await new Promise((r) => setTimeout(r, 500));
      } finally {
        await connection?.close().catch(() => undefined);
      }
    }
    throw new TemporalServerError(
      `The Temporal server at ${this.address} did not answer within ${timeoutMs / 1000} s: ${(lastError as Error)?.message}`,
    );
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-6).join('\n');
}
