// Times as the zone reads them: every instant in Asia/Shanghai, and how long is left before a deadline or how late
// it is ("剩余 2小时15分", "超时 40分钟"; "2 h 15 min left", "40 min overdue"). Pure: no DOM, no React.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export type Lang = 'zh-CN' | 'en';
export const ZONE_TIME_ZONE = 'Asia/Shanghai';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** An instant: epoch milliseconds, an ISO-8601 string, or a Date. */
export type Instant = number | string | Date;

export function toEpochMs(instant: Instant): number {
  if (typeof instant === 'number') return instant;
  if (instant instanceof Date) return instant.getTime();
  return Date.parse(instant);
}

/** The instant on the zone's clock: `2026-12-02 17:30` (with `withSeconds`, `17:30:05`). */
export function formatZoneTime(instant: Instant, options: { withSeconds?: boolean } = {}): string {
  return dayjs(toEpochMs(instant))
    .tz(ZONE_TIME_ZONE)
    .format(options.withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm');
}

/** Only the time of day when the instant is on today's date in the zone, else the date and time. */
export function formatZoneTimeShort(instant: Instant, now: Instant): string {
  const at = dayjs(toEpochMs(instant)).tz(ZONE_TIME_ZONE);
  const today = dayjs(toEpochMs(now)).tz(ZONE_TIME_ZONE);
  if (at.format('YYYY-MM-DD') === today.format('YYYY-MM-DD')) return at.format('HH:mm');
  if (at.year() === today.year()) return at.format('MM-DD HH:mm');
  return at.format('YYYY-MM-DD HH:mm');
}

/** The zone's wall-clock time as an ISO-8601 string with its offset (`2026-12-02T17:30:00+08:00`), for the API. */
export function zoneIso(instant: Instant): string {
  return dayjs(toEpochMs(instant)).tz(ZONE_TIME_ZONE).format('YYYY-MM-DDTHH:mm:ssZ');
}

/**
 * A length of time in words, to the minute (rounded down; under a minute is "不到1分钟" / "<1 min"):
 * `3天2小时`, `2小时15分`, `2小时`, `40分钟`; `3 d 2 h`, `2 h 15 min`, `2 h`, `40 min`.
 */
export function formatDuration(ms: number, lang: Lang): string {
  const total = Math.abs(ms);
  if (total < MINUTE) return lang === 'zh-CN' ? '不到1分钟' : '<1 min';
  const days = Math.floor(total / DAY);
  const hours = Math.floor((total % DAY) / HOUR);
  const minutes = Math.floor((total % HOUR) / MINUTE);
  if (lang === 'zh-CN') {
    if (days > 0) return hours > 0 ? `${days}天${hours}小时` : `${days}天`;
    if (hours > 0) return minutes > 0 ? `${hours}小时${minutes}分` : `${hours}小时`;
    return `${minutes}分钟`;
  }
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return `${minutes} min`;
}

/** What is left before a deadline, or how late it is: `剩余 2小时15分` / `超时 40分钟`; `2 h 15 min left` / `40 min overdue`. */
export function formatTimeLeft(due: Instant, now: Instant, lang: Lang): string {
  const left = toEpochMs(due) - toEpochMs(now);
  const words = formatDuration(left, lang);
  if (left >= 0) return lang === 'zh-CN' ? `剩余 ${words}` : `${words} left`;
  return lang === 'zh-CN' ? `超时 ${words}` : `${words} overdue`;
}

/** How late something happened against a deadline: `超时 40分钟` / `提前 2小时` ("40 min late" / "2 h early"). */
export function formatLateness(at: Instant, due: Instant, lang: Lang): string {
  const late = toEpochMs(at) - toEpochMs(due);
  const words = formatDuration(late, lang);
  if (late > 0) return lang === 'zh-CN' ? `超时 ${words}` : `${words} late`;
  return lang === 'zh-CN' ? `提前 ${words}` : `${words} early`;
}
