/**
 * Transfers without ball-kicking (转办 / 退单) and the dispatcher's routing (督查室 / 调度中心). Only the owner
 * transfers, with a reason and a receiving department; every transfer is counted against the department that
 * makes it. A transfer back to a former holder (A→B→A), beyond the policy's limit, or back to the dispatcher
 * (退单) is not carried out: it waits for the dispatcher, whose decision (route) is final, for the dispatcher too
 * (no second route unless a new dispute reaches the dispatcher). The new owner's clocks restart at its acceptance;
 * the escalation level and the issue's age never restart. The judgement of one transfer is ../transfer-rules.
 */
import type { ClocksAt } from '../deadlines';
import { isDepartmentCode } from '../routing';
import { judgeTransfer, TransferVerdict } from '../transfer-rules';
import { departmentOf, nonEmpty, requireOpen } from './actors';
import type { RouteEvent, TransferEvent } from './events';
import { IssueRule, reject, Reduction, requireClocks } from './reduction';
import { activeTaskOf, addTask, endTask, leadTask } from './tasks';

type TakenTransfer = Exclude<TransferVerdict, { verdict: 'refused' }>;

export const transferRule: IssueRule<TransferEvent, TakenTransfer> = {
  check(state, event) {
    requireOpen(state, 'transfer');
    const department = departmentOf(event.by, 'transfer');
    const lead = leadTask(state);
    if (lead.department !== department)
      reject('transfer.lead_only', 'only the department that owns the issue may transfer it');
    const verdict = judgeTransfer(
      {
        owner: lead.department,
        heldBy: state.heldBy,
        transfersMade: state.transfers.filter((t) => t.outcome === 'transferred').length,
        transferLimit: state.policy.policy.transferLimit,
        dispatcher: state.policy.dispatcher,
        ownerNamedByDispatcher: state.leadNamedByDispatcher,
        awaitingDispatcher: state.dispatchRequest !== undefined,
      },
      event,
    );
    if (verdict.verdict === 'refused') reject(verdict.rule, verdict.message);
    return verdict;
  },
  apply(reduction, event, verdict) {
    const state = reduction.state;
    const lead = leadTask(state);
    const department = lead.department;
    state.tally.transfersByDepartment[department] = (state.tally.transfersByDepartment[department] ?? 0) + 1;
    // every transfer is recorded and counted against the department, whether it is carried out or not
    const transfer = { from: department, to: event.to, reason: event.reason, at: event.at, by: event.by.id };
    if (verdict.verdict === 'to_dispatcher') {
      state.transfers.push({ ...transfer, outcome: 'sent_to_dispatcher', rule: verdict.rule });
      state.dispatchRequest = {
        since: event.at,
        rule: verdict.rule,
        message: verdict.message,
        from: department,
        proposedTo: event.to,
        reason: event.reason,
      };
      reduction.notice = { rule: verdict.rule, message: verdict.message };
      reduction.notify(
        { kind: 'dispatcher', department: state.policy.dispatcher },
        'dispatch_needed',
        lead.id,
        verdict.message,
      );
      reduction.record('transfer_sent_to_dispatcher', event.by, lead.id, {
        from: department,
        to: event.to,
        reason: event.reason,
        rule: verdict.rule,
      });
      return;
    }
    const clocks = requireClocks(event, 'transfer');
    state.transfers.push({ ...transfer, outcome: 'transferred' });
    reduction.record('issue_transferred', event.by, lead.id, { from: department, to: event.to, reason: event.reason });
    changeLead(reduction, event.to, clocks, 'transferred');
  },
};

/**
 * The dispatcher names the owner (and supporting departments) by hand; that decision is final, for the department it
 * names (which can no longer transfer the issue) and for the dispatcher too: a second route is refused
 * (`route.decision_final`) unless a new dispute is waiting for the dispatcher, which is theirs to decide.
 */
export const routeRule: IssueRule<RouteEvent> = {
  check(state, event) {
    requireOpen(state, 'route');
    if (!event.by || event.by.role !== 'dispatcher' || !nonEmpty(event.by.id))
      reject('route.dispatcher_only', 'only the dispatcher routes an issue by hand');
    if (state.finalRouting && state.leadNamedByDispatcher && state.dispatchRequest === undefined)
      reject(
        'route.decision_final',
        `the dispatcher already named ${leadTask(state).department} as owner; that decision is final, and the dispatcher decides again only on a new dispute`,
      );
    if (!nonEmpty(event.reason)) reject('route.reason_required', "the dispatcher's decision needs a reason");
    if (!isDepartmentCode(event.lead))
      reject('route.lead_required', `route names the lead department by its code, got ${JSON.stringify(event.lead)}`);
    if (event.lead === state.policy.dispatcher)
      reject('route.lead_not_dispatcher', 'the dispatcher names an owning department, not itself');
    for (const code of event.supporting ?? []) {
      if (!isDepartmentCode(code) || code === event.lead || code === state.policy.dispatcher) {
        reject('route.supporting', `not a supporting department: ${JSON.stringify(code)}`);
      }
    }
  },
  apply(reduction, event) {
    const state = reduction.state;
    const supporting = event.supporting ?? [];
    const clocks = requireClocks(event, 'route');
    const pending = state.dispatchRequest;
    delete state.dispatchRequest;
    state.leadNamedByDispatcher = true;
    const lead = leadTask(state);
    reduction.record('dispatcher_decided', event.by, lead.id, {
      lead: event.lead,
      supporting,
      reason: event.reason,
      ...(pending ? { settles: pending.rule, proposedTo: pending.proposedTo } : {}),
    });
    if (lead.department === event.lead) {
      reduction.notifyDepartment(lead.department, 'head', 'dispatcher_decided', lead.id, event.reason);
    } else {
      changeLead(reduction, event.lead, clocks, 'rerouted');
    }
    for (const code of supporting)
      if (!activeTaskOf(state, code)) addTask(reduction, code, 'supporting', clocks.accept, clocks.assist, 0);
  },
};

/** Hands the lead to another department: the old task ends, the new one must be accepted and its clocks restart. */
function changeLead(
  reduction: Reduction,
  department: string,
  clocks: ClocksAt,
  endedAs: 'transferred' | 'rerouted',
): void {
  const state = reduction.state;
  const old = leadTask(state);
  const level = old.ladder.level;
  endTask(reduction, old, endedAs);
  reduction.notifyDepartment(old.department, 'staff', 'task_ended', old.id, endedAs);
  const supporting = activeTaskOf(state, department);
  if (supporting) endTask(reduction, supporting, 'closed');
  const task = addTask(reduction, department, 'lead', clocks.accept, undefined, level);
  state.leadTaskId = task.id;
  if (department !== state.policy.dispatcher) state.heldBy.push(department);
}
