import { Injectable } from '@nestjs/common';
import { describeDatabaseError } from '@unblock/persistence';
import { DatabaseService } from '../infrastructure/database.service';
import { IssueWorkflows } from '../infrastructure/issue-workflows';
import { CalendarService, missingYearsAdvice } from '../calendar/calendar.service';

export type ComponentStatus = 'ready' | 'not_ready';
/** `degraded`: the product serves and decides, but some issues' effects are not written yet (see `effects`). */
export type EffectsStatus = 'ready' | 'degraded' | 'unknown';

export interface ComponentHealth {
  status: ComponentStatus;
  latencyMs: number;
  reason?: string;
  detail?: Record<string, string>;
}

export interface EffectsHealth {
  status: EffectsStatus;
  latencyMs: number;
  /** how many issues' effects failed at their last attempt, since when, and which (at most EFFECT_FAILURES_LISTED) */
  failingIssues: number;
  oldestFailingSince: string | null;
  issues: Array<{ issueId: string; since: string; attempts: number; lastError: string }>;
}

/** `degraded`: a year that must be known (the current one; from 1 November the next) has no arrangement loaded. */
export interface CalendarHealth {
  status: EffectsStatus;
  latencyMs: number;
  revision?: number;
  knownYears: number[];
  missingYears: number[];
  /** what is missing and how to load it */
  detail?: string;
}

export interface HealthReport {
  status: ComponentStatus;
  checks: { postgres: ComponentHealth; temporal: ComponentHealth; effects: EffectsHealth; calendar: CalendarHealth };
  checkedAt: string;
}

/** How many failing issues the health report names. */
export const EFFECT_FAILURES_LISTED = 10;

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
    private readonly calendar: CalendarService,
  ) {}

  async report(): Promise<HealthReport> {
    const [postgres, temporal, effects, calendar] = await Promise.all([
      this.checkPostgres(),
      this.checkTemporal(),
      this.checkEffects(),
      this.checkCalendar(),
    ]);
    // failing writes do not make the API unready: it serves, and the issues keep deciding; health names them
    const status = postgres.status === 'ready' && temporal.status === 'ready' ? 'ready' : 'not_ready';
    return { status, checks: { postgres, temporal, effects, calendar }, checkedAt: new Date().toISOString() };
  }

  /** Whether the working calendar knows the years deadlines fall in now (degraded does not make the API unready). */
  private async checkCalendar(): Promise<CalendarHealth> {
    const started = Date.now();
    try {
      const { knownYears, missingYears, revision } = await withTimeout(this.calendar.check(), 'PostgreSQL');
      const detail = missingYearsAdvice(missingYears);
      return {
        status: missingYears.length ? 'degraded' : 'ready',
        latencyMs: Date.now() - started,
        revision,
        knownYears,
        missingYears,
        ...(detail ? { detail } : {}),
      };
    } catch {
      return { status: 'unknown', latencyMs: Date.now() - started, knownYears: [], missingYears: [] };
    }
  }

  /** The issues whose effects (read model, record, notices) could not be written at the last attempt. */
  private async checkEffects(): Promise<EffectsHealth> {
    const started = Date.now();
    try {
      const dataSource = await withTimeout(this.database.ensureConnected(), 'PostgreSQL');
      const rows = (await withTimeout(
        dataSource.query(
          `SELECT issue_id, first_failed_at, attempts, last_error, count(*) OVER ()::int AS total
           FROM issue_effect_failures ORDER BY first_failed_at, issue_id LIMIT $1`,
          [EFFECT_FAILURES_LISTED],
        ),
        'PostgreSQL',
      )) as Array<{ issue_id: string; first_failed_at: Date; attempts: number; last_error: string; total: number }>;
      return {
        status: rows.length === 0 ? 'ready' : 'degraded',
        latencyMs: Date.now() - started,
        failingIssues: rows[0]?.total ?? 0,
        oldestFailingSince: rows[0] ? rows[0].first_failed_at.toISOString() : null,
        issues: rows.map((row) => ({
          issueId: row.issue_id,
          since: row.first_failed_at.toISOString(),
          attempts: row.attempts,
          lastError: row.last_error,
        })),
      };
    } catch {
      // PostgreSQL itself is down: the postgres check says why
      return {
        status: 'unknown',
        latencyMs: Date.now() - started,
        failingIssues: 0,
        oldestFailingSince: null,
        issues: [],
      };
    }
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
