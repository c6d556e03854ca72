import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { loadConfig } from '@unblock/config';
import { applyMigrations, openDatabase } from '@unblock/persistence';
import { freePort } from '@unblock/runtime';
import { installOpenApiResponseValidation } from '../support/openapi-validator';
import { createTestDatabase, temporalAddress, type TestDatabase } from '../support/test-stack';

// every answer of the API here is also checked against the OpenAPI document it serves
installOpenApiResponseValidation();

async function startApi(env: Record<string, string>): Promise<{ app: INestApplication; base: string }> {
  const app = await createApiApp(loadConfig({ LOG_LEVEL: 'warn', JWT_SECRET: 'test-secret-0123456789', ...env }));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, base: `http://127.0.0.1:${port}` };
}

describe('GET /health reports PostgreSQL and Temporal separately', () => {
  let migrated: TestDatabase;
  let empty: TestDatabase;

  before(async () => {
    migrated = await createTestDatabase();
    const dataSource = await openDatabase(migrated.url);
    await applyMigrations(dataSource);
    await dataSource.destroy();
    empty = await createTestDatabase();
  });

  after(async () => {
    await migrated?.drop();
    await empty?.drop();
  });

  test('ready (200) when both are up, without signing in', async () => {
    const { app, base } = await startApi({ DATABASE_URL: migrated.url, TEMPORAL_ADDRESS: temporalAddress() });
    try {
      const response = await fetch(`${base}/health`);
      assert.equal(response.status, 200);
      const body = (await response.json()) as { status: string; checks: Record<string, { status: string }> };
      assert.equal(body.status, 'ready');
      assert.equal(body.checks.postgres.status, 'ready');
      assert.equal(body.checks.temporal.status, 'ready');
    } finally {
      await app.close();
    }
  });

  test('not ready (503, Retry-After) with the reason when Temporal cannot be reached, PostgreSQL still ready', async () => {
    const { app, base } = await startApi({
      DATABASE_URL: migrated.url,
      TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
    });
    try {
      const response = await fetch(`${base}/health`);
      assert.equal(response.status, 503);
      assert.equal(response.headers.get('retry-after'), '5');
      const body = (await response.json()) as {
        status: string;
        checks: Record<string, { status: string; reason?: string }>;
      };
      assert.equal(body.status, 'not_ready');
      assert.equal(body.checks.postgres.status, 'ready');
      assert.equal(body.checks.temporal.status, 'not_ready');
      assert.ok(body.checks.temporal.reason && body.checks.temporal.reason.length > 0, 'gives a reason');
    } finally {
      await app.close();
    }
  });

  test('not ready with the reason when PostgreSQL cannot be reached, Temporal still ready', async () => {
    const { app, base } = await startApi({
      DATABASE_URL: `postgres://unblock:x@127.0.0.1:${await freePort()}/unblock`,
      TEMPORAL_ADDRESS: temporalAddress(),
    });
    try {
      const response = await fetch(`${base}/health`);
      assert.equal(response.status, 503);
      const body = (await response.json()) as { checks: Record<string, { status: string; reason?: string }> };
      assert.equal(body.checks.postgres.status, 'not_ready');
      assert.match(body.checks.postgres.reason ?? '', /nothing accepts connections/);
      assert.equal(body.checks.temporal.status, 'ready');
    } finally {
      await app.close();
    }
  });

  test('not ready when the database has not been migrated', async () => {
    const { app, base } = await startApi({ DATABASE_URL: empty.url, TEMPORAL_ADDRESS: temporalAddress() });
    try {
      const body = (await (await fetch(`${base}/health`)).json()) as {
        checks: Record<string, { status: string; reason?: string }>;
      };
      assert.equal(body.checks.postgres.status, 'not_ready');
      assert.equal(body.checks.postgres.reason, 'the schema is not migrated yet');
    } finally {
      await app.close();
    }
  });

  test('the OpenAPI document is served at /docs-json and covers /health', async () => {
    const { app, base } = await startApi({ DATABASE_URL: migrated.url, TEMPORAL_ADDRESS: temporalAddress() });
    try {
      const document = (await (await fetch(`${base}/docs-json`)).json()) as {
        openapi: string;
        paths: Record<string, unknown>;
      };
      assert.match(document.openapi, /^3\./);
      assert.ok('/health' in document.paths);
      const page = await fetch(`${base}/docs`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /swagger/i);
    } finally {
      await app.close();
    }
  });

  test('an unknown route is a 404 in the problem-details shape, with no stack trace', async () => {
    const { app, base } = await startApi({ DATABASE_URL: migrated.url, TEMPORAL_ADDRESS: temporalAddress() });
    try {
      const response = await fetch(`${base}/api/v1/no-such-thing`);
      assert.equal(response.status, 404);
      assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/);
      const body = (await response.json()) as { status: number; title: string; detail: string };
      assert.equal(body.status, 404);
      assert.equal(body.title, 'Not found');
      assert.doesNotMatch(JSON.stringify(body), /at .*\.js:\d+/);
    } finally {
      await app.close();
    }
  });
});
