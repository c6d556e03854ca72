import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/**
 * Times every API request from its arrival to the last byte of the answer, whatever ends it (a handler, a guard's
 * 401 or 429, a validation 400, a 503), and records it under the route's pattern (`/api/v1/issues/:id`, never the
 * concrete path, so the label stays bounded); a request no route matched is recorded as `unmatched`. Event streams
 * (GET /api/v1/events) are not timed: they last as long as their client stays (`unblock_event_streams` counts them).
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      // an event stream lasts as long as its client stays: not a latency
      if (String(response.getHeader('content-type') ?? '').startsWith('text/event-stream')) return;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const pattern = (request.route as { path?: unknown } | undefined)?.path;
      const route = typeof pattern === 'string' ? `${request.baseUrl ?? ''}${pattern}` : 'unmatched';
      this.metrics.observeHttpRequest(request.method, route, response.statusCode, seconds);
    });
    next();
  }
}
