import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freePort } from '@unblock/runtime';
import { LauncherProcess, productEnv } from '../support/launcher-process';
import {
  createTestDatabase,
  serverUrl,
  temporalCliPath,
  temporaryDirectory,
  type TestDatabase,
} from '../support/test-stack';

/** One clear message: exit code 2, the message on stderr, and no stack trace. */
async function failsClearly(launcher: LauncherProcess, message: RegExp): Promise<void> {
  const exit = await launcher.exited(120_000);
  assert.equal(exit.code, 2, `exit code 2, got ${exit.code}:\n${launcher.stderr}`);
  assert.match(launcher.stderr, message);
  assert.doesNotMatch(launcher.stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
}

describe('npm start explains what is wrong, in one message', () => {
  let data: { dir: string; remove(): void };
  let database: TestDatabase;
  let baseEnv: Record<string, string>;

  before(async () => {
    data = temporaryDirectory('unblock-errors');
    database = await createTestDatabase();
    baseEnv = {
      UNBLOCK_DATA_DIR: path.join(data.dir, '.data'),
      API_PORT: String(await freePort()),
      UNBLOCK_PG_PORT: String(await freePort()),
      UNBLOCK_TEMPORAL_PORT: String(await freePort()),
      UNBLOCK_TEMPORAL_UI_PORT: String(await freePort()),
      UNBLOCK_RECEIVER_PORT: String(await freePort()),
      UNBLOCK_RECEIVER_SMTP_PORT: String(await freePort()),
      TEMPORAL_CLI_PATH: temporalCliPath(),
    };
  });

  after(async () => {
    await database?.drop();
    data?.remove();
  });

  const occupy = async (port: number) => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return server;
  };

  test('the API port already in use', async () => {
    const server = await occupy(Number(baseEnv.API_PORT));
    try {
      await failsClearly(
        new LauncherProcess(productEnv(baseEnv)),
        new RegExp(`Port ${baseEnv.API_PORT} \\(Unblock API\\) is already in use.*API_PORT=<port>`),
      );
    } finally {
      server.close();
    }
  });

  test('the embedded PostgreSQL port already in use', async () => {
    const server = await occupy(Number(baseEnv.UNBLOCK_PG_PORT));
    try {
      await failsClearly(
        new LauncherProcess(productEnv(baseEnv)),
        /Port \d+ \(embedded PostgreSQL\) is already in use.*UNBLOCK_PG_PORT/,
      );
    } finally {
      server.close();
    }
  });

  test('a DATABASE_URL where nothing listens', async () => {
    const url = `postgres://someone:secret@127.0.0.1:${await freePort()}/zone`;
    await failsClearly(
      new LauncherProcess(productEnv({ ...baseEnv, DATABASE_URL: url })),
      /Cannot connect to PostgreSQL at postgres:\/\/someone:\*\*\*@127\.0\.0\.1:\d+\/zone: nothing accepts connections/,
    );
  });

  test('a DATABASE_URL with a wrong password, which is never printed', async () => {
    const url = new URL(serverUrl());
    url.password = 'wrong-password';
    const launcher = new LauncherProcess(productEnv({ ...baseEnv, DATABASE_URL: url.toString() }));
    await failsClearly(launcher, /Cannot connect to PostgreSQL at .*: the user name or password was refused/);
    assert.doesNotMatch(launcher.stderr + launcher.stdout, /wrong-password/);
  });

  test('a DATABASE_URL that is not a PostgreSQL URL', async () => {
    await failsClearly(
      new LauncherProcess(productEnv({ ...baseEnv, DATABASE_URL: 'mysql://u:p@db:3306/zone' })),
      /DATABASE_URL: must use the postgres:\/\/ scheme/,
    );
  });

  test('no Temporal CLI and no Go to build one', async () => {
    const emptyCache = temporaryDirectory('unblock-empty-cache');
    try {
      const env = productEnv({
        ...baseEnv,
        DATABASE_URL: database.url,
        UNBLOCK_CACHE_DIR: emptyCache.dir,
        UNBLOCK_TEMPORAL_SDK_DOWNLOAD: 'false',
      });
      delete env.TEMPORAL_CLI_PATH;
      env.PATH = path.dirname(process.execPath);
      await failsClearly(
        new LauncherProcess(env),
        /No Temporal CLI is available[\s\S]*install Go[\s\S]*TEMPORAL_CLI_PATH[\s\S]*TEMPORAL_ADDRESS/,
      );
    } finally {
      emptyCache.remove();
    }
  });

  test('a policy file that breaks the rules, with each problem named by its path', async () => {
    const file = path.join(data.dir, 'broken-policies.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        version: 'x',
        calendar: {},
        routing: { dispatcher: 'dispatch', rules: [] },
        policies: { permit: { low: { clock: 'sometimes' } } },
      }),
    );
    await failsClearly(
      new LauncherProcess(productEnv({ ...baseEnv, UNBLOCK_POLICY_FILE: file })),
      /broken-policies\.json is invalid:[\s\S]*policies\.permit\.low\.clock: /,
    );
  });

  test('a policy file that does not exist', async () => {
    await failsClearly(
      new LauncherProcess(productEnv({ ...baseEnv, UNBLOCK_POLICY_FILE: path.join(data.dir, 'missing.json') })),
      /missing\.json is invalid:[\s\S]*cannot be read/,
    );
  });

  test('a TEMPORAL_ADDRESS where no Temporal answers', async () => {
    await failsClearly(
      new LauncherProcess(
        productEnv({ ...baseEnv, DATABASE_URL: database.url, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` }),
      ),
      /Cannot reach Temporal at TEMPORAL_ADDRESS=127\.0\.0\.1:\d+/,
    );
  });
});
