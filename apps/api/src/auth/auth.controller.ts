import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { DemoUsersDto, TokenRequestDto, TokenResponseDto, UserDto } from './auth.dto';
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
  @ApiOperation({
    summary: 'Sign in',
    description:
      'Username and password → a bearer token (JWT) for `Authorization: Bearer <token>`, and the user. Needs no token; rate-limited per address.',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password (problem details).' })
  token(@Body() body: TokenRequestDto): Promise<TokenResponseDto> {
    return this.auth.signIn(body.username, body.password);
  }

  /** In demo mode, the demo zone's people, for the sign-in page to offer; otherwise none. */
  @Public()
  @Get('auth/demo-users')
  @ApiOperation({
    summary: 'Demo users',
    description:
      'With the demo zone loaded (UNBLOCK_DEMO_DATA, the default for `npm start`): its people, to sign in as, and their password. Without it: `demo: false` and no one. Needs no token.',
  })
  @ApiOkResponse({ type: DemoUsersDto })
  demoUsers(): Promise<DemoUsersDto> {
    return this.auth.demoUsers();
  }

  /** Who the token belongs to. */
  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'The signed-in user', description: 'Who the token belongs to: roles and department.' })
  @ApiOkResponse({ type: UserDto })
  @ApiUnauthorizedResponse({ description: 'No token, or an invalid or expired one (problem details).' })
  me(@CurrentUser() user: AuthenticatedUser): UserDto {
    return user;
  }
}
