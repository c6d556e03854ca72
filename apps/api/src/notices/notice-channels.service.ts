import { randomUUID } from 'node:crypto';
import { ConflictException, HttpStatus, Injectable } from '@nestjs/common';
import { channelLimit, iso, type ChannelKind, type TestMessageFacts } from '@unblock/domain';
import { DELIVERY_STATUSES, type NoticeChannelEntity, type RawRow } from '@unblock/persistence';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { DatabaseService } from '../infrastructure/database.service';
import { notFound, unknownReference } from '../infrastructure/problems';
import { invalidRequest } from '../infrastructure/validation';
import { API_PREFIX_PATH } from '../issues/api-paths';
import { SqlParameters } from '../reads/sql-parameters';
import {
  endpointError,
  endpointHint,
  lastFour,
  newChannelId,
  perMinuteError,
  secretError,
  type FieldError,
} from './channel-rules';
import { CourierWake } from './courier-wake';
import type {
  CreateNoticeChannelDto,
  ListNoticeChannelsQueryDto,
  NoticeChannelDto,
  NoticeChannelListDto,
  TestDeliveryDto,
  UpdateNoticeChannelDto,
} from './notice-channels.dto';

type ChannelRow = RawRow<
  NoticeChannelEntity,
  | 'id'
  | 'kind'
  | 'name'
  | 'departmentId'
  | 'personId'
  | 'endpoint'
  | 'secret'
  | 'enabled'
  | 'quietHours'
  | 'perMinute'
  | 'pausedUntil'
  | 'rateLimited'
  | 'createdAt'
  | 'createdBy'
  | 'disabledAt'
  | 'disabledBy'
> & { delivery_counts: Record<string, number> | null };

/** The channels with their delivery counts by status, in one query (the counts grouped once, joined). */
const CHANNEL_SELECT = `
  SELECT c.id, c.kind, c.name, c.department_id, c.person_id, c.endpoint, c.secret, c.enabled, c.quiet_hours,
         c.per_minute, c.paused_until, c.rate_limited, c.created_at, c.created_by, c.disabled_at, c.disabled_by,
         dc.delivery_counts
  FROM notice_channels c
  LEFT JOIN (
    SELECT s.channel_id, jsonb_object_agg(s.status, s.n) AS delivery_counts
    FROM (SELECT d.channel_id, d.status, count(*)::int AS n FROM notice_deliveries d GROUP BY d.channel_id, d.status) s
    GROUP BY s.channel_id
  ) dc ON dc.channel_id = c.id`;

/** The read of a channel: its endpoint and secret only as hints. */
function toChannel(row: ChannelRow): NoticeChannelDto {
  const kind = row.kind;
  const { perMinute, perSecond } = channelLimit(kind, row.per_minute === null ? null : Number(row.per_minute));
  const counts = row.delivery_counts ?? {};
  return {
    id: row.id,
    kind,
    name: row.name,
    departmentId: row.department_id,
    personId: row.person_id,
    endpointHint: endpointHint(kind, row.endpoint),
    secretHint: row.secret === null ? null : lastFour(row.secret),
    enabled: row.enabled,
    quietHours: row.quiet_hours,
    perMinute: row.per_minute === null ? null : Number(row.per_minute),
    limit: { perMinute, ...(perSecond ? { perSecond } : {}) },
    pausedUntil: iso(row.paused_until),
    rateLimited: Number(row.rate_limited),
    createdAt: iso(row.created_at)!,
    createdBy: row.created_by,
    disabledAt: iso(row.disabled_at),
    disabledBy: row.disabled_by,
    deliveries: Object.fromEntries(
      DELIVERY_STATUSES.map((status) => [status, Number(counts[status] ?? 0)]),
    ) as unknown as NoticeChannelDto['deliveries'],
  };
}

function refuseIfAny(errors: Array<FieldError | undefined>): void {
  const found = errors.filter((error): error is FieldError => error !== undefined);
  if (found.length) throw invalidRequest(found);
}

