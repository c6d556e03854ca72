import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UpdateDateColumn, type Relation } from 'typeorm';
import { TASK_ROLES, TASK_STATUSES, type TaskRole, type TaskStatus } from '@unblock/domain';
import { oneOf } from './checks';
import { IssueEntity } from './issue.entity';

/** One department's task on an issue: the lead's, or a supporting department's (协办). Rewritten with its issue. */
@Entity({ name: 'issue_tasks' })
@Index('issue_tasks_department_status_idx', ['departmentId', 'status'])
@Index('issue_tasks_department_issue_idx', ['departmentId', 'issueId'])
@Index('issue_tasks_department_open_due_idx', { synchronize: false }) // a department's active tasks by their next deadline
@Index('issue_tasks_active_idx', { synchronize: false }) // a department's active tasks with their deadlines
@Index('issue_tasks_department_ended_idx', { synchronize: false }) // a department's ended tasks, latest first
@Check('issue_tasks_role_check', oneOf('role', TASK_ROLES))
@Check('issue_tasks_status_check', oneOf('status', TASK_STATUSES))
@Check('issue_tasks_escalation_level_check', 'escalation_level >= 0')
export class IssueTaskEntity {
  @PrimaryColumn({ name: 'issue_id', type: 'varchar', length: 128 })
  issueId: string;

  /** `task-1`, `task-2`, … in the order the tasks were created */
  @PrimaryColumn({ name: 'task_id', type: 'varchar', length: 32 })
  taskId: string;

  @ManyToOne(() => IssueEntity, (issue) => issue.tasks, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'issue_id', foreignKeyConstraintName: 'issue_tasks_issue_id_fkey' })
  issue?: Relation<IssueEntity>;

  @Column({ name: 'department_id', type: 'varchar', length: 64 })
  departmentId: string;

  @Column({ type: 'varchar', length: 16 })
  role: TaskRole;

  @Column({ type: 'varchar', length: 16 })
  status: TaskStatus;

  @Column({ name: 'assigned_at', type: 'timestamptz' })
  assignedAt: Date;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ name: 'accepted_late', type: 'boolean', nullable: true })
  acceptedLate: boolean | null;

  @Column({ name: 'accept_due', type: 'timestamptz' })
  acceptDue: Date;

  @Column({ name: 'handle_due', type: 'timestamptz', nullable: true })
  handleDue: Date | null;

  @Column({ name: 'handle_due_original', type: 'timestamptz', nullable: true })
  handleDueOriginal: Date | null;

  /** when the task was done, transferred, re-routed or closed with the issue */
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'escalation_level', type: 'integer', default: 0 })
  escalationLevel: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
