/**
 * The zone's working calendar: Asia/Shanghai wall clock, working hours, official public holidays and
 * make-up working days (调休) from the `chinese-days` data, plus an override list that wins over it
 * (for a year the data does not know yet, or a local decision).
 *
 * Every function takes and returns absolute instants (UTC epoch milliseconds). The machine's local
 * time zone is never used: Shanghai wall-clock arithmetic is done with one fixed offset.
 */
import chineseDaysData from 'chinese-days/dist/chinese-days.json';

/** Asia/Shanghai is UTC+08:00 all year (no daylight saving since 1991). The only time-zone fact we use. */
export const SHANGHAI_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;
export const SHANGHAI_UTC_OFFSET = '+08:00';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
/** How far the calendar walks looking for a working day or working time before declaring the calendar broken. */
const MAX_DAYS_SEARCHED = 3 * 366;

/** UTC epoch milliseconds. */
export type EpochMs = number;
/** A Shanghai calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

export interface WorkingPeriodSetting {
  /** `HH:MM`, Shanghai wall clock */
  start: string;
  /** `HH:MM`, Shanghai wall clock; `24:00` allowed */
  end: string;
}

export interface CalendarOverride {
  date: LocalDate;
  kind: 'holiday' | 'workday';
  name?: string;
}

export interface WorkingCalendarSettings {
  workingHours?: WorkingPeriodSetting[];
  overrides?: CalendarOverride[];
}

export const DEFAULT_WORKING_HOURS: readonly WorkingPeriodSetting[] = [
  { start: '08:30', end: '12:00' },
  { start: '14:00', end: '17:30' },
];

/** A built calendar: plain data, so it can be passed around and rebuilt from its settings. */
export interface WorkingCalendar {
  /** working periods in minutes after Shanghai midnight, ascending and disjoint */
  periods: ReadonlyArray<{ startMinute: number; endMinute: number }>;
  overrides: Readonly<Record<LocalDate, CalendarOverride>>;
  /**
   * The zone's managed arrangement at one revision (./calendar-arrangement): when present, it replaces the
   * built-in official data, and a year it has no arrangement for counts weekends only.
   */
  arrangement?: {
    revision: number;
    days: Readonly<Record<LocalDate, { kind: 'holiday' | 'workday'; name: string; source: string }>>;
    years: readonly number[];
  };
}

export type DayKind =
  'workday' | 'make_up_workday' | 'weekend' | 'public_holiday' | 'override_workday' | 'override_holiday';

export interface DayDescription {
  date: LocalDate;
  working: boolean;
  kind: DayKind;
  /** holiday or override name when there is one */
  name?: string;
}

export class CalendarSettingsError extends Error {
  constructor(
    public readonly path: string,
    public readonly rule: string,
  ) {
    super(`${path}: ${rule}`);
    this.name = 'CalendarSettingsError';
  }
}

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const officialDays = chineseDaysData as unknown as ChineseDaysData;
const officialYears: ReadonlySet<number> = new Set(
  [...Object.keys(officialDays.holidays), ...Object.keys(officialDays.workdays)].map((date) =>
    Number(date.slice(0, 4)),
  ),
);

/** Years for which the `chinese-days` data knows the official holidays and make-up working days. */
export function officialCalendarYears(): number[] {
  return [...officialYears].sort((a, b) => a - b);
}

