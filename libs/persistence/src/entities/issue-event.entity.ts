import { Check, Entity, Index, PrimaryColumn, type Relation } from 'typeorm';
import { Varchar, PrimaryVarchar, Instant, Json, References } from './columns';
import { ACTOR_ROLES, type ActorRole } from '@unblock/domain';
import { oneOf } from './checks';
import { BIGINT_AS_NUMBER, IssueEntity } from './issue.entity';

/** The record (事件日志): everything that happened to an issue, who did it and when. Append-only. */
@Entity({ name: 'issue_events' })
@Index('issue_events_issue_at_idx', ['issueId', 'at'])
@Check('issue_events_sequence_check', 'sequence > 0')
@Check('issue_events_actor_role_check', oneOf('actor_role', ACTOR_ROLES))
export class IssueEventEntity {
  @PrimaryVarchar(128)
  issueId: string;

  /** the workflow's sequence number for the event: 1, 2, 3, … per issue */
  @PrimaryColumn({ type: 'bigint', transformer: BIGINT_AS_NUMBER })
  sequence: number;

  @References('issue_events', () => IssueEntity, { onDelete: 'CASCADE' })
  issue?: Relation<IssueEntity>;

  /** e.g. `issue_opened`, `task_accepted`, `escalated`, `resolution_confirmed` */
  @Varchar(64)
  name: string;

  @Instant()
  at: Date;

  @Varchar(64, { nullable: true })
  actorId: string | null;

  @Varchar(32, { nullable: true })
  actorRole: ActorRole | null;

  @Varchar(64, { nullable: true })
  actorDepartment: string | null;

  @Varchar(32, { nullable: true })
  taskId: string | null;

  @Json({ nullable: true })
  data: Record<string, unknown> | null;

  @Instant({ default: () => 'now()' })
  recordedAt: Date;
}
