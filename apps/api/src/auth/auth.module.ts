import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import type { UnblockConfig } from '@unblock/config';
import { CONFIG } from '../infrastructure/tokens';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [CONFIG],
      useFactory: (config: UnblockConfig) => {
        if (!config.auth.jwtSecret) throw new Error('JWT_SECRET is required to sign API tokens');
        return {
          secret: config.auth.jwtSecret,
          signOptions: { algorithm: 'HS256', issuer: 'unblock' },
          verifyOptions: { issuer: 'unblock' },
        };
      },
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, { provide: APP_GUARD, useClass: JwtAuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
