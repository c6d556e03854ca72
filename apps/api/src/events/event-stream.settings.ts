import { readPositiveInteger } from '@unblock/config';

/** How many event streams (GET /api/v1/events) may be open at once, per signed-in user and in the whole process. */
export interface EventStreamSettings {
  perUser: number;
  total: number;
}

export const EVENT_STREAM_SETTINGS = Symbol('EVENT_STREAM_SETTINGS');

export const DEFAULT_EVENT_STREAMS_PER_USER = 10;
export const DEFAULT_EVENT_STREAMS_TOTAL = 1_000;

/**
 * `EVENT_STREAMS_PER_USER` (default 10: a person with a few tabs open) and `EVENT_STREAMS_MAX` (default 1000, per
 * API process), read from the environment at start; a bad value is refused with the variable's name.
 */
export function readEventStreamSettings(env: Record<string, string | undefined> = process.env): EventStreamSettings {
  return {
    perUser: readPositiveInteger(env, 'EVENT_STREAMS_PER_USER', DEFAULT_EVENT_STREAMS_PER_USER),
    total: readPositiveInteger(env, 'EVENT_STREAMS_MAX', DEFAULT_EVENT_STREAMS_TOTAL),
  };
}
