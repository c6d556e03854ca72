// What the write side reads from the read model (written by the workflow's activity): whether an issue exists,
// who may act on it, and the shape an intake answers with.
import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { isActiveTask, type IssueStatus } from '@unblock/domain';
import { IssueEntity, IssueTaskEntity, ProjectEntity } from '@unblock/persistence';
import type { IssueAccessFacts } from '../auth/issue-access';
import { DatabaseService } from '../infrastructure/database.service';
import { serviceUnavailable } from './temporal-errors';

export interface IssueFacts extends IssueAccessFacts {
  status: IssueStatus;
}

export interface RegisteredIssue {
  id: string;
  workflowId: string;
  status: string;
  leadDepartment: string;
  supportingDepartments: string[];
  acceptDue: Date;
  handleDue: Date | null;
  receivedAt: Date;
}

@Injectable()
export class IssueRecords {
  constructor(private readonly database: DatabaseService) {}

  /** The database, or a 503 when it cannot be reached. */
  async dataSource(): Promise<DataSource> {
    try {
      return await this.database.ensureConnected();
    } catch {
      throw serviceUnavailable('The database is unavailable; retry shortly.');
    }
  }

  /** Access facts of an issue from the read model, or undefined when there is no such issue. */
  async facts(issueId: string): Promise<IssueFacts | undefined> {
    const dataSource = await this.dataSource();
    const issue = await dataSource
      .getRepository(IssueEntity)
      .findOne({ select: { reporterId: true, status: true, projectId: true }, where: { id: issueId } });
    if (!issue) return undefined;
    const [tasks, projectLeaderId] = await Promise.all([
      dataSource
        .getRepository(IssueTaskEntity)
        .find({ select: { departmentId: true, status: true }, where: { issueId } }),
      this.projectLeader(issue.projectId),
    ]);
    return {
      reporterId: issue.reporterId,
      status: issue.status,
      activeDepartments: [...new Set(tasks.filter(isActiveTask).map((t) => t.departmentId))],
      involvedDepartments: [...new Set(tasks.map((t) => t.departmentId))],
      projectLeaderId,
    };
  }

  /**
   * The responsible leader on the ladder of the project's issues: the active leader the project names
   * (`projects.responsible_leader_id`), or null when it names none or that leader is no longer active.
   */
  async projectLeader(projectId: string): Promise<string | null> {
    const dataSource = await this.dataSource();
    const leader = await dataSource
      .getRepository(ProjectEntity)
      .createQueryBuilder('pr')
      .innerJoin('pr.responsibleLeader', 'leader')
      .select('leader.id', 'id')
      .where('pr.id = :projectId', { projectId })
      .andWhere('leader.active')
      .getRawOne<{ id: string }>();
    return leader?.id ?? null;
  }

  async projectExists(projectId: string): Promise<boolean> {
    const dataSource = await this.dataSource();
    return dataSource.getRepository(ProjectEntity).existsBy({ id: projectId });
  }

  /** The issue as the read model has it once its workflow registered it. */
  async registered(issueId: string): Promise<RegisteredIssue | undefined> {
    const dataSource = await this.dataSource();
    const row = await dataSource.getRepository(IssueEntity).findOne({
      select: {
        id: true,
        workflowId: true,
        status: true,
        leadDepartmentId: true,
        supportingDepartmentIds: true,
        acceptDue: true,
        handleDue: true,
        receivedAt: true,
      },
      where: { id: issueId },
    });
    if (!row) return undefined;
    return {
      id: row.id,
      workflowId: row.workflowId,
      status: row.status,
      leadDepartment: row.leadDepartmentId,
      supportingDepartments: row.supportingDepartmentIds ?? [],
      acceptDue: row.acceptDue,
      handleDue: row.handleDue,
      receivedAt: row.receivedAt,
    };
  }
}
