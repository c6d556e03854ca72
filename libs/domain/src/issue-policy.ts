/**
 * Issue policies: per category × risk level, how fast a task must be accepted and handled, when reminders
 * fire, how the escalation ladder climbs, how many transfers are allowed and how long the reporter has to
 * verify. Plus the working calendar settings, the petition statute and the routing rules. All data, checked
 * at load with errors naming the path and the rule they break.
 *
 * A policy document carries a version; a running issue keeps the resolved policy (and its version) it
 * started with, embedded in its state.
 */
import { parseDuration } from './durations';
import { isLeaderRole, LadderLevelPolicy, LEADER_ROLES, leaderRank, TopRepeatPolicy } from './escalation-ladder';
import { ISSUE_CATEGORIES, IssueCategory, RISK_LEVELS, RiskLevel } from './issue-categories';
import { PetitionStatute, validatePetitionStatute } from './petition-clock';
import { parseReminderPoint } from './reminders';
import { RoutingRules, validateRoutingRules } from './routing';
import { CalendarSettingsError, createWorkingCalendar, WorkingCalendarSettings } from './working-calendar';
import { DeliveryPolicySettings, parseDeliveryPolicy } from './notice-delivery';

export type PolicyClock = 'working' | 'round_the_clock';

/** The policy for one category at one risk level. Durations are kept as written (see durations.ts). */
export interface IssuePolicy {
  /** working time (working calendar) or round the clock (elapsed time) */
  clock: PolicyClock;
  /** accept (签收) within */
  accept: string;
  /** handle (办理) within: "same-day", "N working hours", "N working days" or an ISO-8601 duration */
  handle: string;
  /** deadline given to a department asked to assist (协办); defaults to `handle` */
  assist?: string;
  /** reminder points before each deadline, e.g. ["50%", "80%", "PT30M before"] */
  reminders: string[];
  /** escalation ladder, lowest level first; every level but the top has a wait */
  ladder: LadderLevelPolicy[];
  /** repeated notices at the top level */
  topRepeat: TopRepeatPolicy;
  /** transfers allowed on one issue before the dispatcher must decide */
  transferLimit: number;
  /** how long the reporter has to confirm or reject a resolution */
  verificationWindow: string;
}

export interface IssuePolicyDocument {
  version: string;
  description?: string;
  calendar: WorkingCalendarSettings;
  petitionStatute: PetitionStatute;
  routing: RoutingRules;
  policies: Record<IssueCategory, Record<RiskLevel, IssuePolicy>>;
  /** how notices are delivered to channels beyond the inbox (attempts, backoff, timeout), as written; see deliveryPolicyOf */
  delivery?: DeliveryPolicySettings;
}

/** What a running issue keeps of the policy document it started with. */
export interface ResolvedIssuePolicy {
  version: string;
  category: IssueCategory;
  risk: RiskLevel;
  policy: IssuePolicy;
  /** the dispatcher's department code */
  dispatcher: string;
  /** present for petitions: the statutory clock runs beside the internal one */
  petitionStatute?: PetitionStatute;
}

export interface PolicyProblem {
  path: string;
  rule: string;
}

export class PolicyValidationError extends Error {
  constructor(
    public readonly problems: PolicyProblem[],
    source = 'issue policy',
  ) {
    super(`${source} is invalid:\n${problems.map((p) => `  ${p.path}: ${p.rule}`).join('\n')}`);
    this.name = 'PolicyValidationError';
  }
}

