import { Module } from '@nestjs/common';
import { loadConfig } from '../../../libs/config/src';
import { createLogger } from '../../../libs/runtime/src';
import { TemporalWorkerService } from './temporal-worker.service';
import { CONFIG, LOGGER } from './tokens';

/** The worker process: a Nest application context with no HTTP server. */
@Module({
  providers: [
    { provide: CONFIG, useFactory: () => loadConfig() },
    { provide: LOGGER, inject: [CONFIG], useFactory: (config: ReturnType<typeof loadConfig>) => createLogger('worker', config.logLevel) },
    TemporalWorkerService,
  ],
})
export class WorkerModule {}
