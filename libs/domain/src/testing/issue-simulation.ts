/**
 * Test support only: plays the workflow's part around the reducer, the way the real workflow will — computes
 * the clocks for each event on the calendar, fires timers in order, keeps every command.
 */
import assert from 'node:assert/strict';
import { computeClocksAt } from '../deadlines';
import { IssueSubmission, prepareIntake, calendarOf } from '../issue-intake';
import { IssueCommand, IssueEvent, IssueState, reduceIssue, ReduceResult, nextTimer } from '../issue-lifecycle';
import type { IssuePolicyDocument } from '../issue-policy';
import type { EpochMs, WorkingCalendar } from '../working-calendar';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type Message = DistributiveOmit<Exclude<IssueEvent, { type: 'intake' } | { type: 'timer_fired' }>, 'at' | 'clocks'> & { at?: EpochMs };

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
    assert.ok(result.ok, result.ok ? '' : `${message.type} rejected: ${result.rejection.rule} — ${result.rejection.message}`);
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
    const customDue =
      event.type === 'instruct' ? event.due : event.type === 'grant_extension' ? event.until : event.type === 'assist' ? event.due : undefined;
    const clocks = computeClocksAt(this.state.policy, this.calendar, event.at, customDue !== undefined ? { customDue } : {});
    const before = JSON.stringify(this.state);
    const result = reduceIssue(this.state, { ...event, clocks } as IssueEvent);
    assert.equal(JSON.stringify(this.state), before, 'the reducer must not change the state it was given');
    if (result.ok) {
      assert.deepEqual(JSON.parse(JSON.stringify(result.state)), result.state, 'the state must be plain JSON');
      this.state = result.state;
      this.commands.push(...result.commands);
    }
    return result;
  }
}

export function ofType<T extends IssueCommand['type']>(commands: readonly IssueCommand[], type: T): Array<Extract<IssueCommand, { type: T }>> {
  return commands.filter((c): c is Extract<IssueCommand, { type: T }> => c.type === type);
}
