import * as fs from 'node:fs';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { static as serveStatic, type NextFunction, type Request, type Response } from 'express';

/** Where the build puts the console (`npm run build:web`): dist/web, beside the compiled apps. */
export const CONSOLE_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'web');

/** Paths that are never the console's: the API, health, the OpenAPI document and its pages, metrics. */
const NOT_THE_CONSOLE = ['/api', '/health', '/docs', '/docs-json', '/metrics'];

/** Hashed file names under /assets change with their content: cached for a year, never revalidated. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and the other unhashed files: revalidated every time (ETag, Last-Modified), so a new build shows. */
const REVALIDATE = 'no-cache';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Unblock: the console is not built</title></head>
<body><h1>The console is not built</h1>
<p>Build it with <code>npm run build:web</code> (or <code>npm run build</code>), then reload. The API is at
<a href="/api/v1">/api/v1</a> and its documentation at <a href="/docs">/docs</a>.</p></body></html>
`;

function isConsolePath(requestPath: string): boolean {
  return !NOT_THE_CONSOLE.some((prefix) => requestPath === prefix || requestPath.startsWith(`${prefix}/`));
}

/** Whether the client asks for a page (a browser navigating sends `Accept: text/html,…`), not for data. */
function wantsPage(request: Request): boolean {
  return (request.headers.accept ?? '').split(',').some((range) => {
    const [type, ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    return type === 'text/html' && !parameters.some((parameter) => /^q=0(\.0*)?$/.test(parameter));
  });
}

/**
 * Serves the built console (dist/web) at `/`, in front of the API's routes: its files as they are (content types by
 * extension; hashed assets under /assets immutable, index.html and the rest revalidated), and the single-page
 * fallback: a GET (or HEAD) of `/`, or of any other path outside /api, /health, /docs and /metrics that is no file
 * and asks for a page (`Accept: text/html`), gets index.html, so that a deep link (/issues/IS-1) opens the console,
 * which routes it. A missing asset stays a 404. When the console is not built, those pages are a short 404 saying
 * how to build it, and everything else answers as before.
 */
export function installConsole(app: INestApplication, directory: string = CONSOLE_DIR): void {
  const index = path.join(directory, 'index.html');
  const files = serveStatic(directory, {
    index: false,
    redirect: false,
    dotfiles: 'ignore',
    fallthrough: true,
    setHeaders: (response, file) => {
      const underAssets = path.relative(path.join(directory, 'assets'), file);
      const hashed = !underAssets.startsWith('..') && !path.isAbsolute(underAssets);
      response.setHeader('Cache-Control', hashed ? IMMUTABLE : REVALIDATE);
    },
  });
  const sendIndex = (request: Request, response: Response, next: NextFunction) => {
    if (!fs.existsSync(index)) {
      response.status(404).setHeader('Cache-Control', 'no-store');
      response.type('html').send(NOT_BUILT_PAGE);
      return;
    }
    response.setHeader('Cache-Control', REVALIDATE);
    response.sendFile(index, { cacheControl: false, dotfiles: 'allow' }, (error?: Error) => {
      if (error && !response.headersSent) next(error);
    });
  };
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !isConsolePath(request.path)) {
      next();
      return;
    }
    if (request.path === '/' || request.path === '/index.html') {
      sendIndex(request, response, next);
      return;
    }
    files(request, response, (error?: unknown) => {
      if (error) next(error);
      else if (request.path.startsWith('/assets/') || !wantsPage(request)) next();
      else sendIndex(request, response, next);
    });
  });
}
