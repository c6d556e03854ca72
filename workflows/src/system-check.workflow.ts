import { proxyActivities, workflowInfo, log } from '@temporalio/workflow';
import type { SystemCheckActivities, SystemCheckInput, SystemCheckResult } from '@unblock/contracts';

const { checkDatabase } = proxyActivities<SystemCheckActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5, initialInterval: '1 second' },
});

/** Goes through the worker and one activity to PostgreSQL and back: proves the whole chain works. */
export async function systemCheckWorkflow(input: SystemCheckInput): Promise<SystemCheckResult> {
  const info = workflowInfo();
  log.info('system check started', { checkId: input.checkId });
  const database = await checkDatabase(input.checkId);
  return {
    checkId: input.checkId,
    requestedBy: input.requestedBy,
    workflowId: info.workflowId,
    taskQueue: info.taskQueue,
    database,
  };
}
