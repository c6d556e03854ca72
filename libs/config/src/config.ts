import * as os from 'node:os';
import * as path from 'node:path';

/** A configuration value that cannot be used; names the variable and the rule it breaks. */
export class ConfigError extends Error {
  constructor(
    public readonly variable: string,
    public readonly rule: string,
  ) {
    super(`${variable}: ${rule}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function readPort(env: Env, name: string, fallback: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number between 1 and 65535, got "${raw}"`);
  const port = Number(raw);
  if (port < 1 || port > 65535) throw new ConfigError(name, `must be between 1 and 65535, got ${port}`);
  return port;
}

export function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const lowered = raw.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(lowered)) return true;
  if (['0', 'false', 'no', 'off'].includes(lowered)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function readSecret(env: Env, name: string): string | undefined {
  const raw = read(env, name);
  if (raw !== undefined && raw.length < 16) throw new ConfigError(name, 'must be at least 16 characters long');
  return raw;
}

/** A whole number of at least 1 from the environment, or `fallback` when unset; anything else names the variable. */
export function readPositiveInteger(env: Env, name: string, fallback: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw new ConfigError(name, `must be a whole number of at least 1, got "${raw}"`);
  return Number(raw);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function readLogLevel(env: Env): LogLevel {
  const raw = read(env, 'LOG_LEVEL');
  if (raw === undefined) return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  }
  return raw as LogLevel;
}

/** Checks that a DATABASE_URL is a postgres:// URL with a host and a database name. */
export function parseDatabaseUrl(raw: string, variable = 'DATABASE_URL'): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(variable, 'must be a URL like postgres://user:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(variable, `must use the postgres:// scheme, got "${url.protocol}//"`);
  }
  if (!url.hostname)
    throw new ConfigError(variable, 'must name a host, as in postgres://user:password@host:5432/database');
  if (url.pathname.replace(/^\//, '') === '') {
    throw new ConfigError(variable, 'must name a database, as in postgres://user:password@host:5432/database');
  }
  return url;
}

/** Checks a Temporal frontend address: host:port. */
export function parseTemporalAddress(raw: string, variable = 'TEMPORAL_ADDRESS'): string {
  const match = /^([A-Za-z0-9.\-_]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(raw);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
    throw new ConfigError(variable, `must be host:port, as in localhost:7233, got "${raw}"`);
  }
  return raw;
}

/** Removes the password from a connection URL so that it can be logged. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '<unparseable URL>';
  }
}

export interface PostgresSettings {
  /** An external server's URL, or undefined to start the embedded one. */
  url?: string;
  embedded: { port: number; dataDir: string; user: string; password: string; database: string };
}

export interface TemporalSettings {
  /** An external cluster's address, or undefined to start a local one (`mode`). */
  address?: string;
  /**
   * Which local Temporal `npm start` runs when TEMPORAL_ADDRESS is not set (UNBLOCK_TEMPORAL): `dev`, the CLI's dev
   * server (the default), or `server`, a real Temporal server on the product's PostgreSQL.
   */
  mode: 'dev' | 'server';
  /** The real server (`mode: server`): its version, history shards, the namespace's retention, its data folder. */
  server: { version: string; shards: number; retentionDays: number; dataDir: string };
  namespace: string;
  taskQueue: string;
  devServer: { port: number; uiPort: number; dbFile: string };
  cliPath?: string;
  cliVersion: string;
  cacheDir: string;
  allowSdkDownload: boolean;
}

export interface ApiSettings {
  host: string;
  port: number;
}

export interface AuthSettings {
  /** Secret that signs the API's bearer tokens (JWT_SECRET); required by the API. */
  jwtSecret?: string;
  /** How long a token is valid, in seconds (JWT_TTL_SECONDS). */
  tokenTtlSeconds: number;
}

/** Where notices go beyond the inbox: the link they carry, and the mail server for e-mail channels. */
export interface NoticeSettings {
  /** the console's public address, for the link in every message (UNBLOCK_PUBLIC_URL) */
  publicUrl: string;
  /** the SMTP server for e-mail channels, e.g. smtp://user:password@mail.example.gov.cn:587 (SMTP_URL); none: e-mail deliveries fail with that reason */
  smtpUrl?: string;
  /** the sender of e-mail notices (MAIL_FROM) */
  mailFrom: string;
}

