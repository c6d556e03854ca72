/**
 * The issue as it stands registered (受理): its status, the lead department and the supporting ones with an
 * active task, and the lead task's first deadlines; and the departments on it. Read from the state alone: the
 * workflow answers intake with it before the read model is written.
 */
import { isActiveTask } from '../vocabulary';
import type { EpochMs } from '../working-calendar';
import type { IssueState } from './state';

export interface RegisteredIssueFacts {
  status: IssueState['status'];
  leadDepartment: string;
  supportingDepartments: string[];
  acceptDue: EpochMs;
  handleDue?: EpochMs;
  receivedAt: EpochMs;
}

export function registeredIssue(state: IssueState): RegisteredIssueFacts {
  const lead = state.tasks[state.leadTaskId];
  const supporting = Object.values(state.tasks).filter((task) => task.role === 'supporting' && isActiveTask(task));
  return {
    status: state.status,
    leadDepartment: lead.department,
    supportingDepartments: [...new Set(supporting.map((task) => task.department))],
    acceptDue: lead.accept.due,
    ...(lead.handle ? { handleDue: lead.handle.due } : {}),
    receivedAt: state.receivedAt,
  };
}

/** The departments with an active task on the issue now, and every department that ever had a task on it. */
export function issueDepartments(state: IssueState): { active: string[]; involved: string[] } {
  const tasks = Object.values(state.tasks);
  return {
    active: [...new Set(tasks.filter(isActiveTask).map((task) => task.department))],
    involved: [...new Set(tasks.map((task) => task.department))],
  };
}
