import { Check, Column, Entity, Index, OneToMany, type Relation, type ValueTransformer } from 'typeorm';
import { Varchar, PrimaryVarchar, Text, Instant, Count, Flag, Json, CreatedAt, UpdatedAt, References } from './columns';
import { ISSUE_CATEGORIES, ISSUE_OUTCOMES, ISSUE_STATUSES, LEADER_ROLES, RISK_LEVELS } from '@unblock/domain';
import { type IssueCategory, type IssueClosure, type IssueState, type IssueStatus } from '@unblock/domain';
import { type LeaderRole, type RiskLevel } from '@unblock/domain';
import { oneOf } from './checks';
import { TaskDeadlines } from './task-deadlines';
import { IssueTaskEntity } from './issue-task.entity';
import { ProjectEntity } from './project.entity';

/** bigint columns read back as numbers: sequence numbers stay far below 2^53. */
export const BIGINT_AS_NUMBER: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/**
 * A blocking issue (问题) as lists and dashboards read it: one row per issue workflow, rewritten from the workflow's
 * state by the applyIssueEffects activity whenever the state's sequence number moves forward. `snapshot` is the
 * full state; the other columns are what lists filter and sort by, the lead task's deadlines (TaskDeadlines) among
 * them. Never written by the API.
 */
@Entity({ name: 'issues' })
@Check('issues_category_check', oneOf('category', ISSUE_CATEGORIES))
@Check('issues_risk_check', oneOf('risk', RISK_LEVELS))
@Check('issues_status_check', oneOf('status', ISSUE_STATUSES))
@Check('issues_outcome_check', oneOf('outcome', ISSUE_OUTCOMES))
@Check('issues_escalation_level_check', 'escalation_level >= 0')
@Check('issues_escalation_role_check', oneOf('escalation_role', LEADER_ROLES))
@Check('issues_satisfaction_check', 'satisfaction BETWEEN 1 AND 5')
@Check('issues_check', '(outcome IS NULL) = (closed_at IS NULL)')
@Index('issues_status_idx', ['status'])
@Index('issues_category_idx', ['category'])
@Index('issues_risk_idx', ['risk'])
@Index('issues_project_idx', ['projectId'])
@Index('issues_lead_department_idx', ['leadDepartmentId'])
@Index('issues_escalation_level_idx', ['escalationLevel'])
@Index('issues_handle_due_idx', ['handleDue'])
@Index('issues_received_at_idx', ['receivedAt'])
@Index('issues_reporter_idx', ['reporterId'])
@Index('issues_received_at_id_idx', ['receivedAt', 'id'])
@Index('issues_escalation_level_id_idx', ['escalationLevel', 'id'])
@Index('issues_status_received_at_idx', ['status', 'receivedAt', 'id'])
@Index('issues_status_escalation_level_idx', ['status', 'escalationLevel', 'id'])
// indices TypeORM cannot describe (expressions, gin, partial): the migrations create them, the schema builder leaves them be
@Index('issues_search_idx', { synchronize: false }) // gin (search_bigrams)
@Index('issues_handle_due_sort_idx', { synchronize: false }) // (COALESCE(handle_due, 'infinity'), id)
@Index('issues_status_handle_due_sort_idx', { synchronize: false }) // (status, COALESCE(handle_due, 'infinity'), id)
@Index('issues_calendar_revision_open_idx', { synchronize: false }) // (calendar_revision) WHERE status IN ('open', 'resolved')
@Index('issues_open_project_idx', { synchronize: false }) // (project_id, escalation_level) INCLUDE (id) WHERE status = 'open'
export class IssueEntity extends TaskDeadlines {
  @PrimaryVarchar(128)
  id: string;

  @Index('issues_workflow_id_key', { unique: true })
  @Varchar(200)
  workflowId: string;

  @Varchar(64)
  projectId: string;

  @References('issues', () => ProjectEntity)
  project?: Relation<ProjectEntity>;

  @Varchar(32)
  category: IssueCategory;

  @Varchar(16)
  risk: RiskLevel;

  @Text()
  title: string;

  @Text()
  description: string;

  @Text({ nullable: true })
  location: string | null;

  /** references to attachments stored elsewhere */
  @Json({ default: () => `'[]'` })
  attachments: string[];

  @Varchar(64)
  reporterId: string;

  @Varchar(16)
  status: IssueStatus;

  /** how the issue ended; null while it is open or resolved */
  @Varchar(16, { nullable: true })
  outcome: IssueClosure['outcome'] | null;

  @Varchar(32)
  leadTaskId: string;

  /** the owner: the lead task's department (the dispatcher's while no one owns the issue) */
  @Varchar(64)
  leadDepartmentId: string;

  /** departments with an open supporting task (协办) */
  @Column({ name: 'supporting_department_ids', type: 'text', array: true, default: () => `'{}'` })
  supportingDepartmentIds: string[];

  /** the ladder level the lead task has reached (0 = never escalated) */
  @Count()
  escalationLevel: number;

  @Varchar(32, { nullable: true })
  escalationRole: LeaderRole | null;

  /** any task of the issue has ever been escalated */
  @Flag({ default: false })
  escalated: boolean;

  /** an open task is stalled now (a deadline passed and the ladder is climbing) */
  @Flag({ default: false })
  stalled: boolean;

  @Varchar(64)
  policyVersion: string;

  /** the working calendar's revision the issue's deadlines were computed on (null: the first, before revisions) */
  @Column({ name: 'calendar_revision', type: 'integer', nullable: true })
  calendarRevision: number | null;

  /** a pending deadline falls in a year the calendar has no arrangement for (counted on weekends only) */
  @Flag({ default: false })
  calendarUnconfirmed: boolean;

  @Instant()
  receivedAt: Date;

  /** the standing resolution's instant; null while none stands (never resolved, or the last one was rejected) */
  @Instant({ nullable: true })
  resolvedAt: Date | null;

  @Instant({ nullable: true })
  closedAt: Date | null;

  /** the reporter's satisfaction (1..5) on confirming */
  @Column({ type: 'smallint', nullable: true })
  satisfaction: number | null;

  /** transfers asked for, carried out or sent to the dispatcher */
  @Count()
  transferCount: number;

  @Count()
  reopenCount: number;

  /** the state's sequence number this row was written from; older states never overwrite newer ones */
  @Column({ type: 'bigint', transformer: BIGINT_AS_NUMBER })
  sequence: number;

  /** the workflow's full state (IssueState) after the last applied reduction */
  @Json()
  snapshot: IssueState;

  /** every two-character piece of title and description, lower-cased: what text search narrows by (see the read-model migration) */
  @Column({
    name: 'search_bigrams',
    type: 'text',
    array: true,
    nullable: true,
    generatedType: 'STORED',
    asExpression: `issue_search_bigrams(((title || ' '::text) || description))`,
    select: false,
    insert: false,
    update: false,
  })
  searchBigrams?: string[] | null;

  @OneToMany(() => IssueTaskEntity, (task) => task.issue)
  tasks?: Relation<IssueTaskEntity[]>;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
