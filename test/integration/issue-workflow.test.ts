// The blocking-issue workflow on the real Temporal dev server, with the real worker and PostgreSQL, and the
// test policies (durations in seconds, round the clock). Each scenario names the rule it checks.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import {
  acceptUpdate,
  acknowledgeUpdate,
  assistUpdate,
  instructUpdate,
  extendStatutoryTermUpdate,
  grantExtensionUpdate,
  progressUpdate,
  requestExtensionUpdate,
  resolveUpdate,
  routeUpdate,
  transferUpdate,
  verifyUpdate,
  withdrawUpdate,
} from '@unblock/contracts';
import { IssueWorkerHarness, people, recordHistory, refusedRule } from '../support/issue-worker';
import { DIST_ROOT, eventually, REFUSE_ESCALATIONS, REPAIR_ESCALATIONS, temporalAddress } from '../support/test-stack';

describe('the blocking-issue workflow on the real stack', () => {
  const harness = new IssueWorkerHarness();
  before(() => harness.setUp());
  after(() => harness.tearDown());

  /** The issue's escalation rows by level and repeat, once at least `count` are recorded. */
  const recordedEscalations = (issueId: string, count: number, timeoutMs: number, what: string) =>
    eventually(
      async () => {
        const rows = await harness.rows(
          `SELECT level, repeat, due_at, fired_at FROM escalations WHERE issue_id = $1 ORDER BY level, repeat`,
          [issueId],
        );
        return rows.length >= count ? rows : undefined;
      },
      timeoutMs,
      what,
    );

  test('accept → resolve → confirm: the issue closes as confirmed and every step is in the event log', async () => {
    const handle = await harness.file();
    const issueId = (await harness.view(handle)).state.issueId;
    const view = await harness.view(handle);
    assert.equal(view.owner.department, 'land_office');
    assert.deepEqual(
      Object.values(view.state.tasks)
        .map((t) => `${t.department}:${t.role}`)
        .sort(),
      ['land_office:lead', 'planning:supporting', 'utilities:supporting'],
      "the project's own routing rule adds utilities",
    );

    await handle.executeUpdate(acceptUpdate, { args: [{ by: people.staff('land_office') }] });
    await handle.executeUpdate(progressUpdate, {
      args: [{ by: people.staff('land_office'), note: '已约谈三户村民，补偿方案复核中' }],
    });
    const resolved = await handle.executeUpdate(resolveUpdate, {
      args: [{ by: people.staff('land_office'), description: '按新标准补偿到位，施工队已进场' }],
    });
    assert.equal(resolved.status, 'resolved');
    const closed = await handle.executeUpdate(verifyUpdate, {
      args: [{ by: people.reporter, outcome: 'confirm', satisfaction: 5 }],
    });
    assert.equal(closed.status, 'closed');

    const outcome = (await handle.result()) as { status: string; closure: { outcome: string; satisfaction: number } };
    assert.equal(outcome.status, 'closed');
    assert.equal(outcome.closure.outcome, 'confirmed');
    assert.equal(outcome.closure.satisfaction, 5);

    const row = await eventually(async () => {
      const r = await harness.issueRow(issueId);
      return r?.status === 'closed' ? r : undefined;
    });
    assert.equal(row.outcome, 'confirmed');
    assert.equal(Number(row.satisfaction), 5);
    const events = await harness.rows(`SELECT sequence, name FROM issue_events WHERE issue_id = $1 ORDER BY sequence`, [
      issueId,
    ]);
    assert.deepEqual(
      events.map((e) => Number(e.sequence)),
      events.map((_, i) => i + 1),
      'one event per sequence number, none missing',
    );
    const names = events.map((e) => e.name);
    for (const name of ['resolution_confirmed']) assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    assert.equal(names[0], 'issue_opened');
    const assigned = await harness.rows(
      `SELECT person_id, topic FROM notifications WHERE issue_id = $1 AND topic IN ('task_assigned', 'assist_requested') ORDER BY person_id`,
      [issueId],
    );
    assert.deepEqual(
      assigned.map((n) => `${n.person_id}:${n.topic}`),
      ['land_office_staff:task_assigned', 'planning_staff:assist_requested', 'utilities_staff:assist_requested'],
      "each department's staff got its task",
    );
    const verification = await harness.rows(
      `SELECT person_id FROM notifications WHERE issue_id = $1 AND topic = 'verification_requested'`,
      [issueId],
    );
    assert.deepEqual(
      verification.map((n) => n.person_id),
      ['reporter_investor'],
    );
    await recordHistory('accept-resolve-confirm', handle);
  });

  test('an unaccepted task climbs every level of the ladder, then repeats at the top a bounded number of times', async (t) => {
    const handle = await harness.file({
      category: 'utilities',
      risk: 'high',
      projectId: 'GX-UTIL-01',
      title: '污水处理厂外电接入受阻',
    });
    const issueId = (await harness.view(handle)).state.issueId;
    // test policy: accept PT2S; ladder department_head → responsible_leader → zone_director → party_secretary, waits PT2S; top repeats 2 × PT2S
    const escalations = await eventually(
      async () => {
        const rows = await harness.rows(
          `SELECT level, role, repeat, due_at, fired_at, recipient_ids FROM escalations WHERE issue_id = $1 ORDER BY level, repeat`,
          [issueId],
        );
        return rows.length >= 6 ? rows : undefined;
      },
      60_000,
      'four levels and two repeats',
    );
    assert.deepEqual(
      escalations.map((e) => `${e.level}:${e.role}:${e.repeat}`),
      [
        '1:department_head:0',
        '2:responsible_leader:0',
        '3:zone_director:0',
        '4:party_secretary:0',
        '4:party_secretary:1',
        '4:party_secretary:2',
      ],
    );
    assert.deepEqual(
      escalations.map((e) => (e.recipient_ids as string[]).join(',')),
      ['utilities_head', 'leader_construction', 'director', 'secretary', 'secretary', 'secretary'],
    );
    const view = await harness.view(handle);
    assert.equal(view.escalation.level, 4);
    assert.ok(
      !Object.keys(view.state.timers).some((key) => key.includes('ladder')),
      `no further escalation pending: ${Object.keys(view.state.timers).join(', ')}`,
    );
    const lateness = escalations.map(
      (e) => new Date(e.fired_at as string).getTime() - new Date(e.due_at as string).getTime(),
    );
    for (const late of lateness) assert.ok(late >= 0, 'never fires early');
    t.diagnostic(`escalation lateness ms: ${lateness.join(', ')}`);
    const reminders = await harness.rows(
      `SELECT created_at FROM notifications WHERE issue_id = $1 AND topic = 'reminder' AND person_id = 'utilities_staff' ORDER BY created_at`,
      [issueId],
    );
    assert.ok(reminders.length >= 1, 'the staff were reminded (催办) before the acceptance deadline passed');
    assert.ok(
      new Date(reminders[0].created_at as string).getTime() < new Date(escalations[0].fired_at as string).getTime(),
      'the reminder came before the first escalation',
    );
    const inbox = await harness.rows(
      `SELECT count(*)::int AS n FROM notifications WHERE issue_id = $1 AND person_id = 'secretary'`,
      [issueId],
    );
    assert.equal(inbox[0].n, 3, 'the party secretary is notified once per level reached or repeat, no more');
    await handle.executeUpdate(withdrawUpdate, { args: [{ by: people.dispatcher, reason: '测试结束' }] });
    await recordHistory('ladder-to-the-top', handle);
  });

  test('a write the database refuses never stops the clocks: escalations go on, and the record catches up once repaired', async (t) => {
    const handle = await harness.file({
      category: 'utilities',
      risk: 'high',
      projectId: 'GX-UTIL-01',
      title: '写入故障期间的升级',
    });
    const issueId = (await harness.view(handle)).state.issueId;
    await eventually(() => harness.issueRow(issueId), 20_000, 'the intake written');
    // a real refusal by PostgreSQL: every write that records an escalation fails while the trigger stands
    await harness.rows(REFUSE_ESCALATIONS);
    let repaired = false;
    try {
      const failing = await eventually(
        async () => {
          const view = await harness.view(handle);
          return view.state.tally.escalations >= 3 && view.effects?.failing ? view : undefined;
        },
        60_000,
        'three escalations decided while their writes fail',
      );
      assert.ok(failing.effects!.pending >= 1, 'the undone writes wait in order');
      assert.match(failing.effects!.failing!.error, /escalations/);
      const [failure] = await harness.rows(
        `SELECT attempts, last_error, sequence FROM issue_effect_failures WHERE issue_id = $1`,
        [issueId],
      );
      assert.ok(failure, 'the failure is recorded where health and lists see it');
      assert.ok(Number(failure.attempts) >= 1);
      assert.match(String(failure.last_error), /escalations/);
      await harness.rows(REPAIR_ESCALATIONS);
      repaired = true;
    } finally {
      if (!repaired) await harness.rows(REPAIR_ESCALATIONS);
    }
    const escalations = await recordedEscalations(issueId, 6, 60_000, 'every escalation recorded after the repair');
    assert.deepEqual(
      escalations.map((e) => `${e.level}:${e.repeat}`),
      ['1:0', '2:0', '3:0', '4:0', '4:1', '4:2'],
      'each step once: nothing lost, nothing twice',
    );
    const lateness = escalations.map(
      (e) => new Date(e.fired_at as string).getTime() - new Date(e.due_at as string).getTime(),
    );
    t.diagnostic(`escalation lateness ms while writes failed: ${lateness.join(', ')}`);
    for (const late of lateness) assert.ok(late >= 0 && late < 5_000, `decided on time (${late} ms late)`);
    const settled = await eventually(async () => {
      const view = await harness.view(handle);
      const row = await harness.issueRow(issueId);
      return view.effects?.pending === 0 && !view.effects.failing && Number(row?.sequence) === view.state.sequence
        ? view
        : undefined;
    });
    const events = await harness.rows(`SELECT sequence FROM issue_events WHERE issue_id = $1 ORDER BY sequence`, [
      issueId,
    ]);
    assert.deepEqual(
      events.map((e) => Number(e.sequence)),
      Array.from({ length: settled.state.sequence }, (_, i) => i + 1),
      'every event recorded once, no gap',
    );
    assert.deepEqual(
      await harness.rows(`SELECT issue_id FROM issue_effect_failures WHERE issue_id = $1`, [issueId]),
      [],
      'the failure is cleared by the write that succeeded',
    );
    await handle.executeUpdate(withdrawUpdate, { args: [{ by: people.dispatcher, reason: '测试结束' }] });
  });

  test('transfers: A→B is taken with a reason, B→A is sent to the dispatcher, whose decision is final', async () => {
    const handle = await harness.file();
    assert.equal(
      await refusedRule(
        handle.executeUpdate(transferUpdate, {
          args: [{ by: people.staff('land_office'), to: 'planning', reason: ' ' }],
        }),
      ),
      'transfer.reason_required',
    );
    await handle.executeUpdate(transferUpdate, {
      args: [{ by: people.staff('land_office'), to: 'approval', reason: '属于报建手续问题' }],
    });
    assert.equal((await harness.view(handle)).owner.department, 'approval');
    await handle.executeUpdate(acceptUpdate, { args: [{ by: people.staff('approval') }] });
    const back = await handle.executeUpdate(transferUpdate, {
      args: [{ by: people.staff('approval'), to: 'land_office', reason: '仍涉及征地' }],
    });
    assert.equal(back.notice?.rule, 'transfer.back_to_previous_holder');
    let view = await harness.view(handle);
    assert.equal(view.owner.department, 'approval', 'the issue stays where it is until the dispatcher decides');
    assert.equal(
      view.state.tally.transfersByDepartment.approval,
      1,
      'the bounce is counted against the department that tried it',
    );
    const issueId = view.state.issueId;
    const dispatch = await eventually(async () => {
      const rows = await harness.rows(
        `SELECT person_id FROM notifications WHERE issue_id = $1 AND topic = 'dispatch_needed'`,
        [issueId],
      );
      return rows.length ? rows : undefined;
    });
    assert.deepEqual(
      dispatch.map((n) => n.person_id),
      ['dispatcher'],
    );
    assert.equal(
      await refusedRule(
        handle.executeUpdate(routeUpdate, {
          args: [{ by: people.staff('approval'), lead: 'land_office', reason: '我说了算' }],
        }),
      ),
      'route.dispatcher_only',
    );
    await handle.executeUpdate(routeUpdate, {
      args: [
        { by: people.dispatcher, lead: 'land_office', supporting: ['approval'], reason: '征地补偿是主因，报建配合' },
      ],
    });
    view = await harness.view(handle);
    assert.equal(view.owner.department, 'land_office');
    await handle.executeUpdate(acceptUpdate, { args: [{ by: people.staff('land_office') }] });
    assert.equal(
      await refusedRule(
        handle.executeUpdate(transferUpdate, {
          args: [{ by: people.staff('land_office'), to: 'finance', reason: '资金问题' }],
        }),
      ),
      'transfer.dispatcher_decision_final',
    );
    const row = await eventually(async () => {
      const r = await harness.issueRow(issueId);
      return r?.lead_department_id === 'land_office' ? r : undefined;
    });
    assert.equal(Number(row.transfer_count), view.state.transfers.length);
    await handle.executeUpdate(withdrawUpdate, { args: [{ by: people.reporter, reason: '测试结束' }] });
    await recordHistory('transfer-bounce-dispatcher', handle);
  });

  test('a rejected resolution reopens the issue with a new handling deadline and counts against the lead', async () => {
    const handle = await harness.file();
    await handle.executeUpdate(acceptUpdate, { args: [{ by: people.staff('land_office') }] });
    await handle.executeUpdate(resolveUpdate, { args: [{ by: people.staff('land_office'), description: '已协调' }] });
    const before = (await harness.view(handle)).state;
    const leadBefore = before.tasks[before.leadTaskId].handle!;
    assert.equal(
      await refusedRule(
        handle.executeUpdate(verifyUpdate, {
          args: [{ by: people.otherReporter, outcome: 'reject', reason: '不是我的' }],
        }),
      ),
      'verify.reporter_only',
    );
    assert.equal(
      await refusedRule(handle.executeUpdate(verifyUpdate, { args: [{ by: people.reporter, outcome: 'reject' }] })),
      'verify.reason_required',
    );
    const reopened = await handle.executeUpdate(verifyUpdate, {
      args: [{ by: people.reporter, outcome: 'reject', reason: '补偿款仍未到账', satisfaction: 1 }],
    });
    assert.equal(reopened.status, 'open');
    const after = (await harness.view(handle)).state;
    const lead = after.tasks[after.leadTaskId];
    assert.equal(after.reopenCount, 1);
    assert.equal(after.tally.rejectionsByDepartment.land_office, 1);
    assert.ok(lead.handle!.due > leadBefore.due, 'a new handling deadline');
    assert.equal(lead.handle!.original, leadBefore.original, 'the original deadline is kept');
    assert.equal(lead.handle!.moves.at(-1)?.cause, 'reopened');
    const row = await eventually(async () => {
      const r = await harness.issueRow(after.issueId);
      return Number(r?.reopen_count) === 1 ? r : undefined;
    });
    assert.equal(row.status, 'open');
    await handle.executeUpdate(withdrawUpdate, { args: [{ by: people.dispatcher, reason: '测试结束' }] });
    await recordHistory('rejection-reopens', handle);
  });

  test('an extension is granted only by a leader at the current level or above, and the original deadline is kept', async () => {
    const handle = await harness.file();
    await handle.executeUpdate(acceptUpdate, { args: [{ by: people.staff('land_office') }] });
    const before = (await harness.view(handle)).state;
    const original = before.tasks[before.leadTaskId].handle!.due;
    const until = original + 60_000;
    assert.equal(
      await refusedRule(
        handle.executeUpdate(requestExtensionUpdate, {
          args: [{ by: people.staff('land_office'), reason: '', until }],
        }),
      ),
      'extension.reason_required',
    );
    await handle.executeUpdate(requestExtensionUpdate, {
      args: [{ by: people.staff('land_office'), reason: '需等待评估报告', until }],
    });
    const byStaff = await refusedRule(
      handle.executeUpdate(grantExtensionUpdate, { args: [{ by: people.staff('land_office'), until }] }),
    );
    assert.match(byStaff, /^extension\./);
    await handle.executeUpdate(grantExtensionUpdate, { args: [{ by: people.leader, until }] });
    const after = (await harness.view(handle)).state;
    const deadline = after.tasks[after.leadTaskId].handle!;
    assert.equal(deadline.due, until);
    assert.equal(deadline.original, original);
    assert.deepEqual(
      deadline.moves.map((m) => m.cause),
      ['extension'],
    );
    const row = await eventually(async () => {
      const r = await harness.issueRow(after.issueId);
      return r && new Date(r.handle_due as string).getTime() === until ? r : undefined;
    });
    assert.equal(new Date(row.handle_due_original as string).getTime(), original);
    await handle.executeUpdate(withdrawUpdate, { args: [{ by: people.dispatcher, reason: '测试结束' }] });
    await recordHistory('extension', handle);
  });

  test('joint handling: each assisting department gets its own task and deadline; only the lead resolves', async () => {
    const handle = await harness.file({ category: 'utilities', projectId: 'GX-UTIL-01', risk: 'low' });
    await handle.executeUpdate(acceptUpdate, { args: [{ by: people.staff('utilities') }] });
    assert.equal(
      await refusedRule(
        handle.executeUpdate(assistUpdate, {
          args: [{ by: people.staff('finance'), departments: ['economic'], reason: 'x' }],
        }),
      ),
      'assist.lead_only',
    );
    await handle.executeUpdate(assistUpdate, {
      args: [
        { by: people.staff('utilities'), departments: ['finance', 'economic'], reason: '外电接入费用需财政和经发配合' },
      ],
    });
    const view = await harness.view(handle);
    const supporting = Object.values(view.state.tasks).filter((task) => task.role === 'supporting');
    assert.deepEqual(supporting.map((task) => task.department).sort(), ['economic', 'finance']);
    for (const task of supporting)
      assert.ok(
        task.accept.due > task.assignedAt && task.handle!.due > task.assignedAt,
        `${task.department} has its own deadlines`,
      );
    await handle.executeUpdate(acceptUpdate, { args: [{ by: people.staff('finance') }] });
    const partDone = await handle.executeUpdate(resolveUpdate, {
      args: [{ by: people.staff('finance'), description: '资金已拨付' }],
    });
    assert.equal(partDone.status, 'open', 'a supporting department finishing its part does not resolve the issue');
    const afterPart = await harness.view(handle);
    assert.equal(Object.values(afterPart.state.tasks).find((task) => task.department === 'finance')?.status, 'done');
    assert.equal(
      await refusedRule(
        handle.executeUpdate(resolveUpdate, { args: [{ by: people.staff('economic'), description: '未签收' }] }),
      ),
      'resolve.not_accepted',
    );
    const resolved = await handle.executeUpdate(resolveUpdate, {
      args: [{ by: people.staff('utilities'), description: '外电已接入' }],
    });
    assert.equal(resolved.status, 'resolved');
    await handle.executeUpdate(verifyUpdate, { args: [{ by: people.reporter, outcome: 'confirm', satisfaction: 4 }] });
    assert.equal(((await handle.result()) as { status: string }).status, 'closed');
    await recordHistory('joint-handling', handle);
  });

  test('withdrawal: only the reporter or the dispatcher, with a reason; the issue ends as withdrawn', async () => {
    const handle = await harness.file();
    assert.equal(
      await refusedRule(handle.executeUpdate(withdrawUpdate, { args: [{ by: people.otherReporter, reason: '撤回' }] })),
      'withdraw.reporter_or_dispatcher',
    );
    assert.equal(
      await refusedRule(handle.executeUpdate(withdrawUpdate, { args: [{ by: people.reporter, reason: '' }] })),
      'withdraw.reason_required',
    );
    const withdrawn = await handle.executeUpdate(withdrawUpdate, {
      args: [{ by: people.reporter, reason: '已与村民自行协商解决' }],
    });
    assert.equal(withdrawn.status, 'withdrawn');
    const outcome = (await handle.result()) as { closure: { outcome: string; reason: string } };
    assert.equal(outcome.closure.outcome, 'withdrawn');
    assert.equal(outcome.closure.reason, '已与村民自行协商解决');
  });

  test('an invalid action is refused with the rule it breaks and changes nothing', async () => {
    const handle = await harness.file();
    const before = (await harness.view(handle)).state;
    assert.equal(
      await refusedRule(handle.executeUpdate(acceptUpdate, { args: [{ by: people.staff('finance') }] })),
      'accept.no_task',
    );
    assert.equal(
      await refusedRule(
        handle.executeUpdate(resolveUpdate, { args: [{ by: people.staff('land_office'), description: '好了' }] }),
      ),
      'resolve.not_accepted',
    );
    assert.equal(
      await refusedRule(
        handle.executeUpdate(verifyUpdate, { args: [{ by: people.reporter, outcome: 'confirm', satisfaction: 5 }] }),
      ),
      'verify.not_resolved',
    );
    assert.equal(await refusedRule(handle.executeUpdate(acceptUpdate, { args: [{} as never] })), 'message.by_required');
    const after = (await harness.view(handle)).state;
    assert.equal(after.sequence, before.sequence);
    assert.deepEqual(after.tasks, before.tasks);
    await handle.executeUpdate(withdrawUpdate, { args: [{ by: people.dispatcher, reason: '测试结束' }] });
  });

  test('a petition runs the statutory clock beside the internal one: warnings before the legal deadline, one extension of at most the maximum', async () => {
    const handle = await harness.file({ category: 'petition', risk: 'medium', title: '群众联名信访：安置房交付延期' });
    const issueId = (await harness.view(handle)).state.issueId;
    // test statute: decide on acceptance within PT15S, warnings PT3S and PT1S before
    const warnings = await eventually(
      async () => {
        const rows = await harness.rows(
          `SELECT DISTINCT e.sequence, e.name, e.data FROM issue_events e WHERE e.issue_id = $1 AND e.name LIKE 'statutory%' ORDER BY e.sequence`,
          [issueId],
        );
        return rows.length >= 2 ? rows : undefined;
      },
      40_000,
      'two statutory warnings',
    );
    assert.ok(warnings.every((w) => /statutory/.test(String(w.name))));
    const view = await harness.view(handle);
    assert.equal(view.state.petition?.regulation, '信访工作条例 (2022)');
    await handle.executeUpdate(acceptUpdate, { args: [{ by: people.staff('petition_office') }] });
    const accepted = (await harness.view(handle)).state.petition!;
    assert.ok(accepted.acceptDecision.decidedAt !== undefined, 'acceptance is the statutory decision');
    const concludeDue = accepted.conclude!.due;
    assert.equal(
      await refusedRule(
        handle.executeUpdate(extendStatutoryTermUpdate, {
          args: [{ by: people.head('petition_office'), reason: '情况复杂', extension: 'PT10S' }],
        }),
      ),
      'statutory_extension.zone_leader_only',
    );
    assert.equal(
      await refusedRule(
        handle.executeUpdate(extendStatutoryTermUpdate, {
          args: [{ by: people.leader, reason: '情况复杂', extension: 'PT40S' }],
        }),
      ),
      'statutory_extension.max',
    );
    await handle.executeUpdate(extendStatutoryTermUpdate, {
      args: [{ by: people.leader, reason: '情况复杂，需多部门会商', extension: 'PT30S' }],
    });
    const extended = (await harness.view(handle)).state.petition!;
    assert.equal(extended.conclude!.due, concludeDue + 30_000);
    assert.equal(extended.conclude!.original, concludeDue);
    assert.equal(
      await refusedRule(
        handle.executeUpdate(extendStatutoryTermUpdate, {
          args: [{ by: people.leader, reason: '再延', extension: 'PT5S' }],
        }),
      ),
      'statutory_extension.once',
    );
    await handle.executeUpdate(withdrawUpdate, { args: [{ by: people.dispatcher, reason: '测试结束' }] });
    await recordHistory('petition-statutory-clock', handle);
  });

  test('a long-lived issue continues as new and carries its whole state', async () => {
    const handle = await harness.file({}, { historyLimit: 40 });
    const firstRun = (await handle.describe()).runId;
    await handle.executeUpdate(acceptUpdate, { args: [{ by: people.staff('land_office') }] });
    for (let i = 1; i <= 6; i++) {
      await harness.client.workflow
        .getHandle(handle.workflowId)
        .executeUpdate(progressUpdate, { args: [{ by: people.staff('land_office'), note: `进展 ${i}` }] });
    }
    const latest = harness.client.workflow.getHandle(handle.workflowId);
    await eventually(
      async () => ((await latest.describe()).runId !== firstRun ? true : undefined),
      30_000,
      'a new run',
    );
    const view = await harness.view(latest);
    assert.deepEqual(
      view.state.progressNotes.map((n) => n.note),
      [1, 2, 3, 4, 5, 6].map((i) => `进展 ${i}`),
    );
    assert.equal(view.state.tasks[view.state.leadTaskId].status, 'accepted');
    await latest.executeUpdate(resolveUpdate, { args: [{ by: people.staff('land_office'), description: '完成' }] });
    const closed = await latest.executeUpdate(verifyUpdate, {
      args: [{ by: people.reporter, outcome: 'confirm', satisfaction: 3 }],
    });
    assert.equal(closed.status, 'closed');
    const events = await harness.rows(`SELECT sequence FROM issue_events WHERE issue_id = $1 ORDER BY sequence`, [
      view.state.issueId,
    ]);
    assert.deepEqual(
      events.map((e) => Number(e.sequence)),
      events.map((_, i) => i + 1),
      'the sequence runs on across runs, with no gap or repeat',
    );
  });

  test("a leader's instruction (批示) sets a new deadline, and the owner acknowledges it before resolving", async () => {
    const handle = await harness.file();
    await handle.executeUpdate(acceptUpdate, { args: [{ by: people.staff('land_office') }] });
    const due = Date.now() + 120_000;
    assert.equal(
      await refusedRule(
        handle.executeUpdate(instructUpdate, { args: [{ by: people.staff('land_office'), text: '我自己批', due }] }),
      ),
      'instruct.leader_only',
    );
    await handle.executeUpdate(instructUpdate, {
      args: [{ by: people.leader, text: '请征地办今日内约谈村民，明确补偿方案', due }],
    });
    const view = await harness.view(handle);
    const [instruction] = view.state.instructions;
    assert.equal(instruction.text, '请征地办今日内约谈村民，明确补偿方案');
    const lead = view.state.tasks[view.state.leadTaskId].handle!;
    assert.equal(lead.due, due, 'the instruction sets the handling deadline');
    assert.equal(lead.moves.at(-1)?.cause, 'instruction');
    assert.equal(
      await refusedRule(
        handle.executeUpdate(resolveUpdate, { args: [{ by: people.staff('land_office'), description: '已处理' }] }),
      ),
      'resolve.instruction_unacknowledged',
    );
    assert.equal(
      await refusedRule(
        handle.executeUpdate(acknowledgeUpdate, {
          args: [{ by: people.staff('planning'), instructionId: instruction.id }],
        }),
      ),
      'acknowledge.not_addressee',
    );
    await handle.executeUpdate(acknowledgeUpdate, {
      args: [{ by: people.head('land_office'), instructionId: instruction.id }],
    });
    const resolved = await handle.executeUpdate(resolveUpdate, {
      args: [{ by: people.staff('land_office'), description: '已按批示约谈，补偿方案确定' }],
    });
    assert.equal(resolved.status, 'resolved');
    const issueId = view.state.issueId;
    const acknowledged = await eventually(async () => {
      const rows = await harness.rows(
        `SELECT person_id FROM notifications WHERE issue_id = $1 AND topic = 'instruction_acknowledged'`,
        [issueId],
      );
      return rows.length ? rows : undefined;
    });
    assert.deepEqual(
      acknowledged.map((n) => n.person_id),
      ['leader_construction'],
      'the leader who gave the instruction hears it was acknowledged',
    );
    await handle.executeUpdate(verifyUpdate, { args: [{ by: people.reporter, outcome: 'confirm', satisfaction: 4 }] });
    await recordHistory('instruction-acknowledged', handle);
  });

  test('no answer within the verification window closes the issue as unconfirmed', async () => {
    const handle = await harness.file();
    await handle.executeUpdate(acceptUpdate, { args: [{ by: people.staff('land_office') }] });
    await handle.executeUpdate(resolveUpdate, {
      args: [{ by: people.staff('land_office'), description: '已协调完毕' }],
    });
    // test policy: verification window PT5S
    const outcome = (await handle.result()) as { status: string; closure: { outcome: string } };
    assert.equal(outcome.status, 'closed');
    assert.equal(outcome.closure.outcome, 'unconfirmed');
    const issueId = (await harness.view(handle)).state.issueId;
    const row = await eventually(async () => {
      const r = await harness.issueRow(issueId);
      return r?.status === 'closed' ? r : undefined;
    });
    assert.equal(row.outcome, 'unconfirmed');
    assert.equal(row.satisfaction, null);
    await recordHistory('verification-window-closes', handle);
  });

  test('the worker process is killed while timers are pending: every deadline still fires after a new one starts, and nothing is duplicated', async () => {
    // The product's worker as its own process, on this test's task queue, with the test policies.
    await harness.stopWorker();
    const worker = spawn(process.execPath, [path.join(DIST_ROOT, 'apps', 'worker', 'src', 'main.js')], {
      env: {
        ...process.env,
        DATABASE_URL: harness.database.url,
        TEMPORAL_ADDRESS: temporalAddress(),
        TEMPORAL_TASK_QUEUE: harness.taskQueue,
        UNBLOCK_POLICY_FILE: 'libs/domain/policies/test-policies.json',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    worker.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    let handle: WorkflowHandle;
    let view: Awaited<ReturnType<typeof harness.view>>;
    try {
      await eventually(
        async () => (output.includes('worker is polling task queue') ? true : undefined),
        60_000,
        'the worker process to poll',
      );
      handle = await harness.file({ category: 'utilities', projectId: 'GX-UTIL-01', risk: 'medium' });
      view = await harness.view(handle);
    } finally {
      worker.kill('SIGKILL');
    }
    const issueId = view.state.issueId;
    const lead = view.state.tasks[view.state.leadTaskId];
    // While no worker runs, the acceptance deadline and the next two escalation waits pass (PT2S each).
    const downUntil = lead.accept.due + 4_500;
    await eventually(
      async () => (Date.now() > downUntil ? true : undefined),
      30_000,
      'the deadlines to pass while no worker runs',
    );
    assert.equal(
      (await harness.rows(`SELECT count(*)::int AS n FROM escalations WHERE issue_id = $1`, [issueId]))[0].n,
      0,
      'nothing fires without a worker',
    );
    await harness.startWorker();
    const escalations = await recordedEscalations(issueId, 3, 30_000, 'the missed escalations');
    assert.deepEqual(
      escalations.slice(0, 3).map((e) => Number(e.level)),
      [1, 2, 3],
    );
    const events = await harness.rows(`SELECT sequence FROM issue_events WHERE issue_id = $1 ORDER BY sequence`, [
      issueId,
    ]);
    assert.deepEqual(
      events.map((e) => Number(e.sequence)),
      events.map((_, i) => i + 1),
      'no event recorded twice or lost',
    );
    const all = await harness.rows(`SELECT level, repeat FROM escalations WHERE issue_id = $1`, [issueId]);
    const notices = await harness.rows(
      `SELECT person_id FROM notifications WHERE issue_id = $1 AND topic = 'escalated' ORDER BY created_at`,
      [issueId],
    );
    assert.equal(notices.length, all.length, 'one notice per escalation (one person per level here), none twice');
    assert.deepEqual(
      notices.slice(0, 3).map((n) => n.person_id),
      ['utilities_head', 'leader_construction', 'director'],
    );
    const late = escalations
      .slice(0, 3)
      .map((e) => new Date(e.fired_at as string).getTime() - new Date(e.due_at as string).getTime());
    assert.ok(late[0] > 1_000, `the first escalation fired late, after the worker came back (${late[0]} ms)`);
    await handle.executeUpdate(withdrawUpdate, { args: [{ by: people.dispatcher, reason: '测试结束' }] });
  });
});
