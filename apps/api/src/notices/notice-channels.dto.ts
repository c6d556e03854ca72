import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { CHANNEL_KINDS, CHANNEL_LIMITS, type ChannelKind } from '@unblock/domain';
import { DELIVERY_STATUSES } from '@unblock/persistence';
import { IsText } from '../infrastructure/text-rule';
import { ToBoolean } from '../reads/query-transforms';
import { ENDPOINT_MAX_LENGTH, SECRET_MAX_LENGTH, SECRET_MIN_LENGTH } from './channel-rules';

const NOT_BLANK = /\S/;
/** The highest vendor limit: a channel's perMinute is checked against its own kind's after the body's types. */
const HIGHEST_LIMIT = Math.max(...CHANNEL_KINDS.map((kind) => CHANNEL_LIMITS[kind].perMinute));
const LIMITS_TEXT = CHANNEL_KINDS.map((kind) => `${kind} ${CHANNEL_LIMITS[kind].perMinute}`).join(', ');

const ENDPOINT_DOC =
  "where the notices go: for `wecom`, `dingtalk`, `feishu` and `webhook` an http(s) URL (the robot's webhook URL: " +
  'WeCom `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…` must carry its `key`, DingTalk ' +
  '`https://oapi.dingtalk.com/robot/send?access_token=…` its `access_token`, Feishu `https://open.feishu.cn/open-apis/bot/v2/hook/…`; ' +
  "any http(s) host is taken, so that a zone's own relay works); for `email` an e-mail address. Never read back: reads show `endpointHint`.";
const SECRET_DOC =
  `the signing secret (${SECRET_MIN_LENGTH}..${SECRET_MAX_LENGTH} characters): required for \`webhook\` (HMAC-SHA256 of each request), ` +
  'optional but recommended for `dingtalk` (加签) and `feishu` (签名), refused for `wecom` (its key is in the URL) and `email`. Never read back: reads show `secretHint`.';

/** Body of POST /notice-channels. */
export class CreateNoticeChannelDto {
  @ApiProperty({ enum: CHANNEL_KINDS, example: 'webhook' })
  @IsIn(CHANNEL_KINDS)
  kind: ChannelKind;

  @ApiProperty({ example: '征地拆迁办工作群', minLength: 1, maxLength: 100 })
  @IsString()
  @IsText()
  @Length(1, 100)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'land_office',
    description:
      "the department whose notices the channel receives (must exist); at most one of departmentId and personId; neither: the whole zone's notices",
    minLength: 1,
    maxLength: 64,
  })
  @IsOptional()
  @IsString()
  @IsText()
  @Length(1, 64)
  departmentId?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'land_office_head',
    description: "the person whose notices the channel receives (must exist), typically with the person's e-mail",
    minLength: 1,
    maxLength: 64,
  })
  @IsOptional()
  @IsString()
  @IsText()
  @Length(1, 64)
  personId?: string | null;

  @ApiProperty({
    example: 'https://systems.zone.example/unblock/notices',
    description: ENDPOINT_DOC,
    minLength: 1,
    maxLength: ENDPOINT_MAX_LENGTH,
  })
  @IsString()
  @IsText()
  @Length(1, ENDPOINT_MAX_LENGTH)
  endpoint: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'whsec-2f9c41d8a1b2',
    description: SECRET_DOC,
    minLength: SECRET_MIN_LENGTH,
    maxLength: SECRET_MAX_LENGTH,
  })
  @IsOptional()
  @IsString()
  @IsText()
  @Length(SECRET_MIN_LENGTH, SECRET_MAX_LENGTH)
  secret?: string | null;

  @ApiPropertyOptional({
    example: false,
    default: false,
    description:
      'hold low-risk notices (not site obstruction, not petitions) outside working hours until the next working period',
  })
  @ValidateIf((dto: CreateNoticeChannelDto) => dto.quietHours !== undefined)
  @IsBoolean()
  quietHours?: boolean;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    example: 10,
    minimum: 1,
    maximum: HIGHEST_LIMIT,
    description: `a limit lower than the vendor's, messages a minute (at most the kind's own: ${LIMITS_TEXT}); null or left out: the vendor's`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(HIGHEST_LIMIT)
  perMinute?: number | null;
}

/** Body of PATCH /notice-channels/{id}: only what it names changes. */
export class UpdateNoticeChannelDto {
  @ApiPropertyOptional({ example: '征地拆迁办工作群', minLength: 1, maxLength: 100 })
  @ValidateIf((dto: UpdateNoticeChannelDto) => dto.name !== undefined)
  @IsString()
  @IsText()
  @Length(1, 100)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name?: string;

