/**
 * What each channel kind is sent, and how its answer reads, from the vendors' documentation:
 * - WeCom group robot (企业微信 群机器人): `POST` JSON `{msgtype: "text", text: {content, mentioned_mobile_list}}`;
 *   content at most 2,048 bytes; `{errcode: 0}` is success, 45009 is the robot's rate limit (20 a minute).
 * - DingTalk custom robot (钉钉 自定义机器人): `POST` to the webhook with `&timestamp=…&sign=…` when it signs (加签);
 *   JSON `{msgtype: "markdown", markdown: {title, text}, at: {atMobiles}}`, the mentioned numbers also written
 *   as `@138…` in the text; `{errcode: 0}` is success, 130101 ("send too fast") its limit, after which it blocks
 *   the robot for 10 minutes.
 * - Feishu custom bot (飞书 自定义机器人): `POST` JSON `{timestamp, sign, msg_type: "text", content: {text}}`,
 *   mentions as `<at user_id="ou_…">name</at>`; `{code: 0}` (older bots `{StatusCode: 0}`) is success, 9499 and
 *   11232 its limits (100 a minute, 5 a second), 19021 a bad signature or a timestamp more than an hour off.
 * - The product's webhook: one JSON event per notice, signed (`signing.ts`); any 2xx is success, 429 a limit.
 * Pure: the request is built from the message and the clock; sending is `send.ts`.
 */
import { cutToBytes, type ChannelKind } from '@unblock/domain';
import { dingTalkSign, feishuSign, webhookSignature } from './signing';

/** A message ready for any kind: its heading, its text lines, and whom it mentions. */
export interface OutgoingMessage {
  /** e.g. 【问题升级·第2级·分管领导】 or 【5条新通知】… */
  heading: string;
  /** the whole text, heading first, already fitted to the kind's size limit */
  text: string;
  /** people to @-mention, with what each vendor needs */
  mentions: Array<{ name: string; mobile: string | null; feishuOpenId: string | null }>;
  /** for the webhook: the event it carries (one notice) */
  event?: Record<string, unknown>;
  /** for e-mail: the subject */
  subject: string;
}

export interface HttpRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The bytes a message's text may take per kind (WeCom's documented 2,048; the others kept as short). */
export const TEXT_LIMIT_BYTES: Readonly<Record<ChannelKind, number>> = {
  wecom: 2048,
  dingtalk: 4000,
  feishu: 4000,
  webhook: 8000,
  email: 64_000,
};

export interface ChannelTarget {
  kind: ChannelKind;
  endpoint: string;
  secret: string | null;
}

/** The HTTP request for a robot or webhook channel (e-mail goes over SMTP instead). */
export function buildRequest(
  channel: ChannelTarget,
  message: OutgoingMessage,
  now: number,
  eventId: string,
): HttpRequest {
  const json = { 'Content-Type': 'application/json; charset=utf-8' };
  const mobiles = message.mentions.flatMap((person) => (person.mobile ? [person.mobile] : []));
  switch (channel.kind) {
    case 'wecom':
      return {
        url: channel.endpoint,
        headers: json,
        body: JSON.stringify({
          msgtype: 'text',
          text: { content: cutToBytes(message.text, TEXT_LIMIT_BYTES.wecom), mentioned_mobile_list: mobiles },
        }),
      };
    case 'dingtalk': {
      const at = mobiles.map((mobile) => `@${mobile}`).join(' ');
      const text = cutToBytes(at ? `${message.text}\n\n${at}` : message.text, TEXT_LIMIT_BYTES.dingtalk);
      const url = new URL(channel.endpoint);
      let target = channel.endpoint;
      if (channel.secret) {
        url.searchParams.delete('timestamp');
        url.searchParams.delete('sign');
        // the sign is URL-encoded by the vendor's own rule; appended as is, not encoded a second time
        target = `${url.toString()}${url.search ? '&' : '?'}timestamp=${now}&sign=${dingTalkSign(channel.secret, now)}`;
      }
      return {
        url: target,
        headers: json,
        body: JSON.stringify({
          msgtype: 'markdown',
          markdown: { title: message.heading, text: markdownOf(text) },
          at: { atMobiles: mobiles, isAtAll: false },
        }),
      };
    }
    case 'feishu': {
      const ats = message.mentions
        .flatMap((person) =>
          person.feishuOpenId ? [`<at user_id="${person.feishuOpenId}">${escapeTag(person.name)}</at>`] : [],
        )
        .join(' ');
      const text = cutToBytes(ats ? `${message.text}\n${ats}` : message.text, TEXT_LIMIT_BYTES.feishu);
      const seconds = Math.floor(now / 1000);
      const signed = channel.secret ? { timestamp: String(seconds), sign: feishuSign(channel.secret, seconds) } : {};
      return {
        url: channel.endpoint,
        headers: json,
        body: JSON.stringify({ ...signed, msg_type: 'text', content: { text } }),
      };
    }
    case 'webhook': {
      const body = JSON.stringify(message.event ?? { id: eventId, type: 'notice', text: message.text });
      const seconds = Math.floor(now / 1000);
      const headers: Record<string, string> = {
        ...json,
        'User-Agent': 'Unblock-Webhook/1',
        'X-Unblock-Event-Id': eventId,
        'X-Unblock-Timestamp': String(seconds),
      };
      if (channel.secret) headers['X-Unblock-Signature'] = webhookSignature(channel.secret, seconds, body);
      return { url: channel.endpoint, headers, body };
    }
    case 'email':
      throw new Error('e-mail is sent over SMTP, not HTTP');
  }
}

