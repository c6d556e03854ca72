// The table of actions (libs/contracts/src/issue-actions.ts) and what the API derives from it: names, URLs,
// body and message mappings, access rules and acting roles, one DTO and one route per action. Some checks are
// compile-time (marked ts-expect-error): the build fails if such a table or DTO map ever compiles.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ISSUE_ACTION_NAMES,
  ISSUE_ACTION_ROWS,
  ISSUE_ACTIONS,
  type IssueActionRow,
  type IssueActionTable,
} from '@unblock/contracts';
import type { Actor } from '@unblock/domain';
import type { AuthenticatedUser } from '../../apps/api/src/auth/authenticated-user';
import { ACCESS_RULES, actorFor, mayAct, whoMay, type IssueAccessFacts } from '../../apps/api/src/auth/issue-access';
import { ACTION_BODIES, RequestExtensionDto } from '../../apps/api/src/issues/dto/actions.dto';
import { actionMethodName, IssueActionsController } from '../../apps/api/src/issues/issue-actions.controller';

const person = (
  id: string,
  roles: AuthenticatedUser['roles'],
  departmentId: string | null = null,
): AuthenticatedUser => ({ id, username: id, name: id, roles, departmentId });
const staff = person('land_staff', ['staff'], 'land_office');
const head = person('land_head', ['department_head'], 'land_office');
const headAndStaff = person('land_both', ['department_head', 'staff'], 'land_office');
const otherStaff = person('finance_staff', ['staff'], 'finance');
const otherHead = person('finance_head', ['department_head'], 'finance');
const leader = person('leader', ['responsible_leader'], 'leadership');
const director = person('director', ['zone_director'], 'leadership');
const dispatcher = person('dispatcher', ['dispatcher'], 'dispatch');
const filer = person('reporter_investor', ['reporter']);
const otherReporter = person('reporter_contractor', ['reporter']);
const issue: IssueAccessFacts = {
  reporterId: filer.id,
  activeDepartments: ['land_office'],
  involvedDepartments: ['land_office', 'finance'],
  // the project's own responsible leader
  projectLeaderId: leader.id,
};
const EVERYONE = [staff, head, headAndStaff, otherStaff, otherHead, leader, director, dispatcher, filer, otherReporter];

