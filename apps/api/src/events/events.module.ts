import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EVENT_STREAM_SETTINGS, readEventStreamSettings, type EventStreamSettings } from './event-stream.settings';
import { EventStreams } from './event-streams';
import { EventsController } from './events.controller';
import { IssueChangeListener } from './issue-change-listener';

/**
 * Live events for the console: one PostgreSQL connection per API process LISTENs for the changes the effects
 * transaction NOTIFYs, and GET /api/v1/events streams each to the signed-in users who may see it (server-sent events).
 */
@Module({
  imports: [AuthModule],
  controllers: [EventsController],
  providers: [
    IssueChangeListener,
    EventStreams,
    { provide: EVENT_STREAM_SETTINGS, useFactory: (): EventStreamSettings => readEventStreamSettings() },
  ],
})
export class EventsModule {}
