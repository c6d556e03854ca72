import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { wakeNoticeChannel } from '@unblock/activities';
import type { UnblockConfig } from '@unblock/config';
import { CONFIG, LOGGER, TEMPORAL_CLIENT } from '../infrastructure/tokens';

/** How long a wake may take before the API gives up on it (the worker's sweep wakes a late courier anyway). */
const WAKE_TIMEOUT_MS = 5_000;

/**
 * Wakes a channel's courier (signal-with-start on the API's task queue) after the API added a delivery or enabled the
 * channel again. The change is committed before: a wake that fails (Temporal down) is logged, not answered as an
 * error, since the worker's sweep wakes every channel whose deliveries wait past their time.
 */
@Injectable()
export class CourierWake {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: UnblockConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** true when the courier was woken. */
  async wake(channelId: string): Promise<boolean> {
    try {
      await this.client.withDeadline(Date.now() + WAKE_TIMEOUT_MS, () =>
        wakeNoticeChannel(this.client, channelId, this.config.temporal.taskQueue),
      );
      return true;
    } catch (error) {
      this.logger.warn(
        { channelId, err: error },
        "the channel's courier could not be woken now; the worker's sweep wakes it",
      );
      return false;
    }
  }
}