/** DingTalk markdown: each line its own paragraph, so the lines do not run together. */
function markdownOf(text: string): string {
  const [heading, ...rest] = text.split('\n');
  return [`#### ${heading}`, ...rest].join('\n\n');
}

function escapeTag(text: string): string {
  return text.replace(/[<>"&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '"': '&quot;', '&': '&amp;' })[c]!);
}

export type AnswerVerdict =
  | { outcome: 'sent'; status: string }
  | { outcome: 'rate_limited'; status: string; error: string; waitMs?: number }
  | { outcome: 'failed'; status: string; error: string };

const RATE_LIMIT_CODES: Readonly<Partial<Record<ChannelKind, readonly number[]>>> = {
  wecom: [45009],
  dingtalk: [130101, 410100, 90030],
  feishu: [9499, 11232, 230020],
};

/** How a vendor's HTTP answer reads: taken, "rate limited", or refused (with the vendor's code and message). */
export function readAnswer(kind: ChannelKind, httpStatus: number, body: string, headers: Headers): AnswerVerdict {
  const retryAfter = Number(headers.get('retry-after'));
  const waitMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined;
  if (httpStatus === 429)
    return {
      outcome: 'rate_limited',
      status: 'http 429',
      error: cutToBytes(body, 300) || 'too many requests',
      ...(waitMs ? { waitMs } : {}),
    };
  if (kind === 'webhook') {
    if (httpStatus >= 200 && httpStatus < 300) return { outcome: 'sent', status: `http ${httpStatus}` };
    return { outcome: 'failed', status: `http ${httpStatus}`, error: cutToBytes(body, 300) || `HTTP ${httpStatus}` };
  }
  if (httpStatus < 200 || httpStatus >= 300)
    return { outcome: 'failed', status: `http ${httpStatus}`, error: cutToBytes(body, 300) || `HTTP ${httpStatus}` };
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return {
      outcome: 'failed',
      status: `http ${httpStatus}`,
      error: `the answer is not JSON: ${cutToBytes(body, 200)}`,
    };
  }
  const code = Number(parsed.errcode ?? parsed.code ?? parsed.StatusCode);
  const message = String(parsed.errmsg ?? parsed.msg ?? parsed.StatusMessage ?? '');
  if (!Number.isFinite(code))
    return {
      outcome: 'failed',
      status: `http ${httpStatus}`,
      error: `no error code in the answer: ${cutToBytes(body, 200)}`,
    };
  const status = `${kind === 'feishu' ? 'code' : 'errcode'} ${code}`;
  if (code === 0) return { outcome: 'sent', status };
  if (RATE_LIMIT_CODES[kind]?.includes(code))
    return { outcome: 'rate_limited', status, error: message || 'rate limited' };
  return { outcome: 'failed', status, error: message || `code ${code}` };
}
