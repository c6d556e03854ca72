import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { CALENDAR_RETIMING_WORKFLOW, calendarRetimingWorkflowId, type CalendarRetimingInput } from '@unblock/contracts';
import type { UnblockConfig } from '@unblock/config';
import {
  changedDates,
  isValidLocalDate,
  knownYearsOf,
  parseArrangementText,
  shanghaiDateOf,
  validateArrangementDays,
  weekdayOf,
  type ArrangedDay,
  type ArrangementDayInput,
  type CalendarSnapshot,
} from '@unblock/domain';
import { CalendarStore, type CalendarChange, type CalendarRevision } from '@unblock/persistence';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { DatabaseService } from '../infrastructure/database.service';
import { notFound } from '../infrastructure/problems';
import { CONFIG, LOGGER, TEMPORAL_CLIENT } from '../infrastructure/tokens';
import { invalidRequest } from '../infrastructure/validation';
import type {
  CalendarChangeResultDto,
  CalendarDayDto,
  CalendarRevisionDto,
  CalendarStatusDto,
  CalendarYearDto,
  CorrectCalendarDayBodyDto,
  LoadCalendarYearBodyDto,
} from './calendar.dto';

/** How long starting the re-timing may take before the API gives up on it (the issues catch up on their own). */
const START_TIMEOUT_MS = 5_000;
const DAY_MS = 86_400_000;
const WEEKDAYS = '日一二三四五六';

/**
 * The years that must be known at `now` and are not: the current year (Shanghai), and from 1 November the next.
 * Pure, so the rule is tested on any date.
 */
export function missingCalendarYears(knownYears: readonly number[], now: number): number[] {
  const today = shanghaiDateOf(now);
  const year = Number(today.slice(0, 4));
  const needed = today.slice(5) >= '11-01' ? [year, year + 1] : [year];
  return needed.filter((y) => !knownYears.includes(y));
}

/** The warning for missing years, in the zone's words, with the route that loads them. */
export function missingYearsAdvice(missing: readonly number[]): string | undefined {
  if (missing.length === 0) return undefined;
  const years = missing.join('、');
  return (
    `${years} 年放假调休安排尚未载入：落在 ${years} 年的时限只按周末计算，标为"日历未确认"。` +
    `请督查室或管理员在国务院办公厅通知发布后载入：PUT /api/v1/calendar/years/${missing[0]}`
  );
}

function checkYear(text: string): number {
  const year = Number(text);
  if (!/^\d{4}$/.test(text) || year < 2000 || year > 2100)
    throw invalidRequest([{ field: 'year', rule: 'year', message: 'must be a year from 2000 to 2100' }]);
  return year;
}

function checkDate(text: string): string {
  if (!isValidLocalDate(text))
    throw invalidRequest([
      { field: 'date', rule: 'date', message: `must be a date YYYY-MM-DD, got ${JSON.stringify(text)}` },
    ]);
  const year = Number(text.slice(0, 4));
  if (year < 2000 || year > 2100)
    throw invalidRequest([{ field: 'date', rule: 'year', message: 'must be a date from 2000 to 2100' }]);
  return text;
}

/**
 * The zone's working calendar through the API: what it knows, a year's days, loading a year's arrangement,
 * correcting a date, the record of changes. Each change is a new revision (CalendarStore), then the re-timing
 * workflow tells every open issue; the change stands when Temporal cannot be reached (the issues catch up at
 * their next event). Warns in the log at start and daily while a year that must be known is not.
 */
@Injectable()
export class CalendarService implements OnModuleInit, OnApplicationShutdown {
  private store?: CalendarStore;
  private daily?: NodeJS.Timeout;

  constructor(
    private readonly database: DatabaseService,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: UnblockConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    // the warning waits for nothing: the database may come later, and the check then says so
    setImmediate(() => void this.warnIfMissing());
    this.daily = setInterval(() => void this.warnIfMissing(), DAY_MS);
    this.daily.unref();
  }

  onApplicationShutdown(): void {
    if (this.daily) clearInterval(this.daily);
  }

  private async calendars(): Promise<CalendarStore> {
    const dataSource = await this.database.ensureConnected();
    this.store ??= new CalendarStore(dataSource);
    return this.store;
  }

