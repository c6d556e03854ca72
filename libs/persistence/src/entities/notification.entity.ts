import { Check, Entity, Index, type Relation } from 'typeorm';
import { Varchar, PrimaryVarchar, Text, Instant, Json, References } from './columns';
import { ACTOR_ROLES, type ActorRole, type InboxTopic, type Recipient } from '@unblock/domain';
import { oneOf } from './checks';
import { IssueEntity } from './issue.entity';
import { PersonEntity } from './person.entity';

/**
 * One inbox entry (通知): a notice of the issue workflow, or an escalation reaching a leader, for one person. A notice no one could be found for is kept
 * once, addressed to the department and role only (person_id null), so nothing is lost.
 */
@Entity({ name: 'notifications' })
@Index('notifications_inbox_idx', ['personId', 'readAt', 'createdAt'])
@Index('notifications_issue_idx', ['issueId'])
@Index('notifications_unaddressed_idx', { synchronize: false }) // (department_id, role, created_at) WHERE person_id IS NULL
@Index('notifications_person_unread_first_idx', { synchronize: false }) // (person_id, (read_at IS NULL), created_at, id)
@Check('notifications_role_check', oneOf('role', ACTOR_ROLES))
export class NotificationEntity {
  /** `${issueId}:${sequence}:${commandIndex}:${personId or -}`: a retried write finds the row it wrote */
  @PrimaryVarchar(300)
  id: string;

  @Varchar(64, { nullable: true })
  personId: string | null;

  @References('notifications', () => PersonEntity, { nullable: true, onDelete: 'SET NULL' })
  person?: Relation<PersonEntity> | null;

  /** the department the notice is about (a department's inbox, or the department a leader is told about) */
  @Varchar(64, { nullable: true })
  departmentId: string | null;

  /** the role the notice is addressed to; null for a notice to one named person */
  @Varchar(32, { nullable: true })
  role: ActorRole | null;

  /** the recipient as the workflow named it */
  @Json()
  recipient: Recipient;

  @Varchar(128)
  issueId: string;

  @References('notifications', () => IssueEntity, { onDelete: 'CASCADE' })
  issue?: Relation<IssueEntity>;

  @Varchar(32, { nullable: true })
  taskId: string | null;

  /** the workflow's notice topic, or `escalated` for the leaders an escalation reached */
  @Varchar(64)
  topic: InboxTopic;

  @Text({ nullable: true })
  detail: string | null;

  /** when the workflow produced the notice */
  @Instant({ default: () => 'now()' })
  createdAt: Date;

  @Instant({ nullable: true })
  readAt: Date | null;
}