/** Categories whose issues run the petition statute beside the internal clock. */
export const STATUTORY_CATEGORIES: readonly IssueCategory[] = ['petition'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks one duration field against the policy's clock. */
function checkDuration(
  value: unknown,
  clock: PolicyClock | undefined,
  path: string,
  problems: PolicyProblem[],
  allowDayRules = true,
): void {
  const parsed = parseDuration(value);
  if (!parsed.ok) {
    problems.push({ path, rule: parsed.rule });
    return;
  }
  const duration = parsed.duration;
  if (clock === 'round_the_clock' && duration.kind !== 'iso') {
    problems.push({
      path,
      rule: `"${duration.text}" is a working-time expression; clock "round_the_clock" needs an ISO-8601 duration like PT4H`,
    });
  }
  if (clock === 'working' && duration.kind === 'iso' && duration.days > 0) {
    problems.push({
      path,
      rule: `"${duration.text}" counts days; under clock "working" write "N working days" (or hours, PT7H)`,
    });
  }
  if (!allowDayRules && (duration.kind === 'same_day' || duration.kind === 'working_days')) {
    problems.push({ path, rule: `must be an amount of time (PT2H or "4 working hours"), not "${duration.text}"` });
  }
}

/** Checks one category × risk policy; appends problems. */
export function validateIssuePolicy(raw: unknown, path: string, problems: PolicyProblem[]): IssuePolicy | undefined {
  if (!isObject(raw)) {
    problems.push({
      path,
      rule: 'must be an object with clock, accept, handle, reminders, ladder, topRepeat, transferLimit, verificationWindow',
    });
    return undefined;
  }
  const before = problems.length;
  const clock = raw.clock === 'working' || raw.clock === 'round_the_clock' ? raw.clock : undefined;
  if (!clock)
    problems.push({
      path: `${path}.clock`,
      rule: `must be "working" or "round_the_clock", got ${JSON.stringify(raw.clock)}`,
    });

  checkDuration(raw.accept, clock, `${path}.accept`, problems);
  checkDuration(raw.handle, clock, `${path}.handle`, problems);
  if (raw.assist !== undefined) checkDuration(raw.assist, clock, `${path}.assist`, problems);
  checkDuration(raw.verificationWindow, clock, `${path}.verificationWindow`, problems);

  if (!Array.isArray(raw.reminders)) {
    problems.push({
      path: `${path}.reminders`,
      rule: 'must be a list of reminder points like ["50%", "80%", "PT30M before"] (may be empty)',
    });
  } else if (clock) {
    raw.reminders.forEach((point: unknown, i: number) => {
      const parsed = parseReminderPoint(point, clock);
      if (!parsed.ok) problems.push({ path: `${path}.reminders[${i}]`, rule: parsed.rule });
    });
  }

  if (!Array.isArray(raw.ladder) || raw.ladder.length === 0) {
    problems.push({ path: `${path}.ladder`, rule: `must list at least one level (roles: ${LEADER_ROLES.join(', ')})` });
  } else {
    const ladder = raw.ladder as unknown[];
    ladder.forEach((level: unknown, i: number) => {
      const at = `${path}.ladder[${i}]`;
      if (!isObject(level)) {
        problems.push({ path: at, rule: 'must be an object with role and wait' });
        return;
      }
      if (!isLeaderRole(level.role)) {
        problems.push({
          path: `${at}.role`,
          rule: `must be one of ${LEADER_ROLES.join(', ')}, got ${JSON.stringify(level.role)}`,
        });
      } else if (i > 0) {
        const previous = (ladder[i - 1] as Record<string, unknown> | undefined)?.role;
        if (isLeaderRole(previous) && leaderRank(level.role) <= leaderRank(previous)) {
          problems.push({
            path: `${at}.role`,
            rule: `must be above the previous level ${previous} (the ladder only climbs)`,
          });
        }
      }
      const isTop = i === ladder.length - 1;
      if (isTop) {
        if (level.wait !== undefined) {
          problems.push({
            path: `${at}.wait`,
            rule: 'the top level has no wait: it repeats its notice at topRepeat.interval',
          });
        }
      } else if (level.wait === undefined) {
        problems.push({
          path: `${at}.wait`,
          rule: 'must say how long this level has before the issue climbs (an ISO-8601 duration or a working-time expression)',
        });
      } else {
        checkDuration(level.wait, clock, `${at}.wait`, problems, false);
      }
    });
  }

  if (!isObject(raw.topRepeat)) {
    problems.push({ path: `${path}.topRepeat`, rule: 'must be an object with interval and count' });
  } else {
    checkDuration(raw.topRepeat.interval, clock, `${path}.topRepeat.interval`, problems, false);
    if (
      !Number.isInteger(raw.topRepeat.count) ||
      (raw.topRepeat.count as number) < 0 ||
      (raw.topRepeat.count as number) > 100
    ) {
      problems.push({
        path: `${path}.topRepeat.count`,
        rule: `must be a whole number from 0 to 100 (the repeats are bounded), got ${JSON.stringify(raw.topRepeat.count)}`,
      });
    }
  }
  if (!Number.isInteger(raw.transferLimit) || (raw.transferLimit as number) < 0) {
    problems.push({
      path: `${path}.transferLimit`,
      rule: `must be a whole number ≥ 0, got ${JSON.stringify(raw.transferLimit)}`,
    });
  }
  const known = new Set([
    'clock',
    'accept',
    'handle',
    'assist',
    'reminders',
    'ladder',
    'topRepeat',
    'transferLimit',
    'verificationWindow',
    'note',
  ]);
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) problems.push({ path: `${path}.${key}`, rule: 'is not a policy setting (misspelt?)' });
  }
  if (problems.length > before) return undefined;
  const topRepeat = raw.topRepeat as unknown as TopRepeatPolicy;
  return {
    clock: clock as PolicyClock,
    accept: raw.accept as string,
    handle: raw.handle as string,
    ...(raw.assist !== undefined ? { assist: raw.assist as string } : {}),
    reminders: [...(raw.reminders as string[])],
    ladder: (raw.ladder as LadderLevelPolicy[]).map((level) =>
      level.wait === undefined ? { role: level.role } : { role: level.role, wait: level.wait },
    ),
    topRepeat: { interval: topRepeat.interval, count: topRepeat.count },
    transferLimit: raw.transferLimit as number,
    verificationWindow: raw.verificationWindow as string,
  };
}

