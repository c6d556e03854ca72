import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { TokenRequestDto, TokenResponseDto, UserDto } from './auth.dto';
import { AuthService } from './auth.service';
import type { AuthenticatedUser } from './authenticated-user';
import { CurrentUser, Public } from './public.decorator';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Username and password → a bearer token (JWT) and the user. */
  @Public()
  @Post('auth/token')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password (problem details).' })
  token(@Body() body: TokenRequestDto): Promise<TokenResponseDto> {
    return this.auth.signIn(body.username, body.password);
  }

  /** Who the token belongs to. */
  @ApiBearerAuth()
  @Get('me')
  @ApiOkResponse({ type: UserDto })
  @ApiUnauthorizedResponse({ description: 'No token, or an invalid or expired one (problem details).' })
  me(@CurrentUser() user: AuthenticatedUser): UserDto {
    return user;
  }
}
