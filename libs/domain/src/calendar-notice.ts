/**
 * A year's arrangement as the zone enters it: a list of dates, or the State Council notice's sections
 * ("二、春节：2月5日（周五）至11日（周四）放假调休，共7天。2月20日（周六）上班。"). Validation names the field and the
 * rule: a date of that year, once; a make-up working day on a Saturday or Sunday; a name.
 */
import { isValidLocalDate, weekdayOf } from './working-calendar';

export interface ArrangementDayInput {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export interface ArrangementProblem {
  field: string;
  rule: string;
  message: string;
}

const WEEKDAYS = '日一二三四五六';
export const MAX_HOLIDAY_NAME = 32;

/** The problems of a year's dates (empty when it may be loaded). */
export function validateArrangementDays(
  year: number,
  days: readonly ArrangementDayInput[],
  field = 'days',
): ArrangementProblem[] {
  const problems: ArrangementProblem[] = [];
  const seen = new Map<string, number>();
  days.forEach((day, i) => {
    const at = `${field}[${i}]`;
    if (!isValidLocalDate(day.date)) {
      problems.push({
        field: `${at}.date`,
        rule: 'date',
        message: `must be a date YYYY-MM-DD, got ${JSON.stringify(day.date)}`,
      });
      return;
    }
    if (!day.date.startsWith(`${year}-`))
      problems.push({ field: `${at}.date`, rule: 'year', message: `${day.date} is not in ${year}` });
    const first = seen.get(day.date);
    if (first !== undefined)
      problems.push({
        field: `${at}.date`,
        rule: 'unique',
        message: `${day.date} is listed twice (also ${field}[${first}])`,
      });
    else seen.set(day.date, i);
    const weekday = weekdayOf(day.date);
    if (day.kind === 'workday' && weekday !== 0 && weekday !== 6)
      problems.push({
        field: `${at}.kind`,
        rule: 'workday_on_weekend',
        message: `a make-up working day (调休上班) falls on a Saturday or Sunday; ${day.date} is a 周${WEEKDAYS[weekday]}`,
      });
    if (day.kind !== 'holiday' && day.kind !== 'workday')
      problems.push({ field: `${at}.kind`, rule: 'kind', message: 'must be "holiday" or "workday"' });
    if (typeof day.name !== 'string' || day.name.trim() === '' || day.name.length > MAX_HOLIDAY_NAME)
      problems.push({
        field: `${at}.name`,
        rule: 'name',
        message: `must name the holiday in 1 to ${MAX_HOLIDAY_NAME} characters`,
      });
  });
  return problems;
}

const CHINESE_DIGITS: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};

function chineseNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  if (text === '十') return 10;
  if (text.startsWith('十')) return 10 + (CHINESE_DIGITS[text[1]] ?? 0);
  if (text.endsWith('十')) return (CHINESE_DIGITS[text[0]] ?? 0) * 10;
  if (text.includes('十')) return (CHINESE_DIGITS[text[0]] ?? 0) * 10 + (CHINESE_DIGITS[text[2]] ?? 0);
  return CHINESE_DIGITS[text] ?? Number.NaN;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** 月日 with an optional weekday mark: （周五） (星期五) */
const DAY = String.raw`(?:(\d{1,2})月)?(\d{1,2})日(?:\s*[（(](?:周|星期)([日天一二三四五六])[）)])?`;

/**
 * The days of a notice's text for `year`: each section "名称：…放假…，共N天。…上班。" gives its holidays and make-up
 * working days. Problems name the section (`text.sections[i]`) and what does not hold (a stated 共N天 that is not
 * the range's length, a stated weekday that is not the date's).
 */
export function parseArrangementText(
  year: number,
  text: string,
): { days: ArrangementDayInput[]; problems: ArrangementProblem[] } {
  const days: ArrangementDayInput[] = [];
  const problems: ArrangementProblem[] = [];
  const sections = text
    .split(/\n+|(?=[一二三四五六七八九十]+、)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  sections.forEach((section, i) => {
    const field = `text.sections[${i}]`;
    const head = /^(?:[一二三四五六七八九十]+、)?\s*([^：:，,。]{1,32})[：:](.*)$/s.exec(section);
    if (!head) {
      problems.push({
        field,
        rule: 'section',
        message: `write one holiday per section, "春节：2月5日至11日放假调休，共7天。", got "${section.slice(0, 40)}"`,
      });
      return;
    }
    const name = head[1].trim();
    const body = head[2];
    const dateOf = (month: number, day: number, weekday: string | undefined, where: string): string | undefined => {
      const date = `${year}-${pad(month)}-${pad(day)}`;
      if (!isValidLocalDate(date)) {
        problems.push({ field, rule: 'date', message: `${where}: ${month}月${day}日 is not a date of ${year}` });
        return undefined;
      }
      if (weekday !== undefined) {
        const stated = weekday === '天' ? 0 : WEEKDAYS.indexOf(weekday);
        if (stated !== weekdayOf(date))
          problems.push({
            field,
            rule: 'weekday',
            message: `${month}月${day}日 is a 周${WEEKDAYS[weekdayOf(date)]}, not a 周${weekday}`,
          });
      }
      return date;
    };
    const off = new RegExp(String.raw`${DAY}(?:\s*至\s*${DAY})?\s*放假`).exec(body);
    if (!off) {
      problems.push({ field, rule: 'holiday', message: `${name}: say which days are off, e.g. "2月5日至11日放假"` });
      return;
    }
    const startMonth = off[1] ? Number(off[1]) : undefined;
    if (startMonth === undefined) {
      problems.push({ field, rule: 'month', message: `${name}: the first date needs its month, e.g. "2月5日"` });
      return;
    }
    const start = dateOf(startMonth, Number(off[2]), off[3], name);
    const endMonth = off[4] ? Number(off[4]) : startMonth;
    const end = off[5] ? dateOf(endMonth, Number(off[5]), off[6], name) : start;
    if (!start || !end) return;
    const range: string[] = [];
    for (let d = start; d <= end && range.length <= 31;) {
      range.push(d);
      const next = new Date(`${d}T00:00:00Z`);
      next.setUTCDate(next.getUTCDate() + 1);
      d = next.toISOString().slice(0, 10);
    }
    if (end < start || range.length > 31) {
      problems.push({ field, rule: 'range', message: `${name}: the days off run from ${start} to ${end}` });
      return;
    }
    const total = /共\s*([\d一二三四五六七八九十]+)\s*天/.exec(body);
    if (total && chineseNumber(total[1]) !== range.length)
      problems.push({
        field,
        rule: 'total',
        message: `${name}: 共${total[1]}天 is stated, but ${start} to ${end} is ${range.length} days`,
      });
    for (const date of range) days.push({ date, kind: 'holiday', name });
    for (const sentence of body.split(/[。；;]/)) {
      if (!sentence.includes('上班')) continue;
      let month = startMonth;
      for (const match of sentence.matchAll(new RegExp(DAY, 'g'))) {
        month = match[1] ? Number(match[1]) : month;
        const date = dateOf(month, Number(match[2]), match[3], `${name} 上班`);
        if (date) days.push({ date, kind: 'workday', name });
      }
    }
  });
  if (sections.length === 0) problems.push({ field: 'text', rule: 'empty', message: 'the notice text has no section' });
  return { days, problems };
}