/** The path of a delivery's read. */
export function deliveryPath(id: string): string {
  return `${API_PREFIX_PATH}/notifications/deliveries/${encodeURIComponent(id)}`;
}

/**
 * The notice channels (通知渠道) as administrators manage them: created with the rules of their kind, read without
 * their endpoint URL or secret, changed, disabled and enabled again, removed, and tried with a test message.
 */
@Injectable()
export class NoticeChannelsService {
  constructor(
    private readonly database: DatabaseService,
    private readonly courier: CourierWake,
  ) {}

  private async rows(where: string[], values: unknown[]): Promise<ChannelRow[]> {
    return (await (
      await this.database.ensureConnected()
    ).query(
      `${CHANNEL_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.created_at, c.id`,
      values,
    )) as ChannelRow[];
  }

  async list(query: ListNoticeChannelsQueryDto): Promise<NoticeChannelListDto> {
    const p = new SqlParameters();
    const where: string[] = [];
    if (query.kind !== undefined) where.push(`c.kind = ${p.add(query.kind)}`);
    if (query.departmentId !== undefined) where.push(`c.department_id = ${p.add(query.departmentId)}`);
    if (query.personId !== undefined) where.push(`c.person_id = ${p.add(query.personId)}`);
    if (query.enabled !== undefined) where.push(`c.enabled = ${p.add(query.enabled)}`);
    return { items: (await this.rows(where, p.values)).map(toChannel) };
  }

  async get(id: string): Promise<NoticeChannelDto> {
    const [row] = await this.rows(['c.id = $1'], [id]);
    if (!row) throw notFound('notice channel', id);
    return toChannel(row);
  }

  async create(user: AuthenticatedUser, dto: CreateNoticeChannelDto): Promise<NoticeChannelDto> {
    const departmentId = dto.departmentId ?? null;
    const personId = dto.personId ?? null;
    const both = (field: string): FieldError => ({
      field,
      rule: 'oneOwner',
      message: 'a channel belongs to a department or to a person, not both: give departmentId or personId',
    });
    refuseIfAny([
      endpointError(dto.kind, dto.endpoint),
      secretError(dto.kind, dto.secret),
      perMinuteError(dto.kind, dto.perMinute),
      ...(departmentId !== null && personId !== null ? [both('departmentId'), both('personId')] : []),
    ]);
    const dataSource = await this.database.ensureConnected();
    if (departmentId !== null) {
      const found = (await dataSource.query(`SELECT 1 FROM departments WHERE id = $1`, [departmentId])) as unknown[];
      if (!found.length) throw unknownReference('departmentId', `there is no department ${departmentId}`);
    }
    if (personId !== null) {
      const found = (await dataSource.query(`SELECT 1 FROM people WHERE id = $1`, [personId])) as unknown[];
      if (!found.length) throw unknownReference('personId', `there is no person ${personId}`);
    }
    const id = newChannelId();
    // the owner is checked in the same statement too: one removed meanwhile inserts nothing (422, not a 500)
    const inserted = (await dataSource.query(
      `INSERT INTO notice_channels (id, kind, name, department_id, person_id, endpoint, secret, quiet_hours, per_minute, created_by)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10
       WHERE ($4::varchar IS NULL OR EXISTS (SELECT 1 FROM departments WHERE id = $4))
         AND ($5::varchar IS NULL OR EXISTS (SELECT 1 FROM people WHERE id = $5))
       RETURNING id`,
      [
        id,
        dto.kind,
        dto.name,
        departmentId,
        personId,
        dto.endpoint,
        dto.secret ?? null,
        dto.quietHours ?? false,
        dto.perMinute ?? null,
        user.id,
      ],
    )) as unknown[];
    if (!inserted.length)
      throw unknownReference(departmentId !== null ? 'departmentId' : 'personId', 'it was removed just now');
    return this.get(id);
  }

