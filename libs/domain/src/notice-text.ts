/**
 * The words of a notice sent beyond the inbox (通知文本): short, in Chinese, with the project, the issue, the
 * department, the deadline and how late it is, and a link to the issue; and the digest that stands for several
 * notices when they pile up on one channel. Pure: the same facts give the same text.
 */
import type { LeaderRole, StallCause } from './escalation-ladder';
import type { IssueCategory, RiskLevel } from './issue-categories';
import type { InboxTopic } from './notices';
import { SHANGHAI_UTC_OFFSET_MS, type EpochMs } from './working-calendar';

/** What a delivery keeps of its notice, written with it in the effects transaction. */
export interface NoticeFacts {
  issueId: string;
  /** the issue's description, cut to a line */
  title: string;
  /** the project's name */
  project: string;
  category: IssueCategory;
  risk: RiskLevel;
  topic: InboxTopic;
  /** the workflow's own words (an instruction's text, a reason), when it gave some */
  detail?: string;
  /** the name of the department concerned */
  department?: string;
  /** an escalation's level, the leader's role and what was missed */
  level?: number;
  role?: LeaderRole;
  cause?: StallCause;
  /** the deadline the notice is about, and when it was missed (for a missed deadline or an escalation) */
  deadlineAt?: EpochMs;
  missedAt?: EpochMs;
  /** when the workflow decided on the notice */
  decidedAt: EpochMs;
}

/** What a channel's test message keeps (an administrator's "send a test"). */
export interface TestMessageFacts {
  test: true;
  /** who asked for it */
  requestedBy: string;
  decidedAt: EpochMs;
}

export function isTestMessage(facts: NoticeFacts | TestMessageFacts): facts is TestMessageFacts {
  return (facts as TestMessageFacts).test === true;
}

export const TOPIC_WORDS: Readonly<Record<InboxTopic, string>> = {
  task_assigned: '新任务',
  assist_requested: '协办请求',
  reminder: '催办提醒',
  deadline_missed: '期限已过',
  escalated: '问题升级',
  instruction: '领导批示',
  instruction_acknowledged: '批示已确认',
  dispatch_needed: '待派单',
  dispatcher_decided: '督查室已派单',
  extension_requested: '延期申请',
  extension_granted: '延期已批准',
  extension_refused: '延期未批准',
  progress: '协办进展',
  assist_completed: '协办完成',
  verification_requested: '请回访评价',
  reopened: '问题被退回',
  closed: '问题已关闭',
  withdrawn: '问题已撤回',
  task_ended: '任务已结束',
  statutory_warning: '法定期限预警',
  statutory_deadline_missed: '法定期限已过',
  statutory_extended: '法定期限已延长',
};

export const CATEGORY_WORDS: Readonly<Record<IssueCategory, string>> = {
  land_acquisition: '征地',
  demolition: '拆迁',
  permit: '手续报建',
  petition: '信访',
  site_obstruction: '非法阻工',
  public_opinion: '舆情',
  utilities: '水电气配套',
  funding: '资金',
  other: '其他',
};

export const RISK_WORDS: Readonly<Record<RiskLevel, string>> = {
  low: '低风险',
  medium: '中风险',
  high: '高风险',
  critical: '重大风险',
};

export const LEADER_WORDS: Readonly<Record<LeaderRole, string>> = {
  department_head: '部门负责人',
  responsible_leader: '分管领导',
  zone_director: '管委会主任',
  party_secretary: '党工委书记',
};

const CAUSE_WORDS: Readonly<Record<StallCause, string>> = { accept: '未按期签收', handle: '未按期办结' };

