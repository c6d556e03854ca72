/**
 * Which clocks an event needs before it can be reduced, and how the computed ones join the event. The clocks
 * read the zone's calendar, so the workflow computes them in activities (recorded in history) and the test
 * simulation computes them directly; both ask `clocksNeeded` what to compute and `withClocks` to attach it.
 */
import type { ClocksAt } from '../deadlines';
import type { StatutoryDeadline } from '../petition-clock';
import type { EpochMs } from '../working-calendar';
import type { IssueEvent } from './events';
import { ruleOf } from './reduce';
import type { RuleClockNeeds, StatutoryExtensionRequest } from './reduction';
import type { IssueState } from './state';

export interface ClockRequest {
  /**
   * The issue clocks for the event's instant (computeClocksAt; the activity computeIssueClocks), with the
   * reminders of a deadline a person chose when there is one. Asked for every message and timer firing: the
   * rule takes what applies, and the workflow's history has them for every event.
   */
  issueClocks: { at: EpochMs; customDue?: EpochMs };
  /** A petition's new legal conclusion deadline (computePetitionExtension; the activity computeStatutoryExtension). */
  statutoryExtension?: StatutoryExtensionRequest;
}

/** What to compute for an event on an open issue before reducing it. Pure. */
export function clocksNeeded(state: IssueState, event: IssueEvent): ClockRequest {
  const needs: RuleClockNeeds = ruleOf(event.type)?.clocks?.(state, event) ?? {};
  return {
    issueClocks: { at: event.at, ...(needs.customDue !== undefined ? { customDue: needs.customDue } : {}) },
    ...(needs.statutoryExtension ? { statutoryExtension: needs.statutoryExtension } : {}),
  };
}

/** The event with the clocks computed for it (and, for a statutory extension, its computed deadline). */
export function withClocks(
  event: IssueEvent,
  computed: { clocks: ClocksAt; statutoryDeadline?: StatutoryDeadline },
): IssueEvent {
  const complete = { ...event, clocks: computed.clocks } as IssueEvent;
  if (complete.type === 'extend_statutory_term' && computed.statutoryDeadline)
    return { ...complete, deadline: computed.statutoryDeadline };
  return complete;
}