/**
 * Validates a whole policy document (already parsed from JSON or YAML). Throws PolicyValidationError listing
 * every problem with its path and rule.
 */
export function parseIssuePolicyDocument(raw: unknown, source = 'issue policy'): IssuePolicyDocument {
  const problems: PolicyProblem[] = [];
  if (!isObject(raw)) throw new PolicyValidationError([{ path: '(document)', rule: 'must be an object' }], source);

  if (typeof raw.version !== 'string' || raw.version.trim() === '') {
    problems.push({ path: 'version', rule: 'must be a non-empty string naming this version of the policies' });
  }
  let calendar: WorkingCalendarSettings = {};
  if (raw.calendar !== undefined) {
    if (!isObject(raw.calendar))
      problems.push({ path: 'calendar', rule: 'must be an object with workingHours and overrides' });
    else {
      try {
        createWorkingCalendar(raw.calendar as WorkingCalendarSettings, 'calendar');
        calendar = raw.calendar as WorkingCalendarSettings;
      } catch (error) {
        if (error instanceof CalendarSettingsError) problems.push({ path: error.path, rule: error.rule });
        else throw error;
      }
    }
  }
  const petitionStatute = validatePetitionStatute(raw.petitionStatute, 'petitionStatute', problems);
  const routing = validateRoutingRules(raw.routing, 'routing', problems);
  parseDeliveryPolicy(raw.delivery, 'delivery', problems);

  const policies = {} as Record<IssueCategory, Record<RiskLevel, IssuePolicy>>;
  if (!isObject(raw.policies)) {
    problems.push({ path: 'policies', rule: `must be an object keyed by category (${ISSUE_CATEGORIES.join(', ')})` });
  } else {
    for (const key of Object.keys(raw.policies)) {
      if (!(ISSUE_CATEGORIES as readonly string[]).includes(key)) {
        problems.push({
          path: `policies.${key}`,
          rule: `is not a category; categories are ${ISSUE_CATEGORIES.join(', ')}`,
        });
      }
    }
    for (const category of ISSUE_CATEGORIES) {
      const byRisk = raw.policies[category];
      if (!isObject(byRisk)) {
        problems.push({
          path: `policies.${category}`,
          rule: `is missing; every category needs a policy for each risk level (${RISK_LEVELS.join(', ')})`,
        });
        continue;
      }
      for (const key of Object.keys(byRisk)) {
        if (!(RISK_LEVELS as readonly string[]).includes(key)) {
          problems.push({
            path: `policies.${category}.${key}`,
            rule: `is not a risk level; risk levels are ${RISK_LEVELS.join(', ')}`,
          });
        }
      }
      const entries = {} as Record<RiskLevel, IssuePolicy>;
      for (const risk of RISK_LEVELS) {
        if (byRisk[risk] === undefined) {
          problems.push({
            path: `policies.${category}.${risk}`,
            rule: 'is missing; every category × risk level needs a policy',
          });
          continue;
        }
        const policy = validateIssuePolicy(byRisk[risk], `policies.${category}.${risk}`, problems);
        if (policy) entries[risk] = policy;
      }
      policies[category] = entries;
    }
  }
  if (problems.length > 0 || !petitionStatute || !routing) throw new PolicyValidationError(problems, source);
  return {
    version: raw.version as string,
    ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
    calendar,
    petitionStatute,
    routing,
    policies,
    ...(raw.delivery !== undefined ? { delivery: raw.delivery as DeliveryPolicySettings } : {}),
  };
}

/** The policy a new issue of this category and risk level runs with, to be kept in its state. */
export function resolveIssuePolicy(
  document: IssuePolicyDocument,
  category: IssueCategory,
  risk: RiskLevel,
): ResolvedIssuePolicy {
  const policy = document.policies[category]?.[risk];
  if (!policy) throw new Error(`no policy for ${category} at risk ${risk} in version ${document.version}`);
  return {
    version: document.version,
    category,
    risk,
    policy,
    dispatcher: document.routing.dispatcher,
    ...(STATUTORY_CATEGORIES.includes(category) ? { petitionStatute: document.petitionStatute } : {}),
  };
}