  async update(user: AuthenticatedUser, id: string, dto: UpdateNoticeChannelDto): Promise<NoticeChannelDto> {
    const dataSource = await this.database.ensureConnected();
    const [current] = (await dataSource.query(`SELECT kind, secret, enabled FROM notice_channels WHERE id = $1`, [
      id,
    ])) as Array<{ kind: ChannelKind; secret: string | null; enabled: boolean }>;
    if (!current) throw notFound('notice channel', id);
    const kind = current.kind;
    refuseIfAny([
      dto.endpoint === undefined ? undefined : endpointError(kind, dto.endpoint),
      dto.secret === undefined ? undefined : secretError(kind, dto.secret),
      perMinuteError(kind, dto.perMinute),
    ]);
    const p = new SqlParameters();
    const set: string[] = [];
    if (dto.name !== undefined) set.push(`name = ${p.add(dto.name)}`);
    if (dto.endpoint !== undefined) set.push(`endpoint = ${p.add(dto.endpoint)}`);
    if (dto.secret !== undefined) set.push(`secret = ${p.add(dto.secret)}`);
    if (dto.quietHours !== undefined) set.push(`quiet_hours = ${p.add(dto.quietHours)}`);
    if (dto.perMinute !== undefined) set.push(`per_minute = ${p.add(dto.perMinute)}`);
    if (dto.enabled === false)
      set.push(
        'enabled = false',
        `disabled_at = CASE WHEN enabled THEN now() ELSE disabled_at END`,
        `disabled_by = CASE WHEN enabled THEN ${p.add(user.id)} ELSE disabled_by END`,
      );
    if (dto.enabled === true) set.push('enabled = true', 'disabled_at = NULL', 'disabled_by = NULL');
    if (set.length) {
      const updated = (await dataSource.query(
        `UPDATE notice_channels SET ${set.join(', ')}, updated_at = now() WHERE id = ${p.add(id)} RETURNING id`,
        p.values,
      )) as [unknown[], number];
      if (!updated[0].length) throw notFound('notice channel', id);
    }
    // enabled again: its courier sends what came since; disabled: its courier cancels what waits, and ends
    if (dto.enabled !== undefined && dto.enabled !== current.enabled) await this.courier.wake(id);
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    const [, count] = (await (
      await this.database.ensureConnected()
    ).query(`DELETE FROM notice_channels WHERE id = $1`, [id])) as [unknown, number];
    if (!count) throw notFound('notice channel', id);
  }

  /** A test message on the channel: one delivery, sent by the channel's courier like any notice. */
  async test(user: AuthenticatedUser, id: string): Promise<TestDeliveryDto> {
    const dataSource = await this.database.ensureConnected();
    const noticeKey = `test:${randomUUID()}`;
    const deliveryId = `${noticeKey}>${id}`;
    const facts: TestMessageFacts = { test: true, requestedBy: user.id, decidedAt: Date.now() };
    // inserted only while the channel exists and is enabled, in one statement
    const inserted = (await dataSource.query(
      `INSERT INTO notice_deliveries (id, channel_id, issue_id, notice_key, topic, facts, mentions, status, next_attempt_at)
       SELECT $1, c.id, NULL, $2, 'test', $3::jsonb, '{}', 'pending', now()
       FROM notice_channels c WHERE c.id = $4 AND c.enabled
       RETURNING id`,
      [deliveryId, noticeKey, JSON.stringify(facts), id],
    )) as unknown[];
    if (!inserted.length) {
      const [channel] = (await dataSource.query(`SELECT enabled FROM notice_channels WHERE id = $1`, [id])) as Array<{
        enabled: boolean;
      }>;
      if (!channel) throw notFound('notice channel', id);
      throw new ConflictException({
        type: '/problems/rule-violation',
        title: 'Refused by a rule',
        status: HttpStatus.CONFLICT,
        detail: 'The channel is disabled: enable it (PATCH enabled: true) before sending a test message.',
        rule: 'channel.disabled',
      });
    }
    await this.courier.wake(id);
    return { id: deliveryId, channelId: id, status: 'pending', link: deliveryPath(deliveryId) };
  }
}
