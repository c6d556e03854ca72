/**
 * The statutory clock of a petition (信访, 信访工作条例 2022), run beside the internal one: the decision on
 * acceptance is due from receipt; the lead department's acceptance decides it and starts the conclusion
 * deadline; resolving concludes it and a rejected resolution resumes it; warnings fire before each legal
 * deadline and a missed one is told to the lead's head and the dispatcher. One extension (of at most the
 * statute's length), approved by a zone leader. The periods themselves are computed in ../petition-clock.
 */
import type { ClocksAt } from '../deadlines';
import { leaderRank } from '../escalation-ladder';
import { checkPetitionExtension, StatutoryDeadline } from '../petition-clock';
import { nonEmpty, requireLeader } from './actors';
import type { AcceptEvent, ExtendStatutoryTermEvent, NotificationTopic, Recipient } from './events';
import { IssueRule, reject, Reduction } from './reduction';
import type { IssueTask } from './state';
import { leadTask } from './tasks';
import type { StatutoryDeadlineName } from './timer-keys';

/** At intake: the decision on acceptance is due. */
export function openStatutoryClock(reduction: Reduction, regulation: string, acceptDecision: StatutoryDeadline): void {
  reduction.state.petition = { regulation, acceptDecision: { ...acceptDecision }, extensionsUsed: 0, missed: [] };
  scheduleStatutory(reduction, 'accept_decision', acceptDecision);
}

/** Whether accepting this task decides on the petition's acceptance (the lead department's first acceptance). */
export function decidesAcceptance(reduction: Reduction, task: IssueTask): boolean {
  const state = reduction.state;
  const petition = state.petition;
  return (
    !!petition &&
    task.id === state.leadTaskId &&
    task.department !== state.policy.dispatcher &&
    petition.acceptDecision.decidedAt === undefined
  );
}

/** The lead accepted: the decision on acceptance is made and the conclusion deadline starts. */
export function startConclusionClock(
  reduction: Reduction,
  task: IssueTask,
  event: AcceptEvent,
  clocks: ClocksAt,
): void {
  const petition = reduction.state.petition!;
  if (!clocks.petition)
    reject('clocks.petition_required', 'accepting a petition needs its statutory conclusion deadline');
  petition.acceptDecision.decidedAt = event.at;
  reduction.cancelWithin({ kind: 'petition', deadline: 'accept_decision' });
  petition.conclude = { ...clocks.petition.conclude, original: clocks.petition.conclude.due };
  scheduleStatutory(reduction, 'conclude', clocks.petition.conclude);
  reduction.record('petition_accepted', event.by, task.id, {
    regulation: petition.regulation,
    decidedOnTime: event.at <= petition.acceptDecision.due,
    concludeBy: petition.conclude.due,
  });
}

/** The issue was resolved: the petition is concluded, its deadline and warnings stop. */
export function concludeStatutoryClock(reduction: Reduction): void {
  const petition = reduction.state.petition;
  if (!petition?.conclude) return;
  petition.conclude.concludedAt = reduction.at;
  reduction.cancelWithin({ kind: 'petition', deadline: 'conclude' });
}

/** The resolution was rejected: the petition is not concluded after all; its deadline runs again. */
export function resumeStatutoryClock(reduction: Reduction): void {
  const petition = reduction.state.petition;
  if (!petition?.conclude) return;
  delete petition.conclude.concludedAt;
  scheduleStatutory(reduction, 'conclude', petition.conclude);
}

