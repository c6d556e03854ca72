// How urgent a task or an issue is, from the time left to its next deadline, and the colour it is shown in. Pure.

export type Urgency = 'overdue' | 'critical' | 'soon' | 'normal' | 'ended';

const HOUR = 3_600_000;

/** Overdue when past; critical within the hour; soon within four hours; else normal. Ended tasks have none. */
export function urgencyOf(timeLeftMs: number | null | undefined, ended = false): Urgency {
  if (ended || timeLeftMs === null || timeLeftMs === undefined) return 'ended';
  if (timeLeftMs < 0) return 'overdue';
  if (timeLeftMs < HOUR) return 'critical';
  if (timeLeftMs < 4 * HOUR) return 'soon';
  return 'normal';
}

/** The colour of each urgency (Ant Design's palette: red, volcano, gold, green, grey). */
export const URGENCY_COLOURS: Record<Urgency, string> = {
  overdue: '#cf1322',
  critical: '#d4380d',
  soon: '#d48806',
  normal: '#389e0d',
  ended: '#8c8c8c',
};

/** The tag colour names of Ant Design for each urgency. */
export const URGENCY_TAG_COLOURS: Record<Urgency, string> = {
  overdue: 'red',
  critical: 'volcano',
  soon: 'gold',
  normal: 'green',
  ended: 'default',
};

export function urgencyColour(urgency: Urgency): string {
  return URGENCY_COLOURS[urgency];
}

/** Risk levels in Ant Design tag colours. */
export const RISK_TAG_COLOURS: Record<string, string> = {
  low: 'blue',
  medium: 'gold',
  high: 'volcano',
  critical: 'red',
};

/** The colour of a level reached on the escalation ladder (0 = not escalated). */
export function escalationColour(level: number): string {
  if (level <= 0) return 'default';
  if (level === 1) return 'gold';
  if (level === 2) return 'orange';
  if (level === 3) return 'volcano';
  return 'red';
}

/** Sorts open work first, the most urgent first (the most overdue, then the nearest deadline); ended work last. */
export function byUrgency<T>(
  items: readonly T[],
  timeLeft: (item: T) => number | null,
  ended: (item: T) => boolean,
): T[] {
  return [...items].sort((a, b) => {
    const ea = ended(a) || timeLeft(a) === null;
    const eb = ended(b) || timeLeft(b) === null;
    if (ea !== eb) return ea ? 1 : -1;
    if (ea) return 0;
    return (timeLeft(a) as number) - (timeLeft(b) as number);
  });
}
