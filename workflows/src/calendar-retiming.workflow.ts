// Tells every open issue that the working calendar changed (revision N): in batches, by issue id, then a second
// pass for issues written meanwhile and still on an earlier revision. Each issue re-times itself; an issue this
// misses catches up at its next event (its clocks say the latest revision).
import { continueAsNew, log, proxyActivities, sleep } from '@temporalio/workflow';
import type { CalendarRetimingActivities, CalendarRetimingInput, CalendarRetimingResult } from '@unblock/contracts';

const { tellOpenIssues, finishRetiming } = proxyActivities<CalendarRetimingActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** Issues told per batch. */
const BATCH = 50;
/** Batches before the workflow continues as new (its history stays short). */
const BATCHES_PER_RUN = 500;
/** Before the second pass: issues filed meanwhile have had time to be written. */
const SECOND_PASS_AFTER = '30 seconds';

export async function calendarRetimingWorkflow(input: CalendarRetimingInput): Promise<CalendarRetimingResult> {
  const { revision } = input;
  let after = input.after;
  let told = input.told ?? 0;
  let pass = input.pass ?? 1;
  for (let batches = 0; ; batches++) {
    if (batches >= BATCHES_PER_RUN)
      return continueAsNew<typeof calendarRetimingWorkflow>({ revision, ...(after ? { after } : {}), told, pass });
    const batch = await tellOpenIssues({ revision, ...(after ? { after } : {}), limit: BATCH });
    told += batch.told;
    after = batch.after;
    if (after !== undefined) continue;
    if (pass >= 2) break;
    pass += 1;
    await sleep(SECOND_PASS_AFTER);
  }
  await finishRetiming({ revision });
  log.info('open issues told of the calendar change', { revision, told });
  return { revision, told };
}
