/**
 * Durations as the policies write them.
 *
 * Two families:
 * - ISO-8601 durations: `PT30M`, `PT4H`, `P1D`, `P1DT2H`, `PT2S`, `P2W`. Years and months are refused
 *   (their length varies). Under a round-the-clock policy they are elapsed time; under a working-time
 *   policy the time part counts working time (and a day part is refused, see issue-policy.ts).
 * - Working-time expressions: `same-day`, `N working hours`, `N working minutes`, `N working days`.
 *   They only make sense on the working calendar.
 */

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60 * MS_PER_SECOND;
export const MS_PER_HOUR = 60 * MS_PER_MINUTE;
export const MS_PER_DAY = 24 * MS_PER_HOUR;

/** An ISO-8601 duration: a fixed amount of time. `days` is kept apart so a working-time policy can refuse it. */
export interface IsoDuration {
  kind: 'iso';
  text: string;
  /** whole days (weeks included, 1W = 7D) */
  days: number;
  /** hours, minutes and seconds, in milliseconds */
  timeMs: number;
  /** days and time together, in milliseconds */
  totalMs: number;
}

/** End of the working day of receipt, or of the next working day when received after closing or on a day off. */
export interface SameDayDuration {
  kind: 'same_day';
  text: string;
}

/** An amount of working time (hours or minutes counted only inside working hours). */
export interface WorkingTimeDuration {
  kind: 'working_time';
  text: string;
  ms: number;
}

/** The close of the N-th working day after the day of receipt (the day of receipt is not counted). */
export interface WorkingDaysDuration {
  kind: 'working_days';
  text: string;
  days: number;
}

export type DurationSpec = IsoDuration | SameDayDuration | WorkingTimeDuration | WorkingDaysDuration;

export type DurationParseResult = { ok: true; duration: DurationSpec } | { ok: false; rule: string };

export const DURATION_RULE = 'must be an ISO-8601 duration or a working-time expression';

const ISO_PATTERN = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const WORKING_PATTERN = /^(\d+(?:\.\d+)?)\s+working\s+(hour|hours|minute|minutes|day|days)$/;

/** Reads a policy duration; never throws. */
export function parseDuration(text: unknown): DurationParseResult {
  if (typeof text !== 'string') return { ok: false, rule: `${DURATION_RULE}, got ${describe(text)}` };
  const trimmed = text.trim();
  if (trimmed === 'same-day') return { ok: true, duration: { kind: 'same_day', text: trimmed } };

  const working = WORKING_PATTERN.exec(trimmed);
  if (working) {
    const amount = Number(working[1]);
    const unit = working[2];
    if (!(amount > 0)) return { ok: false, rule: `must be more than zero, got "${trimmed}"` };
    if (unit.startsWith('day')) {
      if (!Number.isInteger(amount))
        return { ok: false, rule: `working days must be a whole number, got "${trimmed}"` };
      return { ok: true, duration: { kind: 'working_days', text: trimmed, days: amount } };
    }
    const ms = unit.startsWith('hour') ? amount * MS_PER_HOUR : amount * MS_PER_MINUTE;
    return { ok: true, duration: { kind: 'working_time', text: trimmed, ms: Math.round(ms) } };
  }

  const iso = ISO_PATTERN.exec(trimmed);
  if (iso && trimmed !== 'P' && !trimmed.endsWith('T')) {
    const [, weeks, days, hours, minutes, seconds] = iso;
    const dayCount = Number(weeks ?? 0) * 7 + Number(days ?? 0);
    const timeMs = Math.round(
      Number(hours ?? 0) * MS_PER_HOUR + Number(minutes ?? 0) * MS_PER_MINUTE + Number(seconds ?? 0) * MS_PER_SECOND,
    );
    const totalMs = dayCount * MS_PER_DAY + timeMs;
    if (totalMs <= 0) return { ok: false, rule: `must be more than zero, got "${trimmed}"` };
    return { ok: true, duration: { kind: 'iso', text: trimmed, days: dayCount, timeMs, totalMs } };
  }
  if (/^P.*[YM].*$/.test(trimmed) && !trimmed.includes('T')) {
    return {
      ok: false,
      rule: `${DURATION_RULE}; years and months are not allowed (their length varies), got "${trimmed}"`,
    };
  }
  return {
    ok: false,
    rule: `${DURATION_RULE} (e.g. PT30M, PT4H, P1D, "same-day", "4 working hours", "2 working days"), got "${trimmed}"`,
  };
}

/** Like parseDuration, for values already validated at policy load; throws if the text is not a duration. */
export function requireDuration(text: string): DurationSpec {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(`duration "${text}": ${parsed.rule}`);
  return parsed.duration;
}

/** True for the expressions that only exist on the working calendar. */
export function isWorkingTimeExpression(duration: DurationSpec): boolean {
  return duration.kind !== 'iso';
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `"${value}"`;
  return `${typeof value} ${JSON.stringify(value)}`;
}
