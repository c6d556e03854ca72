import { Check, Column, Entity, Index, type Relation } from 'typeorm';
import { Flag, Instant, PrimaryVarchar, References, Text, Varchar } from './columns';
import { oneOf } from './checks';
import { NoticeChannelEntity } from './notice-channel.entity';

export const MESSAGE_OUTCOMES = ['sending', 'sent', 'failed', 'rate_limited', 'ambiguous'] as const;
/**
 * `sent`: the vendor took it; `failed`: it refused or broke; `rate_limited`: it said the robot passed its limit;
 * `ambiguous`: no answer came (a timeout, or the worker stopped mid-send), so it may have been taken.
 */
export type MessageOutcome = (typeof MESSAGE_OUTCOMES)[number];

/**
 * One message sent to a channel (one HTTP request or one e-mail): a single notice or a digest of several. The
 * channel's limit counts these, so it holds across restarts and workers.
 */
@Entity({ name: 'notice_messages' })
@Index('notice_messages_channel_started_idx', ['channelId', 'startedAt'])
@Check('notice_messages_outcome_check', oneOf('outcome', MESSAGE_OUTCOMES))
@Check('notice_messages_notices_check', 'notices > 0')
export class NoticeMessageEntity {
  @PrimaryVarchar(64)
  id: string;

  @Varchar(64)
  channelId: string;

  @References('notice_messages', () => NoticeChannelEntity, { onDelete: 'CASCADE' })
  channel?: Relation<NoticeChannelEntity>;

  @Instant()
  startedAt: Date;

  @Instant({ nullable: true })
  finishedAt: Date | null;

  @Varchar(16)
  outcome: MessageOutcome;

  /** how many deliveries it carried */
  @Column({ type: 'integer' })
  notices: number;

  @Flag({ default: false })
  digest: boolean;

  /** it carries a notice an earlier attempt may already have delivered (a resend after no answer) */
  @Flag({ default: false })
  resend: boolean;

  @Varchar(64, { nullable: true })
  status: string | null;

  @Text({ nullable: true })
  error: string | null;
}
