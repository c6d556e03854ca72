// Test support for the domain's rules (Node-only: never imported by product code or workflows).
export * from './issue-simulation';
export * from './policy-fixtures';
