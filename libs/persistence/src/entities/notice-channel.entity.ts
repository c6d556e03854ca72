import { Check, Column, Entity, Index, type Relation } from 'typeorm';
import { CHANNEL_KINDS, type ChannelKind } from '@unblock/domain';
import { Count, CreatedAt, Flag, Instant, PrimaryVarchar, References, Text, UpdatedAt, Varchar } from './columns';
import { oneOf } from './checks';
import { DepartmentEntity } from './department.entity';
import { PersonEntity } from './person.entity';

/**
 * A channel notices go out on beyond the inbox (通知渠道): a department's group robot (WeCom, DingTalk, Feishu),
 * a signed webhook of the zone's own systems, or a person's e-mail. A channel belongs to a department, to a person,
 * or (neither) to the whole zone, which then receives every notice. The endpoint and the secret are never read
 * back through the API, only their last four characters.
 */
@Entity({ name: 'notice_channels' })
@Index('notice_channels_department_idx', ['departmentId'])
@Index('notice_channels_person_idx', ['personId'])
@Check('notice_channels_kind_check', oneOf('kind', CHANNEL_KINDS))
@Check('notice_channels_owner_check', 'department_id IS NULL OR person_id IS NULL')
@Check('notice_channels_per_minute_check', 'per_minute IS NULL OR per_minute > 0')
export class NoticeChannelEntity {
  @PrimaryVarchar(64)
  id: string;

  @Varchar(16)
  kind: ChannelKind;

  @Varchar(100)
  name: string;

  @Varchar(64, { nullable: true })
  departmentId: string | null;

  @References('notice_channels', () => DepartmentEntity, { nullable: true, onDelete: 'CASCADE' })
  department?: Relation<DepartmentEntity> | null;

  @Varchar(64, { nullable: true })
  personId: string | null;

  @References('notice_channels', () => PersonEntity, { nullable: true, onDelete: 'CASCADE' })
  person?: Relation<PersonEntity> | null;

  /** the robot's webhook URL (WeCom's holds its key), the webhook's URL, or the e-mail address */
  @Text()
  endpoint: string;

  /** DingTalk's 加签 secret, Feishu's signing secret, the webhook's signing secret */
  @Text({ nullable: true })
  secret: string | null;

  @Flag({ default: true })
  enabled: boolean;

  /** low-risk notices wait for the next working period on the zone's calendar */
  @Flag({ default: false })
  quietHours: boolean;

  /** a limit lower than the vendor's, messages per minute */
  @Column({ name: 'per_minute', type: 'integer', nullable: true })
  perMinute: number | null;

  /** the vendor refuses messages until then (DingTalk blocks a robot for 10 minutes past its limit) */
  @Instant({ nullable: true })
  pausedUntil: Date | null;

  /** times a message waited for the channel's limit: its own count of the minute, or the vendor's answer */
  @Count()
  rateLimited: number;

  @Varchar(64, { nullable: true })
  createdBy: string | null;

  @Instant({ nullable: true })
  disabledAt: Date | null;

  @Varchar(64, { nullable: true })
  disabledBy: string | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
