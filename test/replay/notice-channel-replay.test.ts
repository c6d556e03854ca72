// A committed history of a notice channel's courier (test/replay/histories/notice-channel/*.json) replayed against the
// current workflow code: rounds that sent, failed with HTTP 500 and waited out the backoff, waits for the limit's
// pacing cut short by wakes, and the idle end. A change to the courier that would break one running in production
// fails here. Record again (on the test run's servers, against the local receiver) with:
//   UNBLOCK_RECORD_HISTORIES=1 npm test -- notice-channel-replay
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { noticeChannelWorkflowId } from '@unblock/contracts';
import { startVendorReceiver } from '../../apps/receiver/src/vendor-receiver';
import { WORKFLOW_BUNDLE_PATH } from '../../apps/worker/src/worker-factory';
import { IssueWorkerHarness } from '../support/issue-worker';
import { installQuietReplayRuntime } from '../support/replay-runtime';
import { eventually, REPO_ROOT } from '../support/test-stack';

const HISTORIES = path.join(REPO_ROOT, 'test', 'replay', 'histories', 'notice-channel');
const RECORDED = path.join(HISTORIES, 'failing-robot-then-digests.json');

/** Runs a courier through failures, digests and wakes on the real stack, and writes its history. */
async function record(): Promise<void> {
  const harness = new IssueWorkerHarness();
  const receiver = await startVendorReceiver({ smtp: false });
  try {
    await harness.setUp();
    const token = `wecom-${randomUUID()}`;
    receiver.addRobot({ kind: 'wecom', token });
    receiver.fail('wecom', token, { mode: 'http500', count: 2 });
    await harness.rows(
      `INSERT INTO notice_channels (id, kind, name, department_id, endpoint) VALUES ('ch_replay', 'wecom', '征地拆迁办工作群', 'land_office', $1)`,
      [receiver.endpointFor('wecom', token)],
    );
    await harness.file({ title: `回放记录 ${randomUUID()}` });
    await eventually(
      async () => {
        const [row] = await harness.rows(
          `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*)::int AS n FROM notice_deliveries WHERE channel_id = 'ch_replay'`,
        );
        return Number(row.n) >= 6 && row.sent === row.n ? true : undefined;
      },
      90_000,
      'the courier to send everything',
    );
    const history = await harness.client.workflow.getHandle(noticeChannelWorkflowId('ch_replay')).fetchHistory();
    fs.mkdirSync(HISTORIES, { recursive: true });
    fs.writeFileSync(RECORDED, `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 1)}\n`);
  } finally {
    await harness.tearDown();
    await receiver.close();
  }
}

const RECORDING = process.env.UNBLOCK_RECORD_HISTORIES === '1';

describe("replay of a notice channel courier's committed history", () => {
  // recording runs a real worker, which installs the product's own runtime
  if (!RECORDING) installQuietReplayRuntime();

  test('the current workflow code replays it without a nondeterminism error', async () => {
    if (RECORDING) await record();
    const json = fs.readFileSync(RECORDED, 'utf8');
    const events = (JSON.parse(json) as { events: Array<{ eventType: string }> }).events.map(
      (event) => event.eventType,
    );
    assert.ok(events.filter((type) => type === 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED').length >= 4, 'several rounds');
    assert.ok(events.includes('EVENT_TYPE_TIMER_STARTED'), 'waits between rounds');
    assert.ok(events.includes('EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED'), 'wakes');
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } },
      historyFromJSON(JSON.parse(json)),
      'notice-channel:ch_replay',
    );
  });
});
