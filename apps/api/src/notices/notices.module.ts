import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { JsonBodyMiddleware } from '../issues/json-body.middleware';
import { ContactsController } from './contacts.controller';
import { CourierWake } from './courier-wake';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';
import { InboxReadMarksController } from './inbox-read-marks.controller';
import { NoticeChannelsController } from './notice-channels.controller';
import { NoticeChannelsService } from './notice-channels.service';
import { NoticeMetrics } from './notice-metrics';

/**
 * Notices beyond the inbox, as the API shows and manages them: the channels (administrators), people's contacts
 * (administrators), the deliveries to channels (the dispatcher and administrators), the read marks of a person's
 * inbox, and the channels' metrics. The worker's couriers send; the API adds test messages and wakes them.
 */
@Module({
  controllers: [NoticeChannelsController, ContactsController, DeliveriesController, InboxReadMarksController],
  providers: [NoticeChannelsService, DeliveriesService, CourierWake, NoticeMetrics],
})
export class NoticesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(JsonBodyMiddleware)
      .forRoutes(NoticeChannelsController, ContactsController, InboxReadMarksController);
  }
}
