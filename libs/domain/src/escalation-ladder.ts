/**
 * The escalation ladder (升级): when a task's deadline passes without the expected action, it climbs one level
 * (department head → responsible leader → zone director → party secretary, as the policy sets), then keeps
 * climbing after each level's wait; at the top the notice repeats at an interval, a bounded number of times.
 *
 * Pure functions on plain data. The instants at which each wait ends are computed on the calendar outside
 * (see `computeEscalationWaits` in deadlines.ts) and passed in.
 */
import type { EpochMs } from './working-calendar';

export const LEADER_ROLES = ['department_head', 'responsible_leader', 'zone_director', 'party_secretary'] as const;
export type LeaderRole = (typeof LEADER_ROLES)[number];

export function isLeaderRole(value: unknown): value is LeaderRole {
  return typeof value === 'string' && (LEADER_ROLES as readonly string[]).includes(value);
}

/** 1 for a department head … 4 for the party secretary. */
export function leaderRank(role: LeaderRole): number {
  return LEADER_ROLES.indexOf(role) + 1;
}

export interface LadderLevelPolicy {
  role: LeaderRole;
  /** how long this level has before the task climbs to the next; absent on the top level */
  wait?: string;
}

export interface TopRepeatPolicy {
  /** interval between repeated notices at the top level */
  interval: string;
  /** how many times the notice is repeated at the top (0 = never) */
  count: number;
}

export type StallCause = 'accept' | 'handle';

export interface LadderState {
  /** 0 = not escalated; n = the n-th level of the policy's ladder has been reached */
  level: number;
  /** notices repeated at the top level during the current stall */
  topRepeats: number;
  /** present while the task is stalled: which deadline was missed, and when */
  stall?: { cause: StallCause; since: EpochMs };
  /** when the ladder moves next (a climb or a top-level repeat); absent when idle or exhausted */
  nextStepAt?: EpochMs;
  /** true when the top level has repeated its notice the allowed number of times in this stall */
  exhausted: boolean;
}

/** When each level's wait, and the top-level repeat interval, would end if started at `from`. */
export interface EscalationWaits {
  from: EpochMs;
  /** levelEnds[i] = from + ladder[i].wait (for every level but the top) */
  levelEnds: EpochMs[];
  /** from + topRepeat.interval */
  topRepeatAt: EpochMs;
}

export type LadderStep =
  /** climbed to a new level */
  | { kind: 'climbed'; level: number; role: LeaderRole; repeat: 0 }
  /** already at the top; a new stall notifies the top again */
  | { kind: 'renotified'; level: number; role: LeaderRole; repeat: 0 }
  /** a repeated notice at the top level */
  | { kind: 'repeated'; level: number; role: LeaderRole; repeat: number }
  /** nothing more will be sent in this stall */
  | { kind: 'exhausted'; level: number; role: LeaderRole; repeat: number };

export function initialLadder(level = 0): LadderState {
  return { level, topRepeats: 0, exhausted: false };
}

/** The role of the level the task has reached; the first rung while not escalated. */
export function currentLevelRole(ladder: LadderState, levels: readonly LadderLevelPolicy[]): LeaderRole {
  return levels[Math.max(ladder.level, 1) - 1].role;
}

function scheduleAfter(
  level: number,
  topRepeats: number,
  levels: readonly LadderLevelPolicy[],
  topRepeat: TopRepeatPolicy,
  waits: EscalationWaits,
) {
  if (level < levels.length) return { nextStepAt: waits.levelEnds[level - 1], exhausted: false };
  if (topRepeats < topRepeat.count) return { nextStepAt: waits.topRepeatAt, exhausted: false };
  return { nextStepAt: undefined, exhausted: true };
}

/**
 * A deadline was missed at `waits.from`. If the task is already stalled nothing changes (a second missed
 * deadline does not climb twice); otherwise the task climbs one level (or re-notifies the top).
 */
export function startStall(
  ladder: LadderState,
  cause: StallCause,
  levels: readonly LadderLevelPolicy[],
  topRepeat: TopRepeatPolicy,
  waits: EscalationWaits,
): { ladder: LadderState; step?: LadderStep } {
  if (ladder.stall) return { ladder };
  const stall = { cause, since: waits.from };
  if (ladder.level < levels.length) {
    const level = ladder.level + 1;
    const next: LadderState = { level, topRepeats: 0, stall, ...scheduleAfter(level, 0, levels, topRepeat, waits) };
    return { ladder: strip(next), step: { kind: 'climbed', level, role: levels[level - 1].role, repeat: 0 } };
  }
  const level = levels.length;
  const next: LadderState = { level, topRepeats: 0, stall, ...scheduleAfter(level, 0, levels, topRepeat, waits) };
  return { ladder: strip(next), step: { kind: 'renotified', level, role: levels[level - 1].role, repeat: 0 } };
}

/** The ladder's own timer fired at `waits.from`: climb one more level, or repeat the top-level notice. */
export function advanceLadder(
  ladder: LadderState,
  levels: readonly LadderLevelPolicy[],
  topRepeat: TopRepeatPolicy,
  waits: EscalationWaits,
): { ladder: LadderState; step?: LadderStep } {
  if (!ladder.stall || ladder.exhausted) return { ladder };
  if (ladder.level < levels.length) {
    const level = ladder.level + 1;
    const next: LadderState = { ...ladder, level, topRepeats: 0, ...scheduleAfter(level, 0, levels, topRepeat, waits) };
    return { ladder: strip(next), step: { kind: 'climbed', level, role: levels[level - 1].role, repeat: 0 } };
  }
  const role = levels[levels.length - 1].role;
  if (ladder.topRepeats >= topRepeat.count) {
    return {
      ladder: strip({ ...ladder, nextStepAt: undefined, exhausted: true }),
      step: { kind: 'exhausted', level: ladder.level, role, repeat: ladder.topRepeats },
    };
  }
  const topRepeats = ladder.topRepeats + 1;
  const next: LadderState = {
    ...ladder,
    topRepeats,
    ...scheduleAfter(ladder.level, topRepeats, levels, topRepeat, waits),
  };
  return { ladder: strip(next), step: { kind: 'repeated', level: ladder.level, role, repeat: topRepeats } };
}

/** The stall is over (accepted, resolved, new deadline): the ladder stops where it is; the level is kept. */
export function endStall(ladder: LadderState): LadderState {
  return { level: ladder.level, topRepeats: 0, exhausted: false };
}

/** Only a leader at the task's current level or above may grant more time. */
export function mayGrantExtension(
  role: LeaderRole,
  ladder: LadderState,
  levels: readonly LadderLevelPolicy[],
): boolean {
  return leaderRank(role) >= leaderRank(currentLevelRole(ladder, levels));
}

function strip(state: LadderState): LadderState {
  const copy: LadderState = { ...state };
  if (copy.nextStepAt === undefined) delete copy.nextStepAt;
  if (copy.stall === undefined) delete copy.stall;
  return copy;
}
