import { Module } from '@nestjs/common';
import { loadConfig } from '@unblock/config';
import { createLogger } from '@unblock/runtime';
import { TemporalWorkerService } from './temporal-worker.service';
import { CONFIG, LOGGER } from './tokens';

/** The worker process: a Nest application context with no HTTP server. */
@Module({
  providers: [
    { provide: CONFIG, useFactory: () => loadConfig() },
    {
      provide: LOGGER,
      inject: [CONFIG],
      useFactory: (config: ReturnType<typeof loadConfig>) => createLogger('worker', config.logLevel),
    },
    TemporalWorkerService,
  ],
})
export class WorkerModule {}