describe('the table of actions', () => {
  test("one row per action; each update keeps its shipped name (the action's name) and each URL its shipped segment", () => {
    assert.deepEqual(
      ISSUE_ACTION_ROWS.map((row) => `${row.update.name} POST /issues/{id}/${row.segment}`),
      [
        'accept POST /issues/{id}/accept',
        'progress POST /issues/{id}/progress',
        'transfer POST /issues/{id}/transfer',
        'assist POST /issues/{id}/assist',
        'requestExtension POST /issues/{id}/extend',
        'grantExtension POST /issues/{id}/grant-extension',
        'refuseExtension POST /issues/{id}/refuse-extension',
        'instruct POST /issues/{id}/instruct',
        'acknowledge POST /issues/{id}/acknowledge',
        'resolve POST /issues/{id}/resolve',
        'verify POST /issues/{id}/verify',
        'withdraw POST /issues/{id}/withdraw',
        'route POST /issues/{id}/route',
        'extendStatutoryTerm POST /issues/{id}/statutory-extension',
      ],
    );
    for (const name of ISSUE_ACTION_NAMES)
      assert.equal(ISSUE_ACTIONS[name].update.name, name, `${name} is its update's name`);
    assert.equal(
      new Set(ISSUE_ACTION_ROWS.map((row) => row.segment)).size,
      ISSUE_ACTION_ROWS.length,
      'URL segments are unique',
    );
    assert.equal(
      new Set(ISSUE_ACTION_ROWS.map((row) => row.metricsLabel)).size,
      ISSUE_ACTION_ROWS.length,
      'metrics labels are unique',
    );
    assert.deepEqual(
      ISSUE_ACTION_ROWS.map((row) => row.metricsLabel),
      ISSUE_ACTION_NAMES,
      'the metrics label of an action is its name, as before the table',
    );
  });

  test("the HTTP body becomes the update's argument: ISO-8601 instants as epoch ms, optional fields absent when not sent", () => {
    const until = '2025-09-16T17:30:00+08:00';
    const ms = Date.parse(until);
    assert.equal(ms, 1758015000000);
    assert.deepEqual(ISSUE_ACTIONS.requestExtension.toArgs({ reason: '等待评估', until }), {
      reason: '等待评估',
      until: ms,
    });
    assert.deepEqual(ISSUE_ACTIONS.grantExtension.toArgs({ until }), { until: ms });
    assert.deepEqual(ISSUE_ACTIONS.grantExtension.toArgs({ until, taskId: 't2' }), { until: ms, taskId: 't2' });
    assert.deepEqual(ISSUE_ACTIONS.instruct.toArgs({ text: '办', due: until }), { text: '办', due: ms });
    assert.deepEqual(ISSUE_ACTIONS.assist.toArgs({ departments: ['finance'] }), { departments: ['finance'] });
    assert.deepEqual(ISSUE_ACTIONS.assist.toArgs({ departments: ['finance'], reason: '配合', due: until }), {
      departments: ['finance'],
      reason: '配合',
      due: ms,
    });
    assert.deepEqual(ISSUE_ACTIONS.verify.toArgs({ outcome: 'confirm', satisfaction: 5 }), {
      outcome: 'confirm',
      satisfaction: 5,
    });
    assert.deepEqual(ISSUE_ACTIONS.route.toArgs({ lead: 'planning', reason: 'x' }), { lead: 'planning', reason: 'x' });
    assert.deepEqual(ISSUE_ACTIONS.accept.toArgs({}), {});
    assert.deepEqual(ISSUE_ACTIONS.extendStatutoryTerm.toArgs({ reason: '复杂', extension: 'P30D' }), {
      reason: '复杂',
      extension: 'P30D',
    });
    for (const args of [
      ISSUE_ACTIONS.assist.toArgs({ departments: ['finance'] }),
      ISSUE_ACTIONS.verify.toArgs({ outcome: 'reject', reason: 'x' }),
    ]) {
      assert.ok(
        Object.values(args).every((value) => value !== undefined),
        `no undefined field in ${JSON.stringify(args)}`,
      );
    }
  });

  test("the update's argument becomes the domain's message: the spellings of one action are mapped here", () => {
    const by: Actor = { id: 'land_staff', role: 'staff', department: 'land_office' };
    assert.deepEqual(ISSUE_ACTIONS.requestExtension.toMessage({ by, reason: 'r', until: 5 }), {
      type: 'request_extension',
      by,
      reason: 'r',
      until: 5,
    });
    assert.deepEqual(ISSUE_ACTIONS.grantExtension.toMessage({ by, until: 5 }), {
      type: 'grant_extension',
      by,
      until: 5,
    });
    assert.deepEqual(ISSUE_ACTIONS.refuseExtension.toMessage({ by, reason: 'r', taskId: 't1' }), {
      type: 'refuse_extension',
      by,
      reason: 'r',
      taskId: 't1',
    });
    assert.deepEqual(ISSUE_ACTIONS.extendStatutoryTerm.toMessage({ by, reason: 'r', extension: 'P30D' }), {
      type: 'extend_statutory_term',
      by,
      reason: 'r',
      extension: 'P30D',
    });
    assert.deepEqual(ISSUE_ACTIONS.route.toMessage({ by, lead: 'planning', reason: 'x' }), {
      type: 'route',
      by,
      lead: 'planning',
      reason: 'x',
    });
    assert.deepEqual(ISSUE_ACTIONS.verify.toMessage({ by, outcome: 'confirm', satisfaction: 4 }), {
      type: 'verify',
      by,
      outcome: 'confirm',
      satisfaction: 4,
    });
    const types = ISSUE_ACTION_ROWS.map(
      (row) => row.toMessage({ by, ...row.toArgs(sampleBody(row.update.name)) } as never).type,
    );
    assert.deepEqual(types, [
      'accept',
      'progress',
      'transfer',
      'assist',
      'request_extension',
      'grant_extension',
      'refuse_extension',
      'instruct',
      'acknowledge',
      'resolve',
      'verify',
      'withdraw',
      'route',
      'extend_statutory_term',
    ]);
  });

  test('a table without a row for an action, or a row whose mappings disagree with its types, does not compile', () => {
    const { accept: _accept, ...withoutAccept } = ISSUE_ACTIONS;
    // @ts-expect-error the row of `accept` is missing
    const missing: IssueActionTable = withoutAccept;
    const wrongEvent: IssueActionRow<'requestExtension'> = {
      ...ISSUE_ACTIONS.requestExtension,
      // @ts-expect-error an extension request is a request_extension, not a grant
      toMessage: (a) => ({ type: 'grant_extension', by: a.by, until: a.until }),
    };
    const instantNotConverted: IssueActionRow<'requestExtension'> = {
      ...ISSUE_ACTIONS.requestExtension,
      // @ts-expect-error the body's ISO date-time must become epoch ms
      toArgs: (b) => ({ reason: b.reason, until: b.until }),
    };
    const { verify: _verify, ...withoutVerify } = ACTION_BODIES;
    // @ts-expect-error the DTO of `verify` is missing
    const missingDto: typeof ACTION_BODIES = withoutVerify;
    const wrongDto: typeof ACTION_BODIES = {
      ...ACTION_BODIES,
      // @ts-expect-error the DTO of `grantExtension` lacks the body's `until`
      grantExtension: class {
        taskId?: string;
      },
    };
    // the values exist at run time; the compiler is what refuses them
    assert.ok(missing && wrongEvent && instantNotConverted && missingDto && wrongDto);
  });
});

