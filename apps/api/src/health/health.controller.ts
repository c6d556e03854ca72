import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { HealthReportDto } from './health.dto';
import { HealthService, type HealthReport } from './health.service';

const EXAMPLE: HealthReport = {
  status: 'ready',
  checks: {
    postgres: { status: 'ready', latencyMs: 2, detail: { appliedMigrations: '1' } },
    temporal: { status: 'ready', latencyMs: 4, detail: { namespace: 'default' } },
    effects: { status: 'ready', latencyMs: 1, failingIssues: 0, oldestFailingSince: null, issues: [] },
    calendar: { status: 'ready', latencyMs: 1, revision: 2, knownYears: [2025, 2026, 2027], missingYears: [] },
  },
  checkedAt: '2026-11-28T08:30:00.000Z',
};

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Readiness of PostgreSQL and Temporal, separately. 200 when both are ready, 503 otherwise. Needs no sign-in. */
  @Public()
  @Get()
  @ApiOperation({
    summary: 'Readiness of PostgreSQL and Temporal',
    description:
      '200 when both are ready, 503 (with `Retry-After`) otherwise, each component with its reason. Needs no sign-in; never rate-limited.',
  })
  @ApiOkResponse({ description: 'Both PostgreSQL and Temporal are ready.', type: HealthReportDto, example: EXAMPLE })
  @ApiServiceUnavailableResponse({
    description: 'At least one component is not ready; its reason is given.',
    type: HealthReportDto,
    headers: {
      'Retry-After': { description: 'seconds to wait before asking again', schema: { type: 'integer', example: 5 } },
    },
    example: {
      ...EXAMPLE,
      status: 'not_ready',
      checks: {
        ...EXAMPLE.checks,
        temporal: { status: 'not_ready', latencyMs: 3000, reason: 'Temporal did not answer within 3000 ms' },
      },
    },
  })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const report = await this.health.report();
    response.status(report.status === 'ready' ? 200 : 503);
    if (report.status !== 'ready') response.setHeader('Retry-After', '5');
    return report;
  }
}
