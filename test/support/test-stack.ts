// The real components every integration test runs against: a PostgreSQL server and a Temporal dev server.
// The test runner starts them once (or takes DATABASE_URL / TEMPORAL_ADDRESS) and passes them on in the environment.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DEMO_PASSWORD } from '@unblock/persistence';

/** The repository root, found by walking up from this compiled file. */
export const REPO_ROOT = (() => {
  let dir = __dirname;
  while (dir !== path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'nx.json'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
})();

export const DIST_ROOT = path.join(REPO_ROOT, 'dist');

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the tests with "npm test", which starts PostgreSQL and Temporal`);
  return value;
}

/** The PostgreSQL server of the test run (a URL to an existing database on it). */
export function serverUrl(): string {
  return required('DATABASE_URL');
}

/** The Temporal frontend of the test run. */
export function temporalAddress(): string {
  return required('TEMPORAL_ADDRESS');
}

export function temporalNamespace(): string {
  return process.env.TEMPORAL_NAMESPACE ?? 'default';
}

/** The Temporal CLI the test run resolved, for tests that start a product of their own. */
export function temporalCliPath(): string {
  return required('UNBLOCK_TEST_TEMPORAL_CLI');
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A new, empty database on the test server, for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = uniqueName('unblock_test').replace(/-/g, '_');
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new Client({ connectionString: serverUrl() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A fresh temporary folder, removed by the returned function. */
export function temporaryDirectory(prefix: string): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  fs.chmodSync(dir, 0o755);
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Polls until check returns a value (not undefined), or fails with the last error after timeoutMs. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

/**
 * A real refusal by PostgreSQL for the fault tests: while this trigger stands, every insert into `escalations` fails
 * (reads are untouched); REPAIR_ESCALATIONS removes it.
 */
export const REFUSE_ESCALATIONS = `
  CREATE OR REPLACE FUNCTION refuse_escalations() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN RAISE EXCEPTION 'escalations refused: the table takes no rows now'; END $$;
  CREATE TRIGGER refuse_escalations BEFORE INSERT ON escalations FOR EACH ROW EXECUTE FUNCTION refuse_escalations();`;
export const REPAIR_ESCALATIONS = `DROP TRIGGER IF EXISTS refuse_escalations ON escalations`;

/** Sends a request and reads the answer, its body parsed as JSON when it is JSON (kept as text otherwise). */
export async function fetchAnswer<T>(
  url: string,
  init: RequestInit,
): Promise<{ status: number; headers: Headers; body: T }> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: body as T };
}

/** What signs in: a stack that sends requests to the API. */
export interface SignsIn {
  request<T>(method: string, path: string, options: { body?: unknown }): Promise<{ status: number; body: T }>;
}

/** A bearer token for a demo user (password "unblock-demo"), signed in once through `stack` and kept in `tokens`. */
export async function signedIn(stack: SignsIn, tokens: Map<string, string>, username: string): Promise<string> {
  const cached = tokens.get(username);
  if (cached) return cached;
  const answer = await stack.request<{ accessToken: string }>('POST', '/api/v1/auth/token', {
    body: { username, password: DEMO_PASSWORD },
  });
  if (answer.status !== 200)
    throw new Error(`sign-in of ${username} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  tokens.set(username, answer.body.accessToken);
  return answer.body.accessToken;
}
