import { BadRequestException, createParamDecorator, HttpStatus, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

export const IDEMPOTENCY_KEY_DOC = {
  name: IDEMPOTENCY_KEY_HEADER,
  required: false,
  description:
    '1..200 visible ASCII characters (a UUID, say). The same key from the same user with the same body is answered with the first result; never repeated.',
  example: '7c4f2a9e-2b1d-4c39-9b8e-0f3d5a1c6e21',
};

/** The `Idempotency-Key` header, checked (1..200 visible ASCII characters), or undefined when it is not sent. */
export function idempotencyKeyOf(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) ? raw.join(',') : raw;
  const problem =
    value.length < 1 || value.length > 200
      ? { rule: 'isLength', message: `${IDEMPOTENCY_KEY_HEADER} must be 1 to 200 characters long` }
      : !/^[\x21-\x7e]+$/.test(value)
        ? { rule: 'matches', message: `${IDEMPOTENCY_KEY_HEADER} must be visible ASCII characters only (no spaces)` }
        : undefined;
  if (problem) {
    throw new BadRequestException({
      type: '/problems/validation',
      title: 'Invalid request',
      status: HttpStatus.BAD_REQUEST,
      detail: `${IDEMPOTENCY_KEY_HEADER}: ${problem.message}`,
      errors: [{ field: IDEMPOTENCY_KEY_HEADER, ...problem }],
    });
  }
  return value;
}

/** The request's checked `Idempotency-Key` (documented with `@ApiHeader(IDEMPOTENCY_KEY_DOC)`). */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined =>
  idempotencyKeyOf(context.switchToHttp().getRequest<Request>().headers['idempotency-key']),
);
