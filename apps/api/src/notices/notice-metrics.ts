import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Counter, Gauge } from 'prom-client';
import { CHANNEL_KINDS } from '@unblock/domain';
import { DELIVERY_STATUSES } from '@unblock/persistence';
import { DatabaseService } from '../infrastructure/database.service';
import { LOGGER } from '../infrastructure/tokens';
import { MetricsService, withTimeout } from '../metrics/metrics.service';

/** The outcomes of a message counted in unblock_notice_messages_total (not `sending`: one under way). */
export const COUNTED_OUTCOMES = ['sent', 'failed', 'rate_limited', 'ambiguous'] as const;

/**
 * One grouped query over the channels, their deliveries and their messages: `what` says which, `label` is the
 * delivery status, the message outcome or whether the channel is enabled.
 */
const COUNTS_SQL = `
  SELECT 'delivery' AS what, c.kind, d.status AS label, count(*)::bigint AS n,
         sum(greatest(d.attempts - 1, 0))::bigint AS extra
  FROM notice_deliveries d JOIN notice_channels c ON c.id = d.channel_id
  GROUP BY c.kind, d.status
  UNION ALL
  SELECT 'message', c.kind, m.outcome, count(*)::bigint, 0
  FROM notice_messages m JOIN notice_channels c ON c.id = m.channel_id
  GROUP BY c.kind, m.outcome
  UNION ALL
  SELECT 'channel', c.kind, c.enabled::text, count(*)::bigint, sum(c.rate_limited)::bigint
  FROM notice_channels c
  GROUP BY c.kind, c.enabled`;

interface CountRow {
  what: 'delivery' | 'message' | 'channel';
  kind: string;
  label: string;
  n: string;
  extra: string;
}

/**
 * The notice channels' metrics, read from PostgreSQL when scraped (the worker sends; the API counts what it
 * recorded), in one query; every kind (and status, outcome, enabled) is listed, zero included:
 *
 * - `unblock_notice_deliveries{kind,status}`: deliveries by status now;
 * - `unblock_notice_deliveries_retried_total{kind}`: attempts beyond the first, over every delivery;
 * - `unblock_notice_messages_total{kind,outcome}`: messages sent to channels, by how they went;
 * - `unblock_notice_rate_limited_total{kind}`: times a message waited for a channel's limit;
 * - `unblock_notice_channels{kind,enabled}`: channels.
 *
 * The totals count the rows on record: removing a channel removes its deliveries and messages, which Prometheus
 * reads as a counter reset.
 */
@Injectable()
export class NoticeMetrics {
  private readonly deliveries: Gauge<'kind' | 'status'>;
  private readonly retried: Counter<'kind'>;
  private readonly messages: Counter<'kind' | 'outcome'>;
  private readonly rateLimited: Counter<'kind'>;
  private readonly channels: Gauge<'kind' | 'enabled'>;

  constructor(
    private readonly database: DatabaseService,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: MetricsService,
  ) {
    const registers = [metrics.registry];
    let pending: Promise<void> | undefined;
    const collect = async (): Promise<void> => {
      pending ??= this.read().finally(() => {
        pending = undefined;
      });
      await pending;
    };
    this.deliveries = new Gauge({
      name: 'unblock_notice_deliveries',
      help: 'Deliveries of notices to channels, by channel kind and status.',
      labelNames: ['kind', 'status'],
      registers,
      collect,
    });
    this.retried = new Counter({
      name: 'unblock_notice_deliveries_retried_total',
      help: 'Attempts to send a delivery beyond its first, by channel kind.',
      labelNames: ['kind'],
      registers,
      collect,
    });
    this.messages = new Counter({
      name: 'unblock_notice_messages_total',
      help: 'Messages sent to notice channels, by channel kind and outcome (sent, failed, rate_limited, ambiguous).',
      labelNames: ['kind', 'outcome'],
      registers,
      collect,
    });
    this.rateLimited = new Counter({
      name: 'unblock_notice_rate_limited_total',
      help: "Times a message to a notice channel waited for the channel's limit, by channel kind.",
      labelNames: ['kind'],
      registers,
      collect,
    });
    this.channels = new Gauge({
      name: 'unblock_notice_channels',
      help: 'Notice channels, by kind and whether they are enabled.',
      labelNames: ['kind', 'enabled'],
      registers,
      collect,
    });
  }

  private async read(): Promise<void> {
    const all = [this.deliveries, this.retried, this.messages, this.rateLimited, this.channels];
    let rows: CountRow[];
    try {
      const dataSource = await withTimeout(this.database.ensureConnected());
      rows = (await withTimeout(dataSource.query(COUNTS_SQL))) as CountRow[];
    } catch (error) {
      // unblock_metrics_database_up says the database is away; these are left out of the scrape
      for (const metric of all) metric.reset();
      this.logger.debug({ err: error }, 'metrics: the notice counts could not be read');
      return;
    }
    const find = (what: CountRow['what'], kind: string, label?: string) =>
      rows.filter((row) => row.what === what && row.kind === kind && (label === undefined || row.label === label));
    const sum = (found: CountRow[], field: 'n' | 'extra') =>
      found.reduce((total, row) => total + Number(row[field]), 0);
    for (const metric of all) metric.reset();
    for (const kind of CHANNEL_KINDS) {
      for (const status of DELIVERY_STATUSES)
        this.deliveries.set({ kind, status }, sum(find('delivery', kind, status), 'n'));
      this.retried.inc({ kind }, sum(find('delivery', kind), 'extra'));
      for (const outcome of COUNTED_OUTCOMES)
        this.messages.inc({ kind, outcome }, sum(find('message', kind, outcome), 'n'));
      this.rateLimited.inc({ kind }, sum(find('channel', kind), 'extra'));
      for (const enabled of ['true', 'false'])
        this.channels.set({ kind, enabled }, sum(find('channel', kind, enabled), 'n'));
    }
  }
}
