import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { computeClocksAt } from '../deadlines';
import type { IssueCategory, RiskLevel } from '../issue-categories';
import { calendarOf, prepareIntake } from '../issue-intake';
import {
  Actor,
  currentEscalation,
  currentOwner,
  dueTimers,
  IssueCommand,
  issueAge,
  IssueEvent,
  nextTimer,
  reduceIssue,
  registeredIssue,
  supportingDepartments,
  validateIssueMessage,
} from '.';
import { computePetitionExtension } from '../petition-clock';
import { IssueSimulation, ofType } from '../testing/issue-simulation';
import { loadDefaultPolicies, loadTestPolicies } from '../testing/policy-fixtures';
import { formatShanghai, shanghaiTime } from '../working-calendar';

const T0 = Date.parse('2025-09-16T02:00:00Z');
const testPolicies = loadTestPolicies();

const staff = (department: string): Actor => ({ id: `${department}-clerk`, role: 'staff', department });
const head = (department: string): Actor => ({ id: `${department}-head`, role: 'department_head', department });
const leader = (role: 'responsible_leader' | 'zone_director' | 'party_secretary'): Actor => ({ id: `${role}-1`, role });
const dispatcher: Actor = { id: 'dispatcher-1', role: 'dispatcher' };
const reporter: Actor = { id: 'owner-1', role: 'reporter' };

function simulate(
  category: IssueCategory = 'land_acquisition',
  risk: RiskLevel = 'medium',
  options: { projectId?: string; receivedAt?: number; document?: typeof testPolicies } = {},
) {
  return new IssueSimulation(options.document ?? testPolicies, {
    issueId: 'issue-1',
    projectId: options.projectId ?? 'project-7',
    category,
    risk,
    description: 'The contractor cannot enter the site: 3 households not yet relocated',
    reporter: { id: reporter.id },
    receivedAt: options.receivedAt ?? T0,
  });
}

const escalations = (commands: readonly IssueCommand[], department?: string) =>
  ofType(commands, 'escalated')
    .filter((c) => department === undefined || c.department === department)
    .map((c) => `${c.at - T0}:${c.department}:L${c.level}:${c.role}${c.repeat ? `#${c.repeat}` : ''}`);

describe('intake and routing', () => {
  test('routing gives a lead task and a supporting task, each with accept and handling clocks', () => {
    const sim = simulate('land_acquisition');
    const tasks = Object.values(sim.state.tasks);
    assert.deepEqual(
      tasks.map((t) => `${t.department}:${t.role}:${t.status}`),
      ['land_office:lead:assigned', 'planning:supporting:assigned'],
    );
    assert.equal(tasks[0].accept.due, T0 + 2000);
    assert.equal(tasks[0].handle?.due, T0 + 5000);
    assert.equal(sim.state.timers['task/task-1/accept'], T0 + 2000);
    assert.equal(sim.state.timers['task/task-1/handle'], T0 + 5000);
    assert.equal(sim.state.policy.version, testPolicies.version);
    assert.deepEqual(sim.state.heldBy, ['land_office']);
  });
  test('a project-specific routing rule wins over the category rule', () => {
    const sim = simulate('land_acquisition', 'low', { projectId: 'GX-ROAD-01' });
    assert.deepEqual(
      Object.values(sim.state.tasks).map((t) => t.department),
      ['land_office', 'planning', 'utilities'],
    );
  });
  test('an issue whose owner cannot be determined goes to the dispatcher, who routes it', () => {
    const sim = simulate('other');
    assert.equal(currentOwner(sim.state).department, 'dispatch');
    assert.ok(
      sim.commands.some((c) => c.type === 'notify' && c.topic === 'dispatch_needed' && c.to.kind === 'dispatcher'),
    );
    assert.deepEqual(sim.state.heldBy, []);
    sim.refused(
      { type: 'route', by: staff('planning'), lead: 'economic', reason: 'investment matter' },
      'route.dispatcher_only',
    );
    sim.refused({ type: 'route', by: dispatcher, lead: 'economic', reason: ' ' }, 'route.reason_required');
    sim.ok({
      type: 'route',
      at: T0 + 1000,
      by: dispatcher,
      lead: 'economic',
      supporting: ['finance'],
      reason: 'investment agreement question',
    });
    assert.equal(currentOwner(sim.state).department, 'economic');
    assert.deepEqual(
      Object.values(sim.state.tasks).map((t) => `${t.department}:${t.status}`),
      ['dispatch:rerouted', 'economic:assigned', 'finance:assigned'],
    );
    assert.equal(sim.state.timers['task/task-1/handle'], undefined, 'the dispatcher task stops when routed');
  });
  test('a second intake on the same issue is refused', () => {
    const sim = simulate();
    const calendar = calendarOf(testPolicies);
    const intake = prepareIntake(testPolicies, calendar, {
      issueId: 'issue-1',
      projectId: 'p',
      category: 'permit',
      risk: 'low',
      description: 'x',
      reporter: { id: 'r' },
      receivedAt: T0,
    });
    const result = reduceIssue(sim.state, intake);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.rejection.rule, 'intake.already_open');
  });
  test('intake is validated: description, project, and the policy must match the category and risk', () => {
    const calendar = calendarOf(testPolicies);
    const base = prepareIntake(testPolicies, calendar, {
      issueId: 'i',
      projectId: 'p',
      category: 'permit',
      risk: 'low',
      description: 'd',
      reporter: { id: 'r' },
      receivedAt: T0,
    });
    const rule = (event: IssueEvent) => {
      const r = reduceIssue(undefined, event);
      return r.ok ? 'ok' : r.rejection.rule;
    };
    assert.equal(rule(base), 'ok');
    assert.equal(rule({ ...base, description: '' }), 'intake.description_required');
    assert.equal(rule({ ...base, projectId: '' }), 'intake.project_required');
    assert.equal(rule({ ...base, risk: 'high' }), 'intake.policy_mismatch');
    assert.equal(rule({ ...base, category: 'roads' as IssueCategory }), 'intake.category');
    assert.equal(rule({ ...base, clocks: undefined }), 'clocks.required');
    assert.equal(rule({ type: 'accept', at: T0, by: staff('approval') }), 'event.no_issue');
  });
});

