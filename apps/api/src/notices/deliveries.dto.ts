import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { CHANNEL_KINDS, type ChannelKind } from '@unblock/domain';
import { DELIVERY_STATUSES, type DeliveryStatus } from '@unblock/persistence';
import { PageSize } from '../reads/issues.dto';

export const DEFAULT_DELIVERY_PAGE_SIZE = 50;

/** Query of GET /notifications/deliveries: every filter narrows; newest first. */
export class ListDeliveriesQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, example: 'failed' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ example: 'ch_k3f9q2mxa7bd', minLength: 1, maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  channelId?: string;

  @ApiPropertyOptional({ enum: CHANNEL_KINDS, example: 'wecom' })
  @IsOptional()
  @IsIn(CHANNEL_KINDS)
  kind?: ChannelKind;

  @ApiPropertyOptional({ example: 'IS-20261128-7KQ3M2XA5T', minLength: 1, maxLength: 128 })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  issueId?: string;

  @PageSize(DEFAULT_DELIVERY_PAGE_SIZE, 50)
  limit?: number;

  @ApiPropertyOptional({
    description: 'the nextCursor of the previous page (opaque)',
    minLength: 1,
    maxLength: 1000,
    example: 'eyJzIjoibm90aWNlLWRlbGl2ZXJpZXMiLCJrIjpbIjIwMjYtMTEtMjhUMDI6MzA6MDAuMDAwMDAwWiIsInRlc3Q6MSJdfQ',
  })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  cursor?: string;
}

export class DeliveryChannelDto {
  @ApiProperty({ example: 'ch_k3f9q2mxa7bd' }) id: string;
  @ApiProperty({ enum: CHANNEL_KINDS, example: 'wecom' }) kind: string;
  @ApiProperty({ example: '征地拆迁办工作群' }) name: string;
}

/** One notice on one channel, and how sending it went. */
export class DeliveryDto {
  @ApiProperty({
    example: 'IS-20261128-7KQ3M2XA5T:3:0>ch_k3f9q2mxa7bd',
    description: '`<noticeKey>><channelId>`',
  })
  id: string;
  @ApiProperty({ type: DeliveryChannelDto }) channel: DeliveryChannelDto;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'IS-20261128-7KQ3M2XA5T',
    description: 'null for a test message',
  })
  issueId: string | null;
  @ApiProperty({ example: 'task_assigned', description: "the notice's topic (`test` for a test message)" })
  topic: string;
  @ApiProperty({
    enum: DELIVERY_STATUSES,
    example: 'pending',
    description:
      "pending: waits for its turn (a retry, the channel's limit, quiet hours); sending: an attempt is under way; sent: the vendor took it; failed: every attempt failed; cancelled: its channel was disabled",
  })
  status: string;
  @ApiProperty({ type: 'integer', example: 1, description: 'attempts made' }) attempts: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'econnrefused',
    description: 'what the last attempt got: `ok`, `http 500`, `errcode 45009`, `timeout`, `econnrefused`, …',
  })
  lastStatus: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'connect ECONNREFUSED 127.0.0.1:9' }) lastError: string | null;
  @ApiProperty({
    example: false,
    description: 'the last attempt had no answer: the vendor may have taken it, so a resend may repeat it',
  })
  ambiguous: boolean;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: null,
    description: 'held for quiet hours until then',
  })
  holdUntil: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T02:30:10.000Z' }) nextAttemptAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) sentAt: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T02:30:00.000Z' }) createdAt: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '0d6f3c1e-2a4b-4c5d-8e9f-a1b2c3d4e5f6',
    description: 'the message that carried it last',
  })
  messageId: string | null;
}

export class DeliveryListDto {
  @ApiProperty({ type: DeliveryDto, isArray: true, description: 'newest first' }) items: DeliveryDto[];
  @ApiProperty({ nullable: true, type: String, example: null }) nextCursor: string | null;
}
