import { Check, Entity, Index, type Relation } from 'typeorm';
import type { InboxTopic, NoticeFacts, TestMessageFacts } from '@unblock/domain';
import { Count, CreatedAt, Flag, Instant, Json, PrimaryVarchar, References, Text, UpdatedAt, Varchar } from './columns';
import { oneOf } from './checks';
import { IssueEntity } from './issue.entity';
import { NoticeChannelEntity } from './notice-channel.entity';

export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
/**
 * `pending`: waits for its turn (a retry, the channel's limit, quiet hours); `sending`: an attempt is under way;
 * `sent`: the vendor took it; `failed`: every attempt failed; `cancelled`: its channel was disabled or removed.
 */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One notice on one channel (投递): written with the notice in the effects transaction, so it exists exactly once
 * (`${noticeKey}>${channelId}`), and drained by the channel's courier. Each attempt is a `notice_messages` row; a
 * digest carries many deliveries in one message.
 */
@Entity({ name: 'notice_deliveries' })
@Index('notice_deliveries_due_idx', ['channelId', 'status', 'nextAttemptAt'])
@Index('notice_deliveries_issue_idx', ['issueId'])
@Index('notice_deliveries_listed_idx', ['createdAt', 'id'])
@Check('notice_deliveries_status_check', oneOf('status', DELIVERY_STATUSES))
@Check('notice_deliveries_attempts_check', 'attempts >= 0')
export class NoticeDeliveryEntity {
  /** `${noticeKey}>${channelId}` */
  @PrimaryVarchar(400)
  id: string;

  @Varchar(64)
  channelId: string;

  @References('notice_deliveries', () => NoticeChannelEntity, { onDelete: 'CASCADE' })
  channel?: Relation<NoticeChannelEntity>;

  /** null for a channel's test message */
  @Varchar(128, { nullable: true })
  issueId: string | null;

  @References('notice_deliveries', () => IssueEntity, { nullable: true, onDelete: 'CASCADE' })
  issue?: Relation<IssueEntity> | null;

  /** `${issueId}:${sequence}:${commandIndex}`, the notice as the workflow decided it; `test:…` for a test message */
  @Varchar(300)
  noticeKey: string;

  @Varchar(64)
  topic: InboxTopic | 'test';

  @Json()
  facts: NoticeFacts | TestMessageFacts;

  /** the people to @-mention (ids; their mobile numbers are looked up when sending) */
  @Text({ array: true, default: () => "'{}'" })
  mentions: string[];

  @Varchar(16)
  status: DeliveryStatus;

  @Count()
  attempts: number;

  @Instant()
  nextAttemptAt: Date;

  /** held for quiet hours until then */
  @Instant({ nullable: true })
  holdUntil: Date | null;

  /** the last attempt ended without an answer: the vendor may have taken it, so a resend may repeat it */
  @Flag({ default: false })
  ambiguous: boolean;

  /** what the last attempt got: `ok`, `http 500`, `errcode 45009`, `timeout`, … */
  @Varchar(64, { nullable: true })
  lastStatus: string | null;

  @Text({ nullable: true })
  lastError: string | null;

  /** the message that carried it last */
  @Varchar(64, { nullable: true })
  messageId: string | null;

  @Instant({ nullable: true })
  sentAt: Date | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
