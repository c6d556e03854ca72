// The console offers an action exactly when the API would take it for role and state reasons: for issues driven
// through their life by the domain's own simulation, every person of the zone, every action and every task or
// instruction it may be about, the console's `availableActions` (apps/web/src/logic/issue-actions.ts) agrees with the
// API's access rule (`mayAct`, apps/api/src/auth/issue-access.ts) followed by the workflow's validator
// (`validateIssueMessage`), given well-formed input.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ISSUE_ACTIONS, type AnyIssueActionRow, type IssueActionName } from '@unblock/contracts';
import { validateIssueMessage, type IssueEvent, type IssueState } from '@unblock/domain';
import { IssueSimulation, loadTestPolicies } from '@unblock/domain/testing';
import type { AuthenticatedUser } from '../../apps/api/src/auth/authenticated-user';
import { actorFor, mayAct, type IssueAccessFacts } from '../../apps/api/src/auth/issue-access';
import type { LiveState } from '../../apps/web/src/api/types';
import {
  ACTION_SEGMENTS,
  assistCandidates,
  availableActions,
  homePageOf,
  issueFactsFromLive,
  issueFactsFromRecord,
  type ActionName,
  type OfferedAction,
} from '../../apps/web/src/logic/issue-actions';

const T0 = Date.parse('2026-11-16T02:00:00Z');
const policies = loadTestPolicies();
const DEPARTMENTS = [
  'land_office',
  'planning',
  'approval',
  'petition_office',
  'enforcement',
  'police',
  'publicity',
  'finance',
  'utilities',
  'economic',
];

const person = (id: string, roles: AuthenticatedUser['roles'], departmentId: string | null): AuthenticatedUser => ({
  id,
  username: id,
  name: id,
  roles,
  departmentId,
});
const PEOPLE: AuthenticatedUser[] = [
  ...DEPARTMENTS.flatMap((d) => [person(`${d}_staff`, ['staff'], d), person(`${d}_head`, ['department_head'], d)]),
  person('land_office_both', ['department_head', 'staff'], 'land_office'),
  person('leader_construction', ['responsible_leader'], 'leadership'),
  person('leader_industry', ['responsible_leader'], 'leadership'),
  person('director', ['zone_director'], 'leadership'),
  person('secretary', ['party_secretary'], 'leadership'),
  person('dispatcher', ['dispatcher'], 'dispatch'),
  person('reporter_investor', ['reporter'], null),
  person('reporter_contractor', ['reporter'], null),
];
const byId = (id: string) => PEOPLE.find((p) => p.id === id)!;
const actor = (id: string) => {
  const user = byId(id);
  const role = user.roles.includes('staff') ? 'staff' : user.roles[0];
  return { id: user.id, role, ...(user.departmentId ? { department: user.departmentId } : {}) };
};

const isActive = (status: string) => status === 'assigned' || status === 'accepted';

/** A well-formed body for each action (what the forms send), for the state and the person. */
function argsFor(
  action: IssueActionName,
  state: IssueState,
  user: AuthenticatedUser,
  target: { taskId?: string; instructionId?: string },
  now: number,
): Record<string, unknown> {
  const lead = state.tasks[state.leadTaskId];
  const own = Object.values(state.tasks).find((t) => t.department === user.departmentId && isActive(t.status));
  const free = DEPARTMENTS.filter(
    (d) => !Object.values(state.tasks).some((t) => t.department === d && isActive(t.status)),
  );
  const other = DEPARTMENTS.find((d) => d !== lead.department && !state.heldBy.includes(d))!;
  switch (action) {
    case 'accept':
      return {};
    case 'progress':
      return { note: '已约谈' };
    case 'transfer':
      return { to: other, reason: '职责不符' };
    case 'assist':
      return { departments: [free[0]], reason: '需配合' };
    case 'requestExtension':
      return { reason: '等待评估', until: Math.max(own?.handle?.due ?? now, now) + 86_400_000 };
    case 'grantExtension': {
      const task = state.tasks[target.taskId!];
      return { taskId: target.taskId, until: Math.max(task.handle?.due ?? now, now) + 2 * 86_400_000 };
    }
    case 'refuseExtension':
      return { taskId: target.taskId, reason: '期限内可办结' };
    case 'instruct':
      return { taskId: target.taskId, text: '请抓紧办理', due: now + 86_400_000 };
    case 'acknowledge':
      return { instructionId: target.instructionId };
    case 'resolve':
      return { description: '已办结' };
    case 'verify':
      return { outcome: 'confirm', satisfaction: 5 };
    case 'withdraw':
      return { reason: '已自行解决' };
    case 'route':
      return { lead: other, reason: '职责所在' };
    case 'extendStatutoryTerm':
      return { reason: '情况复杂', extension: state.policy.petitionStatute?.maxExtension ?? 'PT30S' };
  }
}