describe('acceptance clock (签收) and reminders (催办)', () => {
  test('reminders fire before the accept and handling deadlines at the policy points (50% and 1 second before)', () => {
    const sim = simulate('public_opinion');
    const commands = sim.advanceTo(T0 + 1999);
    const reminders = ofType(commands, 'notify')
      .filter((c) => c.topic === 'reminder')
      .map((c) => `${sim.state.tasks[c.taskId!].department}@${c.detail}`);
    assert.deepEqual(reminders, [`publicity@accept by ${T0 + 2000}`]);
    sim.ok({ type: 'accept', at: T0 + 1500, by: staff('publicity') });
    const later = sim.advanceTo(T0 + 4999);
    const times = ofType(later, 'record_event')
      .filter((c) => c.name === 'reminder_sent')
      .map((c) => c.at - T0);
    assert.deepEqual(times, [2500, 4000]);
    assert.equal(sim.state.tally.reminders, 3);
  });
  test('accepting stops the accept clock and its reminders; acceptance after the deadline is marked late', () => {
    const sim = simulate('public_opinion');
    const commands = sim.ok({ type: 'accept', at: T0 + 500, by: staff('publicity') });
    assert.deepEqual(
      ofType(commands, 'cancel_timer')
        .map((c) => c.key)
        .sort(),
      ['task/task-1/accept', 'task/task-1/accept/remind/0'],
    );
    assert.equal(sim.state.tasks['task-1'].acceptedLate, false);
    const late = simulate('public_opinion');
    late.ok({ type: 'accept', at: T0 + 2500, by: staff('publicity') });
    assert.equal(late.state.tasks['task-1'].acceptedLate, true);
  });
  test('an unaccepted task escalates like an unhandled one', () => {
    const sim = simulate('public_opinion');
    const commands = sim.advanceTo(T0 + 2000);
    assert.deepEqual(escalations(commands), ['2000:publicity:L1:department_head']);
    assert.equal(ofType(commands, 'escalated')[0].cause, 'accept');
  });
  test('accepting ends an acceptance stall: the ladder stops where it is', () => {
    const sim = simulate('public_opinion');
    sim.advanceTo(T0 + 2000);
    const commands = sim.ok({ type: 'accept', at: T0 + 3000, by: staff('publicity') });
    assert.ok(ofType(commands, 'cancel_timer').some((c) => c.key === 'task/task-1/ladder'));
    assert.equal(currentEscalation(sim.state).level, 1);
    assert.deepEqual(escalations(sim.advanceTo(T0 + 4999)), []);
    assert.deepEqual(escalations(sim.advanceTo(T0 + 5000)), ['5000:publicity:L2:responsible_leader']);
  });
  test('accept is validated: only a department with a task, only once', () => {
    const sim = simulate('public_opinion');
    sim.refused({ type: 'accept', by: staff('finance') }, 'accept.no_task');
    sim.refused({ type: 'accept', by: reporter }, 'accept.department_staff_only');
    sim.ok({ type: 'accept', by: staff('publicity') });
    sim.refused({ type: 'accept', by: head('publicity') }, 'accept.already_accepted');
  });
});

