import { Injectable } from '@nestjs/common';
import { iso } from '@unblock/domain';
import type { NoticeChannelEntity, NoticeDeliveryEntity, RawRow } from '@unblock/persistence';
import { DatabaseService } from '../infrastructure/database.service';
import { notFound } from '../infrastructure/problems';
import { decodeCursor, encodeCursor, isInstant, isText } from '../reads/cursor';
import { instantText } from '../reads/issue-list.query';
import { SqlParameters } from '../reads/sql-parameters';
import {
  DEFAULT_DELIVERY_PAGE_SIZE,
  type DeliveryDto,
  type DeliveryListDto,
  type ListDeliveriesQueryDto,
} from './deliveries.dto';

type DeliveryRow = RawRow<
  NoticeDeliveryEntity,
  | 'id'
  | 'channelId'
  | 'issueId'
  | 'topic'
  | 'status'
  | 'attempts'
  | 'lastStatus'
  | 'lastError'
  | 'ambiguous'
  | 'holdUntil'
  | 'nextAttemptAt'
  | 'sentAt'
  | 'createdAt'
  | 'messageId'
> & { channel_kind: NoticeChannelEntity['kind']; channel_name: string; created_key: string };

const SELECT = `
  SELECT d.id, d.channel_id, d.issue_id, d.topic, d.status, d.attempts, d.last_status, d.last_error, d.ambiguous,
         d.hold_until, d.next_attempt_at, d.sent_at, d.created_at, d.message_id,
         c.kind AS channel_kind, c.name AS channel_name, ${instantText('d.created_at')} AS created_key
  FROM notice_deliveries d
  JOIN notice_channels c ON c.id = d.channel_id`;

function toDelivery(row: DeliveryRow): DeliveryDto {
  return {
    id: row.id,
    channel: { id: row.channel_id, kind: row.channel_kind, name: row.channel_name },
    issueId: row.issue_id,
    topic: row.topic,
    status: row.status,
    attempts: Number(row.attempts),
    lastStatus: row.last_status,
    lastError: row.last_error,
    ambiguous: row.ambiguous,
    holdUntil: iso(row.hold_until),
    nextAttemptAt: iso(row.next_attempt_at),
    sentAt: iso(row.sent_at),
    createdAt: iso(row.created_at),
    messageId: row.message_id,
  };
}

const SCOPE = 'notice-deliveries';

/** The deliveries of notices to channels, newest first (the index on (created_at, id) serves the order). */
@Injectable()
export class DeliveriesService {
  constructor(private readonly database: DatabaseService) {}

  async list(query: ListDeliveriesQueryDto): Promise<DeliveryListDto> {
    const limit = query.limit ?? DEFAULT_DELIVERY_PAGE_SIZE;
    const p = new SqlParameters();
    const where: string[] = [];
    if (query.status !== undefined) where.push(`d.status = ${p.add(query.status)}`);
    if (query.channelId !== undefined) where.push(`d.channel_id = ${p.add(query.channelId)}`);
    if (query.kind !== undefined) where.push(`c.kind = ${p.add(query.kind)}`);
    if (query.issueId !== undefined) where.push(`d.issue_id = ${p.add(query.issueId)}`);
    if (query.cursor !== undefined) {
      const [createdAt, id] = decodeCursor(query.cursor, SCOPE, [isInstant, isText(400)]);
      where.push(`(d.created_at, d.id) < (${p.add(createdAt)}::timestamptz, ${p.add(id)})`);
    }
    const rows = (await (
      await this.database.ensureConnected()
    ).query(
      `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY d.created_at DESC, d.id DESC
       LIMIT ${p.add(limit + 1)}`,
      p.values,
    )) as DeliveryRow[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toDelivery),
      nextCursor: rows.length > limit ? encodeCursor(SCOPE, [last.created_key, last.id]) : null,
    };
  }

  async get(id: string): Promise<DeliveryDto> {
    const [row] = (await (
      await this.database.ensureConnected()
    ).query(`${SELECT} WHERE d.id = $1`, [id])) as DeliveryRow[];
    if (!row) throw notFound('delivery', id);
    return toDelivery(row);
  }
}
