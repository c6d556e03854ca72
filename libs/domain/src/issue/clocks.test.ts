import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { computeClocksAt } from '../deadlines';
import { computePetitionExtension } from '../petition-clock';
import { IssueSimulation } from '../testing/issue-simulation';
import { loadTestPolicies } from '../testing/policy-fixtures';
import { Actor, clocksNeeded, IssueEvent, reduceIssue, validateIssueMessage, withClocks } from '.';

const T0 = Date.parse('2025-09-16T02:00:00Z');
const testPolicies = loadTestPolicies();
const staff = (department: string): Actor => ({ id: `${department}-clerk`, role: 'staff', department });
const director: Actor = { id: 'zone_director-1', role: 'zone_director' };

function simulate(category: 'land_acquisition' | 'petition' = 'land_acquisition') {
  return new IssueSimulation(testPolicies, {
    issueId: 'issue-1',
    projectId: 'project-7',
    category,
    risk: 'medium',
    description: 'The contractor cannot enter the site',
    reporter: { id: 'owner-1' },
    receivedAt: T0,
  });
}

/** A zone director's statutory extension of a petition (信访 延期) by 30 (test) seconds. */
function statutoryExtensionAt(at: number): IssueEvent {
  return { type: 'extend_statutory_term', at, by: director, reason: '情况复杂', extension: 'PT30S' };
}

describe('which clocks an event needs (clocksNeeded)', () => {
  test('every message and timer firing gets the issue clocks for its instant; a deadline a person chose adds its reminders', () => {
    const sim = simulate();
    const at = T0 + 100;
    assert.deepEqual(clocksNeeded(sim.state, { type: 'accept', at, by: staff('land_office') }), {
      issueClocks: { at },
    });
    assert.deepEqual(clocksNeeded(sim.state, { type: 'timer_fired', at, key: 'task/task-1/accept' }), {
      issueClocks: { at },
    });
    assert.deepEqual(
      clocksNeeded(sim.state, { type: 'assist', at, by: staff('land_office'), departments: ['police'] }),
      { issueClocks: { at } },
    );
    assert.deepEqual(
      clocksNeeded(sim.state, {
        type: 'assist',
        at,
        by: staff('land_office'),
        departments: ['police'],
        due: T0 + 9000,
      }),
      { issueClocks: { at, customDue: T0 + 9000 } },
    );
    assert.deepEqual(clocksNeeded(sim.state, { type: 'instruct', at, by: director, text: 'today', due: T0 + 8000 }), {
      issueClocks: { at, customDue: T0 + 8000 },
    });
    assert.deepEqual(clocksNeeded(sim.state, { type: 'grant_extension', at, by: director, until: T0 + 7000 }), {
      issueClocks: { at, customDue: T0 + 7000 },
    });
    assert.deepEqual(
      clocksNeeded(sim.state, {
        type: 'request_extension',
        at,
        by: staff('land_office'),
        reason: 'x',
        until: T0 + 7000,
      }),
      { issueClocks: { at } },
    );
  });
  test('a statutory extension needs the new legal deadline, once the petition is accepted', () => {
    const sim = simulate('petition');
    const message = statutoryExtensionAt(T0 + 2000);
    assert.deepEqual(
      clocksNeeded(sim.state, message),
      { issueClocks: { at: T0 + 2000 } },
      'not accepted yet: nothing to extend',
    );
    sim.ok({ type: 'accept', at: T0 + 1000, by: staff('petition_office') });
    assert.deepEqual(clocksNeeded(sim.state, message), {
      issueClocks: { at: T0 + 2000 },
      statutoryExtension: { acceptedAt: T0 + 1000, extension: 'PT30S', extensionsUsed: 0, grantedAt: T0 + 2000 },
    });
  });
  test('the clocks computed as asked complete the event the reducer takes', () => {
    const sim = simulate('petition');
    sim.ok({ type: 'accept', at: T0 + 1000, by: staff('petition_office') });
    const message = statutoryExtensionAt(T0 + 2000);
    const request = clocksNeeded(sim.state, message);
    const clocks = computeClocksAt(sim.state.policy, sim.calendar, request.issueClocks.at, request.issueClocks);
    const { acceptedAt, extension, extensionsUsed, grantedAt } = request.statutoryExtension!;
    const statutoryDeadline = computePetitionExtension(
      sim.state.policy.petitionStatute!,
      sim.calendar,
      acceptedAt,
      extension,
      extensionsUsed,
      grantedAt,
    );
    const complete = withClocks(message, { clocks, statutoryDeadline });
    assert.equal(complete.clocks, clocks);
    assert.equal(complete.type === 'extend_statutory_term' && complete.deadline, statutoryDeadline);
    const result = reduceIssue(sim.state, complete);
    assert.ok(result.ok);
    assert.equal(result.state.petition?.conclude?.due, T0 + 1000 + 60_000 + 30_000);
    assert.equal(reduceIssue(sim.state, message).ok, false, 'without its clocks the reducer refuses it');
  });
});

describe('validating a message needs no clock (validateIssueMessage)', () => {
  test('a message the reducer needs clocks for is judged without them', () => {
    const sim = simulate();
    sim.ok({ type: 'transfer', at: T0 + 100, by: staff('land_office'), to: 'utilities', reason: 'water main' });
    const accept: IssueEvent = { type: 'accept', at: T0 + 200, by: staff('utilities') };
    assert.equal(validateIssueMessage(sim.state, accept), undefined);
    const reduced = reduceIssue(sim.state, accept);
    assert.equal(!reduced.ok && reduced.rejection.rule, 'clocks.required');
    assert.deepEqual(validateIssueMessage(sim.state, { type: 'accept', at: T0 + 200, by: staff('finance') }), {
      rule: 'accept.no_task',
      message: 'finance has no task on this issue',
    });
  });
  test('a statutory extension is judged before its deadline is computed, with the same refusals as the reducer', () => {
    const sim = simulate('petition');
    const extend = (by: Actor, extension: string): IssueEvent => ({
      type: 'extend_statutory_term',
      at: T0 + 2000,
      by,
      reason: '情况复杂',
      extension,
    });
    assert.equal(validateIssueMessage(sim.state, extend(director, 'PT30S'))?.rule, 'statutory_extension.not_accepted');
    sim.ok({ type: 'accept', at: T0 + 1000, by: staff('petition_office') });
    assert.equal(validateIssueMessage(sim.state, extend(director, 'PT30S')), undefined);
    assert.equal(validateIssueMessage(sim.state, extend(director, 'PT31S'))?.rule, 'statutory_extension.max');
    assert.equal(
      validateIssueMessage(
        sim.state,
        extend({ id: 'h', role: 'department_head', department: 'petition_office' }, 'PT30S'),
      )?.rule,
      'statutory_extension.zone_leader_only',
    );
  });
  test('the event itself and the issue are checked first, as in the reducer', () => {
    const sim = simulate();
    assert.equal(
      validateIssueMessage(undefined, { type: 'accept', at: T0, by: staff('land_office') })?.rule,
      'event.no_issue',
    );
    assert.equal(
      validateIssueMessage(sim.state, { type: 'accept', at: Number.NaN, by: staff('land_office') })?.rule,
      'event.at',
    );
    assert.equal(
      validateIssueMessage(sim.state, { type: 'shout', at: T0 } as unknown as IssueEvent)?.rule,
      'event.type',
    );
    assert.equal(reduceIssue(sim.state, { type: 'shout', at: T0 } as unknown as IssueEvent).ok, false);
  });
});
