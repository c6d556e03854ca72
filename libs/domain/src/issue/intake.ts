/**
 * Intake (受理): a reporter's filing opens the issue with the policy it keeps for its whole life, a lead task
 * for the department the routing decision names (the dispatcher when no rule does) and a supporting task for
 * each supporting department. A petition also starts its statutory clock.
 */
import { isIssueCategory, isRiskLevel } from '../issue-categories';
import { isDepartmentCode } from '../routing';
import { nonEmpty } from './actors';
import type { IntakeEvent, ReduceResult } from './events';
import { openStatutoryClock } from './petition';
import { reject, Reduction, requireClocks } from './reduction';
import { filingOf, type IssueState } from './state';
import { addTask } from './tasks';

/** The refusals of an intake; pure, no clock. */
export function checkIntake(event: IntakeEvent): void {
  if (!nonEmpty(event.issueId)) reject('intake.issue_id_required', 'intake needs an issue id');
  if (!nonEmpty(event.projectId)) reject('intake.project_required', 'a blocking issue is filed against a project');
  if (!isIssueCategory(event.category)) reject('intake.category', `unknown category ${JSON.stringify(event.category)}`);
  if (!isRiskLevel(event.risk)) reject('intake.risk', `unknown risk level ${JSON.stringify(event.risk)}`);
  if (!nonEmpty(event.description)) reject('intake.description_required', 'an issue needs a description');
  if (!event.reporter || !nonEmpty(event.reporter.id))
    reject('intake.reporter_required', 'an issue needs its reporter');
  if (!event.policy || event.policy.category !== event.category || event.policy.risk !== event.risk) {
    reject('intake.policy_mismatch', `the policy given is not the one for ${event.category} at risk ${event.risk}`);
  }
  if (!event.route || (event.route.kind === 'assigned' && !isDepartmentCode(event.route.lead))) {
    reject('intake.route', 'intake needs a routing decision (routeIssue)');
  }
}

/** Opens the issue from a checked intake. */
export function openIssue(event: IntakeEvent): ReduceResult {
  const clocks = requireClocks(event, 'intake');
  if (event.policy.petitionStatute && !clocks.petition)
    reject('clocks.petition_required', 'a petition needs its statutory deadlines');

  const state: IssueState = {
    schema: 'unblock.issue/1',
    ...filingOf(event),
    policy: event.policy,
    status: 'open',
    receivedAt: event.at,
    leadTaskId: '',
    tasks: {},
    taskCount: 0,
    heldBy: [],
    transfers: [],
    leadNamedByDispatcher: false,
    finalRouting: true,
    instructions: [],
    progressNotes: [],
    resolutions: [],
    reopenCount: 0,
    tally: { transfersByDepartment: {}, rejectionsByDepartment: {}, escalations: 0, reminders: 0 },
    timers: {},
    sequence: 0,
  };
  const reduction = new Reduction(state, event.at);
  const lead = event.route.kind === 'assigned' ? event.route.lead : event.policy.dispatcher;
  reduction.record('issue_opened', { id: event.reporter.id, role: 'reporter' }, undefined, {
    category: event.category,
    risk: event.risk,
    projectId: event.projectId,
    policyVersion: event.policy.version,
    route: event.route,
  });
  const leadTask = addTask(reduction, lead, 'lead', clocks.accept, clocks.handle, 0);
  state.leadTaskId = leadTask.id;
  if (lead !== event.policy.dispatcher) state.heldBy.push(lead);
  if (event.route.kind === 'to_dispatcher') {
    reduction.notify(
      { kind: 'dispatcher', department: event.policy.dispatcher },
      'dispatch_needed',
      leadTask.id,
      'no routing rule names an owner',
    );
  }
  if (event.route.kind === 'assigned') {
    for (const department of event.route.supporting)
      addTask(reduction, department, 'supporting', clocks.accept, clocks.assist, 0);
  }
  if (event.policy.petitionStatute && clocks.petition)
    openStatutoryClock(reduction, event.policy.petitionStatute.regulation, clocks.petition.acceptDecision);
  return { ok: true, state, commands: reduction.commands };
}
