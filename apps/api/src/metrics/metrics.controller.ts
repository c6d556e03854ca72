import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Header, Inject, Req, Res, UnauthorizedException } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/public.decorator';
import { METRICS_TOKEN_SCHEME } from '../openapi-document';
import { MetricsService } from './metrics.service';
import { METRICS_TOKEN } from './metrics.tokens';

const EXAMPLE = `# HELP unblock_issue_intake_total Blocking issues taken in (intake), by category.
# TYPE unblock_issue_intake_total counter
unblock_issue_intake_total{category="land_acquisition"} 12
# HELP unblock_escalations Escalation steps recorded, by ladder level (1 = department head).
# TYPE unblock_escalations gauge
unblock_escalations{level="1"} 7
# HELP unblock_http_request_duration_seconds API request latency in seconds, by method, route pattern and status code.
# TYPE unblock_http_request_duration_seconds histogram
unblock_http_request_duration_seconds_bucket{le="0.025",method="GET",route="/api/v1/issues",status="200"} 41
`;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(METRICS_TOKEN) private readonly token: string | undefined,
  ) {}

  @Public()
  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Prometheus metrics',
    description:
      'Prometheus text exposition (version 0.0.4). Needs no user sign-in; when the API runs with `METRICS_TOKEN` set, ' +
      'the scraper must send `Authorization: Bearer <METRICS_TOKEN>` (a static token, not a user JWT). Rate-limited per address.',
  })
  // no token, or METRICS_TOKEN when the API runs with one
  @ApiSecurity({})
  @ApiSecurity(METRICS_TOKEN_SCHEME)
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'The metrics.',
    content: { 'text/plain': { schema: { type: 'string' }, example: EXAMPLE } },
  })
  @ApiUnauthorizedResponse({ description: 'METRICS_TOKEN is set and the request does not carry it (problem details).' })
  async scrape(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (this.token !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
      if (!match || !sameSecret(match[1], this.token)) {
        throw new UnauthorizedException({
          type: '/problems/unauthenticated',
          title: 'Unauthenticated',
          status: 401,
          detail: 'Send "Authorization: Bearer <METRICS_TOKEN>".',
        });
      }
    }
    const { contentType, body } = await this.metrics.scrape();
    // exactly the exposition format's content type (Express's send() would add a charset parameter of its own)
    response.status(200).setHeader('Content-Type', contentType);
    response.end(body);
  }
}
