import type { INestApplication } from '@nestjs/common';
import { json, urlencoded } from 'express';
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
}
