// Every workflow the worker runs. This folder is the determinism boundary: no Node builtins,
// Nest, TypeORM, pg or Temporal client imports (enforced by lint).
export { systemCheckWorkflow } from './system-check.workflow';
export { issueWorkflow } from './issue.workflow';
export { noticeChannelWorkflow } from './notice-channel.workflow';
export { calendarRetimingWorkflow } from './calendar-retiming.workflow';
