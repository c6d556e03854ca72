import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, ValidateBy } from 'class-validator';
import { IsText } from '../infrastructure/text-rule';
import { isInstant } from '../reads/cursor';

/** Body of POST /inbox/notifications/read-all (optional). */
export class ReadAllDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2026-11-28T02:30:00.000Z',
    description:
      'marks only the notifications that came until then (an ISO-8601 instant in UTC): what the caller has seen, not what came since; left out: until now',
  })
  @IsOptional()
  @IsString()
  @IsText()
  @ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isInstant(value),
      defaultMessage: () => 'before must be an ISO-8601 instant in UTC, e.g. 2026-11-28T02:30:00.000Z',
    },
  })
  before?: string;
}

export class ReadAllResultDto {
  @ApiProperty({ type: 'integer', example: 3, description: 'notifications marked read now' }) marked: number;
}

export class UnreadCountDto {
  @ApiProperty({ type: 'integer', example: 5 }) unread: number;
}
