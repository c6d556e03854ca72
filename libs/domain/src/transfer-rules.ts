/**
 * Transfers without ball-kicking (转办 / 退单; 矛盾问题不往上交、不踢皮球).
 *
 * The owner may hand the issue to another department only with a reason. Every transfer is counted against
 * the department that made it. A transfer back to a department that already held the issue (A→B→A), a
 * transfer beyond the policy's limit, or a return to the dispatcher (退单) is not carried out: it goes to the
 * dispatcher, whose decision is final (the department it names can no longer transfer the issue). Until the
 * dispatcher decides, the current owner keeps the issue and its clocks keep running.
 */
import { isDepartmentCode } from './routing';
import type { EpochMs } from './working-calendar';

export type TransferOutcome = 'transferred' | 'sent_to_dispatcher';

export interface TransferRecord {
  from: string;
  to: string;
  reason: string;
  at: EpochMs;
  /** id of the person who asked */
  by: string;
  outcome: TransferOutcome;
  /** why it went to the dispatcher, when it did */
  rule?: TransferDispatchRule;
}

export interface TransferContext {
  /** the department that owns the issue now */
  owner: string;
  /** departments that have owned the issue, in order (the dispatcher excluded) */
  heldBy: readonly string[];
  /** transfers already carried out on this issue */
  transfersMade: number;
  transferLimit: number;
  /** the dispatcher's department code */
  dispatcher: string;
  /** the owner was named by the dispatcher, whose decision is final */
  ownerNamedByDispatcher: boolean;
  /** a transfer is already waiting for the dispatcher */
  awaitingDispatcher: boolean;
}

export type TransferDispatchRule =
  'transfer.back_to_previous_holder' | 'transfer.limit_reached' | 'transfer.returned_to_dispatcher';

export type TransferVerdict =
  | { verdict: 'transfer' }
  | { verdict: 'to_dispatcher'; rule: TransferDispatchRule; message: string }
  | { verdict: 'refused'; rule: string; message: string };

/** Judges a transfer request; pure. */
export function judgeTransfer(context: TransferContext, request: { to: unknown; reason: unknown }): TransferVerdict {
  if (typeof request.reason !== 'string' || request.reason.trim() === '') {
    return { verdict: 'refused', rule: 'transfer.reason_required', message: 'a transfer needs a reason' };
  }
  if (!isDepartmentCode(request.to)) {
    return {
      verdict: 'refused',
      rule: 'transfer.department_required',
      message: `a transfer names the receiving department by its code, got ${JSON.stringify(request.to)}`,
    };
  }
  const to = request.to;
  if (to === context.owner) {
    return { verdict: 'refused', rule: 'transfer.same_department', message: `${to} already owns the issue` };
  }
  if (context.awaitingDispatcher) {
    return {
      verdict: 'refused',
      rule: 'transfer.awaiting_dispatcher',
      message: 'an earlier transfer is waiting for the dispatcher to decide',
    };
  }
  if (context.ownerNamedByDispatcher) {
    return {
      verdict: 'refused',
      rule: 'transfer.dispatcher_decision_final',
      message: `the dispatcher named ${context.owner} as owner; that decision is final`,
    };
  }
  if (to === context.dispatcher) {
    return {
      verdict: 'to_dispatcher',
      rule: 'transfer.returned_to_dispatcher',
      message: `${context.owner} returned the issue to the dispatcher (退单)`,
    };
  }
  if (context.heldBy.includes(to)) {
    return {
      verdict: 'to_dispatcher',
      rule: 'transfer.back_to_previous_holder',
      message: `${to} already held this issue (${[...context.heldBy, to].join(' → ')}); the dispatcher decides`,
    };
  }
  if (context.transfersMade >= context.transferLimit) {
    return {
      verdict: 'to_dispatcher',
      rule: 'transfer.limit_reached',
      message: `the policy allows ${context.transferLimit} transfer(s) on this issue and ${context.transfersMade} were made; the dispatcher decides`,
    };
  }
  return { verdict: 'transfer' };
}

/** Transfers (carried out or sent to the dispatcher) counted against each department that made them. */
export function countTransfersByDepartment(records: readonly TransferRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const record of records) counts[record.from] = (counts[record.from] ?? 0) + 1;
  return counts;
}
