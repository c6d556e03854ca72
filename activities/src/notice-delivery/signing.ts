/**
 * The vendors' signatures, each as its documentation gives it:
 * - DingTalk custom robot (自定义机器人 加签): `sign = urlEncode(base64(HMAC-SHA256(key = secret, message =
 *   timestamp + "\n" + secret)))`, the timestamp in milliseconds; both go in the query string.
 * - Feishu custom bot (自定义机器人 签名校验): `sign = base64(HMAC-SHA256(key = timestamp + "\n" + secret, message =
 *   ""))`, the timestamp in seconds; both go in the JSON body.
 * - The product's own webhook: `X-Unblock-Signature: t=<seconds>,v1=<hex HMAC-SHA256(key = secret, message =
 *   t + "." + raw body)>`, the scheme other platforms use for their webhooks.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** DingTalk's `sign` query value for a timestamp in milliseconds (already URL-encoded). */
export function dingTalkSign(secret: string, timestampMs: number): string {
  const digest = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
  return encodeURIComponent(digest);
}

/** Feishu's `sign` body value for a timestamp in seconds. */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('', 'utf8').digest('base64');
}

/** The product webhook's signature header value for a timestamp in seconds and the exact body sent. */
export function webhookSignature(secret: string, timestampSeconds: number, rawBody: string): string {
  const digest = createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${digest}`;
}

/**
 * Checks a webhook signature header as a receiver should: the scheme, the HMAC in constant time, and a timestamp
 * within `toleranceSeconds` of `nowSeconds`. For the zone's own systems (documented in the README).
 */
export function verifyWebhookSignature(
  secret: string,
  header: string,
  rawBody: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    }),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || typeof parts.v1 !== 'string' || !/^[0-9a-f]{64}$/.test(parts.v1)) return false;
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(webhookSignature(secret, t, rawBody).split('v1=')[1], 'hex');
  return timingSafeEqual(expected, Buffer.from(parts.v1, 'hex'));
}
