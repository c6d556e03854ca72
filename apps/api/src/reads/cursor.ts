import { BadRequestException } from '@nestjs/common';
import { keepsTextRule } from '@unblock/domain';
import type { ProblemDetails } from '../infrastructure/problem-details.filter';

/** A key value in a cursor: timestamps and numerics travel as the exact text PostgreSQL gave. */
export type CursorValue = string | number;

interface CursorPayload {
  /** which list and ordering the cursor belongs to */
  s: string;
  /** the last item's sort key, then its id (or the parts of its primary key) */
  k: CursorValue[];
}

export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
/**
 * An instant PostgreSQL takes as a timestamptz: a real date and time (no 30 February, no 24:00; the same instant read
 * back) from the year 1 on (PostgreSQL has no year 0).
 */
export const isInstant = (value: CursorValue): boolean =>
  typeof value === 'string' &&
  ISO_INSTANT.test(value) &&
  value.slice(0, 4) !== '0000' &&
  !Number.isNaN(Date.parse(value)) &&
  new Date(value).toISOString().slice(0, 19) === value.slice(0, 19);
/** Text of 1..max characters under the text rule (libs/domain/src/text.ts: no NUL, surrogate half or control). */
export const isText =
  (max: number) =>
  (value: CursorValue): boolean =>
    typeof value === 'string' && value.length > 0 && value.length <= max && keepsTextRule(value);
/** A whole number that fits PostgreSQL's `integer` (every integer a cursor carries is one: a level, a group, …). */
export const isInteger = (value: CursorValue): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31;
export const isDecimal = (value: CursorValue): boolean =>
  typeof value === 'string' && /^-?\d{1,16}(\.\d{1,12})?$/.test(value);

/** The opaque cursor after an item: base64url of the ordering's name and the item's sort key. */
export function encodeCursor(scope: string, key: CursorValue[]): string {
  return Buffer.from(JSON.stringify({ s: scope, k: key } satisfies CursorPayload), 'utf8').toString('base64url');
}

export function invalidCursor(
  message = 'cursor is not a cursor this list returned (or it belongs to another sort order)',
): BadRequestException {
  const problem: ProblemDetails = {
    type: '/problems/validation',
    title: 'Invalid request',
    status: 400,
    detail: `cursor: ${message}`,
    errors: [{ field: 'cursor', rule: 'isCursor', message }],
  };
  return new BadRequestException(problem);
}

/**
 * The key a cursor carries, checked part by part against `checks`; a cursor from another list or ordering, or one
 * that was tampered with, is a 400 naming `cursor`.
 */
export function decodeCursor(
  raw: string,
  scope: string,
  checks: Array<(value: CursorValue) => boolean>,
): CursorValue[] {
  if (raw.length > 1_000 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw invalidCursor();
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const candidate = payload as Partial<CursorPayload> | null;
  if (
    !candidate ||
    typeof candidate !== 'object' ||
    candidate.s !== scope ||
    !Array.isArray(candidate.k) ||
    candidate.k.length !== checks.length
  ) {
    throw invalidCursor();
  }
  const key = candidate.k as CursorValue[];
  if (!key.every((value, i) => (typeof value === 'string' || typeof value === 'number') && checks[i](value)))
    throw invalidCursor();
  return key;
}
