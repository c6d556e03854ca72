import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ComponentHealth, ComponentStatus, HealthReport } from './health.service';

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

export class HealthChecksDto {
  @ApiProperty({ type: ComponentHealthDto }) postgres: ComponentHealthDto;
  @ApiProperty({ type: ComponentHealthDto }) temporal: ComponentHealthDto;
}

export class HealthReportDto implements HealthReport {
  @ApiProperty({ enum: STATUSES, example: 'ready', description: 'ready when every component is' })
  status: ComponentStatus;
  @ApiProperty({ type: HealthChecksDto }) checks: HealthChecksDto;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T08:30:00.000Z' }) checkedAt: string;
}
