import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { sweepNoticeChannels } from '@unblock/activities';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { databaseUrlOf, temporalAddressOf, type UnblockConfig } from '@unblock/config';
import { openDatabase } from '@unblock/persistence';
import { createUnblockWorker, installTemporalRuntime } from './worker-factory';
import { CONFIG, LOGGER } from './tokens';

/** How often the worker asks the Temporal server whether it answers, and how long it waits for the answer. */
export const SERVER_PROBE_INTERVAL_MS = 1_000;
/** How often the worker wakes the couriers of notice channels whose deliveries waited past their time. */
export const NOTICE_SWEEP_INTERVAL_MS = 30_000;
const SERVER_PROBE_TIMEOUT_MS = 1_000;
/**
 * After the server was out of reach this long, a fresh worker takes over once it answers again. The SDK's task
 * pollers retry a failed poll after a delay that doubles up to 10 s and cannot be set: after an outage of a few
 * seconds or more they would come back only up to 10 s after the server did, and every deadline that fell due in
 * the outage would wait for them. A fresh worker polls at once.
 */
export const RENEW_WORKER_AFTER_OUTAGE_MS = 3_000;

/**
 * Owns the Temporal Worker: creates it on bootstrap, keeps its run() promise, renews it when the server comes back
 * after an outage (see RENEW_WORKER_AFTER_OUTAGE_MS), and shuts it down cleanly.
 */
@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker?: Worker;
  private running?: Promise<void>;
  private connection?: NativeConnection;
  private dataSource?: DataSource;
  private probe?: NodeJS.Timeout;
  private sweep?: NodeJS.Timeout;
  /** a connection of its own for the probe: no retries, quick reconnection, so it sees the server back at once */
  private probeConnection?: Connection;
  private probing = false;
  private stopping = false;
  /** when the server first failed to answer, while it does not */
  private unreachableSince?: number;

  constructor(
    @Inject(CONFIG) private readonly config: UnblockConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { namespace, taskQueue } = this.config.temporal;
    const address = temporalAddressOf(this.config);
    installTemporalRuntime(this.logger);
    this.dataSource = await openDatabase(databaseUrlOf(this.config));
    this.connection = await NativeConnection.connect({ address });
    await this.startWorker();
    this.probeConnection = Connection.lazy({
      address,
      interceptors: [],
      channelArgs: { 'grpc.initial_reconnect_backoff_ms': 200, 'grpc.max_reconnect_backoff_ms': 500 },
    });
    this.probe = setInterval(() => void this.probeServer(), SERVER_PROBE_INTERVAL_MS);
    this.probe.unref();
    const client = new Client({ connection: this.probeConnection, namespace });
    const sweepChannels = () =>
      void sweepNoticeChannels(this.dataSource!, client, taskQueue)
        .then((woken) => {
          if (woken.length > 0) this.logger.info({ channels: woken }, 'woke notice channels with deliveries waiting');
        })
        .catch((error: unknown) => this.logger.warn({ err: error }, 'the notice channel sweep failed; it runs again'));
    sweepChannels();
    this.sweep = setInterval(sweepChannels, NOTICE_SWEEP_INTERVAL_MS);
    this.sweep.unref();
    this.logger.info({ taskQueue, namespace, address }, `worker is polling task queue ${taskQueue}`);
  }

  /** Creates a worker and runs it; a worker that stops with an error while it is the current one stops the process. */
  private async startWorker(): Promise<Worker> {
    const worker = await createUnblockWorker({
      connection: this.connection!,
      namespace: this.config.temporal.namespace,
      taskQueue: this.config.temporal.taskQueue,
      dataSource: this.dataSource!,
    });
    const running = worker.run();
    running.catch((error: unknown) => {
      if (this.worker !== worker || this.stopping) return;
      this.logger.fatal({ err: error }, 'the Temporal worker stopped with an error');
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    });
    this.worker = worker;
    this.running = running;
    return worker;
  }

  private async probeServer(): Promise<void> {
    const probe = this.probeConnection;
    if (this.probing || this.stopping || !probe) return;
    this.probing = true;
    try {
      await probe.withDeadline(Date.now() + SERVER_PROBE_TIMEOUT_MS, () => probe.workflowService.getSystemInfo({}));
      const since = this.unreachableSince;
      this.unreachableSince = undefined;
      if (since !== undefined && Date.now() - since >= RENEW_WORKER_AFTER_OUTAGE_MS) await this.renewWorker(since);
    } catch {
      this.unreachableSince ??= Date.now();
    } finally {
      this.probing = false;
    }
  }

  /**
   * The server answers again after an outage: the current worker stops (one worker per task queue in a process)
   * and a fresh one polls at once. Activities still running in the old one get its grace time; those it abandons
   * the server gives again after their heartbeat or start-to-close timeout, and every write is idempotent.
   */
  private async renewWorker(unreachableSince: number): Promise<void> {
    const started = Date.now();
    if (this.worker?.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    if (this.stopping) return;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.startWorker();
        break;
      } catch (error) {
        if (this.stopping) return;
        this.logger.warn({ err: error, attempt }, 'could not start a fresh worker after the outage; trying again');
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 500 * attempt)));
      }
    }
    this.logger.info(
      { unreachableMs: started - unreachableSince, renewMs: Date.now() - started },
      'the Temporal server answers again: a fresh worker polls at once',
    );
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.stopping = true;
    if (this.probe) clearInterval(this.probe);
    this.logger.info({ signal }, 'worker shutting down');
    if (this.worker?.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    clearInterval(this.sweep);
    await this.probeConnection?.close().catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
    await this.dataSource?.destroy().catch(() => undefined);
    this.logger.info('worker stopped');
  }
}
