import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/public.decorator';
import {
  InboxEscalationListDto,
  InboxEscalationsQueryDto,
  InboxNotificationListDto,
  InboxNotificationsQueryDto,
  InboxTaskListDto,
  InboxTasksQueryDto,
} from './inbox.dto';
import { InboxService } from './inbox.service';

@ApiTags('inbox')
@ApiBearerAuth()
@ApiBadRequestResponse({ description: 'A parameter or the cursor is invalid; the field is named (problem details).' })
@Controller('inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get('tasks')
  @ApiOperation({
    summary: "The caller's department's tasks",
    description:
      "Tasks of the caller's department (department staff and heads; empty for people without a department), open tasks first " +
      '(assigned or accepted), the most urgent first, each with `timeLeftMs` to its next deadline; then ended tasks, the latest first.',
  })
  @ApiOkResponse({ type: InboxTaskListDto })
  tasks(@CurrentUser() user: AuthenticatedUser, @Query() query: InboxTasksQueryDto): Promise<InboxTaskListDto> {
    return this.inbox.tasks(user, query);
  }

  @Get('escalations')
  @ApiOperation({
    summary: 'Escalations that reached the caller',
    description:
      "Every escalation step whose recipients include the caller (a department head, a responsible leader, the director, the secretary), newest first, each with the caller's inbox notice for it.",
  })
  @ApiOkResponse({ type: InboxEscalationListDto })
  escalations(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: InboxEscalationsQueryDto,
  ): Promise<InboxEscalationListDto> {
    return this.inbox.escalations(user, query);
  }

  @Get('notifications')
  @ApiOperation({
    summary: "The caller's notifications",
    description: 'Every notification addressed to the caller, unread first, newest first.',
  })
  @ApiOkResponse({ type: InboxNotificationListDto })
  notifications(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: InboxNotificationsQueryDto,
  ): Promise<InboxNotificationListDto> {
    return this.inbox.notifications(user, query);
  }
}
