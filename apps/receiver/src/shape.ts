// Small readers shared by the vendor endpoints: JSON bodies, UTF-8 sizes, the mention syntax of Feishu.
import { timingSafeEqual } from 'node:crypto';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body parsed as JSON, or undefined when it is not JSON at all. */
export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export function stringField(object: unknown, key: string): string | undefined {
  if (!isObject(object)) return undefined;
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Equal strings, compared in time that does not depend on where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The user ids of Feishu's mention syntax: `<at user_id="ou_xxx">name</at>` in text messages and
 * `<at id=ou_xxx></at>` in cards (open.feishu.cn 发送消息内容 / 卡片 at 人).
 */
export function feishuMentions(text: string): string[] {
  const ids: string[] = [];
  for (const match of text.matchAll(
    /<at\s+(?:user_id|id|open_id|email)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>/g,
  )) {
    const id = match[1] ?? match[2] ?? match[3];
    if (id) ids.push(id);
  }
  return ids;
}
