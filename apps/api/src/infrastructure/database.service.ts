import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { databaseUrlOf, type UnblockConfig } from '@unblock/config';
import { createDataSource, describeDatabaseError } from '@unblock/persistence';
import { CONFIG, LOGGER } from './tokens';

/**
 * The API's PostgreSQL connection. The API starts even when the database is down (so /health can say so),
 * and connects as soon as it can.
 */
@Injectable()
export class DatabaseService implements OnModuleInit, OnApplicationShutdown {
  readonly dataSource: DataSource;
  private connecting?: Promise<void>;

  constructor(
    @Inject(CONFIG) config: UnblockConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.dataSource = createDataSource(databaseUrlOf(config));
  }

  async onModuleInit(): Promise<void> {
    try {
      await this.ensureConnected();
    } catch (error) {
      this.logger.warn(
        { reason: describeDatabaseError(error) },
        'PostgreSQL is not reachable yet; the API starts and keeps trying',
      );
    }
  }

  /** Connects if not yet connected; one attempt at a time. */
  async ensureConnected(): Promise<DataSource> {
    if (!this.dataSource.isInitialized) {
      this.connecting ??= this.dataSource
        .initialize()
        .then(() => undefined)
        .finally(() => {
          this.connecting = undefined;
        });
      await this.connecting;
    }
    return this.dataSource;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
