import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { IssueActionsController } from './issue-actions.controller';
import { IssueActionsService } from './issue-actions.service';
import { IssueIntakeController } from './issue-intake.controller';
import { IssueIntakeService } from './issue-intake.service';
import { IssueRecords } from './issue-records';
import { JsonBodyMiddleware } from './json-body.middleware';

/** The write side of issues: intake (POST /issues) and the actions (POST /issues/{id}/<action>), each a Temporal start or update. */
@Module({
  controllers: [IssueIntakeController, IssueActionsController],
  providers: [IssueIntakeService, IssueActionsService, IssueRecords],
})
export class IssuesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonBodyMiddleware).forRoutes(IssueIntakeController, IssueActionsController);
  }
}
