/**
 * Re-timing an open issue when the working calendar changes (a year's arrangement loaded, a date corrected).
 *
 * What moves: only pending timers, and only those the calendar decides. On a working-clock policy every deadline,
 * reminder (催办), escalation wait and verification window counts working days or working time; a deadline a
 * person chose (an extension granted, an instruction's date) stays where it is, its reminders move with the
 * calendar. On a round-the-clock policy nothing moves. A petition's legal deadlines count calendar days; they
 * move only through the rule "a last day on a day off moves to the next working day", recomputed exactly from
 * their start. Nothing already fired is undone or fired again; a deadline the new calendar puts in the past
 * falls due at once.
 *
 * How a working-calendar instant moves: it lay on the k-th working day counted from today (today included when
 * it is a working day) at some time of day; it moves to the k-th working day of the new calendar, at the same
 * time of day. So a holiday inserted before it pushes it one working day on, a make-up working day pulls it one
 * back, and a deadline computed from any earlier start lands where the new calendar would have put it. Days
 * already past are not counted again: the time an issue has already had stays counted.
 */
import {
  computePetitionAcceptDecision,
  computePetitionConclusion,
  computePetitionExtension,
  type PetitionStatute,
} from './petition-clock';
import type { IssueState, TrackedDeadline } from './issue/state';
import { readTimerKey } from './issue/timer-keys';
import {
  addDays,
  EpochMs,
  isWorkingDay,
  LocalDate,
  shanghaiDateOf,
  shanghaiInstant,
  shanghaiMinuteOfDay,
  WorkingCalendar,
} from './working-calendar';

/** How far a re-timed instant may be searched for (a calendar with no working day for a year is broken). */
const MAX_DAYS_SEARCHED = 3 * 366;

/** What re-timing one issue on a new revision decided: computed in an activity, recorded in history. */
export interface RetimingPlan {
  fromRevision: number;
  toRevision: number;
  /** when it was computed: a moved timer never lands before it */
  at: EpochMs;
  /** in the zone's words, e.g. "工作日历：载入 2027 年春节安排（…通知）" */
  cause: string;
  /** pending timers that move: timer id → its new instant, or null when it no longer applies (a reminder past its deadline) */
  moves: Record<string, EpochMs | null>;
  /** the years the new revision has an arrangement for */
  knownYears: number[];
}

/** The instant on the new calendar of a working-calendar instant of the old one (see the file's comment). */
export function retimeInstant(
  before: WorkingCalendar,
  after: WorkingCalendar,
  today: LocalDate,
  instant: EpochMs,
): EpochMs {
  const date = shanghaiDateOf(instant);
  if (date < today || !isWorkingDay(before, date)) return instant;
  let k = 0;
  for (let day = today; day <= date; day = addDays(day, 1)) if (isWorkingDay(before, day)) k += 1;
  let day = today;
  for (let searched = 0, n = 0; searched < MAX_DAYS_SEARCHED; searched++, day = addDays(day, 1)) {
    if (isWorkingDay(after, day) && ++n === k) {
      if (day === date) return instant;
      return shanghaiInstant(day, shanghaiMinuteOfDay(instant));
    }
  }
  throw new Error(`no working day within ${MAX_DAYS_SEARCHED} days after ${today}: check the calendar`);
}

/** Whether a deadline was last set by a person (an extension, an instruction): the calendar does not move it. */
export function chosenByPerson(deadline: TrackedDeadline): boolean {
  const last = [...deadline.moves].reverse().find((move) => move.cause !== 'calendar');
  return last !== undefined && (last.cause === 'extension' || last.cause === 'instruction');
}

/** Whether a pending timer's instant is the working calendar's to decide (see the file's comment). */
export function timerDependsOnCalendar(state: IssueState, id: string): boolean {
  const key = readTimerKey(id);
  if (!key) return false;
  if (key.kind === 'petition') return state.policy.petitionStatute?.lastDayOnDayOff === 'next_working_day';
  if (state.policy.policy.clock !== 'working') return false;
  if (key.kind === 'task' && key.clock !== 'ladder' && key.reminder === undefined) {
    const task = state.tasks[key.taskId];
    const deadline = key.clock === 'accept' ? task?.accept : task?.handle;
    return deadline !== undefined && !chosenByPerson(deadline);
  }
  return true;
}

