import { Injectable } from '@nestjs/common';
import { ACTIVE_TASK_STATUSES } from '@unblock/domain';
import type { DepartmentEntity, ProjectEntity, RawRow } from '@unblock/persistence';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { DatabaseService } from '../infrastructure/database.service';
import { notFound } from '../infrastructure/problems';
import { IssueReadsService } from './issue-reads.service';
import { issueVisibilitySql, overdueTaskSql } from './issue-visibility';
import type { DepartmentListDto, ProjectDetailDto, ProjectDto, ProjectListDto } from './directory.dto';
import { SqlParameters } from './sql-parameters';

/** A project with the names it refers to and its counts of the open issues the caller can see. */
type ProjectRow = RawRow<
  ProjectEntity,
  | 'id'
  | 'name'
  | 'kind'
  | 'status'
  | 'majorIndustrial'
  | 'publiclyCommitted'
  | 'owner'
  | 'location'
  | 'plannedCompletion'
  | 'responsibleLeaderId'
  | 'leadDepartmentId'
> & {
  responsible_leader_name: string | null;
  lead_department_name: string | null;
  open_issues: number;
  escalated_open_issues: number;
};

type DepartmentRow = RawRow<DepartmentEntity, 'id' | 'name' | 'nameEn' | 'kind'> & {
  open_tasks: number;
  overdue_tasks: number;
};

function toProject(row: ProjectRow): ProjectDto {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    status: row.status,
    majorIndustrial: row.major_industrial,
    publiclyCommitted: row.publicly_committed,
    owner: row.owner,
    location: row.location,
    plannedCompletion: row.planned_completion,
    responsibleLeader:
      row.responsible_leader_id === null ? null : { id: row.responsible_leader_id, name: row.responsible_leader_name },
    leadDepartment:
      row.lead_department_id === null ? null : { id: row.lead_department_id, name: row.lead_department_name },
    openIssues: Number(row.open_issues),
    escalatedOpenIssues: Number(row.escalated_open_issues),
  };
}

/** Projects (with the open issues the caller can see) and departments. */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly database: DatabaseService,
    private readonly issues: IssueReadsService,
  ) {}

  private async projects(user: AuthenticatedUser, projectId?: string): Promise<ProjectRow[]> {
    const p = new SqlParameters();
    const visible = issueVisibilitySql(user, p);
    const only = projectId === undefined ? '' : `WHERE pr.id = ${p.add(projectId)}`;
    const countsFilter = projectId === undefined ? '' : `AND i.project_id = ${p.add(projectId)}`;
    return (await (
      await this.database.ensureConnected()
    ).query(
      `SELECT pr.id, pr.name, pr.kind, pr.status, pr.major_industrial, pr.publicly_committed, pr.owner, pr.location,
              to_char(pr.planned_completion, 'YYYY-MM-DD') AS planned_completion, pr.responsible_leader_id, l.name AS responsible_leader_name,
              pr.lead_department_id, d.name AS lead_department_name,
              COALESCE(c.open_issues, 0) AS open_issues, COALESCE(c.escalated_open_issues, 0) AS escalated_open_issues
       FROM projects pr
       LEFT JOIN people l ON l.id = pr.responsible_leader_id
       LEFT JOIN departments d ON d.id = pr.lead_department_id
       LEFT JOIN (
         SELECT i.project_id, count(*)::int AS open_issues, (count(*) FILTER (WHERE i.escalation_level > 0))::int AS escalated_open_issues
         FROM issues i WHERE i.status = 'open' AND ${visible} ${countsFilter}
         GROUP BY i.project_id
       ) c ON c.project_id = pr.id
       ${only}
       ORDER BY pr.id`,
      p.values,
    )) as ProjectRow[];
  }

  async listProjects(user: AuthenticatedUser): Promise<ProjectListDto> {
    return { items: (await this.projects(user)).map(toProject) };
  }

  async project(user: AuthenticatedUser, id: string): Promise<ProjectDetailDto> {
    const [row] = await this.projects(user, id);
    if (!row) throw notFound('project', id);
    const openIssuesPage = await this.issues.list(user, {
      projectId: id,
      status: ['open'],
      sort: 'handleDue',
      limit: 50,
    });
    return { ...toProject(row), openIssuesPage };
  }

  async departments(now = new Date()): Promise<DepartmentListDto> {
    const rows = (await (
      await this.database.ensureConnected()
    ).query(
      `SELECT d.id, d.name, d.name_en, d.kind, COALESCE(c.open_tasks, 0) AS open_tasks, COALESCE(c.overdue_tasks, 0) AS overdue_tasks
       FROM departments d
       LEFT JOIN (
         SELECT t.department_id, count(*)::int AS open_tasks, (count(*) FILTER (WHERE ${overdueTaskSql('t', '$1::timestamptz')}))::int AS overdue_tasks
         FROM issue_tasks t WHERE t.status = ANY($2::text[])
         GROUP BY t.department_id
       ) c ON c.department_id = d.id
       ORDER BY CASE d.kind WHEN 'department' THEN 0 WHEN 'dispatch' THEN 1 ELSE 2 END, d.id`,
      [now.toISOString(), ACTIVE_TASK_STATUSES],
    )) as DepartmentRow[];
    return {
      items: rows.map((r) => ({
        id: r.id,
        name: r.name,
        nameEn: r.name_en,
        kind: r.kind,
        openTasks: Number(r.open_tasks),
        overdueTasks: Number(r.overdue_tasks),
      })),
    };
  }
}
