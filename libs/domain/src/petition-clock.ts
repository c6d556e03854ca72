/**
 * The statutory clock of a petition (信访), run beside the internal one. The numbers are data, named after the
 * regulation in the policy file (信访工作条例, 2022): decide whether to accept within 15 days of receipt,
 * conclude within 60 days of acceptance, one extension of at most 30 days; warn before each legal deadline.
 *
 * Days are calendar days. The day the period starts is not counted and the period ends at 24:00 of its last
 * day; when `lastDayOnDayOff` is "next_working_day" a last day falling on a day off moves to the next working
 * day (the civil code's rule for periods).
 */
import { IsoDuration, parseDuration } from './durations';
import type { PolicyProblem } from './issue-policy';
import {
  addDays,
  EpochMs,
  isWorkingDay,
  nextWorkingDay,
  shanghaiDateOf,
  shanghaiInstant,
  WorkingCalendar,
} from './working-calendar';

export interface PetitionStatute {
  /** the regulation the numbers come from, e.g. "信访工作条例 (2022)" */
  regulation: string;
  /** optional notes on the articles, for people reading the file */
  articles?: Record<string, string>;
  /** decide on acceptance within (ISO-8601; whole days like "P15D" count by the legal rule, a time part is elapsed) */
  acceptDecision: string;
  /** conclude within, counted from acceptance (e.g. "P60D") */
  conclude: string;
  /** the longest single extension of the conclusion deadline (e.g. "P30D") */
  maxExtension: string;
  /** how many extensions are allowed (1) */
  maxExtensions: number;
  /** warn this long before each legal deadline (elapsed time, e.g. ["P3D", "P1D"]) */
  warnBefore: string[];
  lastDayOnDayOff: 'next_working_day' | 'keep';
}

/** A legal deadline with its warning instants. */
export interface StatutoryDeadline {
  due: EpochMs;
  warnings: EpochMs[];
}

export type PetitionExtensionCheck = { ok: true } | { ok: false; rule: string; message: string };

function statutoryDuration(text: string): IsoDuration {
  const parsed = parseDuration(text);
  if (!parsed.ok || parsed.duration.kind !== 'iso')
    throw new Error(`statutory period "${text}" must be an ISO-8601 duration like P15D`);
  return parsed.duration;
}

/** Whole days count by the legal rule; anything with a time part (test policies: PT10S) is elapsed time. */
function countsInDays(duration: IsoDuration): boolean {
  return duration.timeMs === 0;
}

/**
 * End of a statutory period starting at `start`: for whole days, 24:00 (Shanghai) of the last day, the start day
 * not counted, moved to the next working day if the statute says so; otherwise `start` + the duration.
 */
export function statutoryPeriodEnd(
  statute: PetitionStatute,
  calendar: WorkingCalendar,
  start: EpochMs,
  period: string,
): EpochMs {
  const duration = statutoryDuration(period);
  if (!countsInDays(duration)) return start + duration.totalMs;
  return endOfDayPeriod(statute, calendar, shanghaiDateOf(start), duration.days);
}

function endOfDayPeriod(statute: PetitionStatute, calendar: WorkingCalendar, startDate: string, days: number): EpochMs {
  let lastDay = addDays(startDate, days);
  if (statute.lastDayOnDayOff === 'next_working_day' && !isWorkingDay(calendar, lastDay)) {
    lastDay = nextWorkingDay(calendar, lastDay);
  }
  return shanghaiInstant(lastDay, 24 * 60);
}

function withWarnings(statute: PetitionStatute, from: EpochMs, due: EpochMs): StatutoryDeadline {
  const warnings = statute.warnBefore
    .map((text) => due - statutoryDuration(text).totalMs)
    .filter((at) => at > from && at < due);
  return { due, warnings: [...new Set(warnings)].sort((a, b) => a - b) };
}

/** Deadline to decide whether to accept the petition (受理), from its receipt. */
export function computePetitionAcceptDecision(
  statute: PetitionStatute,
  calendar: WorkingCalendar,
  receivedAt: EpochMs,
): StatutoryDeadline {
  return withWarnings(statute, receivedAt, statutoryPeriodEnd(statute, calendar, receivedAt, statute.acceptDecision));
}

/** Deadline to conclude the petition (办结), from the day it was accepted. */
export function computePetitionConclusion(
  statute: PetitionStatute,
  calendar: WorkingCalendar,
  acceptedAt: EpochMs,
): StatutoryDeadline {
  return withWarnings(statute, acceptedAt, statutoryPeriodEnd(statute, calendar, acceptedAt, statute.conclude));
}

