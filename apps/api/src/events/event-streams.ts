import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { Gauge } from 'prom-client';
import type { InboxReadNotice, IssueChangeNotice } from '@unblock/contracts';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { canViewIssue } from '../auth/issue-access';
import type { ProblemDetails } from '../infrastructure/problem-details.filter';
import { LOGGER } from '../infrastructure/tokens';
import { MetricsService } from '../metrics/metrics.service';
import { EVENT_STREAM_SETTINGS, type EventStreamSettings } from './event-stream.settings';
import { IssueChangeListener } from './issue-change-listener';

/** A comment line this often keeps proxies and the client from taking a quiet stream for a dead one. */
export const PING_EVERY_MS = 15_000;
/** How long a client waits before it reconnects (the stream's `retry:` field). */
export const RECONNECT_AFTER_MS = 3_000;
/** A client that stops reading: once this much is waiting to be sent to it, its stream is closed (it reconnects). */
const MAX_UNSENT_BYTES = 1024 * 1024;
/** Seconds a client told 429 waits before it opens another stream. */
const RETRY_AFTER_SECONDS = 5;
/** The longest a timer may wait (setTimeout's limit, about 24.8 days). */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** One server-sent event, as the stream carries it. */
function sse(event: string, data: unknown, id?: string): string {
  return `event: ${event}\n${id !== undefined ? `id: ${id}\n` : ''}data: ${JSON.stringify(data)}\n\n`;
}

interface OpenStream {
  user: AuthenticatedUser;
  response: Response;
  /** ends the stream from the server's side */
  close(reason: string): void;
}

/**
 * The open event streams of this API process (GET /api/v1/events) and the fan-out to them: every change the
 * listener hears goes to the streams whose user may see the issue (the rule of canViewIssue, from what the notice
 * carries: its reporter, every department that has or had a task on it) or whom the write named (an inbox notice, an
 * escalation). A client learns only the issue, its sequence number, what changed and when, and refetches what it
 * shows; never who else was told.
 *
 * Streams are bounded per user and in total (EVENT_STREAMS_PER_USER, EVENT_STREAMS_MAX; 429 beyond), end when the
 * client goes, when its token expires, when it stops reading, and all at once when the API shuts down (before the
 * HTTP server closes, which would otherwise wait for them).
 */
@Injectable()
export class EventStreams implements OnModuleInit, BeforeApplicationShutdown {
  private readonly streams = new Set<OpenStream>();
  private readonly perUser = new Map<string, number>();
  private readonly unsubscribe: Array<() => void> = [];
  private closing = false;

  constructor(
    private readonly listener: IssueChangeListener,
    @Inject(EVENT_STREAM_SETTINGS) private readonly settings: EventStreamSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: MetricsService,
  ) {
    const { streams } = this;
    const deaf = () => listener.deaf !== undefined;
    new Gauge({
      name: 'unblock_event_streams',
      help: 'Event streams (GET /api/v1/events) open on this API process.',
      registers: [metrics.registry],
      collect() {
        this.set(streams.size);
      },
    });
    new Gauge({
      name: 'unblock_events_listening',
      help: 'Whether this API process hears the changes of issues from PostgreSQL (LISTEN): 1 yes, 0 not now.',
      registers: [metrics.registry],
      collect() {
        this.set(deaf() ? 0 : 1);
      },
    });
  }

  onModuleInit(): void {
    this.unsubscribe.push(
      this.listener.on('change', (notice) => this.tell(notice)),
      this.listener.on('inboxRead', (read) => this.tellReader(read)),
      this.listener.on('lost', ({ since }) =>
        this.broadcast(sse('gap', { listening: false, since: since.toISOString() })),
      ),
      this.listener.on('listening', ({ since, until }) =>
        this.broadcast(sse('gap', { listening: true, since: since.toISOString(), until: until.toISOString() })),
      ),
    );
  }

  /** Ends every stream before the HTTP server closes (it waits for open responses). */
  beforeApplicationShutdown(): void {
    this.closing = true;
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
    for (const stream of [...this.streams]) stream.close('the API is shutting down');
  }

  /** How many streams are open (for a user, or in all). */
  count(userId?: string): number {
    return userId === undefined ? this.streams.size : (this.perUser.get(userId) ?? 0);
  }

