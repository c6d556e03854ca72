import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { INBOX_READS_CHANNEL, type InboxReadNotice } from '@unblock/contracts';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/public.decorator';
import { DatabaseService } from '../infrastructure/database.service';
import { notFound } from '../infrastructure/problems';
import { LOGGER } from '../infrastructure/tokens';
import { ApiNotFoundProblem, ApiProblemResponses } from '../issues/dto/problem.dto';
import { InboxNotificationDto } from '../reads/inbox.dto';
import { toNotification, type NotificationRow } from '../reads/inbox.service';
import { instantText } from '../reads/issue-list.query';
import { ReadAllDto, ReadAllResultDto, UnreadCountDto } from './inbox-read-marks.dto';

/**
 * The read marks of a person's inbox: one notification read, all of them up to an instant, and how many are unread.
 * Only the caller's own notifications: one addressed to someone else is answered like one that does not exist.
 * Each mark that changed something is told to the person's event streams (`event: inbox`), on every API process.
 */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('inbox/notifications')
export class InboxReadMarksController {
  constructor(
    private readonly database: DatabaseService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

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
    const before = body?.before;
    const [, marked] = (await (
      await this.database.ensureConnected()
    ).query(
      `UPDATE notifications SET read_at = now()
       WHERE person_id = $1 AND read_at IS NULL AND created_at <= COALESCE($2::timestamptz, now())`,
      [user.id, before ?? null],
    )) as [unknown, number];
    if (marked > 0) await this.tell({ personId: user.id, marked, ...(before ? { before } : {}) });
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
    const dataSource = await this.database.ensureConnected();
    const [changed] = (await dataSource.query(
      `UPDATE notifications SET read_at = now() WHERE id = $1 AND person_id = $2 AND read_at IS NULL RETURNING id`,
      [id, user.id],
    )) as [unknown[], number];
    const [row] = (await dataSource.query(
      `SELECT n.id, n.topic, n.issue_id, (SELECT i.title FROM issues i WHERE i.id = n.issue_id) AS issue_title,
              n.task_id, n.detail, n.created_at, n.read_at, ${instantText('n.created_at')} AS created_key
       FROM notifications n WHERE n.id = $1 AND n.person_id = $2`,
      [id, user.id],
    )) as NotificationRow[];
    if (!row) throw notFound('notification', id);
    if (changed.length) await this.tell({ personId: user.id, notificationId: id, marked: 1 });
    return toNotification(row);
  }

  /**
   * Tells every API process (PostgreSQL NOTIFY), whose event streams tell the person's other tabs. The mark is
   * committed already: a notice that cannot be sent is logged, not answered as an error.
   */
  private async tell(read: Omit<InboxReadNotice, 'at'>): Promise<void> {
    const payload: InboxReadNotice = { ...read, at: new Date().toISOString() };
    try {
      await (
        await this.database.ensureConnected()
      ).query('SELECT pg_notify($1, $2)', [INBOX_READS_CHANNEL, JSON.stringify(payload)]);
    } catch (error) {
      this.logger.warn({ err: error, personId: read.personId }, 'a read mark could not be told to the event streams');
    }
  }
}
