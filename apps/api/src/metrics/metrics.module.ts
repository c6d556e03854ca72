import { Global, Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { METRICS_TOKEN, readMetricsToken } from './metrics.tokens';

/**
 * Prometheus metrics at GET /api/v1/metrics. Global, so that any feature module can inject MetricsService
 * (`recordIntake`, `recordAction`) without importing this module.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, HttpMetricsMiddleware, { provide: METRICS_TOKEN, useFactory: () => readMetricsToken() }],
  exports: [MetricsService],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