  private async warnIfMissing(): Promise<void> {
    try {
      const latest = await (await this.calendars()).latest();
      const missing = missingCalendarYears(knownYearsOf(latest.snapshot), Date.now());
      if (missing.length > 0) this.logger.warn({ missingYears: missing }, missingYearsAdvice(missing));
    } catch (error) {
      this.logger.warn({ err: error }, 'the working calendar could not be checked now');
    }
  }

  /** The calendar check of /health: which years must be known and are not. */
  async check(): Promise<{ knownYears: number[]; missingYears: number[]; revision: number }> {
    const latest = await (await this.calendars()).latest();
    const knownYears = knownYearsOf(latest.snapshot);
    return { knownYears, missingYears: missingCalendarYears(knownYears, Date.now()), revision: latest.revision };
  }

  async status(): Promise<CalendarStatusDto> {
    const store = await this.calendars();
    const latest = await store.latest();
    const knownYears = knownYearsOf(latest.snapshot);
    const missingYears = missingCalendarYears(knownYears, Date.now());
    const [counts] = (await this.database.dataSource.query(
      `SELECT count(*) FILTER (WHERE calendar_unconfirmed)::int AS unconfirmed,
              count(*) FILTER (WHERE COALESCE(calendar_revision, 1) < $1)::int AS earlier
         FROM issues WHERE status IN ('open', 'resolved')`,
      [latest.revision],
    )) as Array<{ unconfirmed: number; earlier: number }>;
    const advice = missingYearsAdvice(missingYears);
    return {
      revision: latest.revision,
      updatedAt: latest.createdAt.toISOString(),
      updatedBy: latest.createdBy,
      cause: latest.cause,
      knownYears,
      missingYears,
      ...(advice ? { advice } : {}),
      unconfirmedIssues: counts.unconfirmed,
      issuesOnEarlierRevisions: counts.earlier,
    };
  }

  async year(yearText: string): Promise<CalendarYearDto> {
    const year = checkYear(yearText);
    const { snapshot } = await (await this.calendars()).latest();
    return yearOf(snapshot, year);
  }

  /** The year's arrangement as a file that PUT /calendar/years/{year} takes back. */
  async exportYear(yearText: string): Promise<LoadCalendarYearBodyDto> {
    const year = checkYear(yearText);
    const { snapshot } = await (await this.calendars()).latest();
    const found = yearOf(snapshot, year);
    return {
      notice: found.notice ?? `${year} 年放假调休安排`,
      days: found.days.map((day) => ({ date: day.date, kind: day.kind, name: day.name })),
    };
  }

