import type { Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { BadRequestException, HttpStatus, type INestApplication } from '@nestjs/common';
import { json, urlencoded, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { ProblemDetails } from '../infrastructure/problem-details.filter';
import { bodyNotAnObject } from '../infrastructure/validation';

/** The largest JSON (or form) body the API reads; a larger one is refused with 413 before any handler runs. */
export const BODY_LIMIT = '100kb';

/**
 * Installs on the HTTP application, before any route: security headers (helmet's defaults, with a content security
 * policy that serves the console at / and the Swagger UI at /docs: same-origin scripts, styles and requests, the
 * inline styles Ant Design injects, data: images), and the body parsers
 * with a 100 kB limit (Nest then adds no parsers of its own). A body that is too large or malformed goes to the
 * global exception filter, which answers 413 / 400 as problem details; a request Node's HTTP parser refuses is
 * answered with problem details too (answerClientError).
 */
export function installHttpProtection(app: INestApplication): void {
  app.use(
    helmet({
      // The API is served over plain HTTP (behind a TLS proxy in production, or not): helmet's default
      // `upgrade-insecure-requests` would make browsers fetch the /docs page's scripts over https:// from any host
      // but localhost, and the page would stay blank.
      contentSecurityPolicy: {
        directives: {
          upgradeInsecureRequests: null,
          // the console (and /docs): its own scripts only; its own styles and the inline ones Ant Design injects;
          // images of its own and data: URLs; requests to its own origin only (the API, the event stream)
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
        },
      },
    }),
  );
  app.use(json({ limit: BODY_LIMIT }));
  app.use(urlencoded({ limit: BODY_LIMIT, extended: false }));
  app.use(malformedJsonHandler);
  (app.getHttpServer() as Server).on('clientError', answerClientError);
}

/** Whether a text is JSON (the parser takes objects and arrays only, and refuses `null`, `42`, `"x"` unread). */
function isJson(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Turns the JSON parser's "not JSON" error into the `/problems/malformed-json` problem, or, for JSON that is not an
 * object or an array (`null`, a number, a string, true/false, which the parser does not take), into the 400 saying
 * that the body must be a JSON object. Nest would map the parser's SyntaxError to a bare BadRequestException and
 * lose its type, so this runs first, right after the parser.
 */
export function malformedJsonHandler(error: unknown, _request: Request, _response: Response, next: NextFunction): void {
  const parserError = error as { type?: string; body?: unknown } | null;
  if (parserError?.type === 'entity.parse.failed' && isJson(parserError.body)) {
    next(bodyNotAnObject());
    return;
  }
  if (parserError?.type === 'entity.parse.failed') {
    next(
      new BadRequestException({
        type: '/problems/malformed-json',
        title: 'Malformed JSON',
        status: HttpStatus.BAD_REQUEST,
        detail: 'The request body is not valid JSON.',
      }),
    );
    return;
  }
  next(error);
}

/** What Node's HTTP parser refused, as the problem the client is told (Node's own answer has no body). */
function clientErrorProblem(code: string | undefined): ProblemDetails {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        type: '/problems/headers-too-large',
        title: 'Request header fields too large',
        status: 431,
        detail: 'The request headers are larger than the server accepts.',
      };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return {
        type: '/problems/payload-too-large',
        title: 'Payload too large',
        status: 413,
        detail: 'The chunk extensions of the request body are larger than the server accepts.',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        type: '/problems/request-timeout',
        title: 'Request timeout',
        status: 408,
        detail: 'The request did not arrive in time.',
      };
    case 'HPE_INVALID_URL':
      return {
        type: '/problems/malformed-request',
        title: 'Malformed request',
        status: 400,
        detail:
          'The request target is not a valid URL: characters outside ASCII (and spaces, controls) in the path or the query must be percent-encoded as UTF-8 (征 is %E5%BE%81).',
      };
    default:
      return {
        type: '/problems/malformed-request',
        title: 'Malformed request',
        status: 400,
        detail: 'The request is not valid HTTP/1.1.',
      };
  }
}

/**
 * A request that Node's HTTP parser refuses before any route sees it (a raw, not percent-encoded, UTF-8 byte in the
 * URL; a control character in a header; headers too large; too slow) is answered with problem details, as every
 * other error is, and the connection is closed; Node's default answer is an empty 400.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // as Node does: no answer on a connection that is gone, or whose current response has begun (it would be garbled)
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const problem = clientErrorProblem(error.code);
  const body = JSON.stringify(problem);
  socket.end(
    `HTTP/1.1 ${problem.status} ${problem.title}\r\n` +
      'Content-Type: application/problem+json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
