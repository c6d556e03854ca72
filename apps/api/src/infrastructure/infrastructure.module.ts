import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { UnblockConfig } from '@unblock/config';
import { DatabaseService } from './database.service';
import { temporalClientProvider } from './temporal-client.provider';
import { CONFIG, LOGGER, TEMPORAL_CLIENT } from './tokens';

/** Configuration, logger, PostgreSQL and the Temporal client, for every feature module. */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: UnblockConfig, logger: Logger): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        DatabaseService,
        temporalClientProvider,
      ],
      exports: [CONFIG, LOGGER, DatabaseService, TEMPORAL_CLIENT],
    };
  }
}
