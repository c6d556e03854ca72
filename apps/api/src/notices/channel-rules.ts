import { randomBytes } from 'node:crypto';
import { isEmail, ValidateBy, type ValidationOptions } from 'class-validator';
import { CHANNEL_LIMITS, keepsTextRule, type ChannelKind } from '@unblock/domain';
import type { ProblemDetails } from '../infrastructure/problem-details.filter';

export type FieldError = NonNullable<ProblemDetails['errors']>[number];

/**
 * An e-mail address (validator's isEmail), for text under the text rule only: isEmail throws on a lone surrogate
 * (it URI-encodes the address), which must be a 400, never a 500.
 */
export function isEmailAddress(value: unknown): boolean {
  if (typeof value !== 'string' || !keepsTextRule(value)) return false;
  try {
    return isEmail(value);
  } catch {
    return false;
  }
}

/** The rule `isEmail` on a DTO field, through isEmailAddress. */
export function IsEmailAddress(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEmail',
      validator: {
        validate: (value: unknown) => isEmailAddress(value),
        defaultMessage: (args) => `${args?.property ?? 'the field'} must be an e-mail address`,
      },
    },
    options,
  );
}

/** Secrets: long enough that their last four characters (all a read shows) do not give them away. */
export const SECRET_MIN_LENGTH = 8;
export const SECRET_MAX_LENGTH = 256;
export const ENDPOINT_MAX_LENGTH = 2_000;

/** Which kinds take a signing secret: the webhook must have one, DingTalk (加签) and Feishu (签名) may. */
export const SECRET_REQUIRED: readonly ChannelKind[] = ['webhook'];
export const SECRET_REFUSED: readonly ChannelKind[] = ['wecom', 'email'];

/** The query value a robot's URL must carry: WeCom's `key`, DingTalk's `access_token`. */
const URL_KEYS: Partial<Record<ChannelKind, string>> = { wecom: 'key', dingtalk: 'access_token' };

/**
 * The endpoint rule of a kind, as a field error (undefined when it holds): an e-mail address for `email`; for the
 * robots and the webhook an http(s) URL (any host, so that a zone's own relay or a local receiver works), WeCom's
 * with its `key` and DingTalk's with its `access_token`.
 */
export function endpointError(kind: ChannelKind, endpoint: string): FieldError | undefined {
  const error = (message: string): FieldError => ({ field: 'endpoint', rule: 'endpointForKind', message });
  if (kind === 'email')
    return isEmailAddress(endpoint) ? undefined : error('endpoint of an email channel must be an e-mail address');
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return error(`endpoint of a ${kind} channel must be an http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return error(`endpoint of a ${kind} channel must be an http(s) URL`);
  if (url.username || url.password) return error('endpoint must not carry a user name or password');
  const key = URL_KEYS[kind];
  if (key && !url.searchParams.get(key)) return error(`endpoint of a ${kind} robot must carry its ${key} (…?${key}=…)`);
  return undefined;
}

/**
 * The secret rule of a kind: the webhook needs one (on creation, and it may not be cleared), WeCom and e-mail take
 * none; DingTalk and Feishu may have one (recommended: their robots then refuse unsigned messages).
 */
export function secretError(kind: ChannelKind, secret: string | null | undefined): FieldError | undefined {
  const error = (rule: string, message: string): FieldError => ({ field: 'secret', rule, message });
  const given = secret !== undefined && secret !== null;
  if (!given && SECRET_REQUIRED.includes(kind))
    return error('secretRequired', `a ${kind} channel needs a signing secret`);
  if (given && SECRET_REFUSED.includes(kind))
    return error(
      'secretRefused',
      `a ${kind} channel takes no secret (${kind === 'wecom' ? 'its key is in the URL' : 'nothing signs an e-mail'})`,
    );
  return undefined;
}

/** A channel's own limit may only be lower than its vendor's. */
export function perMinuteError(kind: ChannelKind, perMinute: number | null | undefined): FieldError | undefined {
  const max = CHANNEL_LIMITS[kind].perMinute;
  if (perMinute === undefined || perMinute === null || perMinute <= max) return undefined;
  return {
    field: 'perMinute',
    rule: 'perMinuteForKind',
    message: `perMinute of a ${kind} channel must not be greater than ${max} (the vendor's limit)`,
  };
}

/** What a read shows of an endpoint or a secret: its last four characters. */
export function lastFour(text: string): string {
  return `••••${[...text].slice(-4).join('')}`;
}

/**
 * The endpoint as a read shows it: an e-mail address in full (where the notices go is no secret, and an
 * administrator must be able to check it); a URL only by its last four characters (a robot's URL is its credential).
 */
export function endpointHint(kind: ChannelKind, endpoint: string): string {
  return kind === 'email' ? endpoint : lastFour(endpoint);
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A new channel id: `ch_` and 12 random base-32 characters. */
export function newChannelId(): string {
  return `ch_${[...randomBytes(12)].map((byte) => BASE32[byte % 32]).join('')}`;
}
