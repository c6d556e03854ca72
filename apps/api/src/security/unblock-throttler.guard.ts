import { HttpException, HttpStatus, Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { ProblemDetails } from '../infrastructure/problem-details.filter';

export const USER_THROTTLER = 'user';
export const ADDRESS_THROTTLER = 'address';

/**
 * The throttler guard with one budget per throttler across all routes (the library's default key is per route),
 * a plain `Retry-After` header and a problem-details 429. Which throttler tracks what is set in SecurityModule.
 */
@Injectable()
export class UnblockThrottlerGuard extends ThrottlerGuard {
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const response = context.switchToHttp().getResponse<Response>();
    const request = context.switchToHttp().getRequest<Request>();
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    response.setHeader('Retry-After', String(retryAfter));
    const who = detail.key.startsWith(`${USER_THROTTLER}:`) ? 'this user' : 'this address';
    const problem: ProblemDetails = {
      type: '/problems/too-many-requests',
      title: 'Too many requests',
      status: 429,
      detail: `More than ${detail.limit} requests a minute from ${who}; try again in ${retryAfter} s.`,
      instance: request.originalUrl,
    };
    throw new HttpException(problem, HttpStatus.TOO_MANY_REQUESTS);
  }
}
