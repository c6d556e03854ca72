// The text rule inside the workflow, for a message that never went through the API (a Temporal client sending the
// update or starting the workflow itself): a poison note is refused by the update's validator, before it enters
// history, and the issue keeps working; a poison intake fails the workflow before anything is written.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout } from 'node:timers/promises';
import { type ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import {
  acceptUpdate,
  ISSUE_WORKFLOW,
  issueWorkflowId,
  progressUpdate,
  transferUpdate,
  type IssueIntakeInput,
} from '@unblock/contracts';
import { TEXT_RULE } from '@unblock/domain';
import { LAND_DISPUTE_EXAMPLE } from '../../apps/api/src/issues/issue-intake.controller';
import { IssueWorkerHarness, people, refusedRule } from '../support/issue-worker';
import { eventually, uniqueName } from '../support/test-stack';

describe('the text rule in the issue workflow, for messages that bypass the API', () => {
  const harness = new IssueWorkerHarness();
  before(() => harness.setUp());
  after(() => harness.tearDown());

  test('a poison progress note (NUL, an unpaired surrogate, a control character) is refused by the validator; the issue keeps working', async () => {
    const handle = await harness.file();
    const issueId = (await harness.view(handle)).state.issueId;
    await handle.executeUpdate(acceptUpdate, { args: [{ by: people.staff('land_office') }] });
    const before = (await harness.view(handle)).state;
    // a refused update leaves no event in the history; an accepted one leaves its "update accepted" event
    const acceptedUpdates = async () =>
      ((await handle.fetchHistory()).events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)
        .length;
    const acceptedBefore = await acceptedUpdates();
    for (const note of ['a\u0000b', '\ud800', 'x\udc00', 'a\u001bb']) {
      assert.equal(
        await refusedRule(handle.executeUpdate(progressUpdate, { args: [{ by: people.staff('land_office'), note }] })),
        TEXT_RULE,
        JSON.stringify(note),
      );
    }
    // anywhere in the argument: who acts, a single-line field with a line break
    assert.equal(
      await refusedRule(
        handle.executeUpdate(progressUpdate, {
          args: [{ by: { ...people.staff('land_office'), id: 'land_office_staff\u0000' }, note: '进展' }],
        }),
      ),
      TEXT_RULE,
    );
    assert.equal(
      await refusedRule(
        handle.executeUpdate(transferUpdate, {
          args: [{ by: people.staff('land_office'), to: 'appr\noval', reason: '转' }],
        }),
      ),
      TEXT_RULE,
    );
    const after = (await harness.view(handle)).state;
    assert.deepEqual(after.progressNotes, []);
    assert.deepEqual(after.transfers, before.transfers);
    assert.equal(await acceptedUpdates(), acceptedBefore, 'no refused note entered the history');

    // the issue keeps working: a note over several lines is taken and its effects written
    const note = '已约谈三户村民\n补偿方案复核中\t（第二轮）';
    const taken = await handle.executeUpdate(progressUpdate, { args: [{ by: people.staff('land_office'), note }] });
    assert.ok(taken.sequence > before.sequence);
    assert.equal(await acceptedUpdates(), acceptedBefore + 1);
    const rows = await eventually(async () => {
      const found = await harness.rows(
        `SELECT data FROM issue_events WHERE issue_id = $1 AND name = 'progress_posted'`,
        [issueId],
      );
      return found.length ? found : undefined;
    });
    assert.equal((rows[0].data as { note: string }).note, note);
  });

  test('a poison intake started directly fails the workflow (non-retryable) before anything is written', async () => {
    const cases: Array<[Partial<IssueIntakeInput>, string]> = [
      [{ description: '三户村民\u0000有异议' }, 'description'],
      [{ title: '\ud800' }, 'title'],
      [{ attachments: ['files/a.jpg', 'files/\u0007.jpg'] }, 'attachments[1]'],
    ];
    for (const [overrides, field] of cases) {
      const issueId = uniqueName('poison');
      const handle = await harness.client.workflow.start(ISSUE_WORKFLOW, {
        taskQueue: harness.taskQueue,
        workflowId: issueWorkflowId(issueId),
        args: [{ intake: { issueId, ...LAND_DISPUTE_EXAMPLE, reporter: { id: people.reporter.id }, ...overrides } }],
      });
      // (taken, the intake would leave the workflow retrying its effects for ever: give up waiting after 20 s)
      const failure = await Promise.race([
        handle.result().then(
          () => assert.fail('the workflow should have failed'),
          (error: unknown) => error,
        ),
        setTimeout(20_000, undefined, { ref: false }).then(() => assert.fail('the workflow did not fail within 20 s')),
      ]);
      assert.ok(failure instanceof WorkflowFailedError, String(failure));
      // the intake activity's refusal, the workflow's failure (or its cause, as the activity's failure is carried)
      let refusal = failure.cause as ApplicationFailure | undefined;
      while (refusal && refusal.name !== 'ApplicationFailure')
        refusal = refusal.cause as ApplicationFailure | undefined;
      assert.ok(refusal, `an ApplicationFailure in ${String(failure.cause)}`);
      assert.equal(refusal.type, 'intake.invalid');
      assert.equal(refusal.nonRetryable, true);
      assert.ok(refusal.message.includes(`${TEXT_RULE}: ${field} must`), refusal.message);
      assert.equal(await harness.issueRow(issueId), undefined, 'no issue row');
      assert.deepEqual(await harness.rows(`SELECT 1 FROM issue_events WHERE issue_id = $1`, [issueId]), []);
    }
  });
});
