import { Controller, Get, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthService } from '../auth/auth.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/public.decorator';
import { ProblemDetailsDto } from '../issues/dto/problem.dto';
import { EventStreams, PING_EVERY_MS, RECONNECT_AFTER_MS } from './event-streams';

const EXAMPLE_STREAM =
  `retry: ${RECONNECT_AFTER_MS}\n\n` +
  'event: ready\ndata: {"userId":"land_office_staff"}\n\n' +
  'event: issue\nid: IS-20261128-0001:3\n' +
  'data: {"issueId":"IS-20261128-0001","sequence":3,"changes":["issue","task","notification"],"at":"2026-11-28T01:12:00.000Z"}\n\n' +
  ': ping\n\n';

const DESCRIPTION = [
  "Server-sent events (`text/event-stream`) about the issues the caller may see: the same rule as `GET /issues/{id}` (leaders and the dispatcher: every issue; a department's staff and head: those their department has or had a task on; anyone: what they filed), and any issue whose inbox notice or escalation names the caller. The API hears every committed change from PostgreSQL (`LISTEN`/`NOTIFY` sent in the transaction that writes an issue's effects), not by polling.",
  '',
  'Messages:',
  '- `event: ready`, on open: `{"userId"}`;',
  '- `event: issue`, `id: <issueId>:<sequence>`: `{"issueId", "sequence", "changes", "at"}`, where `changes` lists what the write touched (`issue`, `task`, `escalation`, `notification`, `instruction`, `extension`); the client refetches what it shows;',
  '- `event: inbox`, to the caller alone: the caller marked notifications read (in this tab or another): `{"notificationId", "marked", "at"}` for one, `{"marked", "before", "at"}` for all up to an instant (`before` absent: until `at`);',
  '- `event: gap`: the API stopped hearing changes (`{"listening": false, "since"}`, PostgreSQL went away) or hears them again (`{"listening": true, "since", "until"}`): whatever changed in between was not sent, refetch;',
  `- \`: ping\`, a comment every ${PING_EVERY_MS / 1000} s; \`retry: ${RECONNECT_AFTER_MS}\` on open.`,
  '',
  'Send the token as `Authorization: Bearer` (a fetch-based client; never in the URL). The stream ends when the token expires and when the API shuts down; reconnect and refetch. At most `EVENT_STREAMS_PER_USER` (10) streams per user and `EVENT_STREAMS_MAX` (1000) per API process are open at once (429 beyond).',
].join('\n');

@ApiTags('events')
@ApiBearerAuth()
@ApiExtraModels(ProblemDetailsDto)
@Controller('events')
export class EventsController {
  constructor(
    private readonly streams: EventStreams,
    private readonly auth: AuthService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Live changes of the issues the caller may see (server-sent events)',
    description: DESCRIPTION,
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'The stream: open until the client goes, its token expires or the API shuts down.',
    content: { 'text/event-stream': { schema: { type: 'string' }, example: EXAMPLE_STREAM } },
  })
  @ApiResponse({
    status: 429,
    description:
      'Too many event streams open (for this user, or on this API process), or too many requests; retry after the seconds in Retry-After.',
    headers: {
      'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'integer', example: 5 } },
    },
    content: {
      'application/problem+json': {
        schema: { $ref: getSchemaPath(ProblemDetailsDto) },
        example: {
          type: '/problems/too-many-streams',
          title: 'Too many event streams',
          status: 429,
          detail: 'At most 10 event streams may be open at once for one user; close one (another tab) first.',
          instance: '/api/v1/events',
        },
      },
    },
  })
  stream(@CurrentUser() user: AuthenticatedUser, @Req() request: Request, @Res() response: Response): void {
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    this.streams.open(user, request, response, token ? this.auth.expiryOf(token) : undefined);
  }
}
