import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { JsonBodyMiddleware } from '../issues/json-body.middleware';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';

/** The zone's working calendar: what it knows, loading a year, correcting a date, the record of changes. */
@Module({
  controllers: [CalendarController],
  providers: [CalendarService],
  exports: [CalendarService],
})
export class CalendarModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonBodyMiddleware).forRoutes(CalendarController);
  }
}
