/**
 * The working calendar as the zone keeps it: the API's shapes (years, days, changes), the message an open issue
 * receives when the calendar changes, and the workflow that sends it to every open issue.
 *
 * A change is a new revision (libs/persistence CalendarStore). The API appends it, then starts the re-timing
 * workflow `calendar-retiming:<revision>`, which tells each open issue in batches; each issue re-times its own
 * deadlines on the new revision (an activity, recorded in its history) and writes the moves to its timeline.
 * An issue the message has not reached yet catches up at its next event, so none stays on an old calendar.
 */
import { defineSignal } from '@temporalio/workflow';

// ---------------------------------------------------------------- the API

/** One date of an arrangement, as the API reads and writes it. */
export interface CalendarDayDto {
  /** YYYY-MM-DD */
  date: string;
  /** a public holiday (放假) or a make-up working day (调休上班) */
  kind: 'holiday' | 'workday';
  /** the holiday it belongs to, e.g. 春节 */
  name: string;
  /** the notice it comes from */
  notice?: string;
  /** `official`: the built-in data; `policy`: the policy file; `zone`: loaded or corrected by the zone */
  source: 'official' | 'policy' | 'zone';
}

export interface CalendarYearDto {
  year: number;
  /** an arrangement is loaded: deadlines in this year are confirmed */
  known: boolean;
  notice?: string;
  source?: 'official' | 'policy' | 'zone';
  holidays: number;
  workdays: number;
  days: CalendarDayDto[];
}

/** `GET /api/v1/calendar`: the calendar in force and what it knows. */
export interface CalendarStatusDto {
  revision: number;
  updatedAt: string;
  updatedBy: string;
  cause: string;
  knownYears: number[];
  /** the current year and, from 1 November, the next: the years that must be known and are not */
  missingYears: number[];
  /** what to do about a missing year, in the zone's words */
  advice?: string;
  /** open issues whose deadlines fall in a year without an arrangement */
  unconfirmedIssues: number;
  /** open issues still timed on an earlier revision (re-timing in progress) */
  issuesOnEarlierRevisions: number;
}

/** `PUT /api/v1/calendar/years/{year}`: a year's arrangement, as dates or as the notice's sections. */
export interface LoadCalendarYearDto {
  /** the notice the arrangement comes from, e.g. 国务院办公厅关于2027年部分节假日安排的通知 */
  notice: string;
  /** the dates, each a holiday or a make-up working day */
  days?: Array<{ date: string; kind: 'holiday' | 'workday'; name: string }>;
  /** or the notice's text, one section per holiday: "春节：2月5日至11日放假调休，共7天。2月14日（周日）上班。" */
  text?: string;
}

/** `PUT /api/v1/calendar/days/{date}`: a correction of one date. */
export interface CorrectCalendarDayDto {
  kind: 'holiday' | 'workday';
  name: string;
  /** why: it goes into the record and into the cause of every deadline it moves */
  reason: string;
}

/** One change of the calendar (`GET /api/v1/calendar/revisions`). */
export interface CalendarRevisionDto {
  revision: number;
  at: string;
  by: string;
  cause: string;
  action: string;
  years?: number[];
  added?: string[];
  changed?: string[];
  removed?: string[];
  /** when every open issue had been re-timed on it */
  retimedAt?: string;
}

/** What a change answers: the new revision, and the re-timing it started. */
export interface CalendarChangeResultDto {
  revision: number;
  changedDates: string[];
  /** the workflow telling the open issues (absent when no date changed) */
  retimingWorkflowId?: string;
  openIssues: number;
}

// ---------------------------------------------------------------- the issues

/** "The working calendar changed: re-time your deadlines on this revision (or a later one)." */
export interface CalendarChangedSignalArgs {
  revision: number;
}

export const calendarChangedSignal = defineSignal<[CalendarChangedSignalArgs]>('calendarChanged');

// ---------------------------------------------------------------- the re-timing workflow

export const CALENDAR_RETIMING_WORKFLOW = 'calendarRetimingWorkflow';

export function calendarRetimingWorkflowId(revision: number): string {
  return `calendar-retiming:${revision}`;
}

export interface CalendarRetimingInput {
  revision: number;
  /** resume after this issue id (continue-as-new carries it) */
  after?: string;
  told?: number;
  /** 1: every open issue; 2: those still on an earlier revision */
  pass?: number;
}

export interface CalendarRetimingResult {
  revision: number;
  told: number;
}

export interface CalendarRetimingBatch {
  /** the next batch starts after this id; absent when the batch was the last */
  after?: string;
  told: number;
}

export interface CalendarRetimingActivities {
  /** Tells the next batch of open issues (by id, after `after`) about the revision; returns where to go on. */
  tellOpenIssues(input: { revision: number; after?: string; limit: number }): Promise<CalendarRetimingBatch>;
  /** Records that every open issue was told. */
  finishRetiming(input: { revision: number }): Promise<void>;
}
