import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuthService } from './auth.service';
import type { AuthenticatedUser } from './authenticated-user';
import { IS_PUBLIC } from './public.decorator';

/** Every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new UnauthorizedException({
        type: '/problems/unauthenticated',
        title: 'Unauthenticated',
        status: 401,
        detail: 'Sign in with POST /api/v1/auth/token and send "Authorization: Bearer <token>".',
      });
    }
    const user = await this.auth.userOf(match[1]);
    if (!user) {
      throw new UnauthorizedException({
        type: '/problems/invalid-token',
        title: 'Invalid token',
        status: 401,
        detail: 'The bearer token is invalid or has expired; sign in again.',
      });
    }
    request.user = user;
    return true;
  }
}
