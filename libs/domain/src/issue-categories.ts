/**
 * The categories of blocking issues named in the zone's work, and the risk levels a reporter or dispatcher
 * assigns. Policies are set per category × risk level.
 */

export const ISSUE_CATEGORIES = [
  'land_acquisition',
  'demolition',
  'permit',
  'petition',
  'site_obstruction',
  'public_opinion',
  'utilities',
  'funding',
  'other',
] as const;
export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export function isIssueCategory(value: unknown): value is IssueCategory {
  return typeof value === 'string' && (ISSUE_CATEGORIES as readonly string[]).includes(value);
}

export function isRiskLevel(value: unknown): value is RiskLevel {
  return typeof value === 'string' && (RISK_LEVELS as readonly string[]).includes(value);
}