  /**
   * Opens a stream for the user on this response: refused (429 problem) beyond the limits, before anything is sent;
   * `expiresAt` (epoch ms): when the user's token stops being valid, and the stream ends.
   */
  open(user: AuthenticatedUser, request: Request, response: Response, expiresAt?: number): void {
    if (this.closing) throw new HttpException(this.problem(503, 'The API is shutting down.'), 503);
    if (this.count(user.id) >= this.settings.perUser)
      this.refuse(
        response,
        `At most ${this.settings.perUser} event streams may be open at once for one user; close one (another tab) first.`,
      );
    if (this.streams.size >= this.settings.total)
      this.refuse(response, `This API process has ${this.settings.total} event streams open, its limit.`);

    response.status(HttpStatus.OK);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    // not stored, not transformed (a proxy may not compress or buffer it), not buffered by nginx
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('X-Accel-Buffering', 'no');
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    request.socket.setNoDelay(true);
    request.socket.setKeepAlive(true);
    response.flushHeaders();

    const timers: NodeJS.Timeout[] = [];
    const stop = () => timers.forEach((timer) => clearTimeout(timer));
    const stream: OpenStream = {
      user,
      response,
      close: (reason) => {
        stop();
        if (!this.forget(stream)) return;
        this.logger.debug({ userId: user.id, reason }, 'event stream closed by the server');
        // the connection goes with the stream: nothing else is ever sent on it
        response.once('finish', () => response.socket?.end());
        response.end();
      },
    };
    this.streams.add(stream);
    this.perUser.set(user.id, this.count(user.id) + 1);
    response.once('close', () => {
      stop();
      this.forget(stream);
    });
    timers.push(setInterval(() => this.write(stream, ': ping\n\n'), PING_EVERY_MS));
    if (expiresAt !== undefined)
      timers.push(
        setTimeout(
          () => stream.close('the token expired'),
          Math.min(LONGEST_TIMER_MS, Math.max(0, expiresAt - Date.now())),
        ),
      );

    this.write(stream, `retry: ${RECONNECT_AFTER_MS}\n\n${sse('ready', { userId: user.id })}`);
    const deaf = this.listener.deaf;
    // opened while PostgreSQL is away: changes are not heard now; the client refetches once `listening` comes
    if (deaf) this.write(stream, sse('gap', { listening: false, since: deaf.toISOString() }));
  }

  /** Sends a change to every stream whose user may see the issue or was named by the write. */
  private tell(notice: IssueChangeNotice): void {
    if (notice.recipientsTruncated)
      this.logger.warn({ issueId: notice.issueId }, 'an issue change notice named more people than it could carry');
    const facts = {
      reporterId: notice.reporterId,
      activeDepartments: notice.departmentIds,
      involvedDepartments: notice.departmentIds,
    };
    const message = sse(
      'issue',
      { issueId: notice.issueId, sequence: notice.sequence, changes: notice.changes, at: notice.at },
      `${notice.issueId}:${notice.sequence}`,
    );
    for (const stream of this.streams) {
      if (canViewIssue(stream.user, facts) || notice.recipients.includes(stream.user.id)) this.write(stream, message);
    }
  }

  /** Sends a read mark to the streams of the person who marked (their other tabs), and to no one else. */
  private tellReader(read: InboxReadNotice): void {
    const { personId, ...data } = read;
    const message = sse('inbox', data);
    for (const stream of this.streams) if (stream.user.id === personId) this.write(stream, message);
  }

  private broadcast(message: string): void {
    for (const stream of this.streams) this.write(stream, message);
  }

  private write(stream: OpenStream, chunk: string): void {
    const { response } = stream;
    if (response.writableEnded || response.destroyed) return;
    if (response.writableLength > MAX_UNSENT_BYTES) {
      stream.close('the client does not read its stream');
      return;
    }
    response.write(chunk);
  }

  /** Takes the stream off the books; false when it was not on them (any more). */
  private forget(stream: OpenStream): boolean {
    if (!this.streams.delete(stream)) return false;
    const left = this.count(stream.user.id) - 1;
    if (left > 0) this.perUser.set(stream.user.id, left);
    else this.perUser.delete(stream.user.id);
    return true;
  }

  private problem(status: number, detail: string): ProblemDetails {
    return status === 429
      ? { type: '/problems/too-many-streams', title: 'Too many event streams', status, detail }
      : { type: '/problems/shutting-down', title: 'Service unavailable', status, detail };
  }

  private refuse(response: Response, detail: string): never {
    response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    throw new HttpException(this.problem(429, detail), HttpStatus.TOO_MANY_REQUESTS);
  }
}
