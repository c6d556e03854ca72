/**
 * The life of one blocking issue as a reducer: `state + event → new state + commands`.
 *
 * The workflow holds the state (plain JSON, safe across continue-as-new), feeds every message and timer firing
 * to `reduceIssue`, and runs the commands it returns (schedule / cancel timers, notify, record, escalate). The
 * reducer never reads the clock: the time is part of each event. It never reads the calendar either: every
 * event carries `clocks`, the calendar-dependent instants computed for `event.at` by `computeClocksAt` (in an
 * activity; `clocksNeeded` says which); the reducer takes what applies. Invalid events are rejected with the
 * rule they break.
 *
 * The state's `timers` map is the truth about pending timers: the workflow may sleep until `nextTimer(state)`
 * and feed `{type: 'timer_fired', key, at}`; a firing for a timer no longer in the map is ignored.
 *
 * Each event type has one rule (`issueRules`): its `check` holds the refusals (pure, no clock; the update
 * validators run it alone, see ./validate) and its `apply` the change.
 */
import { acceptRule } from './accept';
import { assistRule } from './assist';
import type { IssueEvent, IssueEventType, ReduceResult } from './events';
import { grantExtensionRule, refuseExtensionRule, requestExtensionRule } from './extension';
import { checkIntake, openIssue } from './intake';
import { acknowledgeRule, instructRule } from './instruction';
import { extendStatutoryTermRule } from './petition';
import { progressRule } from './progress';
import { IssueRule, reject, RejectedEvent, Reduction } from './reduction';
import { resolveRule, verifyRule } from './resolution';
import type { IssueState } from './state';
import { timerFiredRule } from './timers';
import { recalendarRule, withCalendarOf } from './recalendar';
import { routeRule, transferRule } from './transfer';
import { withdrawRule } from './withdraw';

/** The event types that act on an open issue (intake opens one: ./intake). */
export type IssueMessageType = Exclude<IssueEventType, 'intake'>;

/** One rule per event type on an open issue; the type makes a missing one a compile error. */
export type IssueRules = { [T in IssueMessageType]: IssueRule<Extract<IssueEvent, { type: T }>, unknown> };

export const issueRules: IssueRules = {
  accept: acceptRule,
  progress: progressRule,
  assist: assistRule,
  transfer: transferRule,
  route: routeRule,
  request_extension: requestExtensionRule,
  grant_extension: grantExtensionRule,
  refuse_extension: refuseExtensionRule,
  instruct: instructRule,
  acknowledge: acknowledgeRule,
  resolve: resolveRule,
  verify: verifyRule,
  withdraw: withdrawRule,
  extend_statutory_term: extendStatutoryTermRule,
  timer_fired: timerFiredRule,
  recalendar: recalendarRule,
};

/** The rule for an event type on an open issue; undefined for intake and for a type no rule knows. */
export function ruleOf(type: string): IssueRule<IssueEvent, unknown> | undefined {
  return Object.prototype.hasOwnProperty.call(issueRules, type)
    ? (issueRules[type as IssueMessageType] as IssueRule<IssueEvent, unknown>)
    : undefined;
}

/** The rule for an event on an open issue (refuses an unknown type). */
export function ruleFor(event: IssueEvent): IssueRule<IssueEvent, unknown> {
  return (
    ruleOf(event.type) ??
    reject('event.type', `unknown event type ${JSON.stringify((event as { type: unknown }).type)}`)
  );
}

/** The refusals every event meets before its rule: its shape, and whether there is an issue for it. */
export function checkEvent(state: IssueState | undefined, event: IssueEvent): void {
  if (typeof event !== 'object' || event === null || typeof event.type !== 'string')
    reject('event.type', 'an event needs a type');
  if (!Number.isFinite(event.at)) reject('event.at', 'an event needs its time `at` (epoch milliseconds)');
  if (event.type === 'intake') {
    if (state) reject('intake.already_open', `issue ${state.issueId} is already open`);
    return;
  }
  if (!state) reject('event.no_issue', `${event.type} needs an open issue; the first event is intake`);
}

/**
 * Applies one event. With no state only `intake` is valid. Never throws for a bad event: returns
 * `{ok: false, rejection: {rule, message}}` and leaves the state as it was.
 */
export function reduceIssue(state: IssueState | undefined, event: IssueEvent): ReduceResult {
  try {
    checkEvent(state, event);
    if (event.type === 'intake') {
      checkIntake(event);
      const opened = openIssue(event);
      if (opened.ok && event.clocks?.calendar) withCalendarOf(opened.state, event.clocks.calendar);
      return opened;
    }
    const rule = ruleFor(event);
    const checked = rule.check(state!, event);
    const reduction = new Reduction(JSON.parse(JSON.stringify(state)) as IssueState, event.at);
    rule.apply(reduction, event, checked);
    // the clocks name the calendar they were computed on: the issue's deadlines are on it (./recalendar)
    if (event.clocks?.calendar) withCalendarOf(reduction.state, event.clocks.calendar);
    return {
      ok: true,
      state: reduction.state,
      commands: reduction.commands,
      ...(reduction.notice ? { notice: reduction.notice } : {}),
    };
  } catch (error) {
    if (error instanceof RejectedEvent)
      return { ok: false, state, rejection: { rule: error.rule, message: error.message }, commands: [] };
    throw error;
  }
}
