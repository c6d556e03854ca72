// Actions on an issue over HTTP on the real stack: each endpoint is one update of the issue's workflow. The
// life of an issue through the API only, the rules' refusals as 409s naming the rule, a closed issue, and the
// authorization matrix (who gets 404, who 403, who is let through to the workflow) for every action endpoint.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { issueViewQuery, issueWorkflowId, type IssueActionResult } from '@unblock/contracts';
import { ApiStack, type ApiResponse } from '../support/api-stack';
import { eventually } from '../support/test-stack';
import type { ProblemDetails as Problem } from '../../apps/api/src/infrastructure/problem-details.filter';
import type { IssueDetailDto } from '../../apps/api/src/reads/issues.dto';

const iso = (at: number) => new Date(at).toISOString();
const inAnHour = () => iso(Date.now() + 3_600_000);

describe('POST /api/v1/issues/{id}/<action> on the real stack', () => {
  const stack = new ApiStack();
  before(() => stack.setUp());
  after(() => stack.tearDown());

  /** Files an issue through the API and returns its id. */
  async function file(as = 'reporter.investor', overrides: Record<string, unknown> = {}): Promise<string> {
    const response = await stack.request<{ id: string }>('POST', '/api/v1/issues', {
      as,
      body: {
        projectId: 'GX-ROAD-02',
        category: 'land_acquisition',
        risk: 'medium',
        title: `创新路拆迁协调 ${randomUUID()}`,
        description: '沿线两处厂房未完成征收，影响管线迁改。',
        ...overrides,
      },
    });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body.id;
  }

  function act<T = IssueActionResult>(
    as: string,
    id: string,
    action: string,
    body: unknown = {},
    headers?: Record<string, string>,
  ): Promise<ApiResponse<T>> {
    return stack.request<T>('POST', `/api/v1/issues/${encodeURIComponent(id)}/${action}`, {
      as,
      body,
      ...(headers ? { headers } : {}),
    });
  }

  function expectTaken(response: ApiResponse<unknown>, what: string): IssueActionResult {
    assert.equal(response.status, 200, `${what}: ${JSON.stringify(response.body)}`);
    return response.body as IssueActionResult;
  }

  function expectRefused(response: ApiResponse<unknown>, rule: string): Problem {
    assert.equal(response.status, 409, JSON.stringify(response.body));
    assert.equal(response.headers.get('content-type')?.split(';')[0], 'application/problem+json');
    const problem = response.body as Problem;
    assert.equal(problem.rule, rule, JSON.stringify(problem));
    assert.ok(problem.detail.length > 0, "the rule's message as detail");
    return problem;
  }

  const view = (id: string) => stack.worker.client.workflow.getHandle(issueWorkflowId(id)).query(issueViewQuery);

  test('the whole life through the API: filed, accepted, progress, resolved, confirmed by the reporter → closed', async () => {
    const id = await file();
    // accept takes no body at all
    const accepted = expectTaken(
      await stack.request('POST', `/api/v1/issues/${id}/accept`, { as: 'land_office.staff' }),
      'accept',
    );
    assert.equal(accepted.issueId, id);
    assert.equal(accepted.status, 'open');
    const progress = expectTaken(
      await act('land_office.staff', id, 'progress', { note: '已与两家企业完成评估对接' }),
      'progress',
    );
    assert.ok(progress.sequence > accepted.sequence, 'each action records an event');
    const resolved = expectTaken(
      await act('land_office.staff', id, 'resolve', { description: '征收协议已签订，管线迁改进场' }),
      'resolve',
    );
    assert.equal(resolved.status, 'resolved');
    const closed = expectTaken(
      await act('reporter.investor', id, 'verify', { outcome: 'confirm', satisfaction: 5 }),
      'verify',
    );
    assert.equal(closed.status, 'closed');

    const outcome = (await stack.worker.client.workflow.getHandle(issueWorkflowId(id)).result()) as {
      status: string;
      closure: { outcome: string; satisfaction: number };
    };
    assert.deepEqual(
      [outcome.status, outcome.closure.outcome, outcome.closure.satisfaction],
      ['closed', 'confirmed', 5],
    );
    const row = await eventually(async () => {
      const r = await stack.worker.issueRow(id);
      return r?.status === 'closed' ? r : undefined;
    });
    assert.equal(row.outcome, 'confirmed');
    assert.equal(Number(row.satisfaction), 5);
    const events = await stack.worker.rows(
      `SELECT name, actor_id, actor_role, actor_department FROM issue_events WHERE issue_id = $1 ORDER BY sequence`,
      [id],
    );
    const by = (name: string) => events.find((e) => e.name === name);
    assert.deepEqual(
      [by('task_accepted'), by('progress_posted'), by('issue_resolved')].map(
        (e) => e && `${e.actor_id}:${e.actor_role}:${e.actor_department}`,
      ),
      [
        'land_office_staff:staff:land_office',
        'land_office_staff:staff:land_office',
        'land_office_staff:staff:land_office',
      ],
      'the signed-in user is the actor, in their role and department',
    );
    assert.equal(by('resolution_confirmed')?.actor_id, 'reporter_investor');

    // a closed issue takes no more actions
    expectRefused(await act('reporter.investor', id, 'withdraw', { reason: '重复' }), 'issue.closed');
    expectRefused(await act('land_office.staff', id, 'progress', { note: '补充说明' }), 'issue.closed');
    assert.equal(
      (await act('finance.staff', id, 'progress', { note: '补充说明' })).status,
      404,
      'still hidden from who may not see it',
    );
    // … even when the read model has not caught up yet: the workflow has completed, and Temporal says so
    await stack.worker.dataSource.query(
      `UPDATE issues SET status = 'resolved', outcome = NULL, closed_at = NULL WHERE id = $1`,
      [id],
    );
    try {
      expectRefused(
        await act('reporter.investor', id, 'verify', { outcome: 'confirm', satisfaction: 4 }),
        'issue.closed',
      );
    } finally {
      await stack.worker.dataSource.query(`UPDATE issues SET status = $2, outcome = $3, closed_at = $4 WHERE id = $1`, [
        id,
        row.status,
        row.outcome,
        row.closed_at,
      ]);
    }
  });

  test('whoever files an issue confirms its resolution as its reporter: a task force filed by the dispatcher', async () => {
    const id = await file('dispatcher', { category: 'utilities', projectId: 'GX-UTIL-01' });
    assert.equal(
      (await stack.request('POST', `/api/v1/issues/${id}/accept`, { as: 'utilities.staff', body: {} })).status,
      200,
    );
    assert.equal(
      (
        await stack.request('POST', `/api/v1/issues/${id}/resolve`, {
          as: 'utilities.staff',
          body: { description: '外电已接入' },
        })
      ).status,
      200,
    );
    const other = await stack.request<Problem>('POST', `/api/v1/issues/${id}/verify`, {
      as: 'reporter.investor',
      body: { outcome: 'confirm', satisfaction: 5 },
    });
    assert.equal(other.status, 404, 'a reporter who did not file it does not even see it');
    const verified = await stack.request<IssueActionResult>('POST', `/api/v1/issues/${id}/verify`, {
      as: 'dispatcher',
      body: { outcome: 'confirm', satisfaction: 4 },
    });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.equal(verified.body.status, 'closed');
  });

  test("the workflow's rules answer 409 naming the rule, and change nothing", async () => {
    const id = await file();
    const before = await view(id);
    expectRefused(await act('land_office.staff', id, 'resolve', { description: '好了' }), 'resolve.not_accepted');
    expectRefused(
      await act('reporter.investor', id, 'verify', { outcome: 'confirm', satisfaction: 5 }),
      'verify.not_resolved',
    );
    expectRefused(
      await act('land_office.staff', id, 'transfer', { to: 'approval', reason: '   ' }),
      'transfer.reason_required',
    );
    expectRefused(await act('reporter.investor', id, 'withdraw', { reason: ' ' }), 'withdraw.reason_required');
    expectRefused(
      await act('land_office.staff', id, 'assist', { departments: ['finance'], due: iso(Date.now() - 60_000) }),
      'assist.deadline_in_past',
    );
    const after = await view(id);
    assert.equal(after.state.sequence, before.state.sequence, 'no event recorded');

    // A→B is taken; B→A goes to the dispatcher: 200 with a notice naming the rule; the dispatcher's route is final
    expectTaken(
      await act('land_office.staff', id, 'transfer', { to: 'approval', reason: '属于报建手续问题' }),
      'transfer',
    );
    expectTaken(await act('approval.staff', id, 'accept'), 'accept by the new owner');
    const bounced = expectTaken(
      await act('approval.staff', id, 'transfer', { to: 'land_office', reason: '仍涉及征地' }),
      'transfer back',
    );
    assert.equal(bounced.notice?.rule, 'transfer.back_to_previous_holder');
    assert.equal((await view(id)).owner.department, 'approval', 'it stays until the dispatcher decides');
    expectTaken(
      await act('dispatcher', id, 'route', {
        lead: 'land_office',
        supporting: ['approval'],
        reason: '征地补偿是主因，报建配合',
      }),
      'route',
    );
    assert.equal((await view(id)).owner.department, 'land_office');
    expectTaken(await act('land_office.staff', id, 'accept'), 'accept after routing');
    expectRefused(
      await act('land_office.staff', id, 'transfer', { to: 'finance', reason: '资金问题' }),
      'transfer.dispatcher_decision_final',
    );
    expectTaken(await act('dispatcher', id, 'withdraw', { reason: '测试结束' }), 'withdraw');
  });

  test("the dispatcher's routing is final for the dispatcher too: a second route is a 409 naming route.decision_final", async () => {
    const id = await file();
    expectTaken(
      await act('dispatcher', id, 'route', { lead: 'planning', reason: '规划条件是主因，由规划局牵头' }),
      'route',
    );
    assert.equal((await view(id)).owner.department, 'planning');
    const again = expectRefused(
      await act('dispatcher', id, 'route', { lead: 'land_office', reason: '改回征地办' }),
      'route.decision_final',
    );
    assert.match(again.detail, /planning/, 'the refusal names the decision that stands');
    assert.equal((await view(id)).owner.department, 'planning', 'the decision stands');
    expectRefused(
      await act('planning.staff', id, 'transfer', { to: 'land_office', reason: '征地问题' }),
      'transfer.dispatcher_decision_final',
    );
    expectTaken(await act('dispatcher', id, 'withdraw', { reason: '测试结束' }), 'withdraw');
  });

  test("an extension is decided on the issue's ladder: 403 for a responsible leader of another field; the project's leader, the director and the secretary may", async () => {
    // GX-ROAD-02 names leader.construction as its responsible leader; leader.industry is in charge of another field
    const id = await file();
    expectTaken(await act('land_office.staff', id, 'accept'), 'accept');
    const handleDue = async () => {
      const { state } = await view(id);
      return state.tasks[state.leadTaskId].handle!.due;
    };
    const ask = async () => {
      const until = (await handleDue()) + 3_600_000;
      expectTaken(
        await act('land_office.staff', id, 'extend', { reason: '需等待第三方评估报告', until: iso(until) }),
        'ask',
      );
      return until;
    };
    const forbidden = (response: ApiResponse<unknown>, action: string) => {
      assert.equal(response.status, 403, JSON.stringify(response.body));
      const problem = response.body as Problem;
      assert.equal(problem.rule, `access.${action}`);
      assert.match(problem.detail, /responsible leader its project names/, 'the 403 says who may');
    };

    let until = await ask();
    forbidden(await act('leader.industry', id, 'grant-extension', { until: iso(until) }), 'grantExtension');
    forbidden(await act('leader.industry', id, 'refuse-extension', { reason: '不属分管范围' }), 'refuseExtension');
    const waiting = (await view(id)).state;
    assert.ok(waiting.tasks[waiting.leadTaskId].extensionRequest, 'the request still waits for a leader of the ladder');
    expectTaken(await act('leader.construction', id, 'grant-extension', { until: iso(until) }), "the project's leader");
    assert.equal(await handleDue(), until);

    until = await ask();
    expectTaken(await act('director', id, 'refuse-extension', { reason: '期限内可办结' }), 'the zone director');
    until = await ask();
    expectTaken(await act('secretary', id, 'grant-extension', { until: iso(until) }), 'the party secretary');
    assert.equal(await handleDue(), until);
    expectTaken(await act('dispatcher', id, 'withdraw', { reason: '测试结束' }), 'withdraw');
  });

  test('deadlines go in as ISO-8601 date-times: an extension asked and granted moves the handling deadline to that instant', async () => {
    const id = await file();
    expectTaken(await act('land_office.staff', id, 'accept'), 'accept');
    const lead = (await view(id)).state;
    const original = lead.tasks[lead.leadTaskId].handle!.due;
    const until = original + 3_600_000;
    // the same instant written in the zone's offset
    const untilInShanghai = new Date(until + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
    expectTaken(
      await act('land_office.staff', id, 'extend', { reason: '需等待第三方评估报告', until: untilInShanghai }),
      'request extension',
    );
    assert.equal(
      (await act('land_office.staff', id, 'grant-extension', { until: iso(until) })).status,
      403,
      'staff do not grant their own extension',
    );
    expectTaken(await act('leader.construction', id, 'grant-extension', { until: iso(until) }), 'grant');
    const state = (await view(id)).state;
    assert.equal(state.tasks[state.leadTaskId].handle!.due, until);
    assert.equal(state.tasks[state.leadTaskId].handle!.original, original);
    const row = await eventually(async () => {
      const r = await stack.worker.issueRow(id);
      return r && new Date(r.handle_due as string).getTime() === until ? r : undefined;
    });
    assert.equal(new Date(row.handle_due_original as string).getTime(), original);

    // an instruction (批示) with a deadline; the owner acknowledges it before resolving
    expectTaken(
      await act('leader.construction', id, 'instruct', { text: '请明日前拿出补偿方案', due: iso(until - 60_000) }),
      'instruct',
    );
    expectRefused(
      await act('land_office.staff', id, 'resolve', { description: '已办结' }),
      'resolve.instruction_unacknowledged',
    );
    const instructionId = (await view(id)).state.instructions[0].id;
    expectTaken(await act('land_office.staff', id, 'acknowledge', { instructionId }), 'acknowledge');
    // the detail gives the instruction with ISO-8601 instants, like every instant of the API
    const [given] = (await view(id)).state.instructions;
    const detail = await eventually(async () => {
      const response = await stack.request<IssueDetailDto>('GET', `/api/v1/issues/${id}`, {
        as: 'leader.construction',
      });
      return response.status === 200 && response.body.instructions[0]?.acknowledgedAt ? response.body : undefined;
    });
    assert.deepEqual(detail.instructions, [
      {
        id: instructionId,
        taskId: given.taskId,
        by: { id: 'leader_construction', role: given.by.role, department: given.by.department ?? null },
        text: '请明日前拿出补偿方案',
        at: iso(given.at),
        due: iso(until - 60_000),
        acknowledgedAt: iso(given.acknowledgedAt!),
        acknowledgedBy: given.acknowledgedBy,
      },
    ]);
    expectTaken(await act('land_office.staff', id, 'resolve', { description: '已办结' }), 'resolve');
    const reopened = expectTaken(
      await act('reporter.investor', id, 'verify', { outcome: 'reject', reason: '补偿款仍未到账' }),
      'reject',
    );
    assert.equal(reopened.status, 'open');
    expectTaken(await act('reporter.investor', id, 'withdraw', { reason: '测试结束' }), 'withdraw');
  });

  test("a petition's statutory term is extended once, by a zone leader", async () => {
    const id = await file('reporter.investor', {
      category: 'petition',
      projectId: 'GX-HOME-01',
      title: `安置房交付延期联名信访 ${randomUUID()}`,
    });
    expectTaken(await act('petition_office.staff', id, 'accept'), 'accept');
    const head = await act<Problem>('petition_office.head', id, 'statutory-extension', {
      reason: '情况复杂',
      extension: 'PT10S',
    });
    assert.equal(head.status, 403, 'a department head is no zone leader');
    expectRefused(
      await act('leader.construction', id, 'statutory-extension', { reason: '情况复杂', extension: 'PT40S' }),
      'statutory_extension.max',
    );
    expectTaken(
      await act('leader.construction', id, 'statutory-extension', {
        reason: '情况复杂，需多部门会商',
        extension: 'PT10S',
      }),
      'extend the statutory term',
    );
    expectRefused(
      await act('director', id, 'statutory-extension', { reason: '再延', extension: 'PT5S' }),
      'statutory_extension.once',
    );
    // the detail gives the statutory clock with ISO-8601 instants
    const petition = (await view(id)).state.petition!;
    const detail = await eventually(async () => {
      const response = await stack.request<IssueDetailDto>('GET', `/api/v1/issues/${id}`, {
        as: 'leader.construction',
      });
      return response.status === 200 && response.body.petition?.conclude?.extension ? response.body : undefined;
    });
    assert.deepEqual(detail.petition, {
      regulation: petition.regulation,
      acceptDecision: {
        due: iso(petition.acceptDecision.due),
        warnings: petition.acceptDecision.warnings.map(iso),
        decidedAt: iso(petition.acceptDecision.decidedAt!),
      },
      conclude: {
        due: iso(petition.conclude!.due),
        warnings: petition.conclude!.warnings.map(iso),
        original: iso(petition.conclude!.original),
        concludedAt: null,
        extension: {
          by: 'leader_construction',
          reason: '情况复杂，需多部门会商',
          extension: 'PT10S',
          at: iso(petition.conclude!.extension!.at),
          previousDue: iso(petition.conclude!.extension!.previousDue),
        },
      },
      extensionsUsed: 1,
      missed: petition.missed,
    });
    expectTaken(await act('dispatcher', id, 'withdraw', { reason: '测试结束' }), 'withdraw');
  });

  test('an Idempotency-Key on an action: a retry is answered with the first outcome and takes the action once', async () => {
    const id = await file();
    expectTaken(await act('land_office.staff', id, 'accept'), 'accept');
    const key = randomUUID();
    const first = expectTaken(
      await act('land_office.staff', id, 'progress', { note: '第一次进展' }, { 'Idempotency-Key': key }),
      'progress',
    );
    const retry = expectTaken(
      await act('land_office.staff', id, 'progress', { note: '第一次进展' }, { 'Idempotency-Key': key }),
      'retried progress',
    );
    assert.deepEqual(retry, first);
    assert.deepEqual(
      (await view(id)).state.progressNotes.map((n) => n.note),
      ['第一次进展'],
    );
    expectTaken(
      await act('land_office.staff', id, 'progress', { note: '第二次进展' }, { 'Idempotency-Key': randomUUID() }),
      'another progress',
    );
    assert.equal((await view(id)).state.progressNotes.length, 2);
    expectTaken(await act('reporter.investor', id, 'withdraw', { reason: '测试结束' }), 'withdraw');
  });

  // ------------------------------------------------------------------------------------------------ matrix

  const CALLERS = {
    filer: 'reporter.investor',
    otherReporter: 'reporter.contractor',
    ownerStaff: 'land_office.staff',
    ownerHead: 'land_office.head',
    otherDepartment: 'finance.staff',
    leader: 'leader.construction',
    dispatcher: 'dispatcher',
  } as const;
  type Caller = keyof typeof CALLERS;

  // For each endpoint: a valid body, and who is entitled. Everyone else who may see the issue gets 403; those who
  // may not see it (another reporter, a department never involved) get 404, whatever the action.
  const MATRIX: Array<{ action: string; body: () => unknown; entitled: Caller[] }> = [
    { action: 'accept', body: () => ({}), entitled: ['ownerStaff', 'ownerHead'] },
    { action: 'progress', body: () => ({ note: '进展' }), entitled: ['ownerStaff', 'ownerHead'] },
    {
      action: 'transfer',
      body: () => ({ to: 'approval', reason: '属于报建手续问题' }),
      entitled: ['ownerStaff', 'ownerHead'],
    },
    {
      action: 'assist',
      body: () => ({ departments: ['economic'], reason: '需经发配合' }),
      entitled: ['ownerStaff', 'ownerHead'],
    },
    {
      action: 'extend',
      body: () => ({ reason: '等待评估', until: inAnHour() }),
      entitled: ['ownerStaff', 'ownerHead'],
    },
    { action: 'acknowledge', body: () => ({ instructionId: 'instruction-1' }), entitled: ['ownerStaff', 'ownerHead'] },
    { action: 'resolve', body: () => ({ description: '已办结' }), entitled: ['ownerStaff', 'ownerHead'] },
    { action: 'grant-extension', body: () => ({ until: inAnHour() }), entitled: ['leader', 'ownerHead'] },
    { action: 'refuse-extension', body: () => ({ reason: '期限内可办结' }), entitled: ['leader', 'ownerHead'] },
    { action: 'instruct', body: () => ({ text: '抓紧办理', due: inAnHour() }), entitled: ['leader', 'ownerHead'] },
    { action: 'statutory-extension', body: () => ({ reason: '情况复杂', extension: 'PT10S' }), entitled: ['leader'] },
    { action: 'verify', body: () => ({ outcome: 'confirm', satisfaction: 5 }), entitled: ['filer'] },
    { action: 'withdraw', body: () => ({ reason: '已自行协商解决' }), entitled: ['filer', 'dispatcher'] },
    { action: 'route', body: () => ({ lead: 'planning', reason: '改由规划局牵头' }), entitled: ['dispatcher'] },
  ];
  const CANNOT_SEE: Caller[] = ['otherReporter', 'otherDepartment'];

  test('authorization matrix: for every action endpoint and caller, 404 for who may not see the issue, 403 for who may see but not act, through to the workflow for who may', async () => {
    const expectedOf = (entitled: Caller[], caller: Caller) =>
      entitled.includes(caller) ? 'let through' : CANNOT_SEE.includes(caller) ? '404' : '403';
    const outcomeOf = (status: number) =>
      status === 404
        ? '404'
        : status === 403
          ? '403'
          : status === 200 || status === 409
            ? 'let through'
            : `unexpected ${status}`;
    await Promise.all(Object.values(CALLERS).map((username) => stack.token(username)));
    const mismatches: string[] = [];
    let checked = 0;
    await Promise.all(
      MATRIX.map(async ({ action, body, entitled }) => {
        // Refusals change nothing: one issue for everyone refused. An entitled caller may change the issue (a
        // transfer, a withdrawal), so each gets a fresh one.
        const shared = await file();
        const callers = Object.keys(CALLERS) as Caller[];
        for (const caller of callers) {
          const id = entitled.includes(caller) ? await file() : shared;
          const response = await act<Problem>(CALLERS[caller], id, action, body());
          const expected = expectedOf(entitled, caller);
          const outcome = outcomeOf(response.status);
          checked += 1;
          if (outcome !== expected)
            mismatches.push(
              `${action} as ${caller}: expected ${expected}, got ${response.status} ${JSON.stringify(response.body)}`,
            );
          if (response.status === 403 || response.status === 404) {
            if (response.headers.get('content-type')?.split(';')[0] !== 'application/problem+json')
              mismatches.push(`${action} as ${caller}: ${response.status} is not a problem`);
          }
        }
        const sharedEvents = await stack.worker.rows(
          `SELECT name FROM issue_events WHERE issue_id = $1 AND actor_id IS NOT NULL AND name <> 'issue_opened'`,
          [shared],
        );
        if (sharedEvents.length)
          mismatches.push(
            `${action}: a refused caller changed the issue: ${sharedEvents.map((e) => e.name).join(', ')}`,
          );
      }),
    );
    assert.equal(checked, MATRIX.length * Object.keys(CALLERS).length);
    assert.deepEqual(mismatches, []);
  });

  test('a refused caller learns nothing about an issue it may not see: the 404 is the same as for an issue that does not exist', async () => {
    const id = await file();
    const hidden = await act<Problem>('finance.staff', id, 'accept');
    const missing = await act<Problem>('finance.staff', 'IS-20990101-0000000000', 'accept');
    assert.equal(hidden.status, 404);
    assert.equal(missing.status, 404);
    assert.equal(hidden.body.type, missing.body.type);
    assert.equal(hidden.body.title, missing.body.title);
    assert.equal(hidden.body.detail.replace(id, '<id>'), missing.body.detail.replace('IS-20990101-0000000000', '<id>'));
  });

  test('once the lead resolves, the supporting departments are still the issue’s: in the detail, the list and the intake replay', async () => {
    const key = randomUUID();
    const body = {
      projectId: 'GX-ROAD-02',
      category: 'land_acquisition',
      risk: 'medium',
      title: `创新路征地协调 ${key}`,
      description: '沿线一处厂房未完成征收，规划条件需调整。',
    };
    const fileIt = () =>
      stack.request<{ id: string; status: string; supportingDepartments: string[] }>('POST', '/api/v1/issues', {
        as: 'reporter.investor',
        body,
        headers: { 'Idempotency-Key': key },
      });
    const filed = await fileIt();
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.deepEqual(filed.body.supportingDepartments, ['planning']);
    const id = filed.body.id;
    expectTaken(await act('land_office.staff', id, 'accept'), 'accept');
    expectTaken(
      await act('land_office.staff', id, 'resolve', { description: '征收协议已签订，规划条件已调整' }),
      'resolve',
    );

    const detail = await eventually(async () => {
      const response = await stack.request<IssueDetailDto>('GET', `/api/v1/issues/${id}`, { as: 'director' });
      return response.body.status === 'resolved' ? response.body : undefined;
    });
    assert.deepEqual(detail.supportingDepartments, ['planning']);
    assert.deepEqual(
      detail.tasks.map((task) => `${task.department.id}:${task.role}:${task.status}`),
      ['land_office:lead:done', 'planning:supporting:closed'],
      'the tasks say how each department stands',
    );
    const list = await stack.request<{ items: Array<{ id: string; supportingDepartments: string[] }> }>(
      'GET',
      '/api/v1/issues?status=resolved&limit=100',
      { as: 'director' },
    );
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.deepEqual(list.body.items.find((item) => item.id === id)?.supportingDepartments, ['planning']);
    const replay = await fileIt();
    assert.equal(replay.status, 200, JSON.stringify(replay.body));
    assert.deepEqual([replay.body.id, replay.body.status], [id, 'resolved']);
    assert.deepEqual(replay.body.supportingDepartments, ['planning']);
  });

  test('a 404 on an action is the same problem as on a read: one type, /problems/not-found', async () => {
    const missing = 'IS-20990101-0000000000';
    const onAction = await act<Problem>('dispatcher', missing, 'route', { lead: 'planning', reason: '规划问题' });
    const onRead = await stack.request<Problem>('GET', `/api/v1/issues/${missing}`, { as: 'dispatcher' });
    assert.equal(onAction.status, 404);
    assert.equal(onRead.status, 404);
    assert.equal(onAction.body.type, '/problems/not-found');
    assert.deepEqual(
      [onAction.body.type, onAction.body.title, onAction.body.detail],
      [onRead.body.type, onRead.body.title, onRead.body.detail],
    );
  });
});
