/**
 * Routing (派单): rules, kept as data, give an issue a lead department and, for some categories, supporting
 * departments, by category and optionally by project. A rule naming the project wins over the category rule.
 * An issue no rule covers goes to the dispatcher (督查室 / 调度中心), who routes it by hand.
 */
import type { PolicyProblem } from './issue-policy';
import { ISSUE_CATEGORIES, IssueCategory } from './issue-categories';

export interface RoutingRule {
  category: IssueCategory;
  /** a project id; absent = any project */
  project?: string;
  lead: string;
  supporting?: string[];
}

export interface RoutingRules {
  /** the dispatcher's department code */
  dispatcher: string;
  rules: RoutingRule[];
}

export type RouteDecision =
  | { kind: 'assigned'; lead: string; supporting: string[]; rule: number; matchedProject: boolean }
  | { kind: 'to_dispatcher'; dispatcher: string; reason: 'no_rule' };

export const DEPARTMENT_CODE_PATTERN = /^[a-z][a-z0-9_]*$/;

export function isDepartmentCode(value: unknown): value is string {
  return typeof value === 'string' && DEPARTMENT_CODE_PATTERN.test(value);
}

/** Finds the lead and supporting departments for an issue; the dispatcher when no rule applies. */
export function routeIssue(rules: RoutingRules, issue: { category: string; projectId?: string }): RouteDecision {
  let fallback: { rule: RoutingRule; index: number } | undefined;
  for (let index = 0; index < rules.rules.length; index++) {
    const rule = rules.rules[index];
    if (rule.category !== issue.category) continue;
    if (rule.project !== undefined) {
      if (rule.project === issue.projectId) {
        return {
          kind: 'assigned',
          lead: rule.lead,
          supporting: [...(rule.supporting ?? [])],
          rule: index,
          matchedProject: true,
        };
      }
    } else if (!fallback) {
      fallback = { rule, index };
    }
  }
  if (fallback) {
    return {
      kind: 'assigned',
      lead: fallback.rule.lead,
      supporting: [...(fallback.rule.supporting ?? [])],
      rule: fallback.index,
      matchedProject: false,
    };
  }
  return { kind: 'to_dispatcher', dispatcher: rules.dispatcher, reason: 'no_rule' };
}

/** Checks routing rules read from a file; appends one problem per broken rule. */
export function validateRoutingRules(raw: unknown, path: string, problems: PolicyProblem[]): RoutingRules | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({ path, rule: 'must be an object with "dispatcher" and "rules"' });
    return undefined;
  }
  const input = raw as Record<string, unknown>;
  const before = problems.length;
  if (!isDepartmentCode(input.dispatcher)) {
    problems.push({
      path: `${path}.dispatcher`,
      rule: `must be a department code like "dispatch", got ${JSON.stringify(input.dispatcher)}`,
    });
  }
  if (!Array.isArray(input.rules)) {
    problems.push({ path: `${path}.rules`, rule: 'must be a list of routing rules' });
    return undefined;
  }
  const seen = new Set<string>();
  input.rules.forEach((entry: unknown, index: number) => {
    const at = `${path}.rules[${index}]`;
    if (typeof entry !== 'object' || entry === null) {
      problems.push({ path: at, rule: 'must be an object with "category" and "lead"' });
      return;
    }
    const rule = entry as Record<string, unknown>;
    if (!(ISSUE_CATEGORIES as readonly unknown[]).includes(rule.category)) {
      problems.push({
        path: `${at}.category`,
        rule: `must be one of ${ISSUE_CATEGORIES.join(', ')}, got ${JSON.stringify(rule.category)}`,
      });
    }
    if (rule.project !== undefined && (typeof rule.project !== 'string' || rule.project.trim() === '')) {
      problems.push({ path: `${at}.project`, rule: 'must be a project id when present' });
    }
    if (!isDepartmentCode(rule.lead)) {
      problems.push({
        path: `${at}.lead`,
        rule: `must be a department code like "land_office", got ${JSON.stringify(rule.lead)}`,
      });
    } else if (rule.lead === input.dispatcher) {
      problems.push({
        path: `${at}.lead`,
        rule: 'must not be the dispatcher (leave the category without a rule to send it to the dispatcher)',
      });
    }
    if (rule.supporting !== undefined) {
      if (!Array.isArray(rule.supporting)) {
        problems.push({ path: `${at}.supporting`, rule: 'must be a list of department codes' });
      } else {
        const codes = new Set<string>();
        rule.supporting.forEach((code: unknown, i: number) => {
          if (!isDepartmentCode(code))
            problems.push({
              path: `${at}.supporting[${i}]`,
              rule: `must be a department code, got ${JSON.stringify(code)}`,
            });
          else if (code === rule.lead)
            problems.push({ path: `${at}.supporting[${i}]`, rule: 'must not repeat the lead department' });
          else if (codes.has(code)) problems.push({ path: `${at}.supporting[${i}]`, rule: `lists "${code}" twice` });
          else codes.add(code);
        });
      }
    }
    const key = `${String(rule.category)}|${String(rule.project ?? '*')}`;
    if (seen.has(key)) {
      problems.push({
        path: at,
        rule: `duplicates an earlier rule for category ${String(rule.category)}${rule.project ? ` and project ${String(rule.project)}` : ''}`,
      });
    }
    seen.add(key);
  });
  if (problems.length > before) return undefined;
  return {
    dispatcher: input.dispatcher as string,
    rules: (input.rules as RoutingRule[]).map((rule) => ({
      category: rule.category,
      ...(rule.project !== undefined ? { project: rule.project } : {}),
      lead: rule.lead,
      supporting: [...(rule.supporting ?? [])],
    })),
  };
}