describe('escalation ladder', () => {
  test('a missed handling deadline climbs every level, each after its wait, then repeats at the top a bounded number of times', () => {
    const sim = simulate('public_opinion');
    sim.ok({ type: 'accept', at: T0 + 500, by: staff('publicity') });
    const commands = sim.advanceTo(T0 + 60_000);
    assert.deepEqual(escalations(commands), [
      '5000:publicity:L1:department_head',
      '7000:publicity:L2:responsible_leader',
      '9000:publicity:L3:zone_director',
      '11000:publicity:L4:party_secretary',
      '13000:publicity:L4:party_secretary#1',
      '15000:publicity:L4:party_secretary#2',
    ]);
    assert.ok(ofType(commands, 'record_event').some((c) => c.name === 'escalation_exhausted'));
    assert.equal(nextTimer(sim.state), undefined, 'nothing more is scheduled once the top has repeated its notice');
    assert.equal(sim.state.tally.escalations, 6);
  });
  test('a second missed deadline during a stall does not climb twice', () => {
    const sim = simulate('public_opinion');
    const commands = sim.advanceTo(T0 + 6500);
    assert.deepEqual(escalations(commands), [
      '2000:publicity:L1:department_head',
      '4000:publicity:L2:responsible_leader',
      '6000:publicity:L3:zone_director',
    ]);
    assert.deepEqual(
      sim.state.tasks['task-1'].missedDeadlines.map((m) => m.cause),
      ['accept', 'handle'],
    );
  });
  test('the policy sets the ladder per category and risk: a critical issue starts at the responsible leader', () => {
    const document = loadDefaultPolicies();
    const sim = simulate('site_obstruction', 'critical', { document, receivedAt: shanghaiTime('2025-09-16 23:00') });
    sim.ok({ type: 'accept', by: staff('enforcement') });
    const commands = sim.advanceTo(shanghaiTime('2025-09-17 12:00'));
    const seen = ofType(commands, 'escalated')
      .filter((c) => c.department === 'enforcement')
      .map((c) => `${formatShanghai(c.at)} ${c.role}${c.repeat ? `#${c.repeat}` : ''}`);
    assert.deepEqual(seen.slice(0, 5), [
      '2025-09-17 00:00 responsible_leader',
      '2025-09-17 00:30 zone_director',
      '2025-09-17 01:00 party_secretary',
      '2025-09-17 01:30 party_secretary#1',
      '2025-09-17 02:00 party_secretary#2',
    ]);
    assert.equal(seen.length, 3 + 8, "three climbs, then the policy's 8 repeats at the top and no more");
    assert.equal(seen[seen.length - 1], '2025-09-17 05:00 party_secretary#8');
  });
  test('on a working-time policy the ladder waits count working hours, across the night', () => {
    const document = loadDefaultPolicies();
    const sim = simulate('funding', 'high', { document, receivedAt: shanghaiTime('2025-09-16 13:00') });
    sim.ok({ type: 'accept', at: shanghaiTime('2025-09-16 14:10'), by: staff('finance') });
    const commands = sim.advanceTo(shanghaiTime('2025-09-18 12:00'));
    assert.ok(
      ofType(commands, 'escalated').some((c) => c.department === 'economic' && c.cause === 'accept'),
      'the supporting department that never accepted climbs its own ladder',
    );
    // handle: 4 working hours from 13:00 (lunch) → 14:00 + 4h = 18:00 → 17:30 + 30 min next day = 09:00
    assert.deepEqual(
      ofType(commands, 'escalated')
        .filter((c) => c.department === 'finance')
        .map((c) => `${formatShanghai(c.at)} ${c.role}`),
      [
        '2025-09-17 09:00 department_head',
        '2025-09-17 11:00 responsible_leader',
        '2025-09-17 15:00 zone_director',
        '2025-09-18 10:00 party_secretary',
      ],
    );
  });
});

describe('transfers without ball-kicking (转办 / 退单)', () => {
  test('a transfer needs a reason, a department other than the owner, and comes from the owner', () => {
    const sim = simulate();
    sim.refused(
      { type: 'transfer', by: staff('land_office'), to: 'utilities', reason: '' },
      'transfer.reason_required',
    );
    sim.refused(
      { type: 'transfer', by: staff('land_office'), to: 'land_office', reason: 'ours' },
      'transfer.same_department',
    );
    sim.refused({ type: 'transfer', by: staff('planning'), to: 'utilities', reason: 'not ours' }, 'transfer.lead_only');
    sim.refused(
      { type: 'transfer', by: staff('land_office'), to: 'Utilities Bureau', reason: 'pipes' },
      'transfer.department_required',
    );
  });
  test('acceptance by the new owner restarts its clocks; the overall age never restarts', () => {
    const sim = simulate();
    sim.ok({ type: 'accept', at: T0 + 500, by: staff('land_office') });
    sim.ok({
      type: 'transfer',
      at: T0 + 1000,
      by: staff('land_office'),
      to: 'utilities',
      reason: 'the blocker is a water main',
    });
    const task = sim.state.tasks[sim.state.leadTaskId];
    assert.equal(task.department, 'utilities');
    assert.equal(task.accept.due, T0 + 3000, 'a new accept clock from the transfer');
    assert.equal(task.handle, undefined, 'the handling clock waits for acceptance');
    assert.equal(sim.state.timers['task/task-1/handle'], undefined, 'the old owner’s clocks stop');
    sim.ok({ type: 'accept', at: T0 + 2500, by: staff('utilities') });
    assert.equal(sim.state.tasks[sim.state.leadTaskId].handle?.due, T0 + 7500, 'handling clock restarts at acceptance');
    assert.equal(sim.state.receivedAt, T0);
    assert.equal(issueAge(sim.state, T0 + 2500), 2500);
    assert.deepEqual(sim.state.tally.transfersByDepartment, { land_office: 1 });
  });
  test('the escalation level survives a transfer (a transfer is no escape from the ladder)', () => {
    const sim = simulate();
    sim.ok({ type: 'accept', at: T0 + 500, by: staff('land_office') });
    sim.advanceTo(T0 + 7000);
    assert.equal(currentEscalation(sim.state).level, 2);
    sim.ok({ type: 'transfer', at: T0 + 7500, by: staff('land_office'), to: 'utilities', reason: 'water main' });
    assert.equal(currentEscalation(sim.state).level, 2);
    assert.deepEqual(escalations(sim.advanceTo(T0 + 9500), 'utilities'), ['9500:utilities:L3:zone_director']);
  });
  test('A→B→A is refused and sent to the dispatcher, counted against the department; the owner keeps the issue meanwhile', () => {
    const sim = simulate();
    sim.ok({ type: 'transfer', at: T0 + 100, by: staff('land_office'), to: 'utilities', reason: 'water main' });
    sim.ok({ type: 'accept', at: T0 + 200, by: staff('utilities') });
    const result = sim.send({
      type: 'transfer',
      at: T0 + 300,
      by: staff('utilities'),
      to: 'land_office',
      reason: 'land matter after all',
    });
    assert.ok(result.ok);
    assert.equal(result.notice?.rule, 'transfer.back_to_previous_holder');
    assert.equal(currentOwner(sim.state).department, 'utilities');
    assert.ok(sim.state.timers[`task/${sim.state.leadTaskId}/handle`], 'the owner’s clocks keep running');
    assert.ok(result.commands.some((c) => c.type === 'notify' && c.topic === 'dispatch_needed'));
    assert.deepEqual(sim.state.tally.transfersByDepartment, { land_office: 1, utilities: 1 });
    sim.refused(
      { type: 'transfer', at: T0 + 400, by: staff('utilities'), to: 'finance', reason: 'money' },
      'transfer.awaiting_dispatcher',
    );
  });
  /** The dispatcher's decision on the dispute: land_office keeps it. */
  const ROUTE_TO_LAND_OFFICE = {
    type: 'route',
    at: T0 + 500,
    by: dispatcher,
    lead: 'land_office',
    reason: 'the relocation is the blocker',
  } as const;
  /** land_office hands the issue to utilities, which hands it back: the dispute is the dispatcher's. */
  function disputed(): ReturnType<typeof simulate> {
    const sim = simulate();
    sim.ok({ type: 'transfer', at: T0 + 100, by: staff('land_office'), to: 'utilities', reason: 'water main' });
    sim.ok({ type: 'transfer', at: T0 + 300, by: staff('utilities'), to: 'land_office', reason: 'land matter' });
    assert.ok(sim.state.dispatchRequest, 'the transfer back went to the dispatcher');
    return sim;
  }
  /** After the dispatcher's routing, the department it named cannot transfer the issue on. */
  function transferRefusedAsFinal(sim: ReturnType<typeof simulate>, holder: string, to: string): void {
    sim.refused(
      { type: 'transfer', at: T0 + 600, by: staff(holder), to, reason: 'not ours' },
      'transfer.dispatcher_decision_final',
    );
  }
  test("the dispatcher's decision is final: the department it names cannot transfer the issue", () => {
    const sim = disputed();
    sim.ok(ROUTE_TO_LAND_OFFICE);
    assert.equal(currentOwner(sim.state).department, 'land_office');
    assert.equal(sim.state.dispatchRequest, undefined);
    transferRefusedAsFinal(sim, 'land_office', 'economic');
  });
  test('the dispatcher may also keep the current owner; that too is final', () => {
    const sim = disputed();
    sim.ok({ type: 'route', at: T0 + 500, by: dispatcher, lead: 'utilities', reason: 'water main it is' });
    assert.equal(currentOwner(sim.state).department, 'utilities');
    assert.equal(sim.state.leadNamedByDispatcher, true);
    transferRefusedAsFinal(sim, 'utilities', 'finance');
  });
  test("the dispatcher's decision is final for the dispatcher too: a second route is refused (route.decision_final)", () => {
    const sim = disputed();
    sim.ok(ROUTE_TO_LAND_OFFICE);
    const again = {
      type: 'route',
      at: T0 + 600,
      by: dispatcher,
      lead: 'utilities',
      reason: 'on second thought',
    } as const;
    assert.equal(validateIssueMessage(sim.state, again)?.rule, 'route.decision_final', 'refused before history');
    sim.refused(again, 'route.decision_final');
    sim.refused({ ...again, lead: 'land_office', supporting: ['finance'] }, 'route.decision_final');
    assert.equal(currentOwner(sim.state).department, 'land_office');
    sim.refused(
      { type: 'route', at: T0 + 700, by: staff('utilities'), lead: 'utilities', reason: 'ours after all' },
      'route.dispatcher_only',
    );
  });
  test('routing an issue no one disputed is a decision too: the dispatcher does not route it a second time', () => {
    const sim = simulate('other');
    assert.equal(sim.state.finalRouting, true, 'set at intake');
    sim.ok({ type: 'route', at: T0 + 500, by: dispatcher, lead: 'economic', reason: 'investment agreement' });
    sim.refused(
      { type: 'route', at: T0 + 600, by: dispatcher, lead: 'finance', reason: 'a money question' },
      'route.decision_final',
    );
    assert.equal(currentOwner(sim.state).department, 'economic');
  });
  test('an issue opened before the rule keeps the one it started with: the dispatcher may route it again', () => {
    const sim = simulate('other');
    const before = structuredClone(sim.state);
    delete before.finalRouting;
    sim.state = before;
    sim.ok({ type: 'route', at: T0 + 500, by: dispatcher, lead: 'economic', reason: 'investment agreement' });
    sim.ok({ type: 'route', at: T0 + 600, by: dispatcher, lead: 'finance', reason: 'a money question' });
    assert.equal(currentOwner(sim.state).department, 'finance');
  });
  test('more transfers than the policy allows go to the dispatcher', () => {
    const sim = simulate();
    assert.equal(sim.state.policy.policy.transferLimit, 2);
    sim.ok({ type: 'transfer', at: T0 + 100, by: staff('land_office'), to: 'utilities', reason: 'water main' });
    sim.ok({ type: 'transfer', at: T0 + 200, by: staff('utilities'), to: 'finance', reason: 'compensation money' });
    const third = sim.send({
      type: 'transfer',
      at: T0 + 300,
      by: staff('finance'),
      to: 'economic',
      reason: 'investment terms',
    });
    assert.ok(third.ok);
    assert.equal(third.notice?.rule, 'transfer.limit_reached');
    assert.equal(currentOwner(sim.state).department, 'finance');
    assert.deepEqual(
      sim.state.transfers.map((t) => t.outcome),
      ['transferred', 'transferred', 'sent_to_dispatcher'],
    );
  });
  test('returning the issue to the dispatcher (退单) is counted and waits for the dispatcher', () => {
    const sim = simulate();
    const result = sim.send({
      type: 'transfer',
      at: T0 + 100,
      by: staff('land_office'),
      to: 'dispatch',
      reason: 'not a land matter',
    });
    assert.ok(result.ok);
    assert.equal(result.notice?.rule, 'transfer.returned_to_dispatcher');
    assert.equal(sim.state.tally.transfersByDepartment.land_office, 1);
    assert.equal(currentOwner(sim.state).department, 'land_office');
  });
  test('transferring to a supporting department makes it the lead and ends its supporting task', () => {
    const sim = simulate();
    sim.ok({
      type: 'transfer',
      at: T0 + 100,
      by: staff('land_office'),
      to: 'planning',
      reason: 'zoning is the blocker',
    });
    assert.deepEqual(
      Object.values(sim.state.tasks).map((t) => `${t.department}:${t.role}:${t.status}`),
      ['land_office:lead:transferred', 'planning:supporting:closed', 'planning:lead:assigned'],
    );
  });
});

describe('assistance (协办) and progress', () => {
  test('the lead asks other departments to join; each gets a task with a deadline', () => {
    const sim = simulate('public_opinion');
    sim.ok({ type: 'accept', by: staff('publicity') });
    sim.ok({
      type: 'assist',
      at: T0 + 1000,
      by: staff('publicity'),
      departments: ['police', 'petition_office'],
      reason: 'crowd at the gate',
    });
    const tasks = Object.values(sim.state.tasks).filter((t) => t.role === 'supporting');
    assert.deepEqual(
      tasks.map((t) => `${t.department}:${t.accept.due - T0}:${(t.handle?.due ?? Number.NaN) - T0}`),
      ['police:3000:6000', 'petition_office:3000:6000'],
    );
    sim.ok({ type: 'assist', at: T0 + 1100, by: staff('publicity'), departments: ['finance'], due: T0 + 20_000 });
    assert.equal(sim.state.tasks['task-4'].handle?.due, T0 + 20_000);
  });
  test('assistance is validated: only the lead, named departments, not already involved', () => {
    const sim = simulate();
    sim.refused({ type: 'assist', by: staff('planning'), departments: ['police'] }, 'assist.lead_only');
    sim.refused({ type: 'assist', by: staff('land_office'), departments: [] }, 'assist.departments_required');
    sim.refused({ type: 'assist', by: staff('land_office'), departments: ['planning'] }, 'assist.already_involved');
    sim.refused({ type: 'assist', by: staff('land_office'), departments: ['dispatch'] }, 'assist.not_dispatcher');
    sim.refused(
      { type: 'assist', by: staff('land_office'), departments: ['police'], due: T0 - 1 },
      'assist.deadline_in_past',
    );
  });
  test('a supporting department finishing its part does not resolve the issue; the lead does, closing the rest', () => {
    const sim = simulate();
    sim.ok({ type: 'accept', at: T0 + 100, by: staff('planning') });
    sim.ok({ type: 'resolve', at: T0 + 200, by: staff('planning'), description: 'zoning note issued' });
    assert.equal(sim.state.status, 'open');
    assert.equal(sim.state.tasks['task-2'].status, 'done');
    sim.ok({ type: 'assist', at: T0 + 300, by: staff('land_office'), departments: ['police'] });
    sim.ok({ type: 'accept', at: T0 + 400, by: staff('land_office') });
    sim.ok({
      type: 'resolve',
      at: T0 + 500,
      by: staff('land_office'),
      description: 'households relocated; site handed over',
    });
    assert.equal(sim.state.status, 'resolved');
    assert.equal(sim.state.tasks['task-3'].status, 'closed');
    assert.deepEqual(Object.keys(sim.state.timers), ['verification']);
  });
  test('the supporting departments stay the issue’s once the lead resolves; one that became the lead is one no more', () => {
    const sim = simulate();
    sim.ok({ type: 'accept', at: T0 + 100, by: staff('land_office') });
    sim.ok({ type: 'assist', at: T0 + 200, by: staff('land_office'), departments: ['police', 'finance'] });
    sim.ok({ type: 'accept', at: T0 + 300, by: staff('planning') });
    sim.ok({ type: 'resolve', at: T0 + 400, by: staff('planning'), description: 'zoning note issued' });
    assert.deepEqual(supportingDepartments(sim.state), ['planning', 'police', 'finance'], 'done still supports');
    sim.ok({ type: 'transfer', at: T0 + 500, by: staff('land_office'), to: 'finance', reason: 'compensation money' });
    assert.deepEqual(supportingDepartments(sim.state), ['planning', 'police'], 'finance owns it now');
    sim.ok({ type: 'accept', at: T0 + 600, by: staff('finance') });
    sim.ok({ type: 'resolve', at: T0 + 700, by: staff('finance'), description: 'compensation paid' });
    assert.equal(sim.state.status, 'resolved');
    assert.deepEqual(registeredIssue(sim.state).supportingDepartments, ['planning', 'police']);
    assert.deepEqual(
      Object.values(sim.state.tasks).map((t) => `${t.department}:${t.role}:${t.status}`),
      [
        'land_office:lead:transferred',
        'planning:supporting:done',
        'police:supporting:closed',
        'finance:supporting:closed',
        'finance:lead:done',
      ],
    );
  });
  test('progress notes are kept and do not stop the clocks', () => {
    const sim = simulate('public_opinion');
    sim.ok({ type: 'accept', at: T0 + 100, by: staff('publicity') });
    sim.ok({ type: 'progress', at: T0 + 4000, by: staff('publicity'), note: 'statement drafted' });
    assert.equal(sim.state.progressNotes.length, 1);
    assert.deepEqual(escalations(sim.advanceTo(T0 + 5000)), ['5000:publicity:L1:department_head']);
    sim.refused({ type: 'progress', by: staff('publicity'), note: '' }, 'progress.note_required');
    sim.refused({ type: 'progress', by: staff('finance'), note: 'x' }, 'progress.no_task');
  });
});

describe('extension of time', () => {
  test('a department head grants more time at level 0; the moved deadline is kept alongside the original', () => {
    const sim = simulate();
    sim.ok({ type: 'accept', at: T0 + 100, by: staff('land_office') });
    sim.ok({
      type: 'request_extension',
      at: T0 + 1000,
      by: staff('land_office'),
      reason: 'waiting for the valuation report',
      until: T0 + 20_000,
    });
    sim.ok({ type: 'grant_extension', at: T0 + 1500, by: head('land_office'), until: T0 + 20_000 });
    const handle = sim.state.tasks['task-1'].handle!;
    assert.equal(handle.due, T0 + 20_000);
    assert.equal(handle.original, T0 + 5000);
    assert.deepEqual(
      handle.moves.map((m) => [m.from - T0, m.to - T0, m.cause]),
      [[5000, 20_000, 'extension']],
    );
    assert.equal(sim.state.timers['task/task-1/handle'], T0 + 20_000);
    assert.deepEqual(escalations(sim.advanceTo(T0 + 19_999), 'land_office'), []);
  });
  test('only a leader at the current level or above may grant it', () => {
    const sim = simulate();
    sim.ok({ type: 'accept', at: T0 + 100, by: staff('land_office') });
    sim.advanceTo(T0 + 7000);
    assert.deepEqual(currentEscalation(sim.state), { level: 2, role: 'responsible_leader' });
    sim.ok({
      type: 'request_extension',
      at: T0 + 7500,
      by: staff('land_office'),
      reason: 'court ruling pending',
      until: T0 + 60_000,
    });
    sim.refused(
      { type: 'grant_extension', at: T0 + 7600, by: head('land_office'), until: T0 + 60_000 },
      'extension.level_too_low',
    );
    sim.refused(
      { type: 'grant_extension', at: T0 + 7600, by: staff('land_office'), until: T0 + 60_000 },
      'extension.leader_only',
    );
    sim.ok({ type: 'grant_extension', at: T0 + 7600, by: leader('zone_director'), until: T0 + 60_000 });
    assert.equal(sim.state.timers['task/task-1/ladder'], undefined, 'the stall is over');
    assert.equal(currentEscalation(sim.state).level, 2, 'the level is kept');
    assert.deepEqual(escalations(sim.advanceTo(T0 + 60_000), 'land_office'), ['60000:land_office:L3:zone_director']);
  });
  test('a transferred task cannot ask for more time before its handling clock starts', () => {
    const sim = simulate();
    sim.ok({ type: 'transfer', at: T0 + 100, by: staff('land_office'), to: 'utilities', reason: 'water main' });
    sim.refused(
      { type: 'request_extension', by: staff('utilities'), reason: 'x', until: T0 + 9000 },
      'extension.no_handling_deadline',
    );
  });
  test('a grant without a request, a grant earlier than the deadline, another department’s head, a refusal', () => {
    const sim = simulate();
    sim.ok({ type: 'accept', at: T0 + 100, by: staff('land_office') });
    sim.refused({ type: 'grant_extension', by: head('land_office'), until: T0 + 9000 }, 'extension.no_request');
    sim.refused(
      { type: 'request_extension', by: staff('land_office'), reason: '', until: T0 + 9000 },
      'extension.reason_required',
    );
    sim.refused(
      { type: 'request_extension', by: staff('land_office'), reason: 'x', until: T0 + 4000 },
      'extension.must_be_later',
    );
    sim.ok({
      type: 'request_extension',
      at: T0 + 200,
      by: staff('land_office'),
      reason: 'valuation',
      until: T0 + 9000,
    });
    sim.refused(
      { type: 'request_extension', by: staff('land_office'), reason: 'again', until: T0 + 9500 },
      'extension.already_pending',
    );
    sim.refused(
      { type: 'grant_extension', by: head('planning'), until: T0 + 9000 },
      'extension.own_department_head_only',
    );
    sim.refused({ type: 'grant_extension', by: head('land_office'), until: T0 + 4000 }, 'extension.must_be_later');
    sim.ok({ type: 'refuse_extension', at: T0 + 300, by: head('land_office'), reason: 'finish it today' });
    assert.equal(sim.state.tasks['task-1'].extensionRequest, undefined);
    assert.equal(sim.state.tasks['task-1'].handle?.due, T0 + 5000);
  });
});

describe('instructions (批示)', () => {
  test('a leader at any level issues an instruction with a new deadline; the owner must acknowledge before resolving', () => {
    const sim = simulate();
    sim.ok({ type: 'accept', at: T0 + 100, by: staff('land_office') });
    sim.refused(
      { type: 'instruct', by: staff('land_office'), text: 'do it', due: T0 + 30_000 },
      'instruct.leader_only',
    );
    sim.refused(
      { type: 'instruct', by: leader('zone_director'), text: '', due: T0 + 30_000 },
      'instruct.text_required',
    );
    sim.refused({ type: 'instruct', by: leader('zone_director'), text: 'x', due: T0 }, 'instruct.deadline_in_past');
    const commands = sim.ok({
      type: 'instruct',
      at: T0 + 1000,
      by: leader('zone_director'),
      text: '限期三天内完成搬迁',
      due: T0 + 30_000,
    });
    assert.ok(commands.some((c) => c.type === 'notify' && c.topic === 'instruction'));
    const handle = sim.state.tasks['task-1'].handle!;
    assert.equal(handle.due, T0 + 30_000);
    assert.equal(handle.original, T0 + 5000);
    sim.refused(
      { type: 'resolve', by: staff('land_office'), description: 'done' },
      'resolve.instruction_unacknowledged',
    );
    sim.refused(
      { type: 'acknowledge', by: staff('planning'), instructionId: 'instruction-1' },
      'acknowledge.not_addressee',
    );
    sim.refused(
      { type: 'acknowledge', by: staff('land_office'), instructionId: 'instruction-9' },
      'acknowledge.unknown_instruction',
    );
    const ack = sim.ok({
      type: 'acknowledge',
      at: T0 + 1100,
      by: staff('land_office'),
      instructionId: 'instruction-1',
    });
    assert.ok(
      ack.some(
        (c) =>
          c.type === 'notify' &&
          c.topic === 'instruction_acknowledged' &&
          c.to.kind === 'person' &&
          c.to.id === 'zone_director-1',
      ),
    );
    sim.refused(
      { type: 'acknowledge', by: staff('land_office'), instructionId: 'instruction-1' },
      'acknowledge.already_acknowledged',
    );
    sim.ok({ type: 'resolve', at: T0 + 1200, by: staff('land_office'), description: 'relocated' });
  });
  test('a missed instruction deadline escalates from the current level', () => {
    const sim = simulate();
    sim.ok({ type: 'accept', at: T0 + 100, by: staff('land_office') });
    sim.advanceTo(T0 + 7000);
    sim.ok({ type: 'instruct', at: T0 + 7100, by: leader('responsible_leader'), text: 'today', due: T0 + 12_000 });
    assert.equal(sim.state.timers['task/task-1/ladder'], undefined);
    assert.deepEqual(escalations(sim.advanceTo(T0 + 12_000), 'land_office'), ['12000:land_office:L3:zone_director']);
  });
  test('a department head instructs only their own department', () => {
    const sim = simulate();
    sim.refused(
      { type: 'instruct', by: head('planning'), text: 'x', due: T0 + 9000 },
      'instruct.own_department_head_only',
    );
  });
});

describe('resolution and verification (回访)', () => {
  function resolved() {
    const sim = simulate();
    sim.ok({ type: 'accept', at: T0 + 100, by: staff('land_office') });
    sim.refused({ type: 'resolve', by: staff('land_office'), description: '' }, 'resolve.description_required');
    sim.ok({ type: 'resolve', at: T0 + 1000, by: staff('land_office'), description: 'households relocated' });
    return sim;
  }
  test('a task must be accepted before it is resolved', () => {
    const sim = simulate();
    sim.refused({ type: 'resolve', by: staff('land_office'), description: 'done' }, 'resolve.not_accepted');
  });
  test('the reporter confirms with a satisfaction from 1 to 5 and the issue closes', () => {
    const sim = resolved();
    assert.equal(sim.state.timers.verification, T0 + 6000);
    sim.refused(
      { type: 'verify', by: staff('land_office'), outcome: 'confirm', satisfaction: 5 },
      'verify.reporter_only',
    );
    sim.refused({ type: 'verify', by: reporter, outcome: 'confirm', satisfaction: 6 }, 'verify.satisfaction_range');
    sim.refused({ type: 'verify', by: reporter, outcome: 'confirm', satisfaction: 0 }, 'verify.satisfaction_range');
    sim.refused({ type: 'verify', by: reporter, outcome: 'confirm' }, 'verify.satisfaction_required');
    const commands = sim.ok({ type: 'verify', at: T0 + 2000, by: reporter, outcome: 'confirm', satisfaction: 4 });
    assert.equal(sim.state.status, 'closed');
    assert.deepEqual(sim.state.closure, { outcome: 'confirmed', at: T0 + 2000, by: reporter.id, satisfaction: 4 });
    assert.ok(commands.some((c) => c.type === 'issue_closed' && c.outcome === 'confirmed'));
    assert.deepEqual(sim.state.timers, {});
    assert.equal(issueAge(sim.state, T0 + 99_999), 2000, 'the age stops when the issue closes');
  });
  test('rejection reopens the issue with a new handling deadline and counts against the lead', () => {
    const sim = resolved();
    sim.refused({ type: 'verify', by: reporter, outcome: 'reject' }, 'verify.reason_required');
    sim.ok({
      type: 'verify',
      at: T0 + 2000,
      by: reporter,
      outcome: 'reject',
      reason: 'two households still on site',
      satisfaction: 1,
    });
    assert.equal(sim.state.status, 'open');
    assert.equal(sim.state.reopenCount, 1);
    assert.deepEqual(sim.state.tally.rejectionsByDepartment, { land_office: 1 });
    const lead = sim.state.tasks[sim.state.leadTaskId];
    assert.equal(lead.status, 'accepted');
    assert.equal(lead.handle?.due, T0 + 7000);
    assert.equal(lead.handle?.original, T0 + 5000);
    assert.equal(sim.state.timers.verification, undefined);
    assert.deepEqual(escalations(sim.advanceTo(T0 + 7000), 'land_office'), ['7000:land_office:L1:department_head']);
  });
  test('no answer within the window closes the issue as unconfirmed', () => {
    const sim = resolved();
    const commands = sim.advanceTo(T0 + 6000);
    assert.equal(sim.state.status, 'closed');
    assert.equal(sim.state.closure?.outcome, 'unconfirmed');
    assert.ok(commands.some((c) => c.type === 'issue_closed' && c.outcome === 'unconfirmed'));
    sim.refused({ type: 'verify', by: reporter, outcome: 'confirm', satisfaction: 5 }, 'verify.not_resolved');
  });
  test('a verdict arriving after the window (before the timer was handled) is refused', () => {
    const sim = resolved();
    const late: IssueEvent = { type: 'verify', at: T0 + 6001, by: reporter, outcome: 'confirm', satisfaction: 5 };
    const result = reduceIssue(sim.state, {
      ...late,
      clocks: computeClocksAt(sim.state.policy, sim.calendar, T0 + 6001),
    });
    assert.equal(!result.ok && result.rejection.rule, 'verify.window_closed');
  });
});

describe('withdrawal', () => {
  test('the reporter withdraws with a reason; every clock stops and departments are told', () => {
    const sim = simulate();
    sim.refused({ type: 'withdraw', by: reporter, reason: '' }, 'withdraw.reason_required');
    sim.refused({ type: 'withdraw', by: staff('land_office'), reason: 'x' }, 'withdraw.reporter_or_dispatcher');
    sim.refused(
      { type: 'withdraw', by: { id: 'someone-else', role: 'reporter' }, reason: 'x' },
      'withdraw.reporter_or_dispatcher',
    );
    const commands = sim.ok({
      type: 'withdraw',
      at: T0 + 1000,
      by: reporter,
      reason: 'resolved privately with the households',
    });
    assert.equal(sim.state.status, 'withdrawn');
    assert.deepEqual(sim.state.timers, {});
    assert.deepEqual(
      ofType(commands, 'notify')
        .filter((c) => c.topic === 'withdrawn')
        .map((c) => c.to.kind === 'department' && c.to.department),
      ['land_office', 'planning'],
    );
    sim.refused({ type: 'accept', by: staff('land_office') }, 'accept.issue_not_open');
    sim.refused({ type: 'withdraw', by: dispatcher, reason: 'again' }, 'withdraw.already_closed');
  });
  test('the dispatcher may withdraw an issue, also while it awaits verification', () => {
    const sim = simulate();
    sim.ok({ type: 'accept', at: T0 + 100, by: staff('land_office') });
    sim.ok({ type: 'resolve', at: T0 + 200, by: staff('land_office'), description: 'done' });
    sim.ok({ type: 'withdraw', at: T0 + 300, by: dispatcher, reason: 'duplicate of issue 12' });
    assert.equal(sim.state.closure?.outcome, 'withdrawn');
  });
});

describe('petition statutory clock (信访工作条例, 2022)', () => {
  test('the decision on acceptance is due 15 (test: seconds) after receipt, with warnings before it', () => {
    const sim = simulate('petition', 'medium');
    assert.equal(sim.state.petition?.acceptDecision.due, T0 + 15_000);
    assert.deepEqual(sim.state.petition?.acceptDecision.warnings, [T0 + 12_000, T0 + 14_000]);
    const commands = sim.advanceTo(T0 + 15_000);
    const statutory = ofType(commands, 'record_event')
      .filter((c) => c.name.startsWith('statutory'))
      .map((c) => `${c.at - T0}:${c.name}`);
    assert.deepEqual(statutory, [
      '12000:statutory_warning',
      '14000:statutory_warning',
      '15000:statutory_deadline_missed',
    ]);
    assert.deepEqual(sim.state.petition?.missed, ['accept_decision']);
  });
  test('acceptance by the lead starts the 60 (test: seconds) conclusion clock; resolving concludes it', () => {
    const sim = simulate('petition', 'medium');
    sim.ok({ type: 'accept', at: T0 + 1000, by: staff('petition_office') });
    assert.equal(sim.state.petition?.acceptDecision.decidedAt, T0 + 1000);
    assert.equal(sim.state.petition?.conclude?.due, T0 + 61_000);
    assert.equal(sim.state.timers['petition/accept_decision'], undefined);
    sim.ok({ type: 'resolve', at: T0 + 2000, by: staff('petition_office'), description: 'reply issued' });
    assert.equal(sim.state.petition?.conclude?.concludedAt, T0 + 2000);
    assert.equal(sim.state.timers['petition/conclude'], undefined);
  });
  test('a supporting department accepting does not count as the decision on acceptance', () => {
    const sim = simulate('petition', 'medium');
    sim.ok({ type: 'accept', at: T0 + 1000, by: staff('police') });
    assert.equal(sim.state.petition?.acceptDecision.decidedAt, undefined);
  });
  test('one extension of at most 30 (test: seconds), approved by a zone leader', () => {
    const sim = simulate('petition', 'medium');
    sim.ok({ type: 'accept', at: T0 + 1000, by: staff('petition_office') });
    const statute = sim.state.policy.petitionStatute!;
    const original = sim.state.petition!.conclude!.due;
    const deadline = computePetitionExtension(
      statute,
      sim.calendar,
      sim.state.petition!.acceptDecision.decidedAt!,
      'PT30S',
      0,
      T0 + 2000,
    );
    sim.refused(
      {
        type: 'extend_statutory_term',
        at: T0 + 2000,
        by: head('petition_office'),
        reason: 'complex',
        extension: 'PT30S',
        deadline,
      },
      'statutory_extension.zone_leader_only',
    );
    sim.refused(
      {
        type: 'extend_statutory_term',
        at: T0 + 2000,
        by: leader('zone_director'),
        reason: 'complex',
        extension: 'PT31S',
        deadline,
      },
      'statutory_extension.max',
    );
    sim.refused(
      {
        type: 'extend_statutory_term',
        at: T0 + 2000,
        by: leader('zone_director'),
        reason: '',
        extension: 'PT30S',
        deadline,
      },
      'statutory_extension.reason_required',
    );
    sim.ok({
      type: 'extend_statutory_term',
      at: T0 + 2000,
      by: leader('zone_director'),
      reason: '情况复杂',
      extension: 'PT30S',
      deadline,
    });
    assert.equal(sim.state.petition?.conclude?.due, original + 30_000);
    assert.equal(sim.state.petition?.conclude?.original, original);
    assert.equal(sim.state.timers['petition/conclude'], original + 30_000);
    sim.refused(
      {
        type: 'extend_statutory_term',
        at: T0 + 3000,
        by: leader('party_secretary'),
        reason: 'more',
        extension: 'PT5S',
        deadline: { due: original + 40_000, warnings: [] },
      },
      'statutory_extension.once',
    );
  });
  test('the statutory term cannot be extended before acceptance, nor for a non-petition', () => {
    const sim = simulate('petition', 'medium');
    sim.refused(
      {
        type: 'extend_statutory_term',
        by: leader('zone_director'),
        reason: 'x',
        extension: 'PT5S',
        deadline: { due: T0 + 99_000, warnings: [] },
      },
      'statutory_extension.not_accepted',
    );
    const other = simulate('permit');
    other.refused(
      {
        type: 'extend_statutory_term',
        by: leader('zone_director'),
        reason: 'x',
        extension: 'PT5S',
        deadline: { due: T0 + 99_000, warnings: [] },
      },
      'statutory_extension.not_a_petition',
    );
  });
});

describe('timers, clocks and messages as the workflow sees them', () => {
  test('a timer that was cancelled or moved is ignored', () => {
    const sim = simulate();
    sim.ok({ type: 'accept', at: T0 + 100, by: staff('land_office') });
    const clocks = computeClocksAt(sim.state.policy, sim.calendar, T0 + 2000);
    const stale = reduceIssue(sim.state, { type: 'timer_fired', key: 'task/task-1/accept', at: T0 + 2000, clocks });
    assert.ok(stale.ok);
    assert.deepEqual(stale.commands, []);
    const early = reduceIssue(sim.state, { type: 'timer_fired', key: 'task/task-1/handle', at: T0 + 2000, clocks });
    assert.ok(early.ok);
    assert.deepEqual(early.commands, []);
    assert.equal(early.state.timers['task/task-1/handle'], T0 + 5000);
  });
  test('events that set deadlines need clocks computed for their own time', () => {
    const sim = simulate();
    sim.ok({ type: 'transfer', at: T0 + 100, by: staff('land_office'), to: 'utilities', reason: 'water main' });
    const missing = reduceIssue(sim.state, { type: 'accept', at: T0 + 200, by: staff('utilities') });
    assert.equal(!missing.ok && missing.rejection.rule, 'clocks.required');
    const stale = reduceIssue(sim.state, {
      type: 'accept',
      at: T0 + 200,
      by: staff('utilities'),
      clocks: computeClocksAt(sim.state.policy, sim.calendar, T0 + 100),
    });
    assert.equal(!stale.ok && stale.rejection.rule, 'clocks.stale');
  });
  test('validateIssueMessage gives the verdict before the clocks are computed, as an update validator needs', () => {
    const sim = simulate();
    assert.equal(
      validateIssueMessage(sim.state, {
        type: 'transfer',
        at: T0 + 1,
        by: staff('land_office'),
        to: 'utilities',
        reason: '',
      })?.rule,
      'transfer.reason_required',
    );
    assert.equal(
      validateIssueMessage(sim.state, {
        type: 'transfer',
        at: T0 + 1,
        by: staff('land_office'),
        to: 'utilities',
        reason: 'water main',
      }),
      undefined,
    );
    assert.equal(
      validateIssueMessage(sim.state, { type: 'resolve', at: T0 + 1, by: staff('land_office'), description: 'x' })
        ?.rule,
      'resolve.not_accepted',
    );
  });
  test('nextTimer and dueTimers read the pending timers in time order', () => {
    const sim = simulate();
    assert.deepEqual(nextTimer(sim.state), { key: 'task/task-1/accept/remind/0', at: T0 + 1000 });
    assert.deepEqual(
      dueTimers(sim.state, T0 + 2000).map((t) => t.key),
      ['task/task-1/accept/remind/0', 'task/task-2/accept/remind/0', 'task/task-1/accept', 'task/task-2/accept'],
    );
  });
  test('record_event commands carry increasing sequence numbers for idempotent writes', () => {
    const sim = simulate();
    sim.ok({ type: 'accept', at: T0 + 100, by: staff('land_office') });
    sim.advanceTo(T0 + 9000);
    const sequences = ofType(sim.commands, 'record_event').map((c) => c.sequence);
    assert.deepEqual(
      sequences,
      sequences.map((_, i) => i + 1),
    );
    assert.equal(sim.state.sequence, sequences.length);
  });
});

describe('randomized message sequences keep the issue consistent', () => {
  test('whatever the order of messages, the state stays valid plain JSON and the rules hold', () => {
    let seed = 20250916;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const departments = ['land_office', 'planning', 'utilities', 'finance', 'police', 'dispatch'];
    for (let round = 0; round < 60; round++) {
      const sim = simulate(pick(['land_acquisition', 'petition', 'other', 'permit'] as const));
      for (let step = 0; step < 40; step++) {
        const at = sim.now + Math.floor(random() * 3000);
        const department = pick(departments);
        const messages = [
          { type: 'accept', at, by: staff(department) },
          { type: 'progress', at, by: staff(department), note: 'working on it' },
          {
            type: 'transfer',
            at,
            by: staff(department),
            to: pick(departments),
            reason: random() < 0.8 ? 'not ours' : '',
          },
          { type: 'route', at, by: dispatcher, lead: pick(departments.slice(0, 5)), reason: 'decided' },
          { type: 'assist', at, by: staff(department), departments: [pick(departments)] },
          { type: 'request_extension', at, by: staff(department), reason: 'time', until: at + 10_000 },
          {
            type: 'grant_extension',
            at,
            by: leader(pick(['responsible_leader', 'zone_director', 'party_secretary'] as const)),
            until: at + 12_000,
          },
          { type: 'instruct', at, by: leader('zone_director'), text: 'hurry', due: at + 4000 },
          {
            type: 'acknowledge',
            at,
            by: staff(department),
            instructionId: `instruction-${1 + Math.floor(random() * 3)}`,
          },
          { type: 'resolve', at, by: staff(department), description: 'done' },
          {
            type: 'verify',
            at,
            by: reporter,
            outcome: pick(['confirm', 'reject'] as const),
            satisfaction: 1 + Math.floor(random() * 5),
            reason: 'not done',
          },
          { type: 'withdraw', at, by: pick([reporter, dispatcher]), reason: random() < 0.1 ? 'settled' : '' },
        ] as const;
        sim.send(pick(messages) as never);
        const state = sim.state;
        const activeLeads = Object.values(state.tasks).filter(
          (t) => t.role === 'lead' && (t.status === 'assigned' || t.status === 'accepted'),
        );
        if (state.status === 'open')
          assert.equal(activeLeads.length, 1, 'an open issue has exactly one active lead task');
        if (state.status === 'closed' || state.status === 'withdrawn')
          assert.deepEqual(state.timers, {}, 'a finished issue has no timers');
        assert.ok(
          state.transfers.filter((t) => t.outcome === 'transferred').length <= state.policy.policy.transferLimit,
        );
        for (const at of Object.values(state.timers)) assert.ok(at >= sim.now, 'no timer is left in the past');
        assert.equal(state.receivedAt, T0);
        for (const task of Object.values(state.tasks))
          if (task.handle) assert.ok(task.handle.moves.every((m) => m.from !== undefined));
      }
    }
  });
});
