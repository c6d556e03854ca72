// Imitates a DingTalk (钉钉) custom robot: POST /robot/send?access_token=T[&timestamp=ms&sign=S].
// Source: 自定义机器人接入 and 自定义机器人安全设置 (加签), open.dingtalk.com/document/robots/custom-robot-access and
// open.dingtalk.com/document/robots/customize-robot-security-settings:
//   string_to_sign = timestamp + "\n" + secret; sign = urlEncode(base64(HmacSHA256(key = secret, string_to_sign)));
//   timestamp in ms, at most one hour away from the server's time; msgtype text / link / markdown / actionCard /
//   feedCard; at.atMobiles, at.isAtAll; 每个机器人每分钟最多发送20条消息到群里，如果超过20条，会限流10分钟.
// The answers' codes and wording are the ones the service returns: 300001 "token is not exist", 310000 "sign not
// match" / "invalid timestamp", 40035 "缺少参数 json", 400402 / 400403 for a markdown without title / text, and
// 130101 "send too fast, exceed 20 times per minute".
import { createHmac } from 'node:crypto';
import { isObject, isStringArray, parseJson, sameSecret, stringField, type JsonObject } from './shape';
import type { RobotRequest, Verdict } from './types';

const ONE_HOUR_MS = 60 * 60 * 1000;
const MORE = 'more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]';

export const DINGTALK_OK = { errcode: 0, errmsg: 'ok' };
export const DINGTALK_RATE_LIMITED = { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' };

/** The sign DingTalk expects for a timestamp, before URL encoding. */
export function dingtalkSign(timestamp: string, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

function refuse(code: number, errmsg: string, body: unknown = undefined): Verdict {
  return {
    accepted: false,
    status: 200,
    code,
    error: errmsg,
    response: { errcode: code, errmsg },
    body,
    mentions: [],
    text: '',
  };
}

export function dingtalkReceive(request: RobotRequest): Verdict {
  const { robot, query, now } = request;
  if (!robot) return refuse(300001, 'token is not exist');
  if (robot.secret) {
    const timestamp = query.timestamp ?? '';
    const at = /^\d{1,16}$/.test(timestamp) ? Number(timestamp) : NaN;
    if (!Number.isFinite(at) || Math.abs(now - at) > ONE_HOUR_MS) return refuse(310000, `invalid timestamp, ${MORE}`);
    // the query is already URL-decoded: compare with the plain base64
    if (!sameSecret(query.sign ?? '', dingtalkSign(timestamp, robot.secret))) {
      return refuse(310000, `sign not match, ${MORE}`);
    }
  }
  const body = parseJson(request.rawBody);
  if (!isObject(body)) return refuse(40035, '缺少参数 json', body);
  const read = readMessage(body);
  if ('missing' in read) return refuse(read.code, read.missing, body);
  if (request.admit() === 'limited') return refuse(130101, DINGTALK_RATE_LIMITED.errmsg, body);
  return {
    accepted: true,
    status: 200,
    code: 0,
    response: DINGTALK_OK,
    body,
    mentions: read.mentions,
    text: read.text,
  };
}

type Read = { text: string; mentions: string[] } | { code: number; missing: string };

function readMessage(body: JsonObject): Read {
  const msgtype = stringField(body, 'msgtype');
  const part = msgtype ? body[msgtype] : undefined;
  const at = isObject(body.at) ? body.at : {};
  const mentions = isStringArray(at.atMobiles) ? at.atMobiles : [];
  const need = (field: string, code = 40035): Read => ({ code, missing: `缺少参数 ${msgtype ?? 'msgtype'}.${field}` });
  switch (msgtype) {
    case 'text': {
      const content = stringField(part, 'content');
      return content ? { text: content, mentions } : need('content');
    }
    case 'markdown': {
      if (!stringField(part, 'title')) return need('title', 400402);
      const text = stringField(part, 'text');
      return text ? { text, mentions } : need('text', 400403);
    }
    case 'actionCard': {
      if (!stringField(part, 'title')) return need('title');
      const text = stringField(part, 'text');
      return text ? { text, mentions } : need('text');
    }
    case 'link': {
      const text = stringField(part, 'text');
      if (!stringField(part, 'title') || !stringField(part, 'messageUrl')) return need('title');
      return text ? { text, mentions: [] } : need('text');
    }
    case 'feedCard': {
      const links = isObject(part) ? part.links : undefined;
      if (!Array.isArray(links) || links.length === 0) return need('links');
      return { text: links.map((link: unknown) => stringField(link, 'title') ?? '').join('\n'), mentions: [] };
    }
    default:
      return { code: 40035, missing: '缺少参数 msgtype' };
  }
}
