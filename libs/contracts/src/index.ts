export * from './task-queues';
export * from './system-check';
export * from './issue-workflow';
export * from './issue-actions';
export * from './issue-changes';
export * from './notice-channels';
export * from './inbox-reads';
export * from './calendar';