/** The local receiver `npm start` runs beside the demo zone, where the demo's robots and e-mail arrive. */
export interface DemoReceiverSettings {
  /** UNBLOCK_DEMO_RECEIVER (default: on with the demo data) */
  enabled: boolean;
  /** UNBLOCK_RECEIVER_PORT (HTTP: the robots' endpoints and the page), UNBLOCK_RECEIVER_SMTP_PORT */
  port: number;
  smtpPort: number;
}

export interface UnblockConfig {
  repoRoot: string;
  dataDir: string;
  logLevel: LogLevel;
  demoData: boolean;
  postgres: PostgresSettings;
  temporal: TemporalSettings;
  api: ApiSettings;
  auth: AuthSettings;
  notices: NoticeSettings;
  demoReceiver: DemoReceiverSettings;
}

/** The Temporal CLI version the product builds when none is installed. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
/** The Temporal server version `UNBLOCK_TEMPORAL=server` builds and runs (and the compose stack's). */
export const TEMPORAL_SERVER_VERSION = 'v1.30.4';
/** History shards of a new cluster (UNBLOCK_TEMPORAL_SHARDS): fixed once the cluster is created. */
export const DEFAULT_TEMPORAL_SHARDS = 4;

function readTemporalMode(env: Env): 'dev' | 'server' {
  const value = read(env, 'UNBLOCK_TEMPORAL') ?? 'dev';
  if (value !== 'dev' && value !== 'server')
    throw new ConfigError(
      'UNBLOCK_TEMPORAL',
      `must be "dev" (the dev server) or "server" (a real Temporal server), got "${value}"`,
    );
  return value;
}

export function defaultCacheDir(env: Env): string {
  const xdg = read(env, 'XDG_CACHE_HOME');
  return path.join(xdg ?? path.join(os.homedir(), '.cache'), 'unblock');
}

/** Reads and checks the whole configuration from the environment. Throws ConfigError on the first bad value. */
export function loadConfig(env: Env = process.env, repoRoot: string = process.cwd()): UnblockConfig {
  const dataDir = path.resolve(repoRoot, read(env, 'UNBLOCK_DATA_DIR') ?? '.data');
  const databaseUrl = read(env, 'DATABASE_URL');
  if (databaseUrl !== undefined) parseDatabaseUrl(databaseUrl);
  const temporalAddress = read(env, 'TEMPORAL_ADDRESS');
  if (temporalAddress !== undefined) parseTemporalAddress(temporalAddress);
  const namespace = read(env, 'TEMPORAL_NAMESPACE') ?? 'default';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/.test(namespace)) {
    throw new ConfigError('TEMPORAL_NAMESPACE', `must be letters, digits, ".", "_" or "-", got "${namespace}"`);
  }
  const taskQueue = read(env, 'TEMPORAL_TASK_QUEUE') ?? 'unblock-issues';
  const cliPath = read(env, 'TEMPORAL_CLI_PATH');
  return {
    repoRoot,
    dataDir,
    logLevel: readLogLevel(env),
    demoData: readBoolean(env, 'UNBLOCK_DEMO_DATA', true),
    postgres: {
      url: databaseUrl,
      embedded: {
        port: readPort(env, 'UNBLOCK_PG_PORT', 55432),
        dataDir: path.join(dataDir, 'postgres'),
        user: 'unblock',
        password: read(env, 'UNBLOCK_PG_PASSWORD') ?? 'unblock',
        database: 'unblock',
      },
    },
    temporal: {
      address: temporalAddress,
      mode: readTemporalMode(env),
      server: {
        version: TEMPORAL_SERVER_VERSION,
        shards: readPositiveInteger(env, 'UNBLOCK_TEMPORAL_SHARDS', DEFAULT_TEMPORAL_SHARDS),
        retentionDays: readPositiveInteger(env, 'UNBLOCK_TEMPORAL_RETENTION_DAYS', 30),
        dataDir: path.join(dataDir, 'temporal-server'),
      },
      namespace,
      taskQueue,
      devServer: {
        port: readPort(env, 'UNBLOCK_TEMPORAL_PORT', 7233),
        uiPort: readPort(env, 'UNBLOCK_TEMPORAL_UI_PORT', 8233),
        dbFile: path.join(dataDir, 'temporal', 'temporal.db'),
      },
      cliPath: cliPath === undefined ? undefined : path.resolve(repoRoot, cliPath),
      cliVersion: TEMPORAL_CLI_VERSION,
      cacheDir: path.resolve(read(env, 'UNBLOCK_CACHE_DIR') ?? defaultCacheDir(env)),
      allowSdkDownload: readBoolean(env, 'UNBLOCK_TEMPORAL_SDK_DOWNLOAD', true),
    },
    api: {
      host: read(env, 'API_HOST') ?? '127.0.0.1',
      port: readPort(env, 'API_PORT', 3000),
    },
    auth: {
      jwtSecret: readSecret(env, 'JWT_SECRET'),
      tokenTtlSeconds: readPositiveInteger(env, 'JWT_TTL_SECONDS', 8 * 3600),
    },
    notices: loadNoticeSettings(env),
    demoReceiver: {
      enabled: readBoolean(env, 'UNBLOCK_DEMO_RECEIVER', readBoolean(env, 'UNBLOCK_DEMO_DATA', true)),
      port: readPort(env, 'UNBLOCK_RECEIVER_PORT', 8790),
      smtpPort: readPort(env, 'UNBLOCK_RECEIVER_SMTP_PORT', 8791),
    },
  };
}