/** The targets each action may be about on this state. */
function targetsOf(action: IssueActionName, state: IssueState): Array<{ taskId?: string; instructionId?: string }> {
  if (action === 'grantExtension' || action === 'refuseExtension' || action === 'instruct')
    return Object.keys(state.tasks).map((taskId) => ({ taskId }));
  if (action === 'acknowledge') return state.instructions.map((i) => ({ instructionId: i.id }));
  return [{}];
}

const keyOf = (action: string, target: { taskId?: string; instructionId?: string }) =>
  action === 'acknowledge'
    ? `${action}:${target.instructionId}`
    : action === 'grantExtension' || action === 'refuseExtension' || action === 'instruct'
      ? `${action}:${target.taskId}`
      : action;

/** What the API would take: not closed, the access rule, then the workflow's validator. */
function apiTakes(
  state: IssueState,
  user: AuthenticatedUser,
  projectLeaderId: string | null,
  now: number,
): Set<string> {
  const taken = new Set<string>();
  if (state.status === 'closed' || state.status === 'withdrawn') return taken;
  const tasks = Object.values(state.tasks);
  const facts: IssueAccessFacts = {
    reporterId: state.reporter.id,
    activeDepartments: tasks.filter((t) => isActive(t.status)).map((t) => t.department),
    involvedDepartments: tasks.map((t) => t.department),
    projectLeaderId,
  };
  for (const action of Object.keys(ISSUE_ACTIONS) as IssueActionName[]) {
    if (!mayAct(user, action, facts)) continue;
    const row = ISSUE_ACTIONS[action] as unknown as AnyIssueActionRow;
    for (const target of targetsOf(action, state)) {
      const args = { by: actorFor(user, action, facts), ...argsFor(action, state, user, target, now) };
      const message = { ...row.toMessage(args as never), at: now } as IssueEvent;
      if (validateIssueMessage(state, message) === undefined) taken.add(keyOf(action, target));
    }
  }
  return taken;
}

function consoleOffers(state: IssueState, user: AuthenticatedUser, projectLeaderId: string | null, now: number) {
  const facts = issueFactsFromLive(state as unknown as LiveState, projectLeaderId);
  return new Set(availableActions(user, facts, now).map((o: OfferedAction) => keyOf(o.action, o)));
}

/** Checks every person on the state; returns how many (person, action) pairs were offered, to see the test bite. */
function agreeOn(sim: IssueSimulation, label: string, projectLeaderId: string | null = 'leader_construction'): number {
  let offered = 0;
  for (const user of PEOPLE) {
    const api = apiTakes(sim.state, user, projectLeaderId, sim.now);
    const web = consoleOffers(sim.state, user, projectLeaderId, sim.now);
    assert.deepEqual([...web].sort(), [...api].sort(), `${label}: ${user.id}`);
    offered += web.size;
  }
  return offered;
}

function simulate(category: 'land_acquisition' | 'other' | 'petition' | 'public_opinion', projectId = 'GX-ROAD-02') {
  return new IssueSimulation(policies, {
    issueId: 'IS-1',
    projectId,
    category,
    risk: 'medium',
    description: '征地补偿争议',
    reporter: { id: 'reporter_investor' },
    receivedAt: T0,
  });
}

