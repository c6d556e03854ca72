/**
 * The working calendar as the zone keeps it: the message an open issue receives when the calendar changes, and the
 * workflow that sends it to every open issue. (The API's shapes are its DTOs: apps/api/src/calendar/calendar.dto.ts.)
 *
 * A change is a new revision (libs/persistence CalendarStore). The API appends it, then starts the re-timing
 * workflow `calendar-retiming:<revision>`, which tells each open issue in batches; each issue re-times its own
 * deadlines on the new revision (an activity, recorded in its history) and writes the moves to its timeline.
 * An issue the message has not reached yet catches up at its next event, so none stays on an old calendar.
 */
import { defineSignal } from '@temporalio/workflow';

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
