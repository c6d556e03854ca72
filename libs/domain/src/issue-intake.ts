/**
 * Intake (受理登记): turns a reporter's submission into the reducer's first event, with the policy the issue
 * will keep for its whole life, the routing decision and the clocks computed on the zone's calendar.
 * Pure; the workflow calls it from an activity (it reads the calendar). A submission with text that breaks the
 * text rule (./text) is refused here, before the issue's first event exists.
 */
import { computeClocksAt } from './deadlines';
import { filingOf, type IntakeEvent, type IssueFiling } from './issue';
import { IssuePolicyDocument, resolveIssuePolicy } from './issue-policy';
import { routeIssue } from './routing';
import { textViolationIn } from './text';
import { createWorkingCalendar, EpochMs, WorkingCalendar } from './working-calendar';

export interface IssueSubmission extends IssueFiling {
  receivedAt: EpochMs;
  /** what the issue's record keeps beside the filing (the rules do not read them); checked for the text rule too */
  title?: string;
  attachments?: string[];
}

/** The zone's working calendar as the policy document sets it (working hours and overrides). */
export function calendarOf(document: IssuePolicyDocument): WorkingCalendar {
  return createWorkingCalendar(document.calendar);
}

export function prepareIntake(
  document: IssuePolicyDocument,
  calendar: WorkingCalendar,
  submission: IssueSubmission,
): IntakeEvent {
  const badText = textViolationIn(submission);
  if (badText) throw new Error(`${badText.rule}: ${badText.message}`);
  const policy = resolveIssuePolicy(document, submission.category, submission.risk);
  return {
    type: 'intake',
    at: submission.receivedAt,
    ...filingOf(submission),
    policy,
    route: routeIssue(document.routing, { category: submission.category, projectId: submission.projectId }),
    clocks: computeClocksAt(policy, calendar, submission.receivedAt),
  };
}