describe('what the API derives from the table', () => {
  test('who may take each action, by the rule of its row', () => {
    const allowed = (name: (typeof ISSUE_ACTION_NAMES)[number]) =>
      EVERYONE.filter((user) => mayAct(user, name, issue)).map((user) => user.id);
    const department = ['land_staff', 'land_head', 'land_both'];
    for (const name of [
      'accept',
      'progress',
      'transfer',
      'assist',
      'requestExtension',
      'acknowledge',
      'resolve',
    ] as const)
      assert.deepEqual(allowed(name), department, name);
    for (const name of ['grantExtension', 'refuseExtension', 'instruct'] as const)
      assert.deepEqual(allowed(name), ['land_head', 'land_both', 'leader', 'director'], name);
    assert.deepEqual(allowed('extendStatutoryTerm'), ['leader', 'director']);
    assert.deepEqual(allowed('verify'), ['reporter_investor']);
    assert.deepEqual(allowed('withdraw'), ['dispatcher', 'reporter_investor']);
    assert.deepEqual(allowed('route'), ['dispatcher']);
    assert.equal(
      mayAct(staff, 'accept', { ...issue, activeDepartments: [] }),
      false,
      'no active task, no department action',
    );
    assert.equal(mayAct(person('nobody', ['staff']), 'accept', issue), false, 'staff without a department');
  });

  test("an extension is decided on the issue's own ladder: its project's leader, the director, the secretary, the task's head", () => {
    const otherFieldLeader = person('leader_industry', ['responsible_leader'], 'leadership');
    const secretary = person('secretary', ['party_secretary'], 'leadership');
    const everyone = [...EVERYONE, otherFieldLeader, secretary];
    const deciding = (facts: IssueAccessFacts) =>
      (['grantExtension', 'refuseExtension'] as const).map((name) =>
        everyone.filter((user) => mayAct(user, name, facts)).map((user) => user.id),
      );
    const onTheLadder = ['land_head', 'land_both', 'leader', 'director', 'secretary'];
    assert.deepEqual(deciding(issue), [onTheLadder, onTheLadder], 'a responsible leader of another field is not');
    assert.deepEqual(
      deciding({ ...issue, projectLeaderId: null }),
      [
        ['land_head', 'land_both', 'leader', 'director', 'leader_industry', 'secretary'],
        ['land_head', 'land_both', 'leader', 'director', 'leader_industry', 'secretary'],
      ],
      'a project that names no leader: every responsible leader is on its ladder, as its escalations reach them all',
    );
    assert.deepEqual(deciding({ ...issue, projectLeaderId: otherFieldLeader.id })[0], [
      'land_head',
      'land_both',
      'director',
      'leader_industry',
      'secretary',
    ]);
    assert.equal(mayAct(otherFieldLeader, 'grantExtension', { ...issue, activeDepartments: [] }), false);
    assert.match(whoMay('grantExtension'), /project/, 'the 403 and the OpenAPI text say who may');
  });

  test('the role each action is taken in, by the acting role of its row', () => {
    const role = (user: AuthenticatedUser, name: (typeof ISSUE_ACTION_NAMES)[number]) =>
      actorFor(user, name, issue).role;
    assert.equal(role(staff, 'accept'), 'staff');
    assert.equal(role(head, 'accept'), 'department_head');
    assert.equal(role(headAndStaff, 'resolve'), 'staff', 'a head who is also staff acts as staff');
    assert.equal(role(head, 'grantExtension'), 'department_head');
    assert.equal(
      role(headAndStaff, 'grantExtension'),
      'department_head',
      'a leader action is taken in the highest role held',
    );
    assert.equal(role(director, 'extendStatutoryTerm'), 'zone_director');
    assert.equal(role(filer, 'verify'), 'reporter');
    assert.equal(
      role(person('reporter_investor', ['dispatcher']), 'verify'),
      'reporter',
      'who filed it verifies as its reporter, whatever else they are',
    );
    assert.equal(role(filer, 'withdraw'), 'reporter');
    assert.equal(role(dispatcher, 'withdraw'), 'dispatcher');
    assert.equal(
      role(person('dispatcher', ['dispatcher', 'reporter']), 'withdraw'),
      'dispatcher',
      'who did not file it withdraws as the dispatcher',
    );
    assert.equal(role(dispatcher, 'route'), 'dispatcher');
    assert.deepEqual(actorFor(staff, 'accept', issue), { id: 'land_staff', role: 'staff', department: 'land_office' });
    assert.deepEqual(actorFor(filer, 'verify', issue), { id: 'reporter_investor', role: 'reporter' });
    for (const row of ISSUE_ACTION_ROWS)
      assert.ok(ACCESS_RULES[row.access.rule].who.length > 0, `${row.update.name}: who may take it is described`);
  });

  test('one controller method per action, named after its URL segment, with its route and its DTO as the body type', () => {
    const prototype = IssueActionsController.prototype as unknown as Record<string, unknown>;
    assert.deepEqual(
      Object.getOwnPropertyNames(prototype).filter((name) => name !== 'constructor'),
      [
        'accept',
        'progress',
        'transfer',
        'assist',
        'extend',
        'grantExtension',
        'refuseExtension',
        'instruct',
        'acknowledge',
        'resolve',
        'verify',
        'withdraw',
        'route',
        'statutoryExtension',
      ],
    );
    for (const name of ISSUE_ACTION_NAMES) {
      const method = actionMethodName(ISSUE_ACTIONS[name].segment);
      assert.equal(
        Reflect.getMetadata('path', prototype[method] as object),
        ISSUE_ACTIONS[name].segment,
        `${name}: route`,
      );
      assert.equal(
        Reflect.getMetadata('design:paramtypes', prototype, method)[2],
        ACTION_BODIES[name],
        `${name}: body DTO`,
      );
    }
    assert.equal(ACTION_BODIES.requestExtension, RequestExtensionDto);
  });
});

/** A valid body for each action (for mapping every row alike). */
function sampleBody(name: string): never {
  const until = '2025-09-16T17:30:00+08:00';
  const bodies: Record<string, unknown> = {
    accept: {},
    progress: { note: 'n' },
    transfer: { to: 'approval', reason: 'r' },
    assist: { departments: ['finance'] },
    requestExtension: { reason: 'r', until },
    grantExtension: { until },
    refuseExtension: { reason: 'r' },
    instruct: { text: 't', due: until },
    acknowledge: { instructionId: 'i1' },
    resolve: { description: 'd' },
    verify: { outcome: 'confirm', satisfaction: 5 },
    withdraw: { reason: 'r' },
    route: { lead: 'planning', reason: 'r' },
    extendStatutoryTerm: { reason: 'r', extension: 'P30D' },
  };
  return bodies[name] as never;
}
