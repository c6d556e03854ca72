import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
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
  @PrimaryColumn({ name: 'issue_id', type: 'varchar', length: 128 })
  issueId: string;

  @PrimaryColumn({ name: 'task_id', type: 'varchar', length: 32 })
  taskId: string;

  @PrimaryColumn({ type: 'integer' })
  level: number;

  /** 0 for a climb (or a new stall's notice at the top); n for the n-th repeated notice at the top */
  @PrimaryColumn({ type: 'integer' })
  repeat: number;

  /** the instant the step was taken (the event's time); part of the key, as the top is re-notified in every stall */
  @PrimaryColumn({ name: 'reached_at', type: 'timestamptz' })
  reachedAt: Date;

  @ManyToOne(() => IssueEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'issue_id', foreignKeyConstraintName: 'escalations_issue_id_fkey' })
  issue?: Relation<IssueEntity>;

  /** the department whose task stalled */
  @Column({ name: 'department_id', type: 'varchar', length: 64 })
  departmentId: string;

  @Column({ type: 'varchar', length: 32 })
  role: LeaderRole;

  /** which deadline was missed */
  @Column({ type: 'varchar', length: 16 })
  cause: StallCause;

  @Column({ type: 'varchar', length: 16 })
  kind: Exclude<LadderStep['kind'], 'exhausted'>;

  /** when the deadline or the ladder's wait ended (the timer's due instant) */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  /** when the workflow processed the timer */
  @Column({ name: 'fired_at', type: 'timestamptz' })
  firedAt: Date;

  /** the people the step reached (the leaders in that role for the department or project) */
  @Column({ name: 'recipient_ids', type: 'text', array: true, default: () => `'{}'` })
  recipientIds: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
