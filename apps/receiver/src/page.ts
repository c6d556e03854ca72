// The receiver's page (GET /): the messages received, newest first, refreshed every 3 seconds, in Chinese for
// the people who watch a demo. Every value shown is escaped.
import type { ReceivedMessage, RobotKind, RobotRegistration } from './types';

const KIND_NAMES: Record<RobotKind | 'email', string> = {
  wecom: '企业微信',
  dingtalk: '钉钉',
  feishu: '飞书',
  webhook: 'Webhook',
  email: '邮件',
};

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** `HH:MM:SS` on the zone's clock (Asia/Shanghai), whatever the machine's time zone. */
function time(ms: number): string {
  const date = new Date(ms + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

export function renderPage(
  messages: ReceivedMessage[],
  robotOf: (kind: RobotKind | 'email', token: string) => RobotRegistration | undefined,
): string {
  const rows = [...messages]
    .reverse()
    .map((message) => {
      const robot = robotOf(message.kind, message.token);
      const who = robot?.label ? `${robot.label}（${message.token}）` : message.token;
      const verdict = message.accepted
        ? `接受 ${message.code}`
        : `拒绝 ${message.code}${message.error ? `：${message.error}` : ''}`;
      return (
        `<tr class="${message.accepted ? 'ok' : 'refused'}">` +
        `<td>${message.seq}</td><td>${escapeHtml(time(message.receivedAt))}</td>` +
        `<td>${escapeHtml(KIND_NAMES[message.kind])}</td><td>${escapeHtml(who)}</td>` +
        `<td class="verdict">${escapeHtml(verdict)}</td><td>${escapeHtml(message.mentions.join('、'))}</td>` +
        `<td class="text">${escapeHtml(message.text)}</td></tr>`
      );
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="3">
<title>本地接收端</title>
<style>
body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 1.5rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .4rem .6rem; text-align: left; vertical-align: top; }
tr.refused td { color: #a40000; }
td.text { white-space: pre-wrap; }
td.verdict { white-space: nowrap; }
</style>
</head>
<body>
<h1>本地接收端</h1>
<p>收到的消息（最新的在前，每 3 秒刷新）：共 ${messages.length} 条。</p>
<table>
<thead><tr><th>#</th><th>时间</th><th>渠道</th><th>机器人</th><th>结果</th><th>提醒</th><th>内容</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="7">还没有收到消息。</td></tr>'}
</tbody>
</table>
</body>
</html>
`;
}
