/** Input of the system check: a workflow that goes through the worker and one activity to the database and back. */
export interface SystemCheckInput {
  checkId: string;
  requestedBy: string;
}

export interface DatabaseCheckResult {
  serverVersion: string;
  databaseTime: string;
  appliedMigrations: number;
}

export interface SystemCheckResult {
  checkId: string;
  requestedBy: string;
  workflowId: string;
  taskQueue: string;
  database: DatabaseCheckResult;
}

/** The activities the system check calls; implemented in activities/, typed here so workflows need no implementation import. */
export interface SystemCheckActivities {
  checkDatabase(checkId: string): Promise<DatabaseCheckResult>;
}

export const SYSTEM_CHECK_WORKFLOW = 'systemCheckWorkflow';