/** The years of the issue's pending calendar-decided deadlines that the calendar has no arrangement for. */
export function unconfirmedYearsOf(state: IssueState, knownYears: readonly number[]): number[] {
  const years = new Set<number>();
  for (const [id, at] of Object.entries(state.timers)) {
    if (!timerDependsOnCalendar(state, id)) continue;
    const year = Number(shanghaiDateOf(at).slice(0, 4));
    if (!knownYears.includes(year)) years.add(year);
  }
  return [...years].sort((a, b) => a - b);
}

/** A petition's legal deadline recomputed on a calendar from where it started. */
function statutoryDue(
  state: IssueState,
  statute: PetitionStatute,
  calendar: WorkingCalendar,
  which: 'accept_decision' | 'conclude',
): EpochMs | undefined {
  const petition = state.petition;
  if (!petition) return undefined;
  if (which === 'accept_decision') return computePetitionAcceptDecision(statute, calendar, state.receivedAt).due;
  const acceptedAt = petition.acceptDecision.decidedAt;
  if (acceptedAt === undefined || !petition.conclude) return undefined;
  const extension = petition.conclude.extension;
  if (!extension) return computePetitionConclusion(statute, calendar, acceptedAt).due;
  return computePetitionExtension(
    statute,
    calendar,
    acceptedAt,
    extension.extension,
    petition.extensionsUsed - 1,
    extension.at,
  ).due;
}

/**
 * Which pending timers of an issue move from the calendar `before` (the revision its deadlines were computed on)
 * to `after`, at `at`. Pure.
 */
export function planRetiming(
  state: IssueState,
  before: WorkingCalendar,
  after: WorkingCalendar,
  at: EpochMs,
  cause: string,
): RetimingPlan {
  const today = shanghaiDateOf(at);
  const moves: Record<string, EpochMs | null> = {};
  const newDue = new Map<string, EpochMs>();
  const ids = Object.keys(state.timers).sort();
  const statute = state.policy.petitionStatute;
  // the deadlines first, then their reminders and warnings (which must stay before them)
  for (const id of ids) {
    const from = state.timers[id];
    if (from <= at || !timerDependsOnCalendar(state, id)) continue;
    const key = readTimerKey(id)!;
    let to: EpochMs | undefined;
    if (key.kind === 'petition') {
      if (key.warning !== undefined) continue;
      to = statute ? statutoryDue(state, statute, after, key.deadline) : undefined;
      const was = statute ? statutoryDue(state, statute, before, key.deadline) : undefined;
      if (to !== undefined && was !== undefined) newDue.set(`petition/${key.deadline}`, to);
      if (was === undefined || was !== from) to = undefined; // not where the rule put it: leave it
    } else if (key.kind === 'task' && key.clock !== 'ladder' && key.reminder !== undefined) {
      continue;
    } else {
      to = retimeInstant(before, after, today, from);
      if (key.kind === 'task' && key.clock !== 'ladder') newDue.set(`task/${key.taskId}/${key.clock}`, to);
    }
    if (to !== undefined && to !== from) moves[id] = Math.max(to, at);
  }
  for (const id of ids) {
    const from = state.timers[id];
    if (from <= at || !timerDependsOnCalendar(state, id)) continue;
    const key = readTimerKey(id)!;
    if (key.kind === 'petition' && key.warning !== undefined) {
      const deadline = `petition/${key.deadline}`;
      const due = newDue.get(deadline);
      const oldDue = state.timers[deadline];
      if (due === undefined || oldDue === undefined || due === oldDue) continue;
      const to = from + (due - oldDue); // a warning is a fixed time before its deadline
      moves[id] = to > at ? to : null;
    } else if (key.kind === 'task' && key.clock !== 'ladder' && key.reminder !== undefined) {
      const deadlineId = `task/${key.taskId}/${key.clock}`;
      const due = newDue.get(deadlineId) ?? state.timers[deadlineId];
      const to = retimeInstant(before, after, today, from);
      if (due !== undefined && to >= due) moves[id] = null;
      else if (to !== from) moves[id] = Math.max(to, at);
    }
  }
  return {
    fromRevision: before.arrangement?.revision ?? 1,
    toRevision: after.arrangement?.revision ?? 1,
    at,
    cause,
    moves,
    knownYears: after.arrangement ? [...after.arrangement.years] : [],
  };
}
