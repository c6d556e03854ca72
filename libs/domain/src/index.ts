/**
 * Unblock domain library: the pure rules of a blocking issue (calendar, deadlines, policies, routing, ladder,
 * transfers, the rules and their reducer in ./issue, the petition clock). Safe to import from Temporal workflow code:
 * nothing here touches Node builtins. The policy FILE loader lives in `./policy-file` (node:fs) and is
 * imported directly by activities and the API, not through this index.
 */
export * from './durations';
export * from './working-calendar';
export * from './calendar-arrangement';
export * from './calendar-retiming';
export * from './calendar-notice';
export * from './issue-categories';
export * from './issue-policy';
export * from './reminders';
export * from './deadlines';
export * from './routing';
export * from './escalation-ladder';
export * from './transfer-rules';
export * from './petition-clock';
export * from './issue';
export * from './issue-intake';
export * from './vocabulary';
export * from './instants';
export * from './notices';
export * from './notice-delivery';
export * from './notice-text';
export * from './text';