/** The notice settings alone (the worker reads them without the rest): UNBLOCK_PUBLIC_URL, SMTP_URL, MAIL_FROM. */
export function loadNoticeSettings(env: Env = process.env): NoticeSettings {
  const host = read(env, 'API_HOST') ?? '127.0.0.1';
  const port = readPort(env, 'API_PORT', 3000);
  const publicUrl =
    read(env, 'UNBLOCK_PUBLIC_URL') ??
    `http://${host === '0.0.0.0' || host === '127.0.0.1' ? 'localhost' : host}:${port}`;
  let parsed: URL;
  try {
    parsed = new URL(publicUrl);
  } catch {
    throw new ConfigError('UNBLOCK_PUBLIC_URL', `must be an http(s) URL, got "${publicUrl}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new ConfigError('UNBLOCK_PUBLIC_URL', `must be an http(s) URL, got "${publicUrl}"`);
  const smtpUrl = read(env, 'SMTP_URL');
  if (smtpUrl !== undefined) {
    let smtp: URL | undefined;
    try {
      smtp = new URL(smtpUrl);
    } catch {
      smtp = undefined;
    }
    if (!smtp || (smtp.protocol !== 'smtp:' && smtp.protocol !== 'smtps:'))
      throw new ConfigError('SMTP_URL', 'must be smtp://[user:password@]host[:port] or smtps://…');
  }
  return {
    publicUrl: publicUrl.replace(/\/+$/, ''),
    ...(smtpUrl !== undefined ? { smtpUrl } : {}),
    mailFrom: read(env, 'MAIL_FROM') ?? 'Unblock 督办 <unblock@localhost>',
  };
}

/** The URL of the embedded server's database. */
export function embeddedDatabaseUrl(settings: PostgresSettings['embedded']): string {
  return `postgres://${encodeURIComponent(settings.user)}:${encodeURIComponent(settings.password)}@127.0.0.1:${settings.port}/${settings.database}`;
}

/** The database the API and the worker connect to: DATABASE_URL, or the embedded server the product starts. */
export function databaseUrlOf(config: UnblockConfig): string {
  return config.postgres.url ?? embeddedDatabaseUrl(config.postgres.embedded);
}

/** The Temporal frontend the API and the worker connect to: TEMPORAL_ADDRESS, or the local dev server. */
export function temporalAddressOf(config: UnblockConfig): string {
  return config.temporal.address ?? `127.0.0.1:${config.temporal.devServer.port}`;
}
