import { readPositiveInteger } from '@unblock/config';

/** How many requests a minute one signed-in user, and one client address, may make. */
export interface RateLimitSettings {
  perUserPerMinute: number;
  perAddressPerMinute: number;
}

export const RATE_LIMIT_SETTINGS = Symbol('RATE_LIMIT_SETTINGS');

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;

/**
 * `RATE_LIMIT_PER_MINUTE` (default 600) is the limit per signed-in user; `RATE_LIMIT_PER_ADDRESS_PER_MINUTE`
 * (default twice the per-user limit, so 1200) the limit per client address, signed in or not. A bad value is
 * refused at start with the variable's name, like every other setting.
 */
export function readRateLimitSettings(env: Record<string, string | undefined> = process.env): RateLimitSettings {
  const perUserPerMinute = readPositiveInteger(env, 'RATE_LIMIT_PER_MINUTE', DEFAULT_RATE_LIMIT_PER_MINUTE);
  const perAddressPerMinute = readPositiveInteger(env, 'RATE_LIMIT_PER_ADDRESS_PER_MINUTE', 2 * perUserPerMinute);
  return { perUserPerMinute, perAddressPerMinute };
}
