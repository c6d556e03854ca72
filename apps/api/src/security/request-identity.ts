import type { JwtService } from '@nestjs/jwt';
import { normalizeIp } from '@nestjs/throttler';
import type { Request } from 'express';

const IDENTITY = Symbol('unblock.rateLimitIdentity');

type WithIdentity = Request & { [IDENTITY]?: string | null };

/**
 * The user a request's bearer token names, for rate limiting: the token is verified here (an HMAC, no database),
 * so the per-user budget is kept even before the authentication guard loads the user, and a forged token does not
 * open a fresh budget. Null when there is no valid token. Computed once per request.
 */
export function rateLimitUserOf(request: Request, jwt: JwtService): string | null {
  const cached = (request as WithIdentity)[IDENTITY];
  if (cached !== undefined) return cached;
  let user: string | null = null;
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (match) {
    try {
      const claims = jwt.verify<{ sub?: unknown }>(match[1], { algorithms: ['HS256'] });
      if (typeof claims.sub === 'string' && claims.sub !== '') user = claims.sub;
    } catch {
      user = null;
    }
  }
  (request as WithIdentity)[IDENTITY] = user;
  return user;
}

/** The client address (the socket's, as Express reports it; behind a proxy, set Express's `trust proxy`). */
export function rateLimitAddressOf(request: Request): string {
  return normalizeIp(request.ip ?? request.socket.remoteAddress ?? 'unknown');
}