/** 信访 extension: a zone leader lengthens the conclusion period, once, by at most the statute's maximum. */
export const extendStatutoryTermRule: IssueRule<ExtendStatutoryTermEvent> = {
  check(state, event) {
    const petition = state.petition;
    const statute = state.policy.petitionStatute;
    if (!petition || !statute) reject('statutory_extension.not_a_petition', 'only a petition has a statutory term');
    const role = requireLeader(event.by, 'statutory_extension');
    if (leaderRank(role) < leaderRank('responsible_leader')) {
      reject(
        'statutory_extension.zone_leader_only',
        `${statute.regulation}: an extension is approved by a zone leader, not a department head`,
      );
    }
    if (!petition.conclude)
      reject(
        'statutory_extension.not_accepted',
        'the petition has not been accepted yet; there is no conclusion deadline to extend',
      );
    if (petition.conclude.concludedAt !== undefined || state.status === 'closed' || state.status === 'withdrawn') {
      reject('statutory_extension.already_concluded', 'the petition is concluded');
    }
    if (event.at >= petition.conclude.due)
      reject('statutory_extension.after_deadline', 'the conclusion deadline has passed; it can no longer be extended');
    if (!nonEmpty(event.reason))
      reject('statutory_extension.reason_required', 'an extension needs a reason (情况复杂)');
    const check = checkPetitionExtension(statute, petition.extensionsUsed, event.extension);
    if (!check.ok) reject(check.rule, check.message);
  },
  clocks(state, event) {
    const acceptedAt = state.petition?.acceptDecision.decidedAt;
    if (acceptedAt === undefined) return {};
    return {
      statutoryExtension: {
        acceptedAt,
        extension: event.extension,
        extensionsUsed: state.petition!.extensionsUsed,
        grantedAt: event.at,
      },
    };
  },
  apply(reduction, event) {
    const state = reduction.state;
    const petition = state.petition!;
    const conclude = petition.conclude!;
    if (!event.deadline || !(event.deadline.due > conclude.due)) {
      reject(
        'statutory_extension.must_be_later',
        'the extended deadline (computePetitionExtension) must be later than the current one',
      );
    }
    const previousDue = conclude.due;
    conclude.due = event.deadline.due;
    conclude.warnings = [...event.deadline.warnings];
    conclude.extension = {
      by: event.by.id,
      reason: event.reason,
      extension: event.extension,
      at: event.at,
      previousDue,
    };
    petition.extensionsUsed += 1;
    scheduleStatutory(reduction, 'conclude', conclude);
    reduction.notifyDepartment(
      leadTask(state).department,
      'head',
      'statutory_extended',
      state.leadTaskId,
      event.reason,
    );
    reduction.record('statutory_term_extended', event.by, state.leadTaskId, {
      previousDue,
      due: event.deadline.due,
      extension: event.extension,
      regulation: petition.regulation,
    });
  },
};

function scheduleStatutory(reduction: Reduction, which: StatutoryDeadlineName, deadline: StatutoryDeadline): void {
  reduction.cancelWithin({ kind: 'petition', deadline: which });
  deadline.warnings.forEach((at, i) => {
    if (at > reduction.at) reduction.schedule({ kind: 'petition', deadline: which, warning: i }, at);
  });
  if (deadline.due > reduction.at) reduction.schedule({ kind: 'petition', deadline: which }, deadline.due);
}

/** A legal deadline, or a warning before it, came: tell the lead's head and the dispatcher, unless it is settled. */
export function statutoryTimerFired(reduction: Reduction, which: StatutoryDeadlineName, warning: boolean): void {
  const state = reduction.state;
  const petition = state.petition;
  if (!petition || state.status === 'withdrawn') return;
  const deadline = which === 'accept_decision' ? petition.acceptDecision : petition.conclude;
  if (!deadline) return;
  const settled =
    which === 'accept_decision'
      ? petition.acceptDecision.decidedAt !== undefined
      : petition.conclude?.concludedAt !== undefined;
  if (settled) return;
  const lead = leadTask(state);
  const recipients: Recipient[] = [
    { kind: 'department', department: lead.department, audience: 'head' },
    { kind: 'dispatcher', department: state.policy.dispatcher },
  ];
  const topic: NotificationTopic = warning ? 'statutory_warning' : 'statutory_deadline_missed';
  for (const to of recipients)
    reduction.notify(to, topic, lead.id, `${petition.regulation}: ${which} due ${deadline.due}`);
  if (!warning) petition.missed.push(which);
  reduction.record(warning ? 'statutory_warning' : 'statutory_deadline_missed', undefined, lead.id, {
    deadline: which,
    due: deadline.due,
    regulation: petition.regulation,
  });
}
