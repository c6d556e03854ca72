// A real worker (the product's own factory) on a task queue of its own, with the test policies (durations in
// seconds, round the clock), against a fresh, migrated database with the demo zone, and a client beside it.
import { LAND_DISPUTE_EXAMPLE } from '../../apps/api/src/issues/issue-intake.controller';
import { Client, Connection, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createUnblockWorker, installTemporalRuntime } from '../../apps/worker/src/worker-factory';
import {
  ISSUE_WORKFLOW,
  issueWorkflowId,
  type IssueIntakeInput,
  type IssueView,
  issueViewQuery,
} from '@unblock/contracts';
import type { Actor, IssuePolicyDocument } from '@unblock/domain';
import { loadIssuePolicyFile, TEST_POLICY_FILE } from '@unblock/config';
import { applyMigrations, loadDemoData, openDatabase } from '@unblock/persistence';
import { createLogger } from '@unblock/runtime';
import {
  createTestDatabase,
  eventually,
  REPO_ROOT,
  temporalAddress,
  temporalNamespace,
  uniqueName,
  type TestDatabase,
} from './test-stack';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

/** The activities that write an issue's effects. */
const EFFECT_WRITES = new Set(['applyIssueEffects', 'writeIssueEffects']);

export const TEST_POLICIES: IssuePolicyDocument = loadIssuePolicyFile(path.join(REPO_ROOT, TEST_POLICY_FILE));

/** Demo people as the workflow sees them. */
export const people = {
  reporter: { id: 'reporter_investor', role: 'reporter' },
  otherReporter: { id: 'reporter_contractor', role: 'reporter' },
  staff: (department: string): Actor => ({ id: `${department}_staff`, role: 'staff', department }),
  head: (department: string): Actor => ({ id: `${department}_head`, role: 'department_head', department }),
  leader: { id: 'leader_construction', role: 'responsible_leader' } as Actor,
  director: { id: 'director', role: 'zone_director' } as Actor,
  secretary: { id: 'secretary', role: 'party_secretary' } as Actor,
  dispatcher: { id: 'dispatcher', role: 'dispatcher', department: 'dispatch' } as Actor,
} as const;

export class IssueWorkerHarness {
  /** `policies`: the test policies (seconds) unless a benchmark wants the product's own. */
  constructor(private readonly policies: IssuePolicyDocument = TEST_POLICIES) {}

  database!: TestDatabase;
  dataSource!: DataSource;
  client!: Client;
  taskQueue = uniqueName('issues');
  private nativeConnection!: NativeConnection;
  private connection!: Connection;
  private worker?: Worker;
  private running?: Promise<void>;
  /** by activity type: while one is set, every run of that activity waits for it before it runs */
  private readonly gates = new Map<string, Promise<void>>();

  async setUp(): Promise<void> {
    installTemporalRuntime(createLogger('test-worker', 'warn'));
    this.database = await createTestDatabase();
    this.dataSource = await openDatabase(this.database.url);
    await applyMigrations(this.dataSource);
    await loadDemoData(this.dataSource);
    this.nativeConnection = await NativeConnection.connect({ address: temporalAddress() });
    this.connection = await Connection.connect({ address: temporalAddress() });
    this.client = new Client({ connection: this.connection, namespace: temporalNamespace() });
    await this.startWorker();
  }

  async startWorker(): Promise<void> {
    this.worker = await createUnblockWorker({
      connection: this.nativeConnection,
      namespace: temporalNamespace(),
      taskQueue: this.taskQueue,
      dataSource: this.dataSource,
      policies: this.policies,
      activityInterceptors: [
        (ctx) => ({
          inbound: {
            execute: async (input, next) => {
              await this.gates.get(ctx.info.activityType);
              return next(input);
            },
          },
        }),
      ],
    });
    this.running = this.worker.run();
  }

  /** Holds the given activities back: each run waits until `release()`, which is safe to call more than once. */
  private hold(activityTypes: Iterable<string>): { release(): void } {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const types = [...activityTypes];
    for (const type of types) this.gates.set(type, gate);
    return {
      release: () => {
        for (const type of types) if (this.gates.get(type) === gate) this.gates.delete(type);
        release();
      },
    };
  }

  /** Holds the effects activities back (the read model lags): every write of effects waits until `release()`. */
  holdEffects(): { release(): void } {
    return this.hold(EFFECT_WRITES);
  }

  /**
   * Holds the clock arithmetic back (every decision that needs clocks waits until `release()`): an issue that is
   * slow to decide, as one catching up on a long backlog would be.
   */
  holdClocks(): { release(): void } {
    return this.hold(['computeIssueClocks']);
  }

  /** Stops the worker as a crash would leave things: nothing polls the task queue until startWorker(). */
  async stopWorker(): Promise<void> {
    if (this.worker?.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    this.worker = undefined;
  }

  async tearDown(): Promise<void> {
    await this.stopWorker().catch(() => undefined);
    await this.connection?.close();
    await this.nativeConnection?.close();
    await this.dataSource?.destroy();
    await this.database?.drop();
  }

  /** Files an issue (intake) and returns its handle once the read model has it. */
  async file(
    overrides: Partial<IssueIntakeInput> = {},
    extra: { historyLimit?: number } = {},
  ): Promise<WorkflowHandle> {
    const issueId = overrides.issueId ?? uniqueName('issue');
    const intake: IssueIntakeInput = {
      issueId,
      ...LAND_DISPUTE_EXAMPLE,
      reporter: { id: people.reporter.id },
      ...overrides,
    };
    const handle = await this.client.workflow.start(ISSUE_WORKFLOW, {
      taskQueue: this.taskQueue,
      workflowId: issueWorkflowId(issueId),
      args: [{ intake, ...extra }],
    });
    await eventually(
      async () => ((await this.issueRow(issueId)) ? true : undefined),
      20_000,
      `issue ${issueId} in the read model`,
    );
    return handle;
  }

  view(handle: WorkflowHandle): Promise<IssueView> {
    return handle.query(issueViewQuery);
  }

  async issueRow(issueId: string): Promise<Record<string, unknown> | undefined> {
    const rows = (await this.dataSource.query(`SELECT * FROM issues WHERE id = $1`, [issueId])) as Array<
      Record<string, unknown>
    >;
    return rows[0];
  }

  async rows(sql: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
    return (await this.dataSource.query(sql, params)) as Array<Record<string, unknown>>;
  }
}

/** With UNBLOCK_RECORD_HISTORIES=1, keeps a scenario's history for the replay test (commit the file). */
export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env.UNBLOCK_RECORD_HISTORIES !== '1') return;
  const histories = path.join(REPO_ROOT, 'test', 'replay', 'histories');
  fs.mkdirSync(histories, { recursive: true });
  const history = await handle.fetchHistory();
  fs.writeFileSync(path.join(histories, `${name}.json`), JSON.stringify(JSON.parse(historyToJSON(history)), null, 1));
}

/** The rule an update was refused with (the ApplicationFailure's type), or a failure if it was taken. */
export async function refusedRule(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const cause = error.cause as { type?: string } | undefined;
      if (cause?.type) return cause.type;
    }
    throw error;
  }
  throw new Error('the action was taken, but should have been refused');
}
