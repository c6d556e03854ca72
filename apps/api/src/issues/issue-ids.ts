import { createHash, randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The zone's calendar date (Asia/Shanghai, UTC+8, no daylight saving) of an instant, as YYYYMMDD. */
function zoneDate(at: number): string {
  return new Date(at + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
}

/**
 * A new issue id, made by the server: `IS-<YYYYMMDD in Asia/Shanghai>-<10 Crockford base-32 characters>` (50 random
 * bits), e.g. `IS-20250915-7KQ3M2XA5T`. Readable on the phone, sortable by day, never guessable from another id.
 */
export function newIssueId(at = Date.now()): string {
  const bytes = randomBytes(10);
  let suffix = '';
  for (const byte of bytes) suffix += CROCKFORD[byte & 31];
  return `IS-${zoneDate(at)}-${suffix}`;
}

/** JSON with object keys sorted at every level, so that equal submissions hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
