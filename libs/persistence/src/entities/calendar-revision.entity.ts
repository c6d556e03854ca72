import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { CalendarSnapshot } from '@unblock/domain';
import { Instant, Json, Text, Varchar } from './columns';

/** What one revision changed, as the zone's record says it: the years loaded and the dates added, turned or removed. */
export interface CalendarChange {
  /** e.g. `year.load`, `day.correct`, `day.remove`, `seed`, `import` */
  action: string;
  years?: number[];
  added?: string[];
  changed?: string[];
  removed?: string[];
}

/**
 * The zone's working calendar, one row per revision, never updated: the whole arrangement as it stood after the
 * change (`snapshot`), who made the change, when and why. The latest row is the calendar in force; the workers
 * compute each issue's deadlines on the revision the issue was last timed with, so every row stays readable.
 */
@Entity({ name: 'calendar_revisions' })
@Check('calendar_revisions_revision_check', 'revision > 0')
export class CalendarRevisionEntity {
  @PrimaryColumn({ type: 'integer' })
  revision: number;

  @Instant()
  createdAt: Date;

  /** the person's id, or `system` for the seed */
  @Varchar(64)
  createdBy: string;

  /** why, in the zone's words: it becomes the cause of every deadline it moves ("工作日历：载入 2027 年春节安排（…通知）") */
  @Text()
  cause: string;

  @Json()
  change: CalendarChange;

  @Json()
  snapshot: CalendarSnapshot;

  /** when re-timing the open issues on it finished (null while it runs, or when nothing needed it) */
  @Column({ name: 'retimed_at', type: 'timestamptz', nullable: true })
  retimedAt: Date | null;
}