const TIME_PATTERN = /^([01]\d|2[0-4]):([0-5]\d)$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseClockTime(text: unknown, path: string): number {
  const match = typeof text === 'string' ? TIME_PATTERN.exec(text) : null;
  if (!match) throw new CalendarSettingsError(path, `must be a time HH:MM, got ${JSON.stringify(text)}`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (minutes > 24 * 60) throw new CalendarSettingsError(path, `must not be later than 24:00, got "${text}"`);
  return minutes;
}

export function isValidLocalDate(text: unknown): text is LocalDate {
  if (typeof text !== 'string') return false;
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/** Builds a calendar from settings; throws CalendarSettingsError naming the setting and the rule. */
export function createWorkingCalendar(
  settings: WorkingCalendarSettings = {},
  pathPrefix = 'calendar',
): WorkingCalendar {
  const hours = settings.workingHours ?? DEFAULT_WORKING_HOURS;
  if (!Array.isArray(hours) || hours.length === 0) {
    throw new CalendarSettingsError(`${pathPrefix}.workingHours`, 'must list at least one working period');
  }
  const periods = hours.map((period, index) => {
    const path = `${pathPrefix}.workingHours[${index}]`;
    const startMinute = parseClockTime(period?.start, `${path}.start`);
    const endMinute = parseClockTime(period?.end, `${path}.end`);
    if (endMinute <= startMinute) throw new CalendarSettingsError(`${path}.end`, `must be after start ${period.start}`);
    return { startMinute, endMinute };
  });
  for (let i = 1; i < periods.length; i++) {
    if (periods[i].startMinute < periods[i - 1].endMinute) {
      throw new CalendarSettingsError(
        `${pathPrefix}.workingHours[${i}].start`,
        'must not be earlier than the end of the previous period (periods are in order and do not overlap)',
      );
    }
  }
  const overrides: Record<LocalDate, CalendarOverride> = {};
  (settings.overrides ?? []).forEach((override, index) => {
    const path = `${pathPrefix}.overrides[${index}]`;
    if (!isValidLocalDate(override?.date)) {
      throw new CalendarSettingsError(
        `${path}.date`,
        `must be a date YYYY-MM-DD, got ${JSON.stringify(override?.date)}`,
      );
    }
    if (override.kind !== 'holiday' && override.kind !== 'workday') {
      throw new CalendarSettingsError(
        `${path}.kind`,
        `must be "holiday" or "workday", got ${JSON.stringify(override.kind)}`,
      );
    }
    if (overrides[override.date]) throw new CalendarSettingsError(`${path}.date`, `${override.date} is listed twice`);
    overrides[override.date] = { ...override };
  });
  return { periods, overrides };
}

// ---------------------------------------------------------------- Shanghai wall clock

/** The Shanghai calendar date of an instant. */
export function shanghaiDateOf(instant: EpochMs): LocalDate {
  return new Date(instant + SHANGHAI_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** Minutes after Shanghai midnight of an instant (fractional when not on a whole minute). */
export function shanghaiMinuteOfDay(instant: EpochMs): number {
  const local = instant + SHANGHAI_UTC_OFFSET_MS;
  return (((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_MINUTE;
}

/** The instant at `minute` minutes after Shanghai midnight of `date`. */
export function shanghaiInstant(date: LocalDate, minute = 0): EpochMs {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new Error(`not a date YYYY-MM-DD: "${date}"`);
  return (
    Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) + minute * MS_PER_MINUTE - SHANGHAI_UTC_OFFSET_MS
  );
}

/** Reads a Shanghai wall-clock time `YYYY-MM-DD HH:MM[:SS]` (or with a `T`) as an instant. */
export function shanghaiTime(text: string): EpochMs {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!match) throw new Error(`not a Shanghai wall-clock time "YYYY-MM-DD HH:MM": "${text}"`);
  return shanghaiInstant(match[1], Number(match[2]) * 60 + Number(match[3]) + Number(match[4] ?? 0) / 60);
}

/** Formats an instant as Shanghai wall clock, `YYYY-MM-DD HH:MM` (with `:SS` when seconds are not zero). */
export function formatShanghai(instant: EpochMs): string {
  const iso = new Date(instant + SHANGHAI_UTC_OFFSET_MS).toISOString();
  const seconds = iso.slice(17, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds === '00' ? '' : `:${seconds}`}`;
}

/** Formats an instant as ISO-8601 with the Shanghai offset, e.g. `2025-09-30T17:30:00+08:00`. */
export function toShanghaiIso(instant: EpochMs): string {
  return `${new Date(instant + SHANGHAI_UTC_OFFSET_MS).toISOString().slice(0, 19)}${SHANGHAI_UTC_OFFSET}`;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return shanghaiDateOf(shanghaiInstant(date) + days * MS_PER_DAY);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(shanghaiInstant(date) + SHANGHAI_UTC_OFFSET_MS).getUTCDay();
}

// ---------------------------------------------------------------- working days

export function describeDay(calendar: WorkingCalendar, date: LocalDate): DayDescription {
  const override = calendar.overrides[date];
  if (override) {
    return {
      date,
      working: override.kind === 'workday',
      kind: override.kind === 'workday' ? 'override_workday' : 'override_holiday',
      name: override.name,
    };
  }
  if (calendar.arrangement) {
    const arranged = calendar.arrangement.days[date];
    if (arranged) {
      const local = arranged.source === 'policy' || arranged.source === 'zone';
      if (arranged.kind === 'workday')
        return { date, working: true, kind: local ? 'override_workday' : 'make_up_workday', name: arranged.name };
      return { date, working: false, kind: local ? 'override_holiday' : 'public_holiday', name: arranged.name };
    }
    const weekday = weekdayOf(date);
    if (weekday === 0 || weekday === 6) return { date, working: false, kind: 'weekend' };
    return { date, working: true, kind: 'workday' };
  }
  const makeUp = officialDays.workdays[date];
  if (makeUp) return { date, working: true, kind: 'make_up_workday', name: holidayName(makeUp) };
  const holiday = officialDays.holidays[date];
  if (holiday) return { date, working: false, kind: 'public_holiday', name: holidayName(holiday) };
  const weekday = weekdayOf(date);
  if (weekday === 0 || weekday === 6) return { date, working: false, kind: 'weekend' };
  return { date, working: true, kind: 'workday' };
}

function holidayName(entry: string): string {
  // the data reads "National Day,国庆节,3"
  return entry.split(',').slice(0, 2).join(' / ');
}

export function isWorkingDay(calendar: WorkingCalendar, date: LocalDate): boolean {
  return describeDay(calendar, date).working;
}

/** Whether the official data or the overrides know the holidays of a year (otherwise only weekends are days off). */
export function calendarKnowsYear(calendar: WorkingCalendar, year: number): boolean {
  if (calendar.arrangement) return calendar.arrangement.years.includes(year);
  return officialYears.has(year) || Object.keys(calendar.overrides).some((date) => date.startsWith(`${year}-`));
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(calendar: WorkingCalendar, date: LocalDate): LocalDate {
  let day = date;
  for (let i = 0; i < MAX_DAYS_SEARCHED; i++) {
    day = addDays(day, 1);
    if (isWorkingDay(calendar, day)) return day;
  }
  throw new Error(`no working day within ${MAX_DAYS_SEARCHED} days after ${date}: check the calendar overrides`);
}

/** The working periods of a date as instants (empty on a day off). */
export function workingPeriodsOn(calendar: WorkingCalendar, date: LocalDate): Array<{ start: EpochMs; end: EpochMs }> {
  if (!isWorkingDay(calendar, date)) return [];
  return calendar.periods.map((period) => ({
    start: shanghaiInstant(date, period.startMinute),
    end: shanghaiInstant(date, period.endMinute),
  }));
}

/** Closing time of a working day (end of its last period). */
export function closingTimeOf(calendar: WorkingCalendar, date: LocalDate): EpochMs {
  return shanghaiInstant(date, calendar.periods[calendar.periods.length - 1].endMinute);
}

/** True when the instant lies inside a working period (start included, end excluded). */
export function isWithinWorkingHours(calendar: WorkingCalendar, instant: EpochMs): boolean {
  return workingPeriodsOn(calendar, shanghaiDateOf(instant)).some((p) => instant >= p.start && instant < p.end);
}

// ---------------------------------------------------------------- working-time arithmetic

/**
 * The instant `amountMs` of working time after `from`. Time outside working periods does not count.
 * When the amount runs out exactly at the end of a period the result is that end (e.g. 17:30, not the next 08:30).
 */
export function addWorkingTime(calendar: WorkingCalendar, from: EpochMs, amountMs: number): EpochMs {
  if (amountMs <= 0) return from;
  let remaining = amountMs;
  let date = shanghaiDateOf(from);
  for (let i = 0; i < MAX_DAYS_SEARCHED; i++, date = addDays(date, 1)) {
    for (const period of workingPeriodsOn(calendar, date)) {
      if (period.end <= from) continue;
      const start = Math.max(period.start, from);
      const available = period.end - start;
      if (remaining <= available) return start + remaining;
      remaining -= available;
    }
  }
  throw new Error(`no working time within ${MAX_DAYS_SEARCHED} days after ${toShanghaiIso(from)}: check the calendar`);
}

/**
 * The instant `amountMs` of working time before `to`. When the amount runs out exactly at the start of a
 * period the result is that start (e.g. 08:30).
 */
export function subtractWorkingTime(calendar: WorkingCalendar, to: EpochMs, amountMs: number): EpochMs {
  if (amountMs <= 0) return to;
  let remaining = amountMs;
  let date = shanghaiDateOf(to);
  for (let i = 0; i < MAX_DAYS_SEARCHED; i++, date = addDays(date, -1)) {
    const periods = workingPeriodsOn(calendar, date).reverse();
    for (const period of periods) {
      if (period.start >= to) continue;
      const end = Math.min(period.end, to);
      const available = end - period.start;
      if (remaining <= available) return end - remaining;
      remaining -= available;
    }
  }
  throw new Error(`no working time within ${MAX_DAYS_SEARCHED} days before ${toShanghaiIso(to)}: check the calendar`);
}

/** Working time between two instants (0 when `to` is not after `from`). */
export function workingTimeBetween(calendar: WorkingCalendar, from: EpochMs, to: EpochMs): number {
  if (to <= from) return 0;
  let total = 0;
  const lastDate = shanghaiDateOf(to);
  let date = shanghaiDateOf(from);
  for (let i = 0; i <= MAX_DAYS_SEARCHED * 10; i++, date = addDays(date, 1)) {
    for (const period of workingPeriodsOn(calendar, date)) {
      const start = Math.max(period.start, from);
      const end = Math.min(period.end, to);
      if (end > start) total += end - start;
    }
    if (date === lastDate) return total;
  }
  throw new Error('workingTimeBetween: range too long');
}

/**
 * Same-day rule (能够当天完成的决不拖到明天): received on a working day before its closing time (during working
 * hours, during the lunch break, or before opening, since the whole working day still lies ahead) → closing
 * time of that day; received at or after closing time, or on a day off → closing time of the next working day.
 */
export function sameDayDeadline(calendar: WorkingCalendar, receivedAt: EpochMs): EpochMs {
  const date = shanghaiDateOf(receivedAt);
  if (isWorkingDay(calendar, date) && receivedAt < closingTimeOf(calendar, date)) return closingTimeOf(calendar, date);
  return closingTimeOf(calendar, nextWorkingDay(calendar, date));
}

/**
 * `N working days`: the day of receipt is not counted (as the civil code counts periods in days); the deadline is
 * the closing time of the N-th working day after it.
 */
export function workingDaysDeadline(calendar: WorkingCalendar, receivedAt: EpochMs, days: number): EpochMs {
  let date = shanghaiDateOf(receivedAt);
  for (let counted = 0; counted < days; counted++) date = nextWorkingDay(calendar, date);
  return closingTimeOf(calendar, date);
}

/** Length of a full working day (sum of the periods), in milliseconds. */
export function workingDayLengthMs(calendar: WorkingCalendar): number {
  return calendar.periods.reduce((sum, p) => sum + (p.endMinute - p.startMinute) * MS_PER_MINUTE, 0);
}
