import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { NOTICE_CHANNEL_WORKFLOW, noticeChannelWorkflowId, wakeNoticeChannelSignal } from '@unblock/contracts';

/** Starts the channel's courier, or cuts its wait short when it runs (signal-with-start). */
export async function wakeNoticeChannel(client: Client, channelId: string, taskQueue: string): Promise<void> {
  await client.workflow.signalWithStart(NOTICE_CHANNEL_WORKFLOW, {
    workflowId: noticeChannelWorkflowId(channelId),
    taskQueue,
    args: [{ channelId }],
    signal: wakeNoticeChannelSignal,
    signalArgs: [],
  });
}

/**
 * The channels whose deliveries have waited past their time by more than `lateMs` (a wake that was lost, a
 * courier that ended): their couriers are woken. Run by the worker at start and every half minute.
 */
export async function sweepNoticeChannels(
  dataSource: DataSource,
  client: Client,
  taskQueue: string,
  lateMs = 20_000,
): Promise<string[]> {
  const rows = (await dataSource.query(
    `SELECT DISTINCT d.channel_id FROM notice_deliveries d JOIN notice_channels c ON c.id = d.channel_id
     WHERE c.enabled AND (c.paused_until IS NULL OR c.paused_until < now())
       AND ((d.status = 'pending' AND greatest(d.next_attempt_at, coalesce(d.hold_until, d.next_attempt_at)) < now() - make_interval(secs => $1))
         OR (d.status = 'sending' AND d.updated_at < now() - interval '3 minutes'))`,
    [lateMs / 1000],
  )) as Array<{ channel_id: string }>;
  const channelIds = rows.map((row) => row.channel_id);
  await Promise.all(channelIds.map((channelId) => wakeNoticeChannel(client, channelId, taskQueue)));
  return channelIds;
}
