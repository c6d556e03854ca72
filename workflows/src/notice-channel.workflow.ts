import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  wakeNoticeChannelSignal,
  type NoticeChannelActivities,
  type NoticeChannelWorkflowInput,
} from '@unblock/contracts';

/**
 * A round sends for at most about 10 s (a message per step, as the limit allows); a worker that stops mid-send is noticed within the heartbeat timeout and the
 * round runs again elsewhere (it finds the attempt it left and treats it as possibly delivered). PostgreSQL being
 * away only delays the rounds: they retry without end.
 */
const { deliverChannelNotices } = proxyActivities<NoticeChannelActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

/** How long a courier with nothing to send waits for a wake before it ends (the next notice starts it again). */
const IDLE_MS = 10 * 60_000;
/** Rounds per run before the courier continues as new, keeping its history short. */
const ROUNDS_PER_RUN = 500;

/**
 * The courier of one notice channel (one per channel, `notice-channel:<id>`): it runs rounds of
 * `deliverChannelNotices`, each sending what the channel's limit allows, and waits in between as long as the round
 * says — for the limit's pacing, a retry's backoff, the end of quiet hours — or until woken by new deliveries. The
 * state (deliveries, attempts, the messages the limit counts) is all in PostgreSQL, so nothing here has to survive
 * continue-as-new but the channel's id.
 */
export async function noticeChannelWorkflow(input: NoticeChannelWorkflowInput): Promise<void> {
  let woken = false;
  setHandler(wakeNoticeChannelSignal, () => {
    woken = true;
  });
  for (let rounds = 1; ; rounds++) {
    woken = false;
    const round = await deliverChannelNotices({ channelId: input.channelId });
    if (round.closed) return;
    if (round.nextAt === null) {
      if (!(await condition(() => woken, IDLE_MS))) return;
    } else {
      const wait = round.nextAt - Date.now();
      if (wait > 0) await condition(() => woken, wait);
    }
    if (rounds >= ROUNDS_PER_RUN || workflowInfo().continueAsNewSuggested)
      await continueAsNew<typeof noticeChannelWorkflow>(input);
  }
}
