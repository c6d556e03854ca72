/**
 * The zone's working calendar in PostgreSQL (`calendar_revisions`): reading a revision (immutable, so cached),
 * the latest one, and appending a change as the next revision. Appends are serialised by a transaction-scoped
 * advisory lock, so two people loading a year at the same moment get two revisions in order, never one lost.
 */
import type { DataSource, EntityManager } from 'typeorm';
import {
  builtInCalendarSnapshot,
  calendarFromSnapshot,
  seedCalendarSnapshot,
  sortedSnapshot,
  type CalendarSnapshot,
  type WorkingCalendar,
  type WorkingCalendarSettings,
} from '@unblock/domain';
import { CalendarRevisionEntity, type CalendarChange } from './entities/calendar-revision.entity';

/** The advisory lock key that serialises calendar changes (any fixed number no other lock uses). */
const CALENDAR_LOCK = 7_264_011;

export interface CalendarRevision {
  revision: number;
  createdAt: Date;
  createdBy: string;
  cause: string;
  change: CalendarChange;
  snapshot: CalendarSnapshot;
  retimedAt: Date | null;
}

export interface CalendarAppend {
  by: string;
  cause: string;
  change: CalendarChange;
  /** the new snapshot, from the one in force (return it unchanged to append nothing) */
  build(current: CalendarSnapshot): CalendarSnapshot;
}

function revisionOf(row: CalendarRevisionEntity): CalendarRevision {
  return {
    revision: row.revision,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    cause: row.cause,
    change: row.change,
    snapshot: row.snapshot,
    retimedAt: row.retimedAt,
  };
}

export class CalendarStore {
  private readonly revisions = new Map<number, CalendarRevision>();
  private readonly calendars = new Map<number, WorkingCalendar>();

  constructor(
    private readonly dataSource: DataSource,
    /** the policy file's calendar settings: its working hours apply to every revision */
    private readonly settings: WorkingCalendarSettings = {},
  ) {}

  /** The calendar in force (the latest revision), read from the database every time. */
  async latest(): Promise<CalendarRevision> {
    const row = await this.dataSource
      .getRepository(CalendarRevisionEntity)
      .createQueryBuilder('r')
      .orderBy('r.revision', 'DESC')
      .limit(1)
      .getOne();
    if (!row) {
      await this.seed();
      return this.latest();
    }
    const revision = revisionOf(row);
    this.revisions.set(revision.revision, revision);
    return revision;
  }

  /** The latest revision's number (a cheap read). */
  async latestRevision(): Promise<number> {
    const rows = (await this.dataSource.query(`SELECT max(revision) AS revision FROM calendar_revisions`)) as Array<{
      revision: number | null;
    }>;
    const revision = rows[0]?.revision;
    if (revision === null || revision === undefined) {
      // a database prepared before the calendar was the zone's data: its first revision is what was used until then
      await this.seed();
      return this.latestRevision();
    }
    return Number(revision);
  }

  /** One revision (they never change, so each is read once). */
  async at(revision: number): Promise<CalendarRevision> {
    const cached = this.revisions.get(revision);
    if (cached) return cached;
    let row = await this.dataSource.getRepository(CalendarRevisionEntity).findOneBy({ revision });
    if (!row && revision === 1) {
      await this.seed();
      row = await this.dataSource.getRepository(CalendarRevisionEntity).findOneBy({ revision });
    }
    if (!row) throw new Error(`the working calendar has no revision ${revision}`);
    const found = revisionOf(row);
    this.revisions.set(revision, found);
    return found;
  }

  /** The working calendar of a revision (built once). */
  async calendarAt(revision: number): Promise<WorkingCalendar> {
    const cached = this.calendars.get(revision);
    if (cached) return cached;
    const { snapshot } = await this.at(revision);
    const calendar = calendarFromSnapshot(snapshot, revision, this.settings);
    this.calendars.set(revision, calendar);
    return calendar;
  }

  /** All revisions, newest first, without their snapshots' days (the record of changes). */
  async history(limit = 100): Promise<Array<Omit<CalendarRevision, 'snapshot'>>> {
    const rows = await this.dataSource
      .getRepository(CalendarRevisionEntity)
      .createQueryBuilder('r')
      .select(['r.revision', 'r.createdAt', 'r.createdBy', 'r.cause', 'r.change', 'r.retimedAt'])
      .orderBy('r.revision', 'DESC')
      .limit(limit)
      .getMany();
    return rows.map((row) => {
      const { snapshot: _snapshot, ...rest } = revisionOf(row);
      return rest;
    });
  }

  /**
   * Appends a change as the next revision, in one transaction under the calendar's lock. Returns the new
   * revision, or undefined when the snapshot came back unchanged (nothing is written).
   */
  async append(change: CalendarAppend, manager?: EntityManager): Promise<CalendarRevision | undefined> {
    const run = async (em: EntityManager) => {
      await em.query(`SELECT pg_advisory_xact_lock($1)`, [CALENDAR_LOCK]);
      const rows = (await em.query(
        `SELECT revision, snapshot FROM calendar_revisions ORDER BY revision DESC LIMIT 1`,
      )) as Array<{ revision: number; snapshot: CalendarSnapshot }>;
      const current = rows[0]?.snapshot ?? { years: {}, days: {} };
      const next = sortedSnapshot(change.build(structuredClone(current)));
      if (rows.length > 0 && JSON.stringify(next) === JSON.stringify(sortedSnapshot(current))) return undefined;
      const row = em.getRepository(CalendarRevisionEntity).create({
        revision: (rows[0]?.revision ?? 0) + 1,
        createdAt: new Date(),
        createdBy: change.by,
        cause: change.cause,
        change: change.change,
        snapshot: next,
        retimedAt: null,
      });
      await em.getRepository(CalendarRevisionEntity).insert(row);
      return revisionOf(row);
    };
    const appended = manager ? await run(manager) : await this.dataSource.transaction(run);
    if (appended) this.revisions.set(appended.revision, appended);
    return appended;
  }

  /** Marks a revision's re-timing of the open issues as finished. */
  async markRetimed(revision: number, at = new Date()): Promise<void> {
    await this.dataSource.query(`UPDATE calendar_revisions SET retimed_at = $2 WHERE revision = $1`, [revision, at]);
    this.revisions.delete(revision);
  }

  /**
   * At start: the first revision from the built-in data and the policy file's overrides when there is none;
   * afterwards, the years the built-in data knows and the calendar does not (a newer package), and the policy
   * file's overrides for dates the calendar does not have, as one new revision. A date the zone set is never
   * overwritten. Returns the revision appended, if any.
   */
  async seed(): Promise<CalendarRevision | undefined> {
    return this.append({
      by: 'system',
      cause: '工作日历：内置节假日数据与政策文件的日历设置',
      change: { action: 'seed' },
      build: (current) => {
        if (Object.keys(current.years).length === 0 && Object.keys(current.days).length === 0)
          return seedCalendarSnapshot(this.settings);
        const next = structuredClone(current);
        const builtIn = builtInCalendarSnapshot();
        for (const [key, year] of Object.entries(builtIn.years)) {
          if (next.years[key]) continue;
          next.years[key] = year;
          for (const day of Object.values(builtIn.days))
            if (day.date.startsWith(`${key}-`) && !next.days[day.date]) next.days[day.date] = day;
        }
        const seeded = seedCalendarSnapshot(this.settings);
        for (const day of Object.values(seeded.days))
          if (day.source === 'policy' && !next.days[day.date]) next.days[day.date] = day;
        return next;
      },
    });
  }
}
