import { Module, type MiddlewareConsumer, type NestModule, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { IssueActionsController } from './issue-actions.controller';
import { IssueActionsService } from './issue-actions.service';
import { IssueIntakeController } from './issue-intake.controller';
import { IssueIntakeService } from './issue-intake.service';
import { IssueRecords } from './issue-records';
import { JsonBodyMiddleware, malformedJsonHandler } from './json-body.middleware';

/** The write side of issues: intake (POST /issues) and the actions (POST /issues/{id}/<action>), each a Temporal start or update. */
@Module({
  controllers: [IssueIntakeController, IssueActionsController],
  providers: [IssueIntakeService, IssueActionsService, IssueRecords],
})
export class IssuesModule implements NestModule, OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonBodyMiddleware).forRoutes(IssueIntakeController, IssueActionsController);
  }

  /** Runs after the routes are registered and before Nest adds its error handler (NestApplication.init). */
  onModuleInit(): void {
    this.adapterHost.httpAdapter?.use(malformedJsonHandler);
  }
}
