/**
 * The issue as it stands registered (受理): its status, the lead department and the supporting ones, and the lead
 * task's first deadlines; and the departments on it. Read from the state alone: the workflow answers intake with it
 * before the read model is written, and the read model's row is written from the same functions.
 */
import { isActiveTask } from '../vocabulary';
import type { EpochMs } from '../working-calendar';
import type { IssueState, TaskRole } from './state';

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
  return {
    status: state.status,
    leadDepartment: lead.department,
    supportingDepartments: supportingDepartments(state),
    acceptDue: lead.accept.due,
    ...(lead.handle ? { handleDue: lead.handle.due } : {}),
    receivedAt: state.receivedAt,
  };
}

/**
 * The departments that support the issue (协办): every department asked to assist it (by routing at intake, by the
 * lead's request, by the dispatcher), in the order they came on the issue, whether its task still runs, is done, or was
 * closed with the issue: they are still shown once the lead resolves, and each one's task says how it stands. A
 * department that was asked to assist and then became the owner (a transfer, the dispatcher's routing) supports the
 * issue no more, whatever happens to the lead afterwards: its last task on the issue is a lead task.
 */
export function supportingDepartments(state: IssueState): string[] {
  const lastRole = new Map<string, TaskRole>();
  // tasks in the order they were given (they are never removed); a department keeps its place, its last role counts
  for (const task of Object.values(state.tasks)) lastRole.set(task.department, task.role);
  return [...lastRole].filter(([, role]) => role === 'supporting').map(([department]) => department);
}

/** The departments with an active task on the issue now, and every department that ever had a task on it. */
export function issueDepartments(state: IssueState): { active: string[]; involved: string[] } {
  const tasks = Object.values(state.tasks);
  return {
    active: [...new Set(tasks.filter(isActiveTask).map((task) => task.department))],
    involved: [...new Set(tasks.map((task) => task.department))],
  };
}