  @ApiPropertyOptional({
    example: 'https://systems.zone.example/unblock/notices',
    description: `${ENDPOINT_DOC} Checked against the channel's kind.`,
    minLength: 1,
    maxLength: ENDPOINT_MAX_LENGTH,
  })
  @ValidateIf((dto: UpdateNoticeChannelDto) => dto.endpoint !== undefined)
  @IsString()
  @IsText()
  @Length(1, ENDPOINT_MAX_LENGTH)
  endpoint?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'whsec-7d1e09b3c4d5',
    description: `${SECRET_DOC} null removes it (not for a webhook).`,
    minLength: SECRET_MIN_LENGTH,
    maxLength: SECRET_MAX_LENGTH,
  })
  @IsOptional()
  @IsString()
  @IsText()
  @Length(SECRET_MIN_LENGTH, SECRET_MAX_LENGTH)
  secret?: string | null;

  @ApiPropertyOptional({ example: true })
  @ValidateIf((dto: UpdateNoticeChannelDto) => dto.quietHours !== undefined)
  @IsBoolean()
  quietHours?: boolean;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    example: 10,
    minimum: 1,
    maximum: HIGHEST_LIMIT,
    description: "a limit lower than the vendor's (at most the kind's own); null: the vendor's",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(HIGHEST_LIMIT)
  perMinute?: number | null;

  @ApiPropertyOptional({
    example: false,
    description:
      'false disables the channel (its waiting deliveries are cancelled); true enables it again and wakes its courier',
  })
  @ValidateIf((dto: UpdateNoticeChannelDto) => dto.enabled !== undefined)
  @IsBoolean()
  enabled?: boolean;
}

/** Query of GET /notice-channels: every filter narrows. */
export class ListNoticeChannelsQueryDto {
  @ApiPropertyOptional({ enum: CHANNEL_KINDS, example: 'wecom' })
  @IsOptional()
  @IsIn(CHANNEL_KINDS)
  kind?: ChannelKind;

  @ApiPropertyOptional({ example: 'land_office', minLength: 1, maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  departmentId?: string;

  @ApiPropertyOptional({ example: 'land_office_head', minLength: 1, maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  personId?: string;

  @ApiPropertyOptional({ type: Boolean, example: true })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  enabled?: boolean;
}

export class ChannelLimitDto {
  @ApiProperty({
    type: 'integer',
    example: 20,
    description: "messages a minute: the channel's own limit, or its vendor's",
  })
  perMinute: number;
  @ApiPropertyOptional({
    type: 'integer',
    example: 5,
    description: 'messages a second, where the vendor limits that too',
  })
  perSecond?: number;
}

export class DeliveryCountsDto {
  @ApiProperty({ type: 'integer', example: 2 }) pending: number;
  @ApiProperty({ type: 'integer', example: 0 }) sending: number;
  @ApiProperty({ type: 'integer', example: 41 }) sent: number;
  @ApiProperty({ type: 'integer', example: 1 }) failed: number;
  @ApiProperty({ type: 'integer', example: 0 }) cancelled: number;
}

/** A channel as every read shows it: never its endpoint URL or its secret. */
export class NoticeChannelDto {
  @ApiProperty({ example: 'ch_k3f9q2mxa7bd' }) id: string;
  @ApiProperty({ enum: CHANNEL_KINDS, example: 'wecom' }) kind: string;
  @ApiProperty({ example: '征地拆迁办工作群' }) name: string;
  @ApiProperty({ type: String, nullable: true, example: 'land_office' }) departmentId: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) personId: string | null;
  @ApiProperty({
    example: '••••a1b2',
    description:
      "a URL's last four characters only (a robot's URL is its credential); an e-mail channel's address in full (where notices go is no secret)",
  })
  endpointHint: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '••••c3d4',
    description: "the secret's last four characters; null when the channel has none",
  })
  secretHint: string | null;
  @ApiProperty({ example: true }) enabled: boolean;
  @ApiProperty({ example: false }) quietHours: boolean;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: null,
    description: "the channel's own limit, messages a minute; null: the vendor's",
  })
  perMinute: number | null;
  @ApiProperty({ type: ChannelLimitDto, description: 'the limit the channel sends within' }) limit: ChannelLimitDto;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: null,
    description: 'the vendor refuses messages until then (it said the robot passed its limit)',
  })
  pausedUntil: string | null;
  @ApiProperty({
    type: 'integer',
    example: 0,
    description: "times a message waited for the channel's limit (its own count, or the vendor's answer)",
  })
  rateLimited: number;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T02:30:00.000Z' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, example: 'admin' }) createdBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) disabledAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) disabledBy: string | null;
  @ApiProperty({ type: DeliveryCountsDto, description: "the channel's deliveries by status" })
  deliveries: DeliveryCountsDto;
}

export class NoticeChannelListDto {
  @ApiProperty({ type: NoticeChannelDto, isArray: true, description: 'oldest first' }) items: NoticeChannelDto[];
}

export class TestDeliveryDto {
  @ApiProperty({ example: 'test:5f1c2a9e-7b3d-4c1e-9a2f-0d8e6b4c3a21>ch_k3f9q2mxa7bd' }) id: string;
  @ApiProperty({ example: 'ch_k3f9q2mxa7bd' }) channelId: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, example: 'pending' }) status: string;
  @ApiProperty({
    example: '/api/v1/notifications/deliveries/test%3A5f1c2a9e-7b3d-4c1e-9a2f-0d8e6b4c3a21%3Ech_k3f9q2mxa7bd',
    description: 'the delivery, to follow how it goes (also the Location header)',
  })
  link: string;
}
