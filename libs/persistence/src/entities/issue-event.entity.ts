import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { ACTOR_ROLES, type ActorRole } from '@unblock/domain';
import { oneOf } from './checks';
import { BIGINT_AS_NUMBER, IssueEntity } from './issue.entity';

/** The record (事件日志): everything that happened to an issue, who did it and when. Append-only. */
@Entity({ name: 'issue_events' })
@Index('issue_events_issue_at_idx', ['issueId', 'at'])
@Check('issue_events_sequence_check', 'sequence > 0')
@Check('issue_events_actor_role_check', oneOf('actor_role', ACTOR_ROLES))
export class IssueEventEntity {
  @PrimaryColumn({ name: 'issue_id', type: 'varchar', length: 128 })
  issueId: string;

  /** the workflow's sequence number for the event: 1, 2, 3, … per issue */
  @PrimaryColumn({ type: 'bigint', transformer: BIGINT_AS_NUMBER })
  sequence: number;

  @ManyToOne(() => IssueEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'issue_id', foreignKeyConstraintName: 'issue_events_issue_id_fkey' })
  issue?: Relation<IssueEntity>;

  /** e.g. `issue_opened`, `task_accepted`, `escalated`, `resolution_confirmed` */
  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'actor_id', type: 'varchar', length: 64, nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_role', type: 'varchar', length: 32, nullable: true })
  actorRole: ActorRole | null;

  @Column({ name: 'actor_department', type: 'varchar', length: 64, nullable: true })
  actorDepartment: string | null;

  @Column({ name: 'task_id', type: 'varchar', length: 32, nullable: true })
  taskId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  data: Record<string, unknown> | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