describe('the actions the console offers are the ones the API takes', () => {
  test('through an issue handled by its departments, escalated, instructed, extended, resolved and verified', () => {
    const sim = simulate('land_acquisition');
    let offered = agreeOn(sim, 'opened');
    sim.ok({ type: 'accept', by: actor('land_office_staff') });
    offered += agreeOn(sim, 'accepted by the lead');
    sim.ok({ type: 'request_extension', by: actor('land_office_staff'), reason: '等待评估', until: T0 + 86_400_000 });
    offered += agreeOn(sim, 'extension asked, not escalated');
    offered += agreeOn(sim, 'extension asked, the project names no leader', null);
    sim.advanceBy(6_000);
    offered += agreeOn(sim, 'handling deadline missed: level 1');
    sim.advanceBy(2_500);
    offered += agreeOn(sim, 'level 2: a department head may no longer decide');
    sim.advanceBy(2_500);
    offered += agreeOn(sim, 'level 3');
    sim.ok({ type: 'refuse_extension', by: actor('secretary'), reason: '期限内可办结' });
    sim.ok({ type: 'instruct', by: actor('leader_construction'), text: '请抓紧', due: sim.now + 60_000 });
    offered += agreeOn(sim, 'instructed, not acknowledged: no resolving');
    sim.ok({ type: 'acknowledge', by: actor('land_office_staff'), instructionId: 'instruction-1' });
    sim.ok({ type: 'accept', by: actor('planning_staff') });
    offered += agreeOn(sim, 'acknowledged');
    sim.ok({ type: 'assist', by: actor('land_office_staff'), departments: ['finance'] });
    offered += agreeOn(sim, 'finance asked to assist');
    sim.ok({ type: 'resolve', by: actor('land_office_staff'), description: '已补偿到位' });
    offered += agreeOn(sim, 'resolved: the reporter verifies');
    sim.ok({ type: 'verify', by: { id: 'reporter_investor', role: 'reporter' }, outcome: 'reject', reason: '未到账' });
    offered += agreeOn(sim, 'rejected: reopened');
    sim.ok({ type: 'resolve', by: actor('land_office_staff'), description: '已到账' });
    sim.advanceBy(6_000);
    offered += agreeOn(sim, 'verification window over: closed unconfirmed');
    assert.ok(offered > 100, `the scenario offers actions (${offered})`);
  });

  test('through transfers, a dispute for the dispatcher and its final decision', () => {
    const sim = simulate('public_opinion');
    sim.ok({ type: 'accept', by: actor('publicity_staff') });
    sim.ok({ type: 'transfer', by: actor('publicity_staff'), to: 'enforcement', reason: '执法' });
    let offered = agreeOn(sim, 'transferred, not accepted');
    sim.ok({ type: 'accept', by: actor('enforcement_staff') });
    sim.ok({ type: 'transfer', by: actor('enforcement_staff'), to: 'publicity', reason: '舆情' });
    offered += agreeOn(sim, 'A→B→A: waiting for the dispatcher');
    sim.ok({ type: 'route', by: { id: 'dispatcher', role: 'dispatcher' }, lead: 'publicity', reason: '舆情为主' });
    offered += agreeOn(sim, 'decided: final');
    assert.ok(offered > 20);
  });

  test('an issue no rule routes goes to the dispatcher, who routes it', () => {
    const sim = simulate('other');
    let offered = agreeOn(sim, 'at the dispatcher');
    sim.ok({ type: 'route', by: { id: 'dispatcher', role: 'dispatcher' }, lead: 'economic', reason: '经发' });
    offered += agreeOn(sim, 'routed');
    sim.ok({ type: 'withdraw', by: { id: 'dispatcher', role: 'dispatcher' }, reason: '重复' });
    offered += agreeOn(sim, 'withdrawn');
    assert.ok(offered > 5);
  });

  test("a petition's legal term: extended once by a zone leader", () => {
    const sim = simulate('petition');
    let offered = agreeOn(sim, 'petition filed');
    sim.ok({ type: 'accept', by: actor('petition_office_staff') });
    offered += agreeOn(sim, 'petition accepted: the legal term runs');
    sim.ok({
      type: 'extend_statutory_term',
      by: { id: 'director', role: 'zone_director' },
      reason: '情况复杂',
      extension: 'PT30S',
    });
    offered += agreeOn(sim, 'extended once');
    assert.ok(offered > 10);
  });
});

