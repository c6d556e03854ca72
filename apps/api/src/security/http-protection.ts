import { BadRequestException, HttpStatus, type INestApplication } from '@nestjs/common';
import { json, urlencoded, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';

/** The largest JSON (or form) body the API reads; a larger one is refused with 413 before any handler runs. */
export const BODY_LIMIT = '100kb';

/**
 * Installs on the HTTP application, before any route: security headers (helmet's defaults: its content security
 * policy serves the Swagger UI at /docs, whose scripts and styles are all same-origin files), and the body parsers
 * with a 100 kB limit (Nest then adds no parsers of its own). A body that is too large or malformed goes to the
 * global exception filter, which answers 413 / 400 as problem details.
 */
export function installHttpProtection(app: INestApplication): void {
  app.use(
    helmet({
      // The API is served over plain HTTP (behind a TLS proxy in production, or not): helmet's default
      // `upgrade-insecure-requests` would make browsers fetch the /docs page's scripts over https:// from any host
      // but localhost, and the page would stay blank.
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    }),
  );
  app.use(json({ limit: BODY_LIMIT }));
  app.use(urlencoded({ limit: BODY_LIMIT, extended: false }));
  app.use(malformedJsonHandler);
}

/**
 * Turns the JSON parser's "not JSON" error into the `/problems/malformed-json` problem. Nest would map the
 * parser's SyntaxError to a bare BadRequestException and lose its type, so this runs first, right after the parser.
 */
export function malformedJsonHandler(error: unknown, _request: Request, _response: Response, next: NextFunction): void {
  if ((error as { type?: string } | null)?.type === 'entity.parse.failed') {
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
