import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { databaseUrlOf, temporalAddressOf, type UnblockConfig } from '@unblock/config';
import { openDatabase } from '@unblock/persistence';
import { createUnblockWorker, installTemporalRuntime } from './worker-factory';
import { CONFIG, LOGGER } from './tokens';

/** Owns the Temporal Worker: creates it on bootstrap, keeps its run() promise, and shuts it down cleanly. */
@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker?: Worker;
  private running?: Promise<void>;
  private connection?: NativeConnection;
  private dataSource?: DataSource;

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
    this.worker = await createUnblockWorker({
      connection: this.connection,
      namespace,
      taskQueue,
      dataSource: this.dataSource,
    });
    this.running = this.worker.run();
    this.running.catch((error: unknown) => {
      this.logger.fatal({ err: error }, 'the Temporal worker stopped with an error');
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    });
    this.logger.info({ taskQueue, namespace, address }, `worker is polling task queue ${taskQueue}`);
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.logger.info({ signal }, 'worker shutting down');
    if (this.worker?.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
    await this.dataSource?.destroy().catch(() => undefined);
    this.logger.info('worker stopped');
  }
}
