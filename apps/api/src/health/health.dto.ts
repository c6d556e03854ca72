import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  CalendarHealth,
  ComponentHealth,
  ComponentStatus,
  EffectsHealth,
  EffectsStatus,
  HealthReport,
} from './health.service';

const STATUSES = ['ready', 'not_ready'];

export class ComponentHealthDto implements ComponentHealth {
  @ApiProperty({ enum: STATUSES, example: 'ready' }) status: ComponentStatus;
  @ApiProperty({ type: 'integer', example: 2, description: 'how long the check took' }) latencyMs: number;
  @ApiPropertyOptional({
    example: 'Temporal did not answer within 3000 ms',
    description: 'why the component is not ready',
  })
  reason?: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { appliedMigrations: '1' },
    description: 'facts of a ready component',
  })
  detail?: Record<string, string>;
}

export class FailingEffectsDto {
  @ApiProperty({ example: 'GX-ROAD-01-20261128-0001' }) issueId: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T08:20:00.000Z', description: 'the first failed attempt' })
  since: string;
  @ApiProperty({ type: 'integer', example: 4 }) attempts: number;
  @ApiProperty({ example: 'relation "escalations" does not exist' }) lastError: string;
}

export class EffectsHealthDto implements EffectsHealth {
  @ApiProperty({
    enum: ['ready', 'degraded', 'unknown'],
    example: 'ready',
    description:
      "ready: every issue's effects are written; degraded: some could not be written at their last attempt (the issues keep deciding, and the writes are retried); unknown: PostgreSQL cannot be asked",
  })
  status: EffectsStatus;
  @ApiProperty({ type: 'integer', example: 1 }) latencyMs: number;
  @ApiProperty({ type: 'integer', example: 0, description: 'issues whose effects failed at their last attempt' })
  failingIssues: number;
  @ApiProperty({ format: 'date-time', example: null, nullable: true, type: String }) oldestFailingSince: string | null;
  @ApiProperty({ type: FailingEffectsDto, isArray: true, description: 'the oldest failing issues (at most 10)' })
  issues: FailingEffectsDto[];
}

export class CalendarHealthDto implements CalendarHealth {
  @ApiProperty({
    enum: ['ready', 'degraded', 'unknown'],
    example: 'degraded',
    description:
      'ready: the calendar knows the current year (and from 1 November the next); degraded: one is missing, its deadlines count weekends only (calendar unconfirmed); unknown: PostgreSQL cannot be asked',
  })
  status: EffectsStatus;
  @ApiProperty({ type: 'integer', example: 1 }) latencyMs: number;
  @ApiPropertyOptional({ type: 'integer', example: 1, description: 'the calendar revision in force' })
  revision?: number;
  @ApiProperty({ type: [Number], example: [2025, 2026] }) knownYears: number[];
  @ApiProperty({ type: [Number], example: [2027] }) missingYears: number[];
  @ApiPropertyOptional({
    example:
      '2027 年放假调休安排尚未载入：落在 2027 年的时限只按周末计算，标为"日历未确认"。请督查室或管理员在国务院办公厅通知发布后载入：PUT /api/v1/calendar/years/2027',
  })
  detail?: string;
}

export class HealthChecksDto {
  @ApiProperty({ type: ComponentHealthDto }) postgres: ComponentHealthDto;
  @ApiProperty({ type: ComponentHealthDto }) temporal: ComponentHealthDto;
  @ApiProperty({
    type: EffectsHealthDto,
    description: "the writing of each issue's effects (read model, record, notices) behind its decisions",
  })
  effects: EffectsHealthDto;
  @ApiProperty({
    type: CalendarHealthDto,
    description: 'whether the working calendar knows the years deadlines fall in',
  })
  calendar: CalendarHealthDto;
}

export class HealthReportDto implements HealthReport {
  @ApiProperty({ enum: STATUSES, example: 'ready', description: 'ready when every component is' })
  status: ComponentStatus;
  @ApiProperty({ type: HealthChecksDto }) checks: HealthChecksDto;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T08:30:00.000Z' }) checkedAt: string;
}
