import { Catch, ServiceUnavailableException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { describeDatabaseError } from '@unblock/persistence';
import type { ProblemDetails } from '../infrastructure/problem-details.filter';
import { isDatabaseUnavailable } from './database-errors';

/** Seconds a client is asked to wait before trying again when PostgreSQL is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export function databaseUnavailableProblem(): ProblemDetails {
  return {
    type: '/problems/database-unavailable',
    title: 'Service unavailable',
    status: 503,
    detail: 'The database cannot be reached right now; try again shortly.',
  };
}

/**
 * Answers a request that failed because PostgreSQL cannot be reached (wherever that happened: a guard signing the
 * user in, a read service, a write) with 503, `Retry-After` and a problem body, and hands every other exception on
 * to the product's problem-details filter unchanged. Installed in place of that filter, wrapping it, because Nest
 * picks the first global filter that catches an exception and the problem-details filter catches everything.
 */
@Catch()
export class ServiceUnavailableFilter implements ExceptionFilter {
  constructor(
    private readonly next: ExceptionFilter,
    private readonly logger?: Logger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() === 'http' && isDatabaseUnavailable(exception)) {
      const response = host.switchToHttp().getResponse<Response>();
      this.logger?.warn(
        { reason: describeDatabaseError(exception), path: response.req?.originalUrl },
        'PostgreSQL is unavailable; answered 503',
      );
      if (!response.headersSent) response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      this.next.catch(new ServiceUnavailableException(databaseUnavailableProblem()), host);
      return;
    }
    this.next.catch(exception, host);
  }
}