  async loadYear(
    user: AuthenticatedUser,
    yearText: string,
    body: LoadCalendarYearBodyDto,
  ): Promise<CalendarChangeResultDto> {
    const year = checkYear(yearText);
    if ((body.days === undefined) === (body.text === undefined))
      throw invalidRequest([
        { field: 'days', rule: 'one_of', message: 'give the dates (days) or the notice text (text), one of them' },
      ]);
    let days: ArrangementDayInput[];
    if (body.text !== undefined) {
      const parsed = parseArrangementText(year, body.text);
      if (parsed.problems.length) throw invalidRequest(parsed.problems);
      days = parsed.days;
      const problems = validateArrangementDays(year, days, 'text.days');
      if (problems.length) throw invalidRequest(problems);
    } else {
      days = body.days!;
      const problems = validateArrangementDays(year, days);
      if (problems.length) throw invalidRequest(problems);
    }
    const names = [...new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.name))].join('、');
    const notice = body.notice.trim();
    return this.change(
      user,
      `工作日历：载入 ${year} 年${names || '放假调休'}安排（${notice}）`,
      'year.load',
      [year],
      (current) => {
        for (const date of Object.keys(current.days)) if (date.startsWith(`${year}-`)) delete current.days[date];
        current.years[String(year)] = { year, notice, source: 'zone' };
        for (const day of days)
          current.days[day.date] = { date: day.date, kind: day.kind, name: day.name.trim(), notice, source: 'zone' };
        return current;
      },
    );
  }

  async correctDay(
    user: AuthenticatedUser,
    dateText: string,
    body: CorrectCalendarDayBodyDto,
  ): Promise<CalendarChangeResultDto> {
    const date = checkDate(dateText);
    const problems = validateArrangementDays(Number(date.slice(0, 4)), [{ date, kind: body.kind, name: body.name }]);
    if (problems.length)
      throw invalidRequest(problems.map((p) => ({ ...p, field: p.field.replace(/^days\[0\]\./, '') })));
    const label = body.kind === 'holiday' ? '放假' : '调休上班';
    const reason = body.reason.trim();
    return this.change(user, `工作日历：${date} 改为${label}（${reason}）`, 'day.correct', undefined, (current) => {
      current.days[date] = { date, kind: body.kind, name: body.name.trim(), notice: reason, source: 'zone' };
      return current;
    });
  }

  async removeDay(user: AuthenticatedUser, dateText: string, reasonText: string): Promise<CalendarChangeResultDto> {
    const date = checkDate(dateText);
    const { snapshot } = await (await this.calendars()).latest();
    if (!snapshot.days[date]) throw notFound('calendar day', date);
    const weekday = weekdayOf(date);
    const becomes = weekday === 0 || weekday === 6 ? `周${WEEKDAYS[weekday]}休息` : '照常上班';
    const reason = reasonText.trim();
    return this.change(user, `工作日历：${date} 恢复${becomes}（${reason}）`, 'day.remove', undefined, (current) => {
      delete current.days[date];
      return current;
    });
  }

  async revisions(): Promise<CalendarRevisionDto[]> {
    const rows = await (await this.calendars()).history(200);
    return rows.map((row) => ({
      revision: row.revision,
      at: row.createdAt.toISOString(),
      by: row.createdBy,
      cause: row.cause,
      action: row.change.action,
      ...(row.change.years ? { years: row.change.years } : {}),
      ...(row.change.added?.length ? { added: row.change.added } : {}),
      ...(row.change.changed?.length ? { changed: row.change.changed } : {}),
      ...(row.change.removed?.length ? { removed: row.change.removed } : {}),
      ...(row.retimedAt ? { retimedAt: row.retimedAt.toISOString() } : {}),
    }));
  }

  /** Appends the change (what it changed goes into the record), then starts re-timing the open issues. */
  private async change(
    user: AuthenticatedUser,
    cause: string,
    action: string,
    years: number[] | undefined,
    build: (current: CalendarSnapshot) => CalendarSnapshot,
  ): Promise<CalendarChangeResultDto> {
    const store = await this.calendars();
    const record: CalendarChange = { action, ...(years ? { years } : {}) };
    let changed: string[] = [];
    const appended: CalendarRevision | undefined = await store.append({
      by: user.id,
      cause,
      change: record,
      build: (current) => {
        const before = structuredClone(current);
        const after = build(current);
        changed = changedDates(before, after);
        record.added = changed.filter((d) => !before.days[d]);
        record.removed = changed.filter((d) => !after.days[d]);
        record.changed = changed.filter((d) => before.days[d] && after.days[d]);
        return after;
      },
    });
    const [{ open }] = (await this.database.dataSource.query(
      `SELECT count(*)::int AS open FROM issues WHERE status IN ('open', 'resolved')`,
    )) as Array<{ open: number }>;
    const revision = appended?.revision ?? (await store.latestRevision());
    if (!appended || changed.length === 0) return { revision, changedDates: changed, openIssues: open };
    const workflowId = calendarRetimingWorkflowId(revision);
    try {
      await this.client.withDeadline(Date.now() + START_TIMEOUT_MS, () =>
        this.client.workflow.start(CALENDAR_RETIMING_WORKFLOW, {
          taskQueue: this.config.temporal.taskQueue,
          workflowId,
          args: [{ revision } satisfies CalendarRetimingInput],
        }),
      );
    } catch (error) {
      this.logger.warn(
        { revision, err: error },
        'the open issues could not be told of the calendar change now; each catches up at its next event',
      );
    }
    this.logger.info({ revision, by: user.id, changedDates: changed.length, cause }, 'working calendar changed');
    return { revision, changedDates: changed, retimingWorkflowId: workflowId, openIssues: open };
  }
}

function yearOf(snapshot: CalendarSnapshot, year: number): CalendarYearDto {
  const days: CalendarDayDto[] = Object.values(snapshot.days)
    .filter((day: ArrangedDay) => day.date.startsWith(`${year}-`))
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((day) => ({
      date: day.date,
      kind: day.kind,
      name: day.name,
      ...(day.notice ? { notice: day.notice } : {}),
      source: day.source,
    }));
  const arranged = snapshot.years[String(year)];
  return {
    year,
    known: arranged !== undefined,
    ...(arranged ? { notice: arranged.notice, source: arranged.source } : {}),
    holidays: days.filter((d) => d.kind === 'holiday').length,
    workdays: days.filter((d) => d.kind === 'workday').length,
    days,
  };
}
