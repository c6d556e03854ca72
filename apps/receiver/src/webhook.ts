// The product's own signed JSON webhook: POST /hooks/TOKEN. This is the contract the product's generic webhook
// channel signs to (not a vendor's):
//   Content-Type: application/json
//   X-Unblock-Event-Id: <id>            equal to the body's string `id`; the body also has a string `type`
//   X-Unblock-Timestamp: <unix seconds>
//   X-Unblock-Signature: t=<unix seconds>,v1=<lowercase hex HMAC-SHA256(key = secret, message = `${t}.${rawBody}`)>
// A missing or garbled signature, a wrong one, or |now − t| > 300 s answers 401; a body of the wrong shape 400;
// an unknown hook 404; an accepted event 204 with no body. Signatures are compared in constant time.
import { createHmac } from 'node:crypto';
import { isObject, parseJson, sameSecret, stringField } from './shape';
import type { RobotRequest, Verdict } from './types';

export const WEBHOOK_TOLERANCE_S = 300;

/** The v1 signature of a raw body at a unix time in seconds. */
export function webhookSignature(timestamp: string, rawBody: string, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');
}

function refuse(status: number, error: string, body: unknown = undefined): Verdict {
  return { accepted: false, status, code: status, error, response: { error }, body, mentions: [], text: '' };
}

/** `t=…,v1=…` read into its parts, or undefined when garbled. */
export function parseSignatureHeader(header: string): { t: string; v1: string } | undefined {
  const parts = new Map<string, string>();
  for (const piece of header.split(',')) {
    const at = piece.indexOf('=');
    if (at <= 0) return undefined;
    parts.set(piece.slice(0, at).trim(), piece.slice(at + 1).trim());
  }
  const t = parts.get('t');
  const v1 = parts.get('v1');
  if (!t || !/^\d{1,12}$/.test(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return undefined;
  return { t, v1 };
}

export function webhookReceive(request: RobotRequest): Verdict {
  const { robot, headers, rawBody, now } = request;
  if (!robot) return refuse(404, 'unknown hook');
  const contentType = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (contentType !== 'application/json') return refuse(415, 'Content-Type must be application/json');
  const eventId = headers['x-unblock-event-id'];
  if (!eventId) return refuse(400, 'missing X-Unblock-Event-Id');
  const body = parseJson(rawBody);
  if (robot.secret) {
    const signature = parseSignatureHeader(headers['x-unblock-signature'] ?? '');
    if (!signature) return refuse(401, 'missing or malformed X-Unblock-Signature', body);
    if (headers['x-unblock-timestamp'] !== signature.t) {
      return refuse(401, 'X-Unblock-Timestamp differs from the signature', body);
    }
    if (Math.abs(now / 1000 - Number(signature.t)) > WEBHOOK_TOLERANCE_S) {
      return refuse(401, `timestamp more than ${WEBHOOK_TOLERANCE_S} s from now`, body);
    }
    if (!sameSecret(signature.v1, webhookSignature(signature.t, rawBody, robot.secret))) {
      return refuse(401, 'signature mismatch', body);
    }
  }
  if (!isObject(body)) return refuse(400, 'body must be a JSON object', body);
  if (stringField(body, 'id') !== eventId) return refuse(400, 'body id must equal X-Unblock-Event-Id', body);
  if (!stringField(body, 'type')) return refuse(400, 'body type must be a string', body);
  if (request.admit() === 'limited') return refuse(429, 'too many requests', body);
  const text = stringField(body, 'text') ?? '';
  return { accepted: true, status: 204, code: 0, body, mentions: [], text };
}