/** `12月2日 17:30`, Shanghai wall clock. */
export function shortShanghaiTime(at: EpochMs): string {
  const local = new Date(at + SHANGHAI_UTC_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.getUTCMonth() + 1}月${local.getUTCDate()}日 ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

/** `2天3小时`, `2小时15分`, `15分钟`, `不到1分钟`. */
export function chineseDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return '不到1分钟';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days}天${hours}小时` : `${days}天`;
  if (hours > 0) return rest > 0 ? `${hours}小时${rest}分` : `${hours}小时`;
  return `${rest}分钟`;
}

/** The heading of a notice: `【问题升级·第2级】`, `【催办提醒】`. */
export function noticeHeading(facts: NoticeFacts): string {
  const topic = TOPIC_WORDS[facts.topic] ?? '通知';
  if (facts.topic === 'escalated' && facts.level !== undefined)
    return `【${topic}·第${facts.level}级${facts.role ? `·${LEADER_WORDS[facts.role]}` : ''}】`;
  return `【${topic}】`;
}

/** The deadline line's words: `12月2日 17:30，已超2小时15分` (lateness measured at `now`). */
export function deadlineWords(facts: NoticeFacts, now: EpochMs): string | undefined {
  if (facts.deadlineAt === undefined) return undefined;
  const late = now - facts.deadlineAt;
  const when = shortShanghaiTime(facts.deadlineAt);
  return late > 0 ? `${when}，已超${chineseDuration(late)}` : `${when}，还剩${chineseDuration(-late)}`;
}

const TOPICS_WITH_DETAIL: readonly InboxTopic[] = [
  'instruction',
  'extension_requested',
  'extension_granted',
  'extension_refused',
  'reopened',
  'dispatch_needed',
];

/** A notice as lines: the heading first, the link last. */
export function noticeLines(facts: NoticeFacts, link: string, now: EpochMs): string[] {
  const lines = [noticeHeading(facts), `项目：${facts.project}`];
  lines.push(`问题：${facts.title}（${CATEGORY_WORDS[facts.category]}·${RISK_WORDS[facts.risk]}）`);
  if (facts.department) lines.push(`单位：${facts.department}${facts.cause ? `，${CAUSE_WORDS[facts.cause]}` : ''}`);
  const deadline = deadlineWords(facts, now);
  if (deadline) lines.push(`期限：${deadline}`);
  if (facts.detail && TOPICS_WITH_DETAIL.includes(facts.topic)) lines.push(`内容：${facts.detail}`);
  lines.push(`详情：${link}`);
  return lines;
}

/** One line of a digest: `【问题升级·第2级】华芯一期：征地补偿争议（已超2小时）`. */
export function digestLine(facts: NoticeFacts, now: EpochMs): string {
  const late =
    facts.deadlineAt !== undefined && now > facts.deadlineAt ? `，已超${chineseDuration(now - facts.deadlineAt)}` : '';
  const department = facts.department ? `，${facts.department}` : '';
  return `${noticeHeading(facts)}${facts.project}：${facts.title}${department}${late}`;
}

/**
 * The heading of a digest: `【5条新通知】近3分钟内：问题升级 4 条，催办提醒 1 条`, counting by topic, over the
 * time from the oldest notice it carries to `now`.
 */
export function digestHeading(notices: readonly NoticeFacts[], now: EpochMs): string {
  const counts = new Map<string, number>();
  for (const facts of notices) counts.set(TOPIC_WORDS[facts.topic], (counts.get(TOPIC_WORDS[facts.topic]) ?? 0) + 1);
  const oldest = Math.min(...notices.map((facts) => facts.decidedAt));
  const span = Math.max(1, Math.ceil((now - oldest) / 60_000));
  const byTopic = [...counts].map(([topic, n]) => `${topic} ${n} 条`).join('，');
  return `【${notices.length}条新通知】近${span}分钟内：${byTopic}`;
}

/** UTF-8 length. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const character of text) {
    const code = character.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** `text` cut to at most `maxBytes` of UTF-8, on a character boundary, with `…` when cut. */
export function cutToBytes(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  let kept = '';
  let bytes = 3; // the ellipsis
  for (const character of text) {
    const size = utf8Bytes(character);
    if (bytes + size > maxBytes) break;
    kept += character;
    bytes += size;
  }
  return `${kept}…`;
}

/**
 * Lines joined by newlines within `maxBytes`: `head` and `tail` always (cut if they alone are too long), then as
 * many `body` lines as fit, and when some do not, a line saying how many more there are (`另有 N 条`) — so a digest
 * never loses count of what it stands for.
 */
export function fitLines(head: string[], body: string[], tail: string[], maxBytes: number): string {
  const join = (lines: string[]) => lines.join('\n');
  const fixed = utf8Bytes(join([...head, ...tail])) + 1;
  const kept: string[] = [];
  let used = fixed;
  for (let i = 0; i < body.length; i++) {
    const line = body[i];
    const more = body.length - i - 1;
    const reserve = more > 0 ? utf8Bytes(`另有 ${body.length} 条，见控制台`) + 1 : 0;
    if (used + utf8Bytes(line) + 1 + reserve > maxBytes) {
      kept.push(`另有 ${body.length - i} 条，见控制台`);
      break;
    }
    kept.push(line);
    used += utf8Bytes(line) + 1;
  }
  return cutToBytes(join([...head, ...kept, ...tail]), maxBytes);
}
