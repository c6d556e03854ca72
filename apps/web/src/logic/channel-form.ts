// The notice channel form's pure parts: which kinds need a signing secret, and the API's field errors in words, on
// their fields. No DOM, no React; loaded with the channels page alone.
import type { ChannelKind, Problem } from '../api/types';
import { SECRET_MIN_LENGTH, SECRET_REFUSED_KINDS, SECRET_REQUIRED_KINDS } from '../api/types';
import type { Lang } from './time';

/** Whether a kind must have a signing secret, may have one, or takes none. */
export function secretNeed(kind: ChannelKind): 'required' | 'optional' | 'refused' {
  if (SECRET_REQUIRED_KINDS.includes(kind)) return 'required';
  if (SECRET_REFUSED_KINDS.includes(kind)) return 'refused';
  return 'optional';
}

/** The fields of the channel form, in the API's names. */
export const CHANNEL_FIELDS = [
  'kind',
  'name',
  'departmentId',
  'personId',
  'endpoint',
  'secret',
  'quietHours',
  'perMinute',
] as const;
export type ChannelField = (typeof CHANNEL_FIELDS)[number];

type Text = { 'zh-CN': string; en: string };
const say = (text: Text, lang: Lang) => text[lang];

/** The sentence for one field error of the channel form (shown under the field, so without the field's name). */
export function channelFieldMessage(
  error: { field: string; rule: string; message: string },
  kind: ChannelKind | undefined,
  lang: Lang,
): string {
  const { field, rule, message } = error;
  switch (rule) {
    case 'endpointForKind': {
      if (kind === 'email' || /e-mail/.test(message))
        return say({ 'zh-CN': '请输入有效的邮箱地址', en: 'Enter a valid e-mail address' }, lang);
      if (/user name or password/.test(message))
        return say(
          { 'zh-CN': '地址中不能包含用户名或密码', en: 'The URL must not carry a user name or password' },
          lang,
        );
      const key = /carry its (\w+)/.exec(message)?.[1];
      if (key)
        return say(
          {
            'zh-CN': `机器人地址须带 ${key} 参数（…?${key}=…）`,
            en: `The robot's URL must carry its ${key} (…?${key}=…)`,
          },
          lang,
        );
      return say({ 'zh-CN': '请输入 http(s) 开头的地址', en: 'Enter an http(s) URL' }, lang);
    }
    case 'secretRequired':
      return say({ 'zh-CN': 'Webhook 渠道必须设置签名密钥', en: 'A webhook channel needs a signing secret' }, lang);
    case 'secretRefused':
      return kind === 'wecom'
        ? say(
            {
              'zh-CN': '企业微信机器人不使用密钥（key 已在地址中）',
              en: 'A WeCom robot takes no secret (its key is in the URL)',
            },
            lang,
          )
        : say({ 'zh-CN': '该类型不使用签名密钥', en: 'This kind takes no secret' }, lang);
    case 'perMinuteForKind': {
      const max = /greater than (\d+)/.exec(message)?.[1];
      return say(
        {
          'zh-CN': max ? `不能超过该平台的限额（每分钟 ${max} 条）` : '不能超过该平台的限额',
          en: max ? `May not exceed the vendor's limit (${max} a minute)` : "May not exceed the vendor's limit",
        },
        lang,
      );
    }
    case 'oneOwner':
      return say(
        { 'zh-CN': '渠道只能属于一个部门或一个人', en: 'A channel belongs to a department or to a person, not both' },
        lang,
      );
    case 'exists':
      return field === 'personId'
        ? say({ 'zh-CN': '找不到该人员', en: 'There is no such person' }, lang)
        : say({ 'zh-CN': '找不到该部门', en: 'There is no such department' }, lang);
    case 'isLength':
      if (field === 'secret')
        return say(
          {
            'zh-CN': `密钥长度应为 ${SECRET_MIN_LENGTH}–256 个字符`,
            en: `The secret must be ${SECRET_MIN_LENGTH} to 256 characters long`,
          },
          lang,
        );
      if (field === 'name')
        return say({ 'zh-CN': '名称应为 1–100 个字符', en: 'The name must be 1 to 100 characters long' }, lang);
      return say({ 'zh-CN': '长度不符合要求', en: 'Has the wrong length' }, lang);
    case 'matches':
    case 'isNotEmpty':
      return say({ 'zh-CN': '不能为空', en: 'Must not be empty' }, lang);
    case 'isText':
    case 'text.forbidden_character':
      return say({ 'zh-CN': '包含不允许的字符', en: 'Contains a character that is not allowed' }, lang);
    case 'min':
      return say({ 'zh-CN': '至少为 1', en: 'Must be at least 1' }, lang);
    case 'max':
      return say({ 'zh-CN': '数值过大', en: 'Is too large' }, lang);
    case 'isInt':
      return say({ 'zh-CN': '请输入整数', en: 'Enter a whole number' }, lang);
    case 'isIn':
      return say({ 'zh-CN': '取值无效', en: 'Is not one of the allowed values' }, lang);
    default:
      return message;
  }
}

/**
 * A refusal of the channel form as messages on its fields (the API's field errors, in words), and whether any
 * error named no field of the form (then the form shows the refusal as a whole too).
 */
export function channelFormErrors(
  problem: Problem,
  kind: ChannelKind | undefined,
  lang: Lang,
): { fields: Partial<Record<ChannelField, string[]>>; unplaced: boolean } {
  const fields: Partial<Record<ChannelField, string[]>> = {};
  let unplaced = !problem.errors?.length;
  for (const error of problem.errors ?? []) {
    if (!(CHANNEL_FIELDS as readonly string[]).includes(error.field)) {
      unplaced = true;
      continue;
    }
    const field = error.field as ChannelField;
    const text = channelFieldMessage(error, kind, lang);
    const list = (fields[field] ??= []);
    if (!list.includes(text)) list.push(text);
  }
  return { fields, unplaced };
}