describe('the facts from the record, when the workflow cannot be asked', () => {
  test('a pending extension, a dispute and the verification window come from the event log', () => {
    const detail = {
      status: 'open',
      reporter: { id: 'reporter_investor', name: null },
      tasks: [
        {
          taskId: 'task-1',
          department: { id: 'land_office', name: null },
          role: 'lead',
          status: 'accepted',
          handleDue: '2026-11-16T09:30:00.000Z',
          escalationLevel: 2,
        },
      ],
      instructions: [{ id: 'instruction-1', taskId: 'task-1', acknowledgedAt: null }],
      petition: null,
      timeline: [
        {
          sequence: 5,
          name: 'extension_requested',
          at: '2026-11-16T03:00:00.000Z',
          taskId: 'task-1',
          data: { until: 1795400000000, reason: '等待' },
        },
        {
          sequence: 6,
          name: 'transfer_sent_to_dispatcher',
          at: '2026-11-16T03:10:00.000Z',
          taskId: 'task-1',
          data: {},
        },
      ],
    } as unknown as Parameters<typeof issueFactsFromRecord>[0];
    const facts = issueFactsFromRecord(detail, null);
    assert.equal(facts.leadTaskId, 'task-1');
    assert.deepEqual(facts.tasks[0].extensionRequest?.until, 1795400000000);
    assert.equal(facts.awaitingDispatcher, true);
    assert.equal(facts.ladder, undefined);
    const staff = byId('land_office_staff');
    const offered = availableActions(staff, facts, Date.parse('2026-11-16T04:00:00Z')).map((o) => o.action);
    // an unacknowledged instruction: acknowledge, not resolve; a pending request: no second one; a dispute: no transfer
    assert.deepEqual(offered, ['acknowledge', 'progress', 'assist']);
    const director = availableActions(byId('director'), facts, Date.parse('2026-11-16T04:00:00Z')).map((o) => o.action);
    assert.deepEqual(director, ['grantExtension', 'refuseExtension', 'instruct']);
  });
});

describe('around the actions', () => {
  test('every action has its URL segment, as the table of actions names it', () => {
    for (const name of Object.keys(ISSUE_ACTIONS) as IssueActionName[])
      assert.equal(ACTION_SEGMENTS[name as ActionName], ISSUE_ACTIONS[name].segment, name);
    assert.equal(Object.keys(ACTION_SEGMENTS).length, Object.keys(ISSUE_ACTIONS).length);
  });

  test('assistance is asked of departments not on the issue, never of the dispatcher', () => {
    const sim = simulate('land_acquisition');
    const facts = issueFactsFromLive(sim.state as unknown as LiveState, null);
    assert.deepEqual(assistCandidates(facts, ['dispatch', 'land_office', 'planning', 'finance']), ['finance']);
  });

  test('each person lands on their own inbox', () => {
    assert.equal(homePageOf({ roles: ['staff'] }), 'tasks');
    assert.equal(homePageOf({ roles: ['department_head'] }), 'tasks');
    assert.equal(homePageOf({ roles: ['responsible_leader'] }), 'leader');
    assert.equal(homePageOf({ roles: ['party_secretary'] }), 'leader');
    assert.equal(homePageOf({ roles: ['dispatcher'] }), 'dispatch');
    assert.equal(homePageOf({ roles: ['reporter'] }), 'reporter');
    assert.equal(homePageOf({ roles: ['administrator'] }), 'admin/channels');
  });
});
