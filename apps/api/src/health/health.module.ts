import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({ imports: [CalendarModule], controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}
