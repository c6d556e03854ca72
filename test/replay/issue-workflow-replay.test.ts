// Replays the committed histories of real issues (test/replay/histories, recorded from the workflow scenarios with
// UNBLOCK_RECORD_HISTORIES=1) against the current workflow code. A change that would break running issues fails
// here: guard it with patched() instead.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { WORKFLOW_BUNDLE_PATH } from '../../apps/worker/src/worker-factory';
import { installQuietReplayRuntime } from '../support/replay-runtime';
import { REPO_ROOT } from '../support/test-stack';

const HISTORIES = path.join(REPO_ROOT, 'test', 'replay', 'histories');

function committedHistories() {
  return fs
    .readdirSync(HISTORIES)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES, file), 'utf8'))),
    }));
}

async function replayErrors(options: ReplayWorkerOptions): Promise<Array<{ workflowId: string; error: Error }>> {
  const errors: Array<{ workflowId: string; error: Error }> = [];
  for await (const result of Worker.runReplayHistories(options, committedHistories())) {
    if (result.error) errors.push({ workflowId: result.workflowId, error: result.error as Error });
  }
  return errors;
}

describe('replay of committed issue histories', () => {
  // The incompatible replay below fails on purpose: keep the SDK core's warnings about it out of the output.
  installQuietReplayRuntime();

  test('every scenario is committed as a history', () => {
    const names = committedHistories().map((h) => h.workflowId);
    for (const name of [
      'accept-resolve-confirm',
      'ladder-to-the-top',
      'transfer-bounce-dispatcher',
      'rejection-reopens',
      'extension',
      'joint-handling',
      'petition-statutory-clock',
    ]) {
      assert.ok(names.includes(name), `${name}.json is committed`);
    }
  });

  test('the current workflow code replays every committed history without a nondeterminism error', async () => {
    assert.ok(committedHistories().length >= 7, 'histories to replay');
    const errors = await replayErrors({ workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } });
    assert.deepEqual(
      errors.map((e) => `${e.workflowId}: ${e.error.message}`),
      [],
    );
  });

  test('an incompatible change to the workflow is caught by the replay', async () => {
    assert.ok(committedHistories().length >= 7, 'histories to replay');
    const errors = await replayErrors({ workflowsPath: path.join(__dirname, 'incompatible-issue.workflow.js') });
    assert.equal(errors.length, committedHistories().length, 'every history fails against the changed code');
    for (const { error } of errors)
      assert.match(`${error.name} ${error.message}`, /[Nn]ondeterminism|DeterminismViolation/);
  });
});
