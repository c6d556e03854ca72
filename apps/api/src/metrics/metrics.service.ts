import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ISSUE_ACTION_ROWS } from '@unblock/contracts';
import { ISSUE_CATEGORIES } from '@unblock/domain';
import { DatabaseService } from '../infrastructure/database.service';
import { LOGGER } from '../infrastructure/tokens';

/** What became of an action request (the label `outcome` of unblock_issue_actions_total). */
export const ACTION_OUTCOMES = [
  'ok',
  'recorded',
  'refused',
  'forbidden',
  'not_found',
  'invalid',
  'unavailable',
  'error',
] as const;
export type ActionOutcome = (typeof ACTION_OUTCOMES)[number];

/** The `action` label's values: each action's metrics label, from the table of actions. */
const ACTION_LABELS: readonly string[] = ISSUE_ACTION_ROWS.map((action) => action.metricsLabel);

/** Buckets for API latency, in seconds: 5 ms to 10 s. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** How long a scrape may wait for the database-backed gauges. */
const GAUGE_QUERY_TIMEOUT_MS = 2_000;

/**
 * The API's Prometheus metrics, in a registry of its own (never the process-wide default one):
 *
 * - `unblock_issue_intake_total{category}`: issues taken in (the write side calls `recordIntake`);
 * - `unblock_issue_actions_total{action,outcome}`: actions on issues and what became of them (`recordAction`);
 * - `unblock_escalations{level}`: escalation steps recorded in the read model, by ladder level (read at scrape time);
 * - `unblock_issues{status}`: issues in the read model by status (read at scrape time);
 * - `unblock_issues_effects_failing`: issues whose effects could not be written at their last attempt (read at scrape time);
 * - `unblock_metrics_database_up`: 1 when the database-backed gauges could be read at the last scrape, else 0;
 * - `unblock_http_request_duration_seconds{method,route,status}`: API latency by route pattern and status;
 * - the Node.js process metrics, prefixed `unblock_api_`.
 *
 * Label values are bounded: an unknown category, action or outcome is counted as `other`.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly intake: Counter<'category'>;
  private readonly actions: Counter<'action' | 'outcome'>;
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly databaseUp: Gauge;
  private readonly escalations: Gauge<'level'>;
  private readonly issues: Gauge<'status'>;
  private readonly effectsFailing: Gauge;

  constructor(
    private readonly database: DatabaseService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'unblock_api_' });
    this.intake = new Counter({
      name: 'unblock_issue_intake_total',
      help: 'Blocking issues taken in (intake), by category.',
      labelNames: ['category'],
      registers,
    });
    this.actions = new Counter({
      name: 'unblock_issue_actions_total',
      help: 'Actions on blocking issues, by action and outcome (ok, recorded to be applied in its turn, refused by a rule, forbidden, not_found, invalid, unavailable, error).',
      labelNames: ['action', 'outcome'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'unblock_http_request_duration_seconds',
      help: 'API request latency in seconds, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    // The database-backed gauges are filled by one pair of queries at scrape time (prom-client awaits `collect`).
    let pending: Promise<void> | undefined;
    const collect = async (): Promise<void> => {
      pending ??= this.readGauges().finally(() => {
        pending = undefined;
      });
      await pending;
    };
    this.databaseUp = new Gauge({
      name: 'unblock_metrics_database_up',
      help: '1 when the database-backed gauges could be read at this scrape, else 0.',
      registers,
      collect,
    });
    this.escalations = new Gauge({
      name: 'unblock_escalations',
      help: 'Escalation steps recorded, by ladder level (1 = department head).',
      labelNames: ['level'],
      registers,
      collect,
    });
    this.issues = new Gauge({
      name: 'unblock_issues',
      help: 'Blocking issues in the read model, by status.',
      labelNames: ['status'],
      registers,
      collect,
    });
    this.effectsFailing = new Gauge({
      name: 'unblock_issues_effects_failing',
      help: 'Blocking issues whose effects (read model, record, notices) could not be written at their last attempt.',
      registers,
      collect,
    });
  }

  /** One issue taken in. `category` is the issue's category (counted as `other` when unknown). */
  recordIntake(category?: string): void {
    this.intake.inc({
      category:
        category && (ISSUE_CATEGORIES as readonly string[]).includes(category)
          ? category
          : category
            ? 'other'
            : 'unspecified',
    });
  }

  /** One action request on an issue (by its metrics label) and its outcome (see ACTION_OUTCOMES). */
  recordAction(action: string, outcome: ActionOutcome | string): void {
    this.actions.inc({
      action: ACTION_LABELS.includes(action) ? action : 'other',
      outcome: (ACTION_OUTCOMES as readonly string[]).includes(outcome) ? outcome : 'other',
    });
  }

  /** One HTTP request served (called by the HTTP metrics middleware). */
  observeHttpRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  /** The Prometheus text exposition of every metric. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private async readGauges(): Promise<void> {
    const { databaseUp, escalations, issues, effectsFailing } = this;
    try {
      const dataSource = await withTimeout(this.database.ensureConnected());
      const [levels, statuses, failing] = await withTimeout(
        Promise.all([
          dataSource.query(
            `SELECT level, count(*)::int AS n FROM escalations GROUP BY level ORDER BY level`,
          ) as Promise<Array<{ level: number; n: number }>>,
          dataSource.query(`SELECT status, count(*)::int AS n FROM issues GROUP BY status`) as Promise<
            Array<{ status: string; n: number }>
          >,
          dataSource.query(`SELECT count(*)::int AS n FROM issue_effect_failures`) as Promise<Array<{ n: number }>>,
        ]),
      );
      effectsFailing.set(failing[0].n);
      escalations.reset();
      for (const row of levels) escalations.set({ level: String(row.level) }, row.n);
      issues.reset();
      for (const status of ['open', 'resolved', 'closed', 'withdrawn'])
        issues.set({ status }, statuses.find((row) => row.status === status)?.n ?? 0);
      databaseUp.set(1);
    } catch (error) {
      // a scrape still answers (with the process's own metrics) when PostgreSQL is down
      escalations.reset();
      issues.reset();
      effectsFailing.reset();
      databaseUp.set(0);
      this.logger.debug({ err: error }, 'metrics: the database-backed gauges could not be read');
    }
  }
}

/** A query behind a scrape, given up after GAUGE_QUERY_TIMEOUT_MS: a scrape answers even when PostgreSQL hangs. */
export function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${GAUGE_QUERY_TIMEOUT_MS} ms`)),
        GAUGE_QUERY_TIMEOUT_MS,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}
