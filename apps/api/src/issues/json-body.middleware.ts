import { HttpStatus, Injectable, UnsupportedMediaTypeException, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { bodyNotAnObject } from '../infrastructure/validation';

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}

/** What the JSON parser reads (express.json's default type): any other body would reach the handler unparsed. */
function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === 'application/json';
}

/**
 * The write routes take JSON only: a body of another type (text/plain, a form, …) is a 415, not a silently empty
 * or form-decoded object; a JSON body must be an object (an array or a scalar is a 400). Malformed JSON and an
 * oversized body (over 100 kB, security/http-protection.ts) are refused before this by the JSON parser
 * (400 `/problems/malformed-json` through `malformedJsonHandler` there, 413); so is a scalar, which the parser
 * does not take (400, the body must be a JSON object, as here).
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    if (!hasBody(request)) return next();
    const contentType = request.headers['content-type'];
    if (!isJson(contentType)) {
      throw new UnsupportedMediaTypeException({
        type: '/problems/unsupported-media-type',
        title: 'Unsupported media type',
        status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        detail: `Send the body as JSON with "Content-Type: application/json" (got ${contentType ? contentType.split(';')[0].trim() : 'no content type'}).`,
      });
    }
    const body: unknown = request.body;
    if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
      throw bodyNotAnObject();
    }
    next();
  }
}
