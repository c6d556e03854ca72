/** The task queue the worker polls unless TEMPORAL_TASK_QUEUE says otherwise. */
export const DEFAULT_TASK_QUEUE = 'unblock-issues';

/** Workflow ids come from business ids, so a second start of the same thing finds the first. */
export function issueWorkflowId(issueId: string): string {
  return `issue:${issueId}`;
}

export function systemCheckWorkflowId(checkId: string): string {
  return `system-check:${checkId}`;
}
