import { Check, Entity, Index, type Relation } from 'typeorm';
import { Varchar, PrimaryVarchar, Instant, Count, Flag, CreatedAt, UpdatedAt, References } from './columns';
import { TASK_ROLES, TASK_STATUSES, type TaskRole, type TaskStatus } from '@unblock/domain';
import { oneOf } from './checks';
import { TaskDeadlines } from './task-deadlines';
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
export class IssueTaskEntity extends TaskDeadlines {
  @PrimaryVarchar(128)
  issueId: string;

  /** `task-1`, `task-2`, … in the order the tasks were created */
  @PrimaryVarchar(32)
  taskId: string;

  @References('issue_tasks', () => IssueEntity, { onDelete: 'CASCADE' }, (issue) => issue.tasks)
  issue?: Relation<IssueEntity>;

  @Varchar(64)
  departmentId: string;

  @Varchar(16)
  role: TaskRole;

  @Varchar(16)
  status: TaskStatus;

  @Instant()
  assignedAt: Date;

  @Instant({ nullable: true })
  acceptedAt: Date | null;

  @Flag({ nullable: true })
  acceptedLate: boolean | null;

  /** when the task was done, transferred, re-routed or closed with the issue */
  @Instant({ nullable: true })
  endedAt: Date | null;

  @Count()
  escalationLevel: number;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
