import { Injectable } from '@nestjs/common';
import { describeDatabaseError } from '@unblock/persistence';
import { DatabaseService } from '../infrastructure/database.service';
import { IssueWorkflows } from '../infrastructure/issue-workflows';

export type ComponentStatus = 'ready' | 'not_ready';

export interface ComponentHealth {
  status: ComponentStatus;
  latencyMs: number;
  reason?: string;
  detail?: Record<string, string>;
}

export interface HealthReport {
  status: ComponentStatus;
  checks: { postgres: ComponentHealth; temporal: ComponentHealth };
  checkedAt: string;
}

const CHECK_TIMEOUT_MS = 3_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Checks PostgreSQL and Temporal separately, each with a reason when not ready. */
@Injectable()
export class HealthService {
  constructor(
    private readonly database: DatabaseService,
    private readonly workflows: IssueWorkflows,
  ) {}

  async report(): Promise<HealthReport> {
    const [postgres, temporal] = await Promise.all([this.checkPostgres(), this.checkTemporal()]);
    const status = postgres.status === 'ready' && temporal.status === 'ready' ? 'ready' : 'not_ready';
    return { status, checks: { postgres, temporal }, checkedAt: new Date().toISOString() };
  }

  private async checkPostgres(): Promise<ComponentHealth> {
    const started = Date.now();
    try {
      const dataSource = await withTimeout(this.database.ensureConnected(), 'PostgreSQL');
      const [row] = (await withTimeout(
        dataSource.query(`SELECT (SELECT count(*)::int FROM schema_migrations) AS migrations`),
        'PostgreSQL',
      )) as Array<{
        migrations: number;
      }>;
      return {
        status: 'ready',
        latencyMs: Date.now() - started,
        detail: { appliedMigrations: String(row.migrations) },
      };
    } catch (error) {
      const code = (error as { code?: string }).code;
      const reason = code === '42P01' ? 'the schema is not migrated yet' : describeDatabaseError(error);
      return { status: 'not_ready', latencyMs: Date.now() - started, reason };
    }
  }

  private async checkTemporal(): Promise<ComponentHealth> {
    const started = Date.now();
    const namespace = this.workflows.namespace;
    try {
      await withTimeout(this.workflows.connect(), 'Temporal');
      await withTimeout(this.workflows.describeNamespace(), 'Temporal');
      return { status: 'ready', latencyMs: Date.now() - started, detail: { namespace } };
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      const reason = /not found/i.test(message) ? `namespace "${namespace}" does not exist` : message;
      return { status: 'not_ready', latencyMs: Date.now() - started, reason };
    }
  }
}
