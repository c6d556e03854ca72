/**
 * One blocking issue's rules, one file per rule (see docs/rules.md): intake, accept, progress, transfer (and the
 * dispatcher's route), assist, extension, instruction, resolution (resolve, verify, reopen), withdraw, petition
 * (the statutory clock), escalation, reminder, timers; the reducer that runs them (reduce), the validator
 * (validate) and the clocks they need (clocks).
 */
export * from './state';
export * from './events';
export { reduceIssue, type IssueMessageType } from './reduce';
export { validateIssueMessage } from './validate';
export { clocksNeeded, withClocks, type ClockRequest } from './clocks';
export type { StatutoryExtensionRequest } from './reduction';
export { readTimerKey, timerKeyId, type StatutoryDeadlineName, type TimerKey, type TimerScope } from './timer-keys';
export * from './selectors';
export { issueDepartments, registeredIssue, supportingDepartments, type RegisteredIssueFacts } from './registration';
