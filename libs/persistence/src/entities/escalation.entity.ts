import { Check, Column, Entity, Index, PrimaryColumn, type Relation } from 'typeorm';
import { Varchar, PrimaryVarchar, Instant, CreatedAt, References } from './columns';
import { ESCALATION_KINDS, LEADER_ROLES, STALL_CAUSES, type LadderStep, type LeaderRole } from '@unblock/domain';
import type { StallCause } from '@unblock/domain';
import { oneOf } from './checks';
import { IssueEntity } from './issue.entity';

/**
 * One step up the escalation ladder (升级): which task, which level and leader role, why, and when. Leaders find
 * the escalations that reached them by `recipient_ids`. Lateness of the step = `fired_at - due_at`.
 */
@Entity({ name: 'escalations' })
@Index('escalations_department_reached_idx', ['departmentId', 'reachedAt'])
@Index('escalations_fired_idx', ['firedAt', 'issueId', 'taskId', 'level', 'repeat', 'reachedAt'])
@Index('escalations_recipients_idx', { synchronize: false }) // gin (recipient_ids)
@Check('escalations_level_check', 'level > 0')
@Check('escalations_repeat_check', 'repeat >= 0')
@Check('escalations_role_check', oneOf('role', LEADER_ROLES))
@Check('escalations_cause_check', oneOf('cause', STALL_CAUSES))
@Check('escalations_kind_check', oneOf('kind', ESCALATION_KINDS))
export class EscalationEntity {
  @PrimaryVarchar(128)
  issueId: string;

  @PrimaryVarchar(32)
  taskId: string;

  @PrimaryColumn({ type: 'integer' })
  level: number;

  /** 0 for a climb (or a new stall's notice at the top); n for the n-th repeated notice at the top */
  @PrimaryColumn({ type: 'integer' })
  repeat: number;

  /** the instant the step was taken (the event's time); part of the key, as the top is re-notified in every stall */
  @PrimaryColumn({ name: 'reached_at', type: 'timestamptz' })
  reachedAt: Date;

  @References('escalations', () => IssueEntity, { onDelete: 'CASCADE' })
  issue?: Relation<IssueEntity>;

  /** the department whose task stalled */
  @Varchar(64)
  departmentId: string;

  @Varchar(32)
  role: LeaderRole;

  /** which deadline was missed */
  @Varchar(16)
  cause: StallCause;

  @Varchar(16)
  kind: Exclude<LadderStep['kind'], 'exhausted'>;

  /** when the deadline or the ladder's wait ended (the timer's due instant) */
  @Instant({ nullable: true })
  dueAt: Date | null;

  /** when the workflow processed the timer */
  @Instant()
  firedAt: Date;

  /** the people the step reached (the leaders in that role for the department or project) */
  @Column({ name: 'recipient_ids', type: 'text', array: true, default: () => `'{}'` })
  recipientIds: string[];

  @CreatedAt()
  createdAt: Date;
}
