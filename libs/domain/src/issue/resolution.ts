/**
 * Resolution and verification (办结 / 回访). A supporting department resolving finishes its own part; the lead
 * resolving (accepted, every instruction acknowledged) resolves the issue, ends every other task and opens the
 * reporter's verification window. The reporter confirms (satisfaction 1–5: the issue closes) or rejects with a
 * reason (the issue reopens with a new handling deadline, counted against the lead); no answer within the
 * window closes it as unconfirmed.
 */
import { nonEmpty, senderTask } from './actors';
import type { ResolveEvent, VerifyEvent } from './events';
import { concludeStatutoryClock, resumeStatutoryClock } from './petition';
import { IssueRule, reject, Reduction, requireClocks } from './reduction';
import type { IssueClosure } from './state';
import { endTask, leadTask, scheduleDeadline, tracked } from './tasks';
import { isActiveTask } from '../vocabulary';

export const resolveRule: IssueRule<ResolveEvent, string> = {
  check(state, event) {
    const { task } = senderTask(state, event.by, 'resolve');
    if (task.status !== 'accepted') reject('resolve.not_accepted', 'a task is accepted before it is resolved');
    if (!nonEmpty(event.description))
      reject('resolve.description_required', 'a resolution needs a description of what was done');
    const unacknowledged = state.instructions.find((i) => i.taskId === task.id && i.acknowledgedAt === undefined);
    if (unacknowledged)
      reject('resolve.instruction_unacknowledged', `acknowledge instruction ${unacknowledged.id} before resolving`);
    if (task.role !== 'supporting' && task.department === state.policy.dispatcher) {
      reject('resolve.dispatcher_routes', 'the dispatcher routes the issue to an owner rather than resolving it');
    }
    return task.id;
  },
  apply(reduction, event, taskId) {
    const state = reduction.state;
    const task = state.tasks[taskId];
    if (task.role === 'supporting') {
      endTask(reduction, task, 'done');
      reduction.notifyDepartment(leadTask(state).department, 'staff', 'assist_completed', task.id, event.description);
      reduction.record('assistance_completed', event.by, task.id, {
        description: event.description,
        onTime: !task.handle || event.at <= task.handle.due,
      });
      return;
    }
    const clocks = requireClocks(event, 'resolve');
    endTask(reduction, task, 'done');
    for (const other of Object.values(state.tasks)) if (isActiveTask(other)) endTask(reduction, other, 'closed');
    state.status = 'resolved';
    state.resolutions.push({
      by: event.by,
      description: event.description,
      at: event.at,
      verificationDue: clocks.verificationDue,
    });
    reduction.schedule({ kind: 'verification' }, clocks.verificationDue);
    concludeStatutoryClock(reduction);
    reduction.notify({ kind: 'reporter', id: state.reporter.id }, 'verification_requested', task.id, event.description);
    reduction.record('issue_resolved', event.by, task.id, {
      description: event.description,
      onTime: !task.handle || event.at <= task.handle.due,
      verificationDue: clocks.verificationDue,
    });
  },
};

export const verifyRule: IssueRule<VerifyEvent> = {
  check(state, event) {
    if (!event.by || event.by.role !== 'reporter' || event.by.id !== state.reporter.id) {
      reject('verify.reporter_only', 'only the reporter of the issue confirms or rejects its resolution');
    }
    if (state.status !== 'resolved')
      reject('verify.not_resolved', `the issue is ${state.status}; there is no resolution to verify`);
    const resolution = state.resolutions[state.resolutions.length - 1];
    if (event.at > resolution.verificationDue) reject('verify.window_closed', 'the verification window has closed');
    if (
      event.satisfaction !== undefined &&
      !(Number.isInteger(event.satisfaction) && event.satisfaction >= 1 && event.satisfaction <= 5)
    ) {
      reject(
        'verify.satisfaction_range',
        `satisfaction is a whole number from 1 to 5, got ${JSON.stringify(event.satisfaction)}`,
      );
    }
    if (event.outcome === 'confirm') {
      if (event.satisfaction === undefined)
        reject('verify.satisfaction_required', 'confirming a resolution gives a satisfaction from 1 to 5');
      return;
    }
    if (event.outcome !== 'reject') reject('verify.outcome', 'verify is "confirm" or "reject"');
    if (!nonEmpty(event.reason)) reject('verify.reason_required', 'rejecting a resolution needs a reason');
  },
  apply(reduction, event) {
    if (event.outcome === 'confirm') confirm(reduction, event);
    else reopen(reduction, event);
  },
};

function confirm(reduction: Reduction, event: VerifyEvent): void {
  const state = reduction.state;
  const resolution = state.resolutions[state.resolutions.length - 1];
  resolution.verdict = { outcome: 'confirmed', at: event.at, satisfaction: event.satisfaction };
  reduction.cancel({ kind: 'verification' });
  close(reduction, { outcome: 'confirmed', at: event.at, by: event.by.id, satisfaction: event.satisfaction });
  reduction.record('resolution_confirmed', event.by, state.leadTaskId, { satisfaction: event.satisfaction });
}

/** A rejected resolution reopens the issue: the lead's task is accepted again with a new handling deadline. */
function reopen(reduction: Reduction, event: VerifyEvent): void {
  const state = reduction.state;
  const resolution = state.resolutions[state.resolutions.length - 1];
  const clocks = requireClocks(event, 'verify');
  resolution.verdict = {
    outcome: 'rejected',
    at: event.at,
    reason: event.reason,
    ...(event.satisfaction !== undefined ? { satisfaction: event.satisfaction } : {}),
  };
  reduction.cancel({ kind: 'verification' });
  const lead = leadTask(state);
  state.status = 'open';
  state.reopenCount += 1;
  state.tally.rejectionsByDepartment[lead.department] = (state.tally.rejectionsByDepartment[lead.department] ?? 0) + 1;
  lead.status = 'accepted';
  delete lead.endedAt;
  const handle = lead.handle ?? tracked(clocks.handle);
  if (lead.handle)
    handle.moves.push({ from: handle.due, to: clocks.handle.due, at: event.at, cause: 'reopened', by: event.by.id });
  handle.due = clocks.handle.due;
  handle.reminders = [...clocks.handle.reminders];
  lead.handle = handle;
  scheduleDeadline(reduction, lead, 'handle');
  resumeStatutoryClock(reduction);
  reduction.notifyDepartment(lead.department, 'head', 'reopened', lead.id, event.reason);
  reduction.record('resolution_rejected', event.by, lead.id, {
    reason: event.reason,
    countedAgainst: lead.department,
    handleBy: handle.due,
  });
}

/** The verification window ended with no answer: the issue closes as unconfirmed. */
export function verificationWindowClosed(reduction: Reduction): void {
  const state = reduction.state;
  if (state.status !== 'resolved') return;
  const resolution = state.resolutions[state.resolutions.length - 1];
  resolution.verdict = { outcome: 'unconfirmed', at: reduction.at };
  close(reduction, { outcome: 'unconfirmed', at: reduction.at });
  reduction.record('closed_unconfirmed', undefined, state.leadTaskId, { verificationDue: resolution.verificationDue });
}

/** Closes the issue (confirmed, unconfirmed or withdrawn): every clock stops. */
export function close(reduction: Reduction, closure: IssueClosure): void {
  const state = reduction.state;
  state.status = closure.outcome === 'withdrawn' ? 'withdrawn' : 'closed';
  state.closure = closure;
  reduction.cancelAll();
  reduction.commands.push({ type: 'issue_closed', issueId: state.issueId, outcome: closure.outcome, at: closure.at });
}
