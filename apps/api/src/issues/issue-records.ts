// What the write side reads from the read model (written by the workflow's activity): whether an issue exists,
// who may act on it, and the shape an intake answers with.
import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { IssueAccessFacts } from '../auth/issue-access';
import { DatabaseService } from '../infrastructure/database.service';
import { serviceUnavailable } from './temporal-errors';

export interface IssueFacts extends IssueAccessFacts {
  status: 'open' | 'resolved' | 'closed' | 'withdrawn';
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

const ACTIVE_TASK_STATUSES = ['assigned', 'accepted'];

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
    const [issue] = (await dataSource.query(`SELECT reporter_id, status FROM issues WHERE id = $1`, [issueId])) as Array<{ reporter_id: string; status: IssueFacts['status'] }>;
    if (!issue) return undefined;
    const tasks = (await dataSource.query(`SELECT department_id, status FROM issue_tasks WHERE issue_id = $1`, [issueId])) as Array<{ department_id: string; status: string }>;
    return {
      reporterId: issue.reporter_id,
      status: issue.status,
      activeDepartments: [...new Set(tasks.filter((t) => ACTIVE_TASK_STATUSES.includes(t.status)).map((t) => t.department_id))],
      involvedDepartments: [...new Set(tasks.map((t) => t.department_id))],
    };
  }

  async projectExists(projectId: string): Promise<boolean> {
    const dataSource = await this.dataSource();
    const rows = (await dataSource.query(`SELECT 1 FROM projects WHERE id = $1`, [projectId])) as unknown[];
    return rows.length > 0;
  }

  /** The issue as the read model has it once its workflow registered it. */
  async registered(issueId: string): Promise<RegisteredIssue | undefined> {
    const dataSource = await this.dataSource();
    const [row] = (await dataSource.query(
      `SELECT id, workflow_id, status, lead_department_id, supporting_department_ids, accept_due, handle_due, received_at FROM issues WHERE id = $1`,
      [issueId],
    )) as Array<{
      id: string;
      workflow_id: string;
      status: string;
      lead_department_id: string;
      supporting_department_ids: string[];
      accept_due: Date;
      handle_due: Date | null;
      received_at: Date;
    }>;
    if (!row) return undefined;
    return {
      id: row.id,
      workflowId: row.workflow_id,
      status: row.status,
      leadDepartment: row.lead_department_id,
      supportingDepartments: row.supporting_department_ids ?? [],
      acceptDue: row.accept_due,
      handleDue: row.handle_due,
      receivedAt: row.received_at,
    };
  }
}
