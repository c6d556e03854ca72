import type { EpochMs } from './working-calendar';

/**
 * An instant as the API and the read model write it: ISO-8601 in UTC with milliseconds, or null for none.
 * Takes what the layers hold: epoch milliseconds (the domain), a Date (PostgreSQL), or text (JSON).
 */
export function iso(at: EpochMs | Date | string): string;
export function iso(at: EpochMs | Date | string | null | undefined): string | null;
export function iso(at: EpochMs | Date | string | null | undefined): string | null {
  if (at === null || at === undefined) return null;
  return (at instanceof Date ? at : new Date(at)).toISOString();
}

/** An instant of the domain as a Date for a timestamptz column, or null for none. */
export function instant(at: EpochMs | null | undefined): Date | null {
  return at === null || at === undefined ? null : new Date(at);
}
