import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/public.decorator';
import { DatabaseService } from '../infrastructure/database.service';
import { notFound } from '../infrastructure/problems';
import { ApiNotFoundProblem, ApiProblemResponses } from '../issues/dto/problem.dto';
import { InboxNotificationDto } from '../reads/inbox.dto';
import { toNotification, type NotificationRow } from '../reads/inbox.service';
import { instantText } from '../reads/issue-list.query';
import { ReadAllDto, ReadAllResultDto, UnreadCountDto } from './inbox-read-marks.dto';

/**
 * The read marks of a person's inbox: one notification read, all of them up to an instant, and how many are unread.
 * Only the caller's own notifications: one addressed to someone else is answered like one that does not exist.
 */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('inbox/notifications')
export class InboxReadMarksController {
  constructor(private readonly database: DatabaseService) {}

  @Get('unread-count')
  @ApiOperation({ summary: "How many of the caller's notifications are unread" })
  @ApiOkResponse({ type: UnreadCountDto })
  async unreadCount(@CurrentUser() user: AuthenticatedUser): Promise<UnreadCountDto> {
    const [row] = (await (
      await this.database.ensureConnected()
    ).query(`SELECT count(*)::int AS unread FROM notifications WHERE person_id = $1 AND read_at IS NULL`, [
      user.id,
    ])) as Array<{ unread: number }>;
    return { unread: Number(row.unread) };
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({
    summary: "Mark the caller's notifications read",
    description:
      'Every unread notification of the caller that came until `before` (or now) is marked read at this instant; those read before keep their time.',
  })
  @ApiBody({ type: ReadAllDto, required: false })
  @ApiOkResponse({ type: ReadAllResultDto })
  @ApiProblemResponses(415)
  async readAll(@CurrentUser() user: AuthenticatedUser, @Body() body: ReadAllDto): Promise<ReadAllResultDto> {
    const [, marked] = (await (
      await this.database.ensureConnected()
    ).query(
      `UPDATE notifications SET read_at = now()
       WHERE person_id = $1 AND read_at IS NULL AND created_at <= COALESCE($2::timestamptz, now())`,
      [user.id, body?.before ?? null],
    )) as [unknown, number];
    return { marked };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark one notification read',
    description:
      "Idempotent: a notification read before keeps its time. Only the caller's own: any other is a 404, as one that does not exist.",
  })
  @ApiParam({ name: 'id', description: 'notification id', example: 'GX-ROAD-01-20261128-0001:4:0:land_office_head' })
  @ApiOkResponse({ type: InboxNotificationDto, description: 'The notification, read.' })
  @ApiNotFoundProblem('No such notification in the caller’s inbox (whether it does not exist or is someone else’s).', {
    detail: 'There is no notification "GX-ROAD-01-20261128-0001:4:0:land_office_head" in your inbox.',
    instance: '/api/v1/inbox/notifications/GX-ROAD-01-20261128-0001:4:0:land_office_head/read',
  })
  async read(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<InboxNotificationDto> {
    const [rows] = (await (
      await this.database.ensureConnected()
    ).query(
      `UPDATE notifications n SET read_at = COALESCE(n.read_at, now())
       WHERE n.id = $1 AND n.person_id = $2
       RETURNING n.id, n.topic, n.issue_id, (SELECT i.title FROM issues i WHERE i.id = n.issue_id) AS issue_title,
                 n.task_id, n.detail, n.created_at, n.read_at, ${instantText('n.created_at')} AS created_key`,
      [id, user.id],
    )) as [NotificationRow[], number];
    if (!rows.length) throw notFound('notification', id);
    return toNotification(rows[0]);
  }
}
