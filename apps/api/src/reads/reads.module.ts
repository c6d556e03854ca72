import { Module } from '@nestjs/common';
import { DepartmentsController, ProjectsController } from './directory.controller';
import { DirectoryService } from './directory.service';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';
import { IssueReadsController } from './issue-reads.controller';
import { IssueReadsService } from './issue-reads.service';

/**
 * The read side: issue lists and details, inboxes, projects and departments, from the PostgreSQL read model
 * (written only by the workflow's activity), plus the live state of a running issue from its workflow.
 */
@Module({
  controllers: [IssueReadsController, InboxController, ProjectsController, DepartmentsController],
  providers: [IssueReadsService, InboxService, DirectoryService],
  exports: [IssueReadsService],
})
export class ReadsModule {}
