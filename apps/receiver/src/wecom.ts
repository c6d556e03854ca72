// Imitates a WeCom (企业微信) group robot: POST /cgi-bin/webhook/send?key=KEY.
// Source: 群机器人配置说明, developer.work.weixin.qq.com/document/path/91770 (message types, text.content at most
// 2048 bytes of UTF-8, markdown.content at most 4096 bytes, mentioned_list / mentioned_mobile_list, 20 messages a
// minute per robot) and 全局错误码, developer.work.weixin.qq.com/document/path/90455. The answers' wording is the one the
// service itself returns: 93000 "invalid webhook url", 40058 "markdown.content exceed max length 4096. invalid
// Request Parameter", 45009 "api freq out of limit".
import { isObject, isStringArray, parseJson, stringField, utf8Bytes, type JsonObject } from './shape';
import type { RobotRequest, Verdict } from './types';

const MORE = (code: number) => `more info at https://open.work.weixin.qq.com/devtool/query?e=${code}`;

/** The content limits of the message types, in bytes of UTF-8. */
const CONTENT_LIMITS: Record<string, number> = { text: 2048, markdown: 4096, markdown_v2: 4096 };
const OTHER_TYPES = new Set(['image', 'news', 'file', 'voice', 'template_card']);

export const WECOM_OK = { errcode: 0, errmsg: 'ok' };
export const WECOM_RATE_LIMITED = { errcode: 45009, errmsg: `api freq out of limit, ${MORE(45009)}` };

function refuse(code: number, message: string, body: unknown = undefined): Verdict {
  const errmsg = `${message}, ${MORE(code)}`;
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

export function wecomReceive(request: RobotRequest): Verdict {
  if (!request.robot) return refuse(93000, 'invalid webhook url');
  const body = parseJson(request.rawBody);
  if (!isObject(body)) return refuse(40035, 'Warning: wrong json format. invalid Request Parameter', body);
  const msgtype = stringField(body, 'msgtype');
  if (!msgtype || (!(msgtype in CONTENT_LIMITS) && !OTHER_TYPES.has(msgtype))) {
    return refuse(40008, `invalid message type${msgtype ? `: ${msgtype}` : ''}`, body);
  }
  const part = body[msgtype];
  if (!isObject(part)) return refuse(40035, `missing ${msgtype}. invalid Request Parameter`, body);
  let text = '';
  let mentions: string[] = [];
  const limit = CONTENT_LIMITS[msgtype];
  if (limit !== undefined) {
    const content = part.content;
    if (typeof content !== 'string' || content.length === 0) return refuse(44004, `empty ${msgtype}.content`, body);
    if (utf8Bytes(content) > limit) {
      return refuse(40058, `${msgtype}.content exceed max length ${limit}. invalid Request Parameter`, body);
    }
    text = content;
    if (msgtype === 'text') {
      for (const key of ['mentioned_list', 'mentioned_mobile_list']) {
        if (part[key] !== undefined && !isStringArray(part[key])) {
          return refuse(40035, `text.${key} must be a list of strings. invalid Request Parameter`, body);
        }
      }
      mentions = isStringArray(part.mentioned_mobile_list) ? part.mentioned_mobile_list : [];
    }
  } else if (msgtype === 'news') {
    const articles = part.articles;
    if (!Array.isArray(articles) || articles.length < 1 || articles.length > 8) {
      return refuse(40035, 'news.articles must hold 1 to 8 articles. invalid Request Parameter', body);
    }
    text = articles.map((article: unknown) => newsLine(article)).join('\n');
  }
  if (request.admit() === 'limited') return { ...refuse(45009, 'api freq out of limit', body) };
  return { accepted: true, status: 200, code: 0, response: WECOM_OK, body, mentions, text };
}

function newsLine(article: unknown): string {
  const fields = isObject(article) ? (article as JsonObject) : {};
  return [fields.title, fields.description].filter((value) => typeof value === 'string').join(' ');
}
