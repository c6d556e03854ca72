/**
 * Checking a message before the workflow takes it, as an update validator does: the same refusals as
 * `reduceIssue` (every rule's `check`), with no clock. What only the computed clocks can refuse (clocks
 * missing or stale, a statutory extension's computed deadline not later than the current one) is left to the
 * reduction.
 */
import type { IssueEvent, Rejection } from './events';
import { checkEvent, ruleFor } from './reduce';
import { rejectionOf } from './reduction';
import type { IssueState } from './state';
import { checkIntake } from './intake';

/** The rejection a message meets, or undefined when it would be taken. Pure; reads no clock and no `event.clocks`. */
export function validateIssueMessage(state: IssueState | undefined, event: IssueEvent): Rejection | undefined {
  return rejectionOf(() => {
    checkEvent(state, event);
    if (event.type === 'intake') return checkIntake(event);
    ruleFor(event).check(state!, event);
  });
}
