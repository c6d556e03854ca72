import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import type { UnblockConfig } from '@unblock/config';
import { CONFIG } from '../infrastructure/tokens';
import { RATE_LIMIT_SETTINGS, readRateLimitSettings, type RateLimitSettings } from './rate-limit.settings';
import { rateLimitAddressOf, rateLimitUserOf } from './request-identity';
import { ADDRESS_THROTTLER, UnblockThrottlerGuard, USER_THROTTLER } from './unblock-throttler.guard';

const MINUTE_MS = 60_000;

function requestOf(context: { switchToHttp(): { getRequest<T>(): T } }): Request {
  return context.switchToHttp().getRequest<Request>();
}

/** The two budgets: per signed-in user (requests without a valid token skip it) and per client address. */
export function throttlerOptions(settings: RateLimitSettings, jwt: JwtService): ThrottlerModuleOptions {
  return {
    // /health is for probes and load balancers
    skipIf: (context) => requestOf(context).path === '/health',
    throttlers: [
      {
        name: USER_THROTTLER,
        ttl: MINUTE_MS,
        limit: settings.perUserPerMinute,
        skipIf: (context) => rateLimitUserOf(requestOf(context), jwt) === null,
        getTracker: (request) => rateLimitUserOf(request as Request, jwt) ?? '-',
      },
      {
        name: ADDRESS_THROTTLER,
        ttl: MINUTE_MS,
        limit: settings.perAddressPerMinute,
        getTracker: (request) => rateLimitAddressOf(request as Request),
      },
    ],
  };
}

/**
 * Rate limiting, per signed-in user and per client address, each over a sliding minute: a global guard that
 * answers 429 with Retry-After and a problem body. It verifies the bearer token itself (no database), so it does
 * not depend on running after the authentication guard; imported before AuthModule, it also runs first, and a
 * flood of requests with bad tokens is limited before anything touches PostgreSQL.
 *
 * Limits: RATE_LIMIT_PER_MINUTE (per user, default 600) and RATE_LIMIT_PER_ADDRESS_PER_MINUTE (default twice
 * that), read from the environment at start. Budgets live in the process's memory: with several API processes
 * behind a balancer, each keeps its own.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [CONFIG],
      useFactory: (config: UnblockConfig): ThrottlerModuleOptions =>
        throttlerOptions(
          readRateLimitSettings(),
          new JwtService({ secret: config.auth.jwtSecret ?? '', verifyOptions: { issuer: 'unblock' } }),
        ),
    }),
  ],
  providers: [
    { provide: RATE_LIMIT_SETTINGS, useFactory: (): RateLimitSettings => readRateLimitSettings() },
    { provide: APP_GUARD, useClass: UnblockThrottlerGuard },
  ],
  exports: [RATE_LIMIT_SETTINGS],
})
export class SecurityModule {}
