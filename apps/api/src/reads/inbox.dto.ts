import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ISSUE_STATUSES } from '@unblock/domain';
import { EscalationDto, IssueHeadingDto, PageSize, TaskStateDto } from './issues.dto';
import { ToBoolean } from './query-transforms';

export const DEFAULT_INBOX_PAGE_SIZE = 50;
export const TASK_STATES = ['open', 'ended', 'all'] as const;

class InboxPageQueryDto {
  @PageSize(DEFAULT_INBOX_PAGE_SIZE, 50)
  limit?: number;

  @ApiPropertyOptional({
    description: 'the nextCursor of the previous page (opaque)',
    minLength: 1,
    maxLength: 1000,
    example: 'eyJzIjoidGFza3M6b3BlbiIsImsiOlsiMjAyNi0xMS0yOFQwMjozMDowMC4wMDAwMDBaIiwiaXNzdWUtMSJdfQ',
  })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  cursor?: string;
}

export class InboxTasksQueryDto extends InboxPageQueryDto {
  @ApiPropertyOptional({
    description: 'open (assigned or accepted), ended, or all (open first)',
    enum: TASK_STATES,
    default: 'all',
    example: 'open',
  })
  @IsOptional()
  @IsIn(TASK_STATES)
  state?: (typeof TASK_STATES)[number];
}

export class InboxEscalationsQueryDto extends InboxPageQueryDto {}

export class InboxNotificationsQueryDto extends InboxPageQueryDto {
  @ApiPropertyOptional({ description: 'true: unread only', type: Boolean, example: true })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  unread?: boolean;
}

export class InboxTaskDto extends IntersectionType(IssueHeadingDto, TaskStateDto) {
  @ApiProperty({ example: 'GX-ROAD-01-20261128-0001' }) issueId: string;
  @ApiProperty({ example: 'open', enum: ISSUE_STATUSES }) issueStatus: string;
  @ApiProperty({ example: 'land_office' }) department: string;
  @ApiProperty({ example: true, description: 'assigned or accepted' }) open: boolean;
  @ApiProperty({
    example: 'accept',
    nullable: true,
    enum: ['accept', 'handle'],
    description: 'the deadline that comes next (open tasks)',
  })
  nextDeadline: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T02:30:00.000Z', nullable: true, type: String }) nextDue:
    string | null;
  @ApiProperty({
    example: 5400000,
    nullable: true,
    type: 'integer',
    description: 'milliseconds to the next deadline (negative when past); null for ended tasks',
  })
  timeLeftMs: number | null;
  @ApiProperty({ example: false }) overdue: boolean;
}

export class InboxTaskListDto {
  @ApiProperty({
    type: InboxTaskDto,
    isArray: true,
    description:
      'open tasks first, the most urgent (nearest or most overdue deadline) first; then ended tasks, latest first',
  })
  items: InboxTaskDto[];
  @ApiProperty({ nullable: true, type: String, example: null }) nextCursor: string | null;
}

export class InboxNotificationDto {
  @ApiProperty({ example: 'GX-ROAD-01-20261128-0001:4:0:land_office_head' }) id: string;
  @ApiProperty({ example: 'escalated' }) topic: string;
  @ApiProperty({ example: 'GX-ROAD-01-20261128-0001' }) issueId: string;
  @ApiProperty({ example: '高新大道K2+300段征地补偿争议', nullable: true, type: String }) issueTitle: string | null;
  @ApiProperty({ example: 't1', nullable: true, type: String }) taskId: string | null;
  @ApiProperty({
    example: 'land_office: accept deadline missed, level 1 (department_head)',
    nullable: true,
    type: String,
  })
  detail: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T02:30:00.412Z' }) createdAt: string;
  @ApiProperty({ format: 'date-time', example: null, nullable: true, type: String }) readAt: string | null;
}

export class InboxNotificationListDto {
  @ApiProperty({ type: InboxNotificationDto, isArray: true, description: 'unread first, newest first' })
  items: InboxNotificationDto[];
  @ApiProperty({ nullable: true, type: String, example: null }) nextCursor: string | null;
}

export class InboxEscalationDto extends EscalationDto {
  @ApiProperty({ example: '高新大道K2+300段征地补偿争议' }) issueTitle: string;
  @ApiProperty({ example: 'GX-ROAD-01' }) projectId: string;
  @ApiProperty({ example: '高新大道' }) projectName: string;
  @ApiProperty({ example: 'open' }) issueStatus: string;
  @ApiProperty({ type: 'integer', example: 2, description: "the issue's escalation level now" })
  issueEscalationLevel: number;
  @ApiProperty({
    type: InboxNotificationDto,
    nullable: true,
    description: "the caller's inbox notice (topic 'escalated') for this step",
  })
  notification: InboxNotificationDto | null;
}

export class InboxEscalationListDto {
  @ApiProperty({ type: InboxEscalationDto, isArray: true, description: 'newest first' }) items: InboxEscalationDto[];
  @ApiProperty({ nullable: true, type: String, example: null }) nextCursor: string | null;
}
