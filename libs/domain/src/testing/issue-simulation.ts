/**
 * Test support only: plays the workflow's part around the reducer, the way the real workflow does — computes
 * the clocks each event needs (clocksNeeded) on the calendar, fires timers in order, keeps every command. For
 * every message it also checks that the update validator (validateIssueMessage, no clocks) gives the verdict
 * the reducer gives.
 */
import assert from 'node:assert/strict';
import { computeClocksAt } from '../deadlines';
import { IssueSubmission, prepareIntake, calendarOf } from '../issue-intake';
import {
  clocksNeeded,
  IssueCommand,
  IssueEvent,
  IssueMessage,
  IssueState,
  nextTimer,
  reduceIssue,
  ReduceResult,
  validateIssueMessage,
  withClocks,
} from '../issue';
import type { IssuePolicyDocument } from '../issue-policy';
import { computePetitionExtension, StatutoryDeadline } from '../petition-clock';
import type { EpochMs, WorkingCalendar } from '../working-calendar';

export type Message = IssueMessage & { at?: EpochMs };

/** Refusals only the reduction can make: they need the computed clocks, which the validator never sees. */
const RULES_NEEDING_CLOCKS = new Set([
  'clocks.required',
  'clocks.stale',
  'clocks.petition_required',
  'statutory_extension.must_be_later',
]);

export class IssueSimulation {
  state: IssueState;
  readonly commands: IssueCommand[] = [];
  readonly calendar: WorkingCalendar;
  now: EpochMs;

  constructor(
    readonly document: IssuePolicyDocument,
    submission: IssueSubmission,
  ) {
    this.calendar = calendarOf(document);
    const result = reduceIssue(undefined, prepareIntake(document, this.calendar, submission));
    assert.ok(result.ok, result.ok ? '' : `intake rejected: ${result.rejection.rule}`);
    this.state = result.state;
    this.commands.push(...result.commands);
    this.now = submission.receivedAt;
  }

  /** Fires every timer due up to `until`, in order, each at its own instant. */
  advanceTo(until: EpochMs): IssueCommand[] {
    const produced: IssueCommand[] = [];
    for (let next = nextTimer(this.state); next && next.at <= until; next = nextTimer(this.state)) {
      this.now = next.at;
      const result = this.apply({ type: 'timer_fired', key: next.key, at: next.at } as IssueEvent);
      assert.ok(result.ok, result.ok ? '' : `timer ${next.key} rejected: ${result.rejection.rule}`);
      produced.push(...result.commands);
    }
    this.now = Math.max(this.now, until);
    return produced;
  }

  advanceBy(ms: number): IssueCommand[] {
    return this.advanceTo(this.now + ms);
  }

  /** Sends a message at `message.at` (default: now), after firing the timers due before it. */
  send(message: Message): ReduceResult {
    const at = message.at ?? this.now;
    this.advanceTo(at - 1);
    this.now = at;
    return this.apply({ ...message, at } as IssueEvent);
  }

  /** Sends a message that must be taken; returns its commands. */
  ok(message: Message): IssueCommand[] {
    const result = this.send(message);
    assert.ok(
      result.ok,
      result.ok ? '' : `${message.type} rejected: ${result.rejection.rule} — ${result.rejection.message}`,
    );
    return result.commands;
  }

  /** Sends a message that must be rejected with `rule`; checks the state did not change. */
  refused(message: Message, rule: string): void {
    this.advanceTo((message.at ?? this.now) - 1);
    const before = JSON.stringify(this.state);
    const result = this.send(message);
    assert.equal(result.ok, false, `${message.type} should be refused with ${rule}`);
    if (!result.ok) assert.equal(result.rejection.rule, rule, result.rejection.message);
    assert.equal(JSON.stringify(this.state), before);
  }

  private apply(event: IssueEvent): ReduceResult {
    const verdict = event.type === 'timer_fired' ? undefined : validateIssueMessage(this.state, event);
    const request = clocksNeeded(this.state, event);
    const clocks = computeClocksAt(this.state.policy, this.calendar, request.issueClocks.at, request.issueClocks);
    // a test may give the statutory deadline itself; otherwise it is computed as the workflow's activity does
    let statutoryDeadline: StatutoryDeadline | undefined;
    const statute = this.state.policy.petitionStatute;
    if (
      request.statutoryExtension &&
      statute &&
      verdict === undefined &&
      !(event.type === 'extend_statutory_term' && event.deadline)
    ) {
      const { acceptedAt, extension, extensionsUsed, grantedAt } = request.statutoryExtension;
      statutoryDeadline = computePetitionExtension(
        statute,
        this.calendar,
        acceptedAt,
        extension,
        extensionsUsed,
        grantedAt,
      );
    }
    const before = JSON.stringify(this.state);
    const result = reduceIssue(
      this.state,
      withClocks(event, { clocks, ...(statutoryDeadline ? { statutoryDeadline } : {}) }),
    );
    assert.equal(JSON.stringify(this.state), before, 'the reducer must not change the state it was given');
    if (event.type !== 'timer_fired') {
      const reduced = result.ok ? undefined : result.rejection;
      if (reduced && RULES_NEEDING_CLOCKS.has(reduced.rule))
        assert.equal(verdict, undefined, `the validator refused what only the clocks can refuse: ${verdict?.rule}`);
      else assert.deepEqual(verdict, reduced, `${event.type}: the validator and the reducer give the same verdict`);
    }
    if (result.ok) {
      assert.deepEqual(JSON.parse(JSON.stringify(result.state)), result.state, 'the state must be plain JSON');
      this.state = result.state;
      this.commands.push(...result.commands);
    }
    return result;
  }
}

export function ofType<T extends IssueCommand['type']>(
  commands: readonly IssueCommand[],
  type: T,
): Array<Extract<IssueCommand, { type: T }>> {
  return commands.filter((c): c is Extract<IssueCommand, { type: T }> => c.type === type);
}
