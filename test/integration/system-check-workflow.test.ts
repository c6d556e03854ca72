import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createUnblockWorker, installTemporalRuntime } from '../../apps/worker/src/worker-factory';
import { SYSTEM_CHECK_WORKFLOW, systemCheckWorkflowId, type SystemCheckResult } from '@unblock/contracts';
import { applyMigrations, MIGRATIONS, openDatabase } from '@unblock/persistence';
import { createLogger } from '@unblock/runtime';
import {
  createTestDatabase,
  temporalAddress,
  temporalNamespace,
  uniqueName,
  type TestDatabase,
} from '../support/test-stack';

describe('a workflow round-trips through the real worker', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let nativeConnection: NativeConnection;
  let connection: Connection;

  before(async () => {
    installTemporalRuntime(createLogger('test-worker', 'warn'));
    database = await createTestDatabase();
    dataSource = await openDatabase(database.url);
    await applyMigrations(dataSource);
    nativeConnection = await NativeConnection.connect({ address: temporalAddress() });
    connection = await Connection.connect({ address: temporalAddress() });
  });

  after(async () => {
    await connection?.close();
    await nativeConnection?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  test('the system check goes through the worker and an activity to PostgreSQL and back', async () => {
    const taskQueue = uniqueName('system-check');
    const worker = await createUnblockWorker({
      connection: nativeConnection,
      namespace: temporalNamespace(),
      taskQueue,
      dataSource,
    });
    const client = new Client({ connection, namespace: temporalNamespace() });
    const checkId = uniqueName('check');
    const workflowId = systemCheckWorkflowId(checkId);
    const result = await worker.runUntil(
      client.workflow.execute<(input: { checkId: string; requestedBy: string }) => Promise<SystemCheckResult>>(
        SYSTEM_CHECK_WORKFLOW,
        {
          taskQueue,
          workflowId,
          args: [{ checkId, requestedBy: 'test' }],
        },
      ),
    );
    assert.equal(result.workflowId, workflowId);
    assert.equal(result.taskQueue, taskQueue);
    assert.equal(result.checkId, checkId);
    assert.equal(result.database.appliedMigrations, MIGRATIONS.length);
    assert.match(result.database.serverVersion, /^\d+/);
    assert.ok(Math.abs(Date.parse(result.database.databaseTime) - Date.now()) < 60_000, 'database time is now');
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const activities = history.events?.filter((event) => event.activityTaskCompletedEventAttributes) ?? [];
    assert.equal(activities.length, 1, 'exactly one activity completed in history');
  });
});