/** Checks a requested extension (an ISO-8601 duration, e.g. "P30D") against the statute; needs no calendar. */
export function checkPetitionExtension(
  statute: PetitionStatute,
  extensionsUsed: number,
  extension: string,
): PetitionExtensionCheck {
  const parsed = parseDuration(extension);
  if (!parsed.ok || parsed.duration.kind !== 'iso') {
    return {
      ok: false,
      rule: 'statutory_extension.duration',
      message: `the extension must be an ISO-8601 duration like P30D, got ${JSON.stringify(extension)}`,
    };
  }
  if (extensionsUsed >= statute.maxExtensions) {
    return {
      ok: false,
      rule: 'statutory_extension.once',
      message: `${statute.regulation} allows ${statute.maxExtensions} extension(s) of the conclusion deadline; ${extensionsUsed} already used`,
    };
  }
  const max = statutoryDuration(statute.maxExtension);
  if (parsed.duration.totalMs > max.totalMs) {
    return {
      ok: false,
      rule: 'statutory_extension.max',
      message: `${statute.regulation} allows an extension of at most ${statute.maxExtension}, asked for ${extension}`,
    };
  }
  return { ok: true };
}

/**
 * The conclusion deadline after an extension: the extension lengthens the conclusion period itself, counted from
 * the acceptance (for whole days: conclude + extension days after the day of acceptance, then the day-off rule
 * once). Throws when the statute does not allow it.
 */
export function computePetitionExtension(
  statute: PetitionStatute,
  calendar: WorkingCalendar,
  acceptedAt: EpochMs,
  extension: string,
  extensionsUsed: number,
  grantedAt: EpochMs,
): StatutoryDeadline {
  const check = checkPetitionExtension(statute, extensionsUsed, extension);
  if (!check.ok) throw new Error(`${check.rule}: ${check.message}`);
  const conclude = statutoryDuration(statute.conclude);
  const added = statutoryDuration(extension);
  const due =
    countsInDays(conclude) && countsInDays(added)
      ? endOfDayPeriod(statute, calendar, shanghaiDateOf(acceptedAt), conclude.days + added.days)
      : acceptedAt + conclude.totalMs + added.totalMs;
  return withWarnings(statute, grantedAt, due);
}

/** Validates the statute section of a policy document. */
export function validatePetitionStatute(
  raw: unknown,
  path: string,
  problems: PolicyProblem[],
): PetitionStatute | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({ path, rule: 'must be an object naming the regulation and its periods' });
    return undefined;
  }
  const input = raw as Record<string, unknown>;
  const before = problems.length;
  if (typeof input.regulation !== 'string' || input.regulation.trim() === '') {
    problems.push({
      path: `${path}.regulation`,
      rule: 'must name the regulation the periods come from, e.g. "信访工作条例 (2022)"',
    });
  }
  for (const key of ['acceptDecision', 'conclude', 'maxExtension'] as const) {
    const parsed = parseDuration(input[key]);
    if (!parsed.ok || parsed.duration.kind !== 'iso') {
      problems.push({
        path: `${path}.${key}`,
        rule: `must be an ISO-8601 duration (whole days like P15D count by the legal rule), got ${JSON.stringify(input[key])}`,
      });
    }
  }
  if (!Number.isInteger(input.maxExtensions) || (input.maxExtensions as number) < 0) {
    problems.push({
      path: `${path}.maxExtensions`,
      rule: `must be a whole number ≥ 0, got ${JSON.stringify(input.maxExtensions)}`,
    });
  }
  if (!Array.isArray(input.warnBefore)) {
    problems.push({ path: `${path}.warnBefore`, rule: 'must be a list of ISO-8601 durations like ["P3D", "P1D"]' });
  } else {
    input.warnBefore.forEach((text: unknown, i: number) => {
      const parsed = parseDuration(text);
      if (!parsed.ok || parsed.duration.kind !== 'iso') {
        problems.push({
          path: `${path}.warnBefore[${i}]`,
          rule: `must be an ISO-8601 duration (legal periods run on calendar days), got ${JSON.stringify(text)}`,
        });
      }
    });
  }
  if (input.lastDayOnDayOff !== 'next_working_day' && input.lastDayOnDayOff !== 'keep') {
    problems.push({
      path: `${path}.lastDayOnDayOff`,
      rule: `must be "next_working_day" or "keep", got ${JSON.stringify(input.lastDayOnDayOff)}`,
    });
  }
  if (problems.length > before) return undefined;
  return {
    regulation: input.regulation as string,
    ...(input.articles !== undefined ? { articles: input.articles as Record<string, string> } : {}),
    acceptDecision: input.acceptDecision as string,
    conclude: input.conclude as string,
    maxExtension: input.maxExtension as string,
    maxExtensions: input.maxExtensions as number,
    warnBefore: [...(input.warnBefore as string[])],
    lastDayOnDayOff: input.lastDayOnDayOff as PetitionStatute['lastDayOnDayOff'],
  };
}
