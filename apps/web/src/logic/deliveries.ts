// The pure parts of deliveries: whether one is settled, and its last result in words (the courier records codes:
// `ok`, `http 500`, `errcode 45009`, `timeout`, `econnrefused`, …). No DOM, no React; loaded with the pages that
// show deliveries.
import type { DeliveryStatus } from '../api/types';
import type { Lang } from './time';

/** A delivery that will not change by itself any more. */
export function isSettled(status: DeliveryStatus | string): boolean {
  return status === 'sent' || status === 'failed' || status === 'cancelled';
}

type Text = { 'zh-CN': string; en: string };

const STATUS_WORDS: Record<string, Text> = {
  ok: { 'zh-CN': '成功', en: 'OK' },
  'no answer': { 'zh-CN': '无应答', en: 'No answer' },
  timeout: { 'zh-CN': '超时无应答', en: 'Timed out' },
  econnrefused: { 'zh-CN': '连接被拒绝', en: 'Connection refused' },
  econnreset: { 'zh-CN': '连接被重置', en: 'Connection reset' },
  enotfound: { 'zh-CN': '域名无法解析', en: 'Host not found' },
  eai_again: { 'zh-CN': '域名解析暂时失败', en: 'Host lookup failed for now' },
  ehostunreach: { 'zh-CN': '主机不可达', en: 'Host unreachable' },
  enetunreach: { 'zh-CN': '网络不可达', en: 'Network unreachable' },
  err_invalid_url: { 'zh-CN': '地址无效', en: 'Invalid URL' },
  'bad endpoint': { 'zh-CN': '地址无效', en: 'Invalid endpoint' },
  'bad port': { 'zh-CN': '端口不允许连接', en: 'Port not allowed' },
  'rate limited': { 'zh-CN': '平台限流', en: 'Rate limited' },
};

const ERROR_WORDS: Record<string, Text> = {
  'the channel was disabled': { 'zh-CN': '渠道已停用', en: 'The channel was disabled' },
  'bad port': {
    'zh-CN': '该端口不允许连接（Fetch 标准禁用的端口），请更换地址',
    en: 'fetch refuses this port: use another URL',
  },
};

/**
 * A delivery's last result in words: its status (a code the console knows, in the language; `http 500` as
 * `HTTP 500`, `errcode N` as the vendor's error code), and its error when the console has words for it; any other
 * error is kept as `detail` (the vendor's or the network's own text, for a tooltip).
 */
export function deliveryResult(
  lastStatus: string | null,
  lastError: string | null,
  lang: Lang,
): { status?: string; error?: string; detail?: string } {
  const out: { status?: string; error?: string; detail?: string } = {};
  if (lastStatus) {
    const known = STATUS_WORDS[lastStatus.toLowerCase()];
    const http = /^http (\d{3})$/i.exec(lastStatus);
    const errcode = /^errcode (-?\d+)$/i.exec(lastStatus);
    out.status = known
      ? known[lang]
      : http
        ? `HTTP ${http[1]}`
        : errcode
          ? lang === 'zh-CN'
            ? `平台错误码 ${errcode[1]}`
            : `Vendor error ${errcode[1]}`
          : lastStatus;
  }
  if (lastError) {
    const known = ERROR_WORDS[lastError.toLowerCase()];
    if (known) out.error = known[lang];
    else if (lastError.toLowerCase() !== lastStatus?.toLowerCase()) out.detail = lastError;
  }
  return out;
}
