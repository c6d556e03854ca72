// The working calendar as the console shows it: a month as weeks (Monday first), the years to offer, and a refusal
// of a loaded arrangement said field by field (the notice's sections, the dates of a file), in Chinese or English.
// Pure: no DOM, no React.
import type { CalendarStatus, Problem } from '../api/types';
import type { Lang } from './time';

/** 0 = Sunday … 6 = Saturday, for a YYYY-MM-DD date (a calendar date: no time zone). */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const day = weekdayOf(date);
  return day === 0 || day === 6;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The weeks of a month (1–12), Monday first: each a row of seven dates, `null` outside the month. */
export function monthWeeks(year: number, month: number): Array<Array<string | null>> {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const first = `${year}-${pad(month)}-01`;
  const lead = (weekdayOf(first) + 6) % 7; // Monday 0 … Sunday 6
  const cells: Array<string | null> = Array.from({ length: lead }, () => null);
  for (let day = 1; day <= days; day++) cells.push(`${year}-${pad(month)}-${pad(day)}`);
  while (cells.length % 7) cells.push(null);
  const weeks: Array<Array<string | null>> = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** The years a keeper may open: those known, those missing, and last, this and next year; in order. */
export function yearChoices(status: Pick<CalendarStatus, 'knownYears' | 'missingYears'>, thisYear: number): number[] {
  const years = new Set([...status.knownYears, ...status.missingYears, thisYear - 1, thisYear, thisYear + 1]);
  return [...years].sort((a, b) => a - b);
}

/** The year a page opens on: the first missing one (the one to load), else this year. */
export function firstYearToShow(status: Pick<CalendarStatus, 'missingYears'>, thisYear: number): number {
  return status.missingYears[0] ?? thisYear;
}

export interface ArrangementError {
  /** the form field it belongs to: `notice`, `text` or `days` */
  field: 'notice' | 'text' | 'days';
  message: string;
}

type Words = (values: RegExpExecArray | null) => string;

// a rule of a section of the notice's text: the API's message carries the dates, read back out of it here
const TEXT_RULES: Record<string, { 'zh-CN': Words; en?: Words }> = {
  section: { 'zh-CN': () => '每段写一个节日，例如"春节：2月5日至11日放假调休，共7天。"' },
  holiday: { 'zh-CN': () => '没有写明放假的日期，例如"2月5日至11日放假"' },
  month: { 'zh-CN': () => '第一个日期要写明月份，例如"2月5日"' },
  date: { 'zh-CN': (m) => (m ? `${m[2]}年没有${m[1]}` : '日期不存在') },
  weekday: { 'zh-CN': (m) => (m ? `${m[1]}是周${m[2]}，不是周${m[3]}` : '写明的星期与日期不符') },
  range: { 'zh-CN': (m) => (m ? `放假起止日期不对（${m[1]} 至 ${m[2]}）` : '放假起止日期不对') },
  total: {
    'zh-CN': (m) => (m ? `写明共${m[1]}天，但 ${m[2]} 至 ${m[3]} 是 ${m[4]} 天` : '写明的天数与放假日期不符'),
  },
  empty: { 'zh-CN': () => '通知原文里没有任何节日' },
};
const TEXT_VALUES: Record<string, RegExp> = {
  date: /(\d+月\d+日) is not a date of (\d{4})/,
  weekday: /(\d+月\d+日) is a 周(.), not a 周(.)/,
  range: /run from (\S+) to (\S+)/,
  total: /共(\S+)天 is stated, but (\S+) to (\S+) is (\d+) days/,
};

// a rule of one of the dates (a file, or the days the API built)
const DAY_RULES: Record<string, string> = {
  date: '日期应写作 YYYY-MM-DD',
  year: '不是该年度的日期',
  unique: '重复列出',
  workday_on_weekend: '调休上班日应在周六或周日',
  kind: '类型应为放假（holiday）或上班（workday）',
  name: '要写明节日名称',
};

/**
 * A refused arrangement (400 from PUT /calendar/years/{year}) as sentences on the form's fields: a section of the
 * notice's text by its number, a date of a file by its position, the notice's name; anything else as said.
 */
export function arrangementErrors(problem: Problem, lang: Lang): ArrangementError[] {
  const zh = lang === 'zh-CN';
  return (problem.errors ?? []).map((error): ArrangementError => {
    const section = /^text\.sections\[(\d+)\]$/.exec(error.field);
    if (section || error.field === 'text') {
      const where = section ? (zh ? `第 ${Number(section[1]) + 1} 段：` : `Section ${Number(section[1]) + 1}: `) : '';
      const words = TEXT_RULES[error.rule];
      if (!zh || !words) return { field: 'text', message: `${where}${error.message}` };
      const values = TEXT_VALUES[error.rule]?.exec(error.message) ?? null;
      return { field: 'text', message: `${where}${words['zh-CN'](values)}` };
    }
    // the dates of a file by their position; those read from the text by the date itself
    const day = /^(text\.)?days\[(\d+)\]\.(date|kind|name)$/.exec(error.field);
    if (day) {
      const fromText = day[1] !== undefined;
      const dated = /(\d{4}-\d{2}-\d{2})/.exec(error.message)?.[1];
      const position = zh ? `第 ${Number(day[2]) + 1} 个日期` : `Date ${Number(day[2]) + 1}`;
      const where = fromText && dated ? dated : `${position}${dated ? (zh ? `（${dated}）` : ` (${dated})`) : ''}`;
      const words = zh ? DAY_RULES[error.rule] : undefined;
      return {
        field: fromText ? 'text' : 'days',
        message: words ? `${where}：${words}` : `${where}: ${error.message}`,
      };
    }
    if (error.field === 'notice')
      return { field: 'notice', message: zh ? '请填写通知名称（1–200 字）' : `notice: ${error.message}` };
    if (error.rule === 'one_of')
      return { field: 'text', message: zh ? '请粘贴通知原文，或导入日期文件' : error.message };
    return { field: 'days', message: `${error.field}: ${error.message}` };
  });
}

/** The window event the calendar page sends after a change (the banner reads the calendar again). */
export const CALENDAR_CHANGED = 'unblock:calendar-changed';

/** Who changes the working calendar: the supervision office (dispatcher) and administrators. */
export function mayKeepCalendar(user: { roles: readonly string[] }): boolean {
  return user.roles.includes('dispatcher') || user.roles.includes('administrator');
}

/** Years as runs: [2004, 2005, 2006, 2009] → ['2004–2006', '2009']. */
export function yearRuns(years: readonly number[]): string[] {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    runs.push(j > i ? `${sorted[i]}–${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return runs;
}
