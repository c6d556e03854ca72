// A committed history of an issue that continued as new, every run of its chain (test/replay/histories/
// continue-as-new-run-<n>.json), replayed against the current workflow code: the first run ends by continuing as new
// (forced early with the input's `historyLimit`), the next starts from the state it carried and runs to closure.
// A change that breaks a running issue after it continued as new, or the carrying itself, fails here.
// Record again (on the test run's servers) with: UNBLOCK_RECORD_HISTORIES=1 npm test -- continue-as-new-replay
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { temporal } from '@temporalio/proto';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { WORKFLOW_BUNDLE_PATH } from '../../apps/worker/src/worker-factory';
import { acceptUpdate, progressUpdate, resolveUpdate, verifyUpdate } from '@unblock/contracts';
import type { IssueState } from '@unblock/domain';
import { installQuietReplayRuntime } from '../support/replay-runtime';
import { eventually, REPO_ROOT } from '../support/test-stack';

const HISTORIES = path.join(REPO_ROOT, 'test', 'replay', 'histories');
const RUN_FILE = /^continue-as-new-run-(\d+)\.json$/;
const EventType = {
  started: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
  continuedAsNew: 'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW',
  completed: 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED',
} as const;

interface JsonEvent {
  eventType: string;
  workflowExecutionStartedEventAttributes?: {
    continuedExecutionRunId?: string;
    originalExecutionRunId?: string;
    input?: { payloads: Array<{ data: string }> };
  };
  workflowExecutionContinuedAsNewEventAttributes?: { newExecutionRunId?: string };
}

/** The committed runs of the chain, in order. */
function committedRuns(): Array<{ name: string; events: JsonEvent[] }> {
  return fs
    .readdirSync(HISTORIES)
    .filter((file) => RUN_FILE.test(file))
    .sort((a, b) => Number(RUN_FILE.exec(a)![1]) - Number(RUN_FILE.exec(b)![1]))
    .map((file) => ({
      name: file.replace(/\.json$/, ''),
      events: (JSON.parse(fs.readFileSync(path.join(HISTORIES, file), 'utf8')) as { events: JsonEvent[] }).events,
    }));
}

/** The workflow input a run started with (the first payload, JSON). */
function inputOf(events: JsonEvent[]): Record<string, unknown> {
  const data = events[0].workflowExecutionStartedEventAttributes!.input!.payloads[0].data;
  return JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as Record<string, unknown>;
}

/**
 * Plays the scenario on the test run's servers and writes every run of its chain: an accepted issue whose history
 * limit is low (40 events), so that progress notes make it continue as new; then resolved and confirmed.
 */
async function recordChain(): Promise<void> {
  const { IssueWorkerHarness, people } = await import('../support/issue-worker');
  const harness = new IssueWorkerHarness();
  await harness.setUp();
  try {
    const handle = await harness.file({}, { historyLimit: 40 });
    const firstRunId = (await handle.describe()).runId;
    const latest = () => harness.client.workflow.getHandle(handle.workflowId);
    await handle.executeUpdate(acceptUpdate, { args: [{ by: people.staff('land_office') }] });
    for (let i = 1; i <= 6; i++)
      await latest().executeUpdate(progressUpdate, {
        args: [{ by: people.staff('land_office'), note: `续跑前的进展 ${i}` }],
      });
    await eventually(
      async () => ((await latest().describe()).runId !== firstRunId ? true : undefined),
      30_000,
      'a new run',
    );
    await latest().executeUpdate(resolveUpdate, {
      args: [{ by: people.staff('land_office'), description: '续跑后办结' }],
    });
    await latest().executeUpdate(verifyUpdate, {
      args: [{ by: people.reporter, outcome: 'confirm', satisfaction: 4 }],
    });
    await latest().result();
    for (const file of fs.readdirSync(HISTORIES).filter((f) => RUN_FILE.test(f))) fs.rmSync(path.join(HISTORIES, file));
    let runId: string | undefined = firstRunId;
    for (let n = 1; runId; n++) {
      const history: temporal.api.history.v1.IHistory = await harness.client.workflow
        .getHandle(handle.workflowId, runId)
        .fetchHistory();
      const json = JSON.parse(historyToJSON(history)) as { events: JsonEvent[] };
      fs.writeFileSync(path.join(HISTORIES, `continue-as-new-run-${n}.json`), JSON.stringify(json, null, 1));
      runId = json.events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    }
  } finally {
    await harness.tearDown();
  }
}

const RECORDING = process.env.UNBLOCK_RECORD_HISTORIES === '1';

describe('replay of an issue that continued as new', () => {
  // (when recording, the worker that plays the scenario installs the runtime itself)
  if (!RECORDING) installQuietReplayRuntime();

  test('the committed chain: a run that continued as new, then the run that carried its state on to closure', async () => {
    if (RECORDING) await recordChain();
    const runs = committedRuns();
    assert.ok(runs.length >= 2, `every run of the chain is committed (${runs.map((r) => r.name).join(', ')})`);
    for (const [i, run] of runs.entries()) {
      assert.equal(run.events[0].eventType, EventType.started);
      const last = run.events.at(-1)!.eventType;
      assert.equal(last, i === runs.length - 1 ? EventType.completed : EventType.continuedAsNew, `${run.name} ends`);
      const input = inputOf(run.events);
      assert.ok(
        i === 0 ? 'intake' in input : 'continued' in input,
        `${run.name} starts from its intake or carried state`,
      );
      assert.equal(input.historyLimit, 40, 'the history limit is carried on');
      if (i > 0) {
        const previous = runs[i - 1].events;
        const started = run.events[0].workflowExecutionStartedEventAttributes!;
        assert.equal(
          started.continuedExecutionRunId,
          previous[0].workflowExecutionStartedEventAttributes!.originalExecutionRunId,
          `${run.name} continues ${runs[i - 1].name}`,
        );
        assert.equal(
          previous.at(-1)!.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId,
          started.originalExecutionRunId,
          `${runs[i - 1].name} continued as ${run.name}`,
        );
      }
    }
    // each run carries on the progress notes taken before it; the last one holds all six
    const notes = runs
      .slice(1)
      .map((run) => (inputOf(run.events).continued as { state: IssueState }).state.progressNotes.map((n) => n.note));
    for (const [i, carried] of notes.entries())
      assert.deepEqual(carried.slice(0, notes[i - 1]?.length ?? 0), notes[i - 1] ?? [], 'nothing carried is dropped');
    assert.deepEqual(
      notes.at(-1),
      [1, 2, 3, 4, 5, 6].map((i) => `续跑前的进展 ${i}`),
      'the last run holds every note the earlier runs took',
    );
  });

  test('the current workflow code replays every run of the chain without a nondeterminism error', async () => {
    const runs = committedRuns();
    assert.ok(runs.length >= 2);
    const errors: string[] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } },
      runs.map((run) => ({ workflowId: run.name, history: historyFromJSON({ events: run.events }) })),
    ))
      if (result.error) errors.push(`${result.workflowId}: ${(result.error as Error).message}`);
    assert.deepEqual(errors, []);
  });
});
