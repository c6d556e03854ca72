// Imitates a Feishu (飞书) custom bot: POST /open-apis/bot/v2/hook/TOKEN.
// Source: 自定义机器人使用指南, open.feishu.cn/document/client-docs/bot-v3/add-custom-bot:
//   签名校验: string_to_sign = timestamp + "\n" + secret, sign = base64(HmacSHA256 keyed with string_to_sign over an
//   empty message); timestamp in seconds, at most 1 hour (3600 s) from now, else code 19021 "sign match fail or
//   timestamp is not within one hour from current time";
//   频率控制: 单租户单机器人 100 次/分钟，5 次/秒; 请求体的数据大小不能超过 20 KB; a malformed body answers 9499 "Bad Request";
//   success: {"code":0,"msg":"success","data":{}} plus the legacy StatusCode / StatusMessage / Extra fields.
// An unknown hook answers what the service answers: 19001 "param invalid: incoming webhook access token invalid".
import { createHmac } from 'node:crypto';
import { feishuMentions, isObject, parseJson, sameSecret, stringField, utf8Bytes, type JsonObject } from './shape';
import type { RobotRequest, Verdict } from './types';

const ONE_HOUR_S = 3600;
export const FEISHU_MAX_BODY_BYTES = 20 * 1024;

export const FEISHU_OK = {
  code: 0,
  msg: 'success',
  data: {},
  Extra: null,
  StatusCode: 0,
  StatusMessage: 'success',
};
export const FEISHU_RATE_LIMITED = { code: 9499, msg: 'too many request', data: {} };

/** The sign Feishu expects for a timestamp in seconds. */
export function feishuSign(timestamp: string, secret: string): string {
  return createHmac('sha256', `${timestamp}\n${secret}`).update(Buffer.alloc(0)).digest('base64');
}

function refuse(code: number, msg: string, body: unknown = undefined, status = 200): Verdict {
  return { accepted: false, status, code, error: msg, response: { code, msg, data: {} }, body, mentions: [], text: '' };
}

const badRequest = (body?: unknown) => refuse(9499, 'Bad Request', body, 400);

export function feishuReceive(request: RobotRequest): Verdict {
  const { robot, now } = request;
  if (!robot) return refuse(19001, 'param invalid: incoming webhook access token invalid');
  if (utf8Bytes(request.rawBody) > FEISHU_MAX_BODY_BYTES) return badRequest();
  const body = parseJson(request.rawBody);
  if (!isObject(body)) return badRequest(body);
  if (robot.secret) {
    const timestamp =
      typeof body.timestamp === 'number' ? String(body.timestamp) : (stringField(body, 'timestamp') ?? '');
    const at = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
    const fresh = Number.isFinite(at) && Math.abs(now / 1000 - at) <= ONE_HOUR_S;
    if (!fresh || !sameSecret(stringField(body, 'sign') ?? '', feishuSign(timestamp, robot.secret))) {
      return refuse(19021, 'sign match fail or timestamp is not within one hour from current time', body);
    }
  }
  const read = readMessage(body);
  if (!read) return badRequest(body);
  if (request.admit() === 'limited') return refuse(FEISHU_RATE_LIMITED.code, FEISHU_RATE_LIMITED.msg, body);
  return { accepted: true, status: 200, code: 0, response: FEISHU_OK, body, mentions: read.mentions, text: read.text };
}

function readMessage(body: JsonObject): { text: string; mentions: string[] } | undefined {
  const content = body.content;
  switch (stringField(body, 'msg_type')) {
    case 'text': {
      const text = stringField(content, 'text');
      return text ? { text, mentions: feishuMentions(text) } : undefined;
    }
    case 'post': {
      const post = isObject(content) ? content.post : undefined;
      if (!isObject(post)) return undefined;
      const texts: string[] = [];
      const mentions: string[] = [];
      for (const language of Object.values(post)) {
        collectPost(language, texts, mentions);
      }
      return { text: texts.join(''), mentions };
    }
    case 'interactive': {
      const card = isObject(body.card)
        ? body.card
        : stringField(body, 'card')
          ? parseJson(String(body.card))
          : undefined;
      if (!isObject(card)) return undefined;
      const texts: string[] = [];
      collectCard(card, texts);
      const text = texts.join('\n');
      return { text, mentions: feishuMentions(text) };
    }
    case 'image':
      return stringField(content, 'image_key') ? { text: '', mentions: [] } : undefined;
    case 'share_chat':
      return stringField(content, 'share_chat_id') ? { text: '', mentions: [] } : undefined;
    default:
      return undefined;
  }
}

/** A rich-text (post) message: its title, the text of its `text` and `a` elements, the ids of its `at` elements. */
function collectPost(language: unknown, texts: string[], mentions: string[]): void {
  if (!isObject(language)) return;
  const title = stringField(language, 'title');
  if (title) texts.push(`${title}\n`);
  const lines = Array.isArray(language.content) ? language.content : [];
  for (const line of lines) {
    for (const element of Array.isArray(line) ? line : []) {
      const tag = stringField(element, 'tag');
      const text = stringField(element, 'text');
      if ((tag === 'text' || tag === 'a') && text) texts.push(text);
      const userId = stringField(element, 'user_id');
      if (tag === 'at' && userId) mentions.push(userId);
    }
    texts.push('\n');
  }
}

/** A card's text: the `content` of every plain_text / lark_md / markdown element, in document order. */
function collectCard(node: unknown, texts: string[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collectCard(item, texts);
    return;
  }
  if (!isObject(node)) return;
  const tag = stringField(node, 'tag');
  const content = stringField(node, 'content');
  if (content && (tag === 'plain_text' || tag === 'lark_md' || tag === 'markdown')) texts.push(content);
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'content' || typeof value !== 'string') collectCard(value, texts);
  }
}
