/**
 * The zone's managed calendar: each year's arrangement of public holidays and make-up working days (放假调休),
 * kept as data (in PostgreSQL, one immutable snapshot per revision) instead of inside a package release. The
 * built-in `chinese-days` data and the policy file's `calendar.overrides` seed it; after that the zone's
 * dispatcher or administrator keeps it, and every change is a new revision with who, when and why.
 *
 * A calendar built from a snapshot (`calendarFromSnapshot`) consults only the snapshot: a year without an
 * arrangement counts weekends only, and `calendarKnowsYear` says so, so that no deadline is silently computed on
 * an unknown year.
 */
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import {
  createWorkingCalendar,
  isValidLocalDate,
  LocalDate,
  WorkingCalendar,
  WorkingCalendarSettings,
} from './working-calendar';

/** Where a day of the arrangement came from. */
export type ArrangedDaySource = 'official' | 'policy' | 'zone';

/** One date that is not what its weekday says: a public holiday, or a make-up working day (调休上班). */
export interface ArrangedDay {
  date: LocalDate;
  kind: 'holiday' | 'workday';
  /** the holiday it belongs to, e.g. 春节 */
  name: string;
  /** the notice it comes from, e.g. 国务院办公厅关于2027年部分节假日安排的通知 */
  notice?: string;
  source: ArrangedDaySource;
}

/** A year whose arrangement is loaded: its deadlines are confirmed. */
export interface ArrangedYear {
  year: number;
  /** the notice the arrangement comes from */
  notice: string;
  source: ArrangedDaySource;
}

/** The whole managed calendar at one revision: plain JSON, stored as it is. */
export interface CalendarSnapshot {
  years: Record<string, ArrangedYear>;
  days: Record<LocalDate, ArrangedDay>;
}

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** "Spring Festival,春节,4" → 春节 */
function chineseNameOf(entry: string): string {
  const parts = entry.split(',');
  return (parts[1] ?? parts[0] ?? '').trim();
}

/** The arrangement the built-in data knows (every year it has), as a snapshot. */
export function builtInCalendarSnapshot(): CalendarSnapshot {
  const data = chineseDaysData as unknown as ChineseDaysData;
  const snapshot: CalendarSnapshot = { years: {}, days: {} };
  const add = (date: string, entry: string, kind: ArrangedDay['kind']) => {
    const year = Number(date.slice(0, 4));
    const notice = `国务院办公厅关于${year}年部分节假日安排的通知`;
    snapshot.years[String(year)] ??= { year, notice, source: 'official' };
    snapshot.days[date] = { date, kind, name: chineseNameOf(entry), notice, source: 'official' };
  };
  for (const [date, entry] of Object.entries(data.holidays)) add(date, entry, 'holiday');
  for (const [date, entry] of Object.entries(data.workdays)) add(date, entry, 'workday');
  return sortedSnapshot(snapshot);
}

/**
 * The first snapshot of a zone: the built-in data, then the policy file's overrides on top (a local decision or
 * a year the data does not know). An override alone does not make its year known: only a loaded arrangement does.
 */
export function seedCalendarSnapshot(settings: WorkingCalendarSettings = {}): CalendarSnapshot {
  const snapshot = builtInCalendarSnapshot();
  for (const override of settings.overrides ?? []) {
    snapshot.days[override.date] = {
      date: override.date,
      kind: override.kind,
      name: override.name ?? (override.kind === 'holiday' ? '放假' : '上班'),
      notice: '政策文件 calendar.overrides',
      source: 'policy',
    };
  }
  return sortedSnapshot(snapshot);
}

/** The same snapshot with its years and dates in order (so that equal snapshots serialise equally). */
export function sortedSnapshot(snapshot: CalendarSnapshot): CalendarSnapshot {
  const years: CalendarSnapshot['years'] = {};
  for (const key of Object.keys(snapshot.years).sort()) years[key] = snapshot.years[key];
  const days: CalendarSnapshot['days'] = {};
  for (const key of Object.keys(snapshot.days).sort()) days[key] = snapshot.days[key];
  return { years, days };
}

/** The years a snapshot has an arrangement for, ascending. */
export function knownYearsOf(snapshot: CalendarSnapshot): number[] {
  return Object.values(snapshot.years)
    .map((year) => year.year)
    .sort((a, b) => a - b);
}

/**
 * The working calendar of a snapshot, with the working hours of the policy file. The built-in data is not
 * consulted: the snapshot is the whole truth about days off.
 */
export function calendarFromSnapshot(
  snapshot: CalendarSnapshot,
  revision: number,
  settings: WorkingCalendarSettings = {},
): WorkingCalendar {
  const base = createWorkingCalendar({ workingHours: settings.workingHours });
  const days: Record<LocalDate, ArrangedDay> = {};
  for (const [date, day] of Object.entries(snapshot.days)) if (isValidLocalDate(date)) days[date] = day;
  return { ...base, arrangement: { revision, days, years: knownYearsOf(snapshot) } };
}

/** The dates whose kind differs between two snapshots (added, removed or turned), ascending. */
export function changedDates(before: CalendarSnapshot, after: CalendarSnapshot): LocalDate[] {
  const dates = new Set([...Object.keys(before.days), ...Object.keys(after.days)]);
  return [...dates].filter((date) => before.days[date]?.kind !== after.days[date]?.kind).sort();
}
