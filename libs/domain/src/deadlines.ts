/**
 * Deadline arithmetic: from a policy, a calendar and an instant, the absolute instants at which a task must
 * be accepted and handled, its reminders, the ends of the escalation waits and the verification window.
 *
 * These are pure, but they read the calendar, so the workflow runs them in an activity (the result lands in
 * history and a calendar change never breaks replay) and passes the instants into the reducer's events.
 */
import { DurationSpec, requireDuration } from './durations';
import type { EscalationWaits } from './escalation-ladder';
import type { IssuePolicy, PolicyClock, ResolvedIssuePolicy } from './issue-policy';
import { computePetitionAcceptDecision, computePetitionConclusion, StatutoryDeadline } from './petition-clock';
import { computeReminders } from './reminders';
import { addWorkingTime, EpochMs, sameDayDeadline, WorkingCalendar, workingDaysDeadline } from './working-calendar';

/** A deadline and the instants at which its reminders (催办) fire. */
export interface Deadline {
  due: EpochMs;
  reminders: EpochMs[];
}

export interface TaskDeadlines {
  accept: Deadline;
  handle: Deadline;
}

/** Everything the reducer may need that depends on the calendar, computed for one instant `at`. */
export interface ClocksAt {
  at: EpochMs;
  /** accept deadline for a task assigned at `at` */
  accept: Deadline;
  /** handling deadline for a task whose handling clock starts at `at` */
  handle: Deadline;
  /** deadline for a department asked to assist at `at` */
  assist: Deadline;
  /** end of the reporter's verification window for a resolution at `at` */
  verificationDue: EpochMs;
  /** ends of the escalation waits if a level is reached at `at` */
  escalationWaits: EscalationWaits;
  /** petitions: legal deadlines if received / accepted at `at` */
  petition?: { acceptDecision: StatutoryDeadline; conclude: StatutoryDeadline };
  /** reminders for a deadline chosen by a person (an instruction's or an extension's), when one was given */
  custom?: Deadline;
  /**
   * The calendar they were computed on, when it is the zone's managed one: its revision, the years it has an
   * arrangement for, and the latest revision the computing worker knew of (a later one means the issue is due
   * to be re-timed).
   */
  calendar?: { revision: number; knownYears: number[]; latest?: number };
}

/** The instant a duration ends when started at `from`, on the policy's clock. */
export function deadlineAfter(
  duration: string | DurationSpec,
  clock: PolicyClock,
  calendar: WorkingCalendar,
  from: EpochMs,
): EpochMs {
  const spec = typeof duration === 'string' ? requireDuration(duration) : duration;
  switch (spec.kind) {
    case 'same_day':
      return sameDayDeadline(calendar, from);
    case 'working_days':
      return workingDaysDeadline(calendar, from, spec.days);
    case 'working_time':
      return addWorkingTime(calendar, from, spec.ms);
    case 'iso':
      if (clock === 'round_the_clock') return from + spec.totalMs;
      if (spec.days > 0) throw new Error(`"${spec.text}" counts days; a working-time policy writes "N working days"`);
      return addWorkingTime(calendar, from, spec.timeMs);
  }
}

/** A deadline due at `due`, set at `from`, with the policy's reminder points. */
export function deadlineWithReminders(
  policy: IssuePolicy,
  calendar: WorkingCalendar,
  from: EpochMs,
  due: EpochMs,
): Deadline {
  return { due, reminders: computeReminders(policy.reminders, policy.clock, calendar, from, due) };
}

/** Accept and handling deadlines (with reminders) for a task received or assigned at `receivedAt`. */
export function computeDeadlines(policy: IssuePolicy, calendar: WorkingCalendar, receivedAt: EpochMs): TaskDeadlines {
  const accept = deadlineAfter(policy.accept, policy.clock, calendar, receivedAt);
  const handle = deadlineAfter(policy.handle, policy.clock, calendar, receivedAt);
  return {
    accept: deadlineWithReminders(policy, calendar, receivedAt, accept),
    handle: deadlineWithReminders(policy, calendar, receivedAt, handle),
  };
}

/** When each level's wait (and the top-level repeat interval) ends if started at `from`. */
export function computeEscalationWaits(policy: IssuePolicy, calendar: WorkingCalendar, from: EpochMs): EscalationWaits {
  return {
    from,
    levelEnds: policy.ladder
      .slice(0, -1)
      .map((level) => deadlineAfter(level.wait as string, policy.clock, calendar, from)),
    topRepeatAt: deadlineAfter(policy.topRepeat.interval, policy.clock, calendar, from),
  };
}

/**
 * All calendar-dependent instants the reducer may need for an event at `at`. The workflow calls this (in an
 * activity) for every message and timer and attaches the result to the event; the reducer picks what applies.
 */
export function computeClocksAt(
  resolved: ResolvedIssuePolicy,
  calendar: WorkingCalendar,
  at: EpochMs,
  options: { customDue?: EpochMs } = {},
): ClocksAt {
  const policy = resolved.policy;
  const deadlines = computeDeadlines(policy, calendar, at);
  const assistDue = deadlineAfter(policy.assist ?? policy.handle, policy.clock, calendar, at);
  const clocks: ClocksAt = {
    at,
    accept: deadlines.accept,
    handle: deadlines.handle,
    assist: deadlineWithReminders(policy, calendar, at, assistDue),
    verificationDue: deadlineAfter(policy.verificationWindow, policy.clock, calendar, at),
    escalationWaits: computeEscalationWaits(policy, calendar, at),
  };
  if (resolved.petitionStatute) {
    clocks.petition = {
      acceptDecision: computePetitionAcceptDecision(resolved.petitionStatute, calendar, at),
      conclude: computePetitionConclusion(resolved.petitionStatute, calendar, at),
    };
  }
  if (options.customDue !== undefined) clocks.custom = deadlineWithReminders(policy, calendar, at, options.customDue);
  if (calendar.arrangement)
    clocks.calendar = { revision: calendar.arrangement.revision, knownYears: [...calendar.arrangement.years] };
  return clocks;
}
