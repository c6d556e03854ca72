import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { UnblockConfig } from '@unblock/config';
import { DatabaseService } from './database.service';
import { IssueWorkflows } from './issue-workflows';
import { temporalClientProvider } from './temporal-client.provider';
import { CONFIG, LOGGER, TEMPORAL_CLIENT } from './tokens';

/** Configuration, logger, PostgreSQL, the Temporal client and the issue workflows, for every feature module. */
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
        IssueWorkflows,
      ],
      exports: [CONFIG, LOGGER, DatabaseService, TEMPORAL_CLIENT, IssueWorkflows],
    };
  }
}
