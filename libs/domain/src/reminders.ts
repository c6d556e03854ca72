/**
 * Reminders (催办): points before a deadline at which the owner is reminded, set by policy.
 *
 * A point is written either as a share of the time allowed (`"50%"`, `"80%"`) or as an amount before the
 * deadline (`"PT30M before"`, `"1 working hours before"`). On a working-time policy both count working time.
 */
import { DurationSpec, parseDuration } from './durations';
import { addWorkingTime, EpochMs, subtractWorkingTime, WorkingCalendar, workingTimeBetween } from './working-calendar';
import type { PolicyClock } from './issue-policy';

export type ReminderPoint =
  { kind: 'share'; text: string; share: number } | { kind: 'before'; text: string; duration: DurationSpec };

export type ReminderPointParseResult = { ok: true; point: ReminderPoint } | { ok: false; rule: string };

export const REMINDER_POINT_RULE =
  'must be a share of the time like "50%" or an amount before the deadline like "PT30M before"';

export function parseReminderPoint(text: unknown, clock: PolicyClock): ReminderPointParseResult {
  if (typeof text !== 'string') return { ok: false, rule: `${REMINDER_POINT_RULE}, got ${JSON.stringify(text)}` };
  const trimmed = text.trim();
  const share = /^(\d+(?:\.\d+)?)%$/.exec(trimmed);
  if (share) {
    const percent = Number(share[1]);
    if (!(percent > 0 && percent < 100))
      return { ok: false, rule: `a share must be between 0% and 100% (exclusive), got "${trimmed}"` };
    return { ok: true, point: { kind: 'share', text: trimmed, share: percent / 100 } };
  }
  const before = /^(.+?)\s+before$/.exec(trimmed);
  if (before) {
    const parsed = parseDuration(before[1]);
    if (!parsed.ok) return { ok: false, rule: `${REMINDER_POINT_RULE}; the amount ${parsed.rule}` };
    const duration = parsed.duration;
    if (duration.kind === 'same_day' || duration.kind === 'working_days') {
      return {
        ok: false,
        rule: `an amount before the deadline must be an amount of time (PT30M or "2 working hours"), got "${trimmed}"`,
      };
    }
    if (clock === 'round_the_clock' && duration.kind !== 'iso') {
      return {
        ok: false,
        rule: `a working-time amount needs clock "working"; write an ISO-8601 duration, got "${trimmed}"`,
      };
    }
    if (clock === 'working' && duration.kind === 'iso' && duration.days > 0) {
      return {
        ok: false,
        rule: `days are not allowed under clock "working"; write hours (PT7H) instead, got "${trimmed}"`,
      };
    }
    return { ok: true, point: { kind: 'before', text: trimmed, duration } };
  }
  return { ok: false, rule: `${REMINDER_POINT_RULE}, got "${trimmed}"` };
}

/**
 * The reminder instants for a deadline `due` set at `from`, ascending, without duplicates, strictly between
 * `from` and `due` (a point that has already passed is dropped).
 */
export function computeReminders(
  points: readonly string[],
  clock: PolicyClock,
  calendar: WorkingCalendar,
  from: EpochMs,
  due: EpochMs,
): EpochMs[] {
  if (due <= from) return [];
  const instants = points.map((text) => {
    const parsed = parseReminderPoint(text, clock);
    if (!parsed.ok) throw new Error(`reminder point "${text}": ${parsed.rule}`);
    const point = parsed.point;
    if (point.kind === 'share') {
      if (clock === 'working') {
        return addWorkingTime(calendar, from, Math.round(workingTimeBetween(calendar, from, due) * point.share));
      }
      return from + Math.round((due - from) * point.share);
    }
    const amount =
      point.duration.kind === 'iso'
        ? point.duration.totalMs
        : point.duration.kind === 'working_time'
          ? point.duration.ms
          : 0;
    return clock === 'working' ? subtractWorkingTime(calendar, due, amount) : due - amount;
  });
  return [...new Set(instants.filter((at) => at > from && at < due))].sort((a, b) => a - b);
}
