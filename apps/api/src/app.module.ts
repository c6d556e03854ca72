import { Module, RequestMethod, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import type { UnblockConfig } from '@unblock/config';
import { AuthModule } from './auth/auth.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { MetricsModule } from './metrics/metrics.module';
import { NoticesModule } from './notices/notices.module';
import { CalendarModule } from './calendar/calendar.module';
import { ReadsModule } from './reads/reads.module';
import { SecurityModule } from './security/security.module';
import { IssuesModule } from './issues/issues.module';

@Module({})
export class AppModule {
  static forRoot(config: UnblockConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            logger,
            autoLogging: { ignore: (request) => request.url === '/health' },
            customProps: (request) => ({ issueId: (request as unknown as { params?: { id?: string } }).params?.id }),
          },
        }),
        InfrastructureModule.forRoot(config, logger),
        HealthModule,
        SecurityModule, // before AuthModule: its rate-limit guard runs first
        AuthModule,
        MetricsModule,
        ReadsModule,
        IssuesModule,
        NoticesModule,
        CalendarModule,
        EventsModule,
      ],
    };
  }
}
