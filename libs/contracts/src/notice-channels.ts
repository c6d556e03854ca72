/**
 * The courier of one notice channel: a workflow per channel (`notice-channel:<channelId>`) that drains the
 * channel's deliveries within its limit. Whoever adds deliveries wakes it with signal-with-start: the effects
 * activity after its transaction, the API after a test message, the worker at start for any channel with
 * deliveries waiting. A wake of a courier already running only cuts its wait short.
 */
import { defineSignal } from '@temporalio/workflow';

export const NOTICE_CHANNEL_WORKFLOW = 'noticeChannelWorkflow';

export interface NoticeChannelWorkflowInput {
  channelId: string;
}

/** "There may be something new to send." */
export const wakeNoticeChannelSignal = defineSignal('wake');

export function noticeChannelWorkflowId(channelId: string): string {
  return `notice-channel:${channelId}`;
}

export interface ChannelRoundInput {
  channelId: string;
}

/** What one round of a channel did, and when its courier should come back. */
export interface ChannelRound {
  /** when to come back (epoch ms); null: nothing waits */
  nextAt: number | null;
  /** the channel is gone or disabled: the courier ends */
  closed: boolean;
  /** deliveries this round's message carried */
  carried: number;
  /** how the round's message went, when it sent one */
  outcome?: 'sent' | 'rate_limited' | 'failed' | 'ambiguous';
}

export interface NoticeChannelActivities {
  deliverChannelNotices(input: ChannelRoundInput): Promise<ChannelRound>;
}
