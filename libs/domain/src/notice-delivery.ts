/**
 * Reaching people where they work (及时传达): the channels a notice goes out on beyond the in-app inbox, the
 * vendors' limits, which notices go out, when quiet hours hold one back, and the delivery policy (attempts,
 * backoff, timeout). Pure; the sending itself is the activities' (activities/src/notice-delivery).
 */
import { MS_PER_MINUTE, MS_PER_SECOND, parseDuration } from './durations';
import type { IssueCategory, RiskLevel } from './issue-categories';
import type { PolicyProblem } from './issue-policy';
import type { InboxTopic } from './notices';
import {
  isWithinWorkingHours,
  shanghaiDateOf,
  workingPeriodsOn,
  addDays,
  type EpochMs,
  type WorkingCalendar,
} from './working-calendar';

/** A group robot (WeCom 企业微信, DingTalk 钉钉, Feishu 飞书), the zone's own systems (signed webhook), or e-mail. */
export const CHANNEL_KINDS = ['wecom', 'dingtalk', 'feishu', 'webhook', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export function isChannelKind(value: unknown): value is ChannelKind {
  return typeof value === 'string' && (CHANNEL_KINDS as readonly string[]).includes(value);
}

/** The kinds whose messages people read in a group chat: they @-mention and they take digests. */
export const ROBOT_KINDS = ['wecom', 'dingtalk', 'feishu'] as const satisfies readonly ChannelKind[];

export interface ChannelLimit {
  /** messages in any 60 seconds */
  perMinute: number;
  /** messages in any second, where the vendor limits that too */
  perSecond?: number;
  /** how long the vendor refuses everything after its limit was passed */
  blockMs?: number;
}

/**
 * The vendors' documented limits per robot: WeCom and DingTalk 20 messages a minute (DingTalk then blocks the robot
 * for 10 minutes), Feishu 100 a minute and 5 a second. The webhook and e-mail limits are the product's own, to stay
 * polite to a zone's systems and its mail server; a channel may set a lower one.
 */
export const CHANNEL_LIMITS: Readonly<Record<ChannelKind, ChannelLimit>> = {
  wecom: { perMinute: 20 },
  dingtalk: { perMinute: 20, blockMs: 10 * MS_PER_MINUTE },
  feishu: { perMinute: 100, perSecond: 5 },
  webhook: { perMinute: 600 },
  email: { perMinute: 60 },
};

/** A channel's limit: the vendor's, with a channel's own lower count a minute (`perMinute`) when it sets one. */
export function channelLimit(kind: ChannelKind, perMinute: number | null): ChannelLimit {
  const vendor = CHANNEL_LIMITS[kind];
  return perMinute === null ? { ...vendor } : { ...vendor, perMinute: Math.min(vendor.perMinute, perMinute) };
}

/**
 * The smallest gap between two messages on a channel with this limit: messages are paced evenly through the
 * minute, so a channel never bursts into its vendor's limit and a backlog waits as one digest instead.
 */
export function pacingMs(limit: ChannelLimit): number {
  const perMinute = MS_PER_MINUTE / limit.perMinute;
  const perSecond = limit.perSecond ? MS_PER_SECOND / limit.perSecond : 0;
  return Math.ceil(Math.max(perMinute, perSecond));
}

/**
 * The notices that go out to channels: what asks someone to act or tells a leader a thing stalled. The rest
 * (progress notes, acknowledgements, closings) stay in the inbox, so a group is not flooded with routine.
 */
export const OUTSIDE_TOPICS = [
  'task_assigned',
  'assist_requested',
  'reminder',
  'deadline_missed',
  'escalated',
  'instruction',
  'dispatch_needed',
  'extension_requested',
  'extension_granted',
  'extension_refused',
  'verification_requested',
  'reopened',
  'statutory_warning',
  'statutory_deadline_missed',
] as const satisfies readonly InboxTopic[];

export function goesOutside(topic: InboxTopic): boolean {
  return (OUTSIDE_TOPICS as readonly string[]).includes(topic);
}

/** Categories whose notices are never held for quiet hours, whatever their risk: site obstruction and petitions. */
export const NEVER_QUIET_CATEGORIES: readonly IssueCategory[] = ['site_obstruction', 'petition'];
/** Risk levels whose notices may be held for quiet hours. */
export const QUIET_RISKS: readonly RiskLevel[] = ['low', 'medium'];

/** Whether a notice about an issue of this category and risk may wait for the next working period. */
export function mayWaitForWorkingHours(category: IssueCategory, risk: RiskLevel): boolean {
  return QUIET_RISKS.includes(risk) && !NEVER_QUIET_CATEGORIES.includes(category);
}

/**
 * When a notice held for quiet hours goes out: `at` itself inside a working period, else the start of the next
 * working period on the zone's calendar (tomorrow's 08:30, or the first day after a holiday).
 */
export function nextWorkingStart(calendar: WorkingCalendar, at: EpochMs): EpochMs {
  if (isWithinWorkingHours(calendar, at)) return at;
  let date = shanghaiDateOf(at);
  for (let day = 0; day < 400; day++, date = addDays(date, 1)) {
    const next = workingPeriodsOn(calendar, date).find((period) => period.start > at);
    if (next) return next.start;
  }
  throw new Error(`no working period within 400 days after ${new Date(at).toISOString()}: check the calendar`);
}

// ================================================================ the delivery policy

export interface DeliveryPolicy {
  /** sends tried per delivery before it is marked failed */
  attempts: number;
  /** the wait after the first failed attempt; it doubles after each one, up to `retryMaxMs` */
  retryInitialMs: number;
  retryMaxMs: number;
  /** how long one send may take before it counts as failed (the vendor may still have taken it) */
  timeoutMs: number;
  /** how long a channel waits after a vendor answered "rate limited" and gave no time of its own */
  rateLimitedWaitMs: number;
  /** at most this many notices in one digest message; more wait for the next message */
  digestMax: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  attempts: 8,
  retryInitialMs: 10 * MS_PER_SECOND,
  retryMaxMs: 10 * MS_PER_MINUTE,
  timeoutMs: 10 * MS_PER_SECOND,
  rateLimitedWaitMs: MS_PER_MINUTE,
  digestMax: 50,
};

/** The wait before attempt `attempt + 1`, after `attempt` failed attempts (1, 2, …). */
export function retryDelayMs(policy: DeliveryPolicy, attempt: number): number {
  return Math.min(policy.retryMaxMs, policy.retryInitialMs * 2 ** Math.max(0, attempt - 1));
}

/** The policy file's `delivery` section as written (durations as ISO-8601 text); see parseDeliveryPolicy. */
export interface DeliveryPolicySettings {
  attempts?: number;
  digestMax?: number;
  retryInitial?: string;
  retryMax?: string;
  timeout?: string;
  rateLimitedWait?: string;
}

/** The delivery policy of a policy document's `delivery` section (the defaults where it says nothing). */
export function deliveryPolicyOf(settings: DeliveryPolicySettings | undefined): DeliveryPolicy {
  const problems: PolicyProblem[] = [];
  const policy = parseDeliveryPolicy(settings, 'delivery', problems);
  if (problems.length > 0)
    throw new Error(`delivery policy is invalid: ${problems.map((p) => `${p.path} ${p.rule}`).join('; ')}`);
  return policy;
}

const DELIVERY_DURATIONS = {
  retryInitial: 'retryInitialMs',
  retryMax: 'retryMaxMs',
  timeout: 'timeoutMs',
  rateLimitedWait: 'rateLimitedWaitMs',
} as const;

/**
 * The policy document's optional `delivery` section: `attempts` and `digestMax` (whole numbers) and ISO-8601
 * durations `retryInitial`, `retryMax`, `timeout`, `rateLimitedWait`. What it leaves out keeps its default.
 */
export function parseDeliveryPolicy(raw: unknown, path: string, problems: PolicyProblem[]): DeliveryPolicy {
  const policy: DeliveryPolicy = { ...DEFAULT_DELIVERY_POLICY };
  if (raw === undefined) return policy;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({ path, rule: 'must be an object (attempts, retryInitial, retryMax, timeout, …)' });
    return policy;
  }
  const section = raw as Record<string, unknown>;
  const known = new Set<string>(['attempts', 'digestMax', ...Object.keys(DELIVERY_DURATIONS)]);
  for (const key of Object.keys(section))
    if (!known.has(key))
      problems.push({ path: `${path}.${key}`, rule: `is not a setting; settings are ${[...known].join(', ')}` });
  for (const key of ['attempts', 'digestMax'] as const) {
    const value = section[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1000)
      problems.push({ path: `${path}.${key}`, rule: 'must be a whole number from 1 to 1000' });
    else policy[key] = value;
  }
  for (const [key, field] of Object.entries(DELIVERY_DURATIONS)) {
    const value = section[key];
    if (value === undefined) continue;
    const parsed = parseDuration(value);
    if (!parsed.ok || parsed.duration.kind !== 'iso' || parsed.duration.totalMs <= 0)
      problems.push({ path: `${path}.${key}`, rule: 'must be a positive ISO-8601 duration, e.g. PT10S' });
    else policy[field] = parsed.duration.totalMs;
  }
  if (policy.retryMaxMs < policy.retryInitialMs)
    problems.push({ path: `${path}.retryMax`, rule: 'must not be shorter than retryInitial' });
  return policy;
}
