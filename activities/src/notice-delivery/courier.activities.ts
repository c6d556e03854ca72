/**
 * The courier's one activity: a round of one channel (see workflows/src/notice-channel.workflow.ts). Each step of a
 * round sends one message — a single notice, or a digest when several wait — within the channel's limit, and records
 * the attempt, so that the limit, the retries and the outcome survive any restart; a round takes steps while the
 * next may go within a second, for up to 10 seconds, and leaves longer waits to the courier's timers:
 *
 * 1. an attempt left `sending` by a worker that stopped mid-send is ambiguous (the vendor may have taken it): its
 *    deliveries go back to the queue, marked, and the resend is logged as a possible duplicate;
 * 2. on a quiet-hours channel outside working hours, low-risk notices are held until the next working period;
 * 3. the due deliveries, oldest first; none: the round says when the next one is due;
 * 4. the limit: messages started in the last 60 seconds (notice_messages) against the channel's limit, and the
 *    pacing gap (60 s ÷ the limit); over it, the round says when to come back;
 * 5. one message: a lone notice as itself, several as one digest (the webhook always one event per notice);
 * 6. the attempt is recorded (`sending`) before it is sent, and its outcome after: `sent`; `rate_limited` (the
 *    deliveries wait, the channel pauses, the attempt does not count); `failed` or `ambiguous` (retried with
 *    backoff, up to the policy's attempts, then `failed`).
 *
 * Only one round of a channel runs at a time (its courier is one workflow), and the state is all in PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { log } from '@temporalio/activity';
import { heartbeating } from '../heartbeating';
import type { DataSource, EntityManager } from 'typeorm';
import {
  CHANNEL_LIMITS,
  channelLimit,
  deliveryPolicyOf,
  NEVER_QUIET_CATEGORIES,
  QUIET_RISKS,
  createWorkingCalendar,
  digestHeading,
  digestLine,
  fitLines,
  isTestMessage,
  isWithinWorkingHours,
  nextWorkingStart,
  noticeHeading,
  noticeLines,
  pacingMs,
  retryDelayMs,
  shortShanghaiTime,
  toShanghaiIso,
  type ChannelKind,
  type DeliveryPolicy,
  type IssuePolicyDocument,
  type NoticeFacts,
  type TestMessageFacts,
} from '@unblock/domain';
import type { NoticeSettings } from '@unblock/config';
import type { ChannelRound, ChannelRoundInput } from '@unblock/contracts';
import { NoticeChannelEntity, NoticeDeliveryEntity, PersonEntity } from '@unblock/persistence';
import { sendMessage, type SendOutcome } from './send';
import { TEXT_LIMIT_BYTES, type OutgoingMessage } from './vendor-requests';

export interface NoticeDeliveryDeps {
  dataSource: DataSource;
  policies: IssuePolicyDocument;
  notices: NoticeSettings;
}

const MINUTE = 60_000;
/**
 * Whether a delivery may wait for working hours (`mayWaitForWorkingHours` of the domain, over its facts), as SQL
 * with the parameters holding QUIET_RISKS and NEVER_QUIET_CATEGORIES: a channel's test message never waits.
 */
const MAY_WAIT_SQL = (risks: string, never: string, alias = '') =>
  `(${alias}topic <> 'test' AND ${alias}facts->>'risk' = ANY(${risks}) AND NOT (${alias}facts->>'category' = ANY(${never})))`;

/** The longest wait a round spends in the activity itself; longer ones are the courier's timers. */
const INLINE_WAIT_MS = 1_000;
/** How long one round goes on sending. */
const ROUND_MS = 10_000;

export function createNoticeDeliveryActivities({ dataSource, policies, notices }: NoticeDeliveryDeps) {
  const policy: DeliveryPolicy = deliveryPolicyOf(policies.delivery);
  const calendar = createWorkingCalendar(policies.calendar);
  /** One message (or none, saying when to come back). */
  const step = async (input: ChannelRoundInput): Promise<ChannelRound> => {
    const channelId = input?.channelId;
    const channel = await dataSource.getRepository(NoticeChannelEntity).findOneBy({ id: channelId });
    if (!channel) return { nextAt: null, closed: true, carried: 0 };
    if (!channel.enabled) {
      await dataSource.query(
        `UPDATE notice_deliveries SET status = 'cancelled', last_error = 'the channel was disabled', updated_at = now()
           WHERE channel_id = $1 AND status IN ('pending', 'sending')`,
        [channelId],
      );
      return { nextAt: null, closed: true, carried: 0 };
    }
    const now = Date.now();
    if (channel.pausedUntil && channel.pausedUntil.getTime() > now)
      return { nextAt: channel.pausedUntil.getTime(), closed: false, carried: 0 };

    const quiet = channel.quietHours && !isWithinWorkingHours(calendar, now);
    if (quiet) {
      await dataSource.query(
        `UPDATE notice_deliveries SET hold_until = $2, updated_at = now()
           WHERE channel_id = $1 AND status = 'pending' AND hold_until IS NULL AND ${MAY_WAIT_SQL('$3', '$4')}`,
        [channelId, new Date(nextWorkingStart(calendar, now)), QUIET_RISKS, NEVER_QUIET_CATEGORIES],
      );
    }
    const due = await dataSource
      .getRepository(NoticeDeliveryEntity)
      .createQueryBuilder('d')
      .where('d.channelId = :channelId', { channelId })
      .andWhere(`d.status = 'pending'`)
      .andWhere('d.nextAttemptAt <= :now', { now: new Date(now) })
      .andWhere('(d.holdUntil IS NULL OR d.holdUntil <= :now)', { now: new Date(now) })
      // a notice written after the hold above is held by its next round, never sent in quiet hours meanwhile
      .andWhere(quiet ? `(d.holdUntil IS NOT NULL OR NOT ${MAY_WAIT_SQL(':risks', ':never', 'd.')})` : 'TRUE', {
        risks: QUIET_RISKS,
        never: NEVER_QUIET_CATEGORIES,
      })
      .orderBy('d.createdAt', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .limit(channel.kind === 'webhook' ? 1 : policy.digestMax)
      .getMany();
    if (due.length === 0) return { nextAt: await nextDue(dataSource, channelId), closed: false, carried: 0 };

    const limit = channelLimit(channel.kind, channel.perMinute);
    const [window] = (await dataSource.query(
      `SELECT count(*)::int AS sent, min(started_at) AS oldest, max(started_at) AS newest
         FROM notice_messages WHERE channel_id = $1 AND started_at > $2`,
      [channelId, new Date(now - MINUTE)],
    )) as Array<{ sent: number; oldest: Date | null; newest: Date | null }>;
    if (window.sent >= limit.perMinute && window.oldest) {
      await dataSource.query(`UPDATE notice_channels SET rate_limited = rate_limited + 1 WHERE id = $1`, [channelId]);
      return { nextAt: new Date(window.oldest).getTime() + MINUTE + 1, closed: false, carried: 0 };
    }
    const nextSlot = window.newest ? new Date(window.newest).getTime() + pacingMs(limit) : now;
    if (nextSlot > now) return { nextAt: nextSlot, closed: false, carried: 0 };

    // the attempt is on record before it goes out: a worker that stops mid-send leaves it `sending`
    const messageId = randomUUID();
    const resend = due.some((delivery) => delivery.ambiguous);
    await dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO notice_messages (id, channel_id, started_at, outcome, notices, digest, resend)
           VALUES ($1, $2, $3, 'sending', $4, $5, $6)`,
        [messageId, channelId, new Date(now), due.length, due.length > 1, resend],
      );
      await manager.query(
        `UPDATE notice_deliveries SET status = 'sending', attempts = attempts + 1, message_id = $2, updated_at = now()
           WHERE id = ANY($1)`,
        [due.map((delivery) => delivery.id), messageId],
      );
    });
    if (resend)
      log.warn('resending notices an earlier attempt may have delivered: a possible duplicate', {
        channelId,
        messageId,
        deliveries: due.filter((delivery) => delivery.ambiguous).map((delivery) => delivery.id),
      });

    const message = await compose(dataSource, channel, due, notices.publicUrl, now);
    const outcome = await sendMessage(channel, message, due[0].id, {
      timeoutMs: policy.timeoutMs,
      smtpUrl: notices.smtpUrl,
      mailFrom: notices.mailFrom,
    });
    const failedForGood = await dataSource.transaction((manager) =>
      recordOutcome(manager, channel, due, messageId, outcome, policy),
    );
    if (outcome.outcome !== 'sent')
      (failedForGood > 0 ? log.warn : log.info)(
        failedForGood > 0
          ? `a notice message was not delivered; ${failedForGood} deliveries have no attempts left and are marked failed`
          : 'a notice message was not delivered; it is retried',
        {
          channelId,
          kind: channel.kind,
          messageId,
          outcome: outcome.outcome,
          status: outcome.status,
          error: outcome.error,
        },
      );
    return { nextAt: Date.now(), closed: false, carried: due.length, outcome: outcome.outcome };
  };
  return {
    /**
     * A round: messages one after another while the channel's limit lets them go within a second of each other,
     * for at most ROUND_MS (heartbeating throughout); a longer wait goes back to the courier as a durable timer.
     */
    async deliverChannelNotices(input: ChannelRoundInput): Promise<ChannelRound> {
      return heartbeating(async () => {
        // only one round of a channel runs at a time: what is `sending` now was left by a round that stopped
        await recoverUnfinished(dataSource, input?.channelId);
        const started = Date.now();
        let carried = 0;
        for (;;) {
          const round = await step(input);
          carried += round.carried;
          if (round.closed || round.nextAt === null) return { ...round, carried };
          const wait = round.nextAt - Date.now();
          if (wait > INLINE_WAIT_MS || Date.now() - started > ROUND_MS) return { ...round, carried };
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        }
      });
    },
  };
}

/** Attempts a stopped worker left `sending`: the vendor may have taken them; they go again, marked. */
async function recoverUnfinished(dataSource: DataSource, channelId: string): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query(
      `UPDATE notice_messages SET outcome = 'ambiguous', finished_at = now(),
         error = 'the sender stopped before an answer came'
       WHERE channel_id = $1 AND outcome = 'sending'`,
      [channelId],
    );
    await manager.query(
      `UPDATE notice_deliveries SET status = 'pending', ambiguous = true, last_status = 'no answer',
         last_error = 'the sender stopped before an answer came', next_attempt_at = now(), updated_at = now()
       WHERE channel_id = $1 AND status = 'sending'`,
      [channelId],
    );
  });
}

/** When the channel's next pending delivery falls due (its retry or the end of its hold), or null. */
async function nextDue(dataSource: DataSource, channelId: string): Promise<number | null> {
  const [row] = (await dataSource.query(
    `SELECT min(greatest(next_attempt_at, coalesce(hold_until, next_attempt_at))) AS next
     FROM notice_deliveries WHERE channel_id = $1 AND status = 'pending'`,
    [channelId],
  )) as Array<{ next: Date | null }>;
  return row?.next ? new Date(row.next).getTime() : null;
}

async function recordOutcome(
  manager: EntityManager,
  channel: NoticeChannelEntity,
  due: NoticeDeliveryEntity[],
  messageId: string,
  result: SendOutcome,
  policy: DeliveryPolicy,
): Promise<number> {
  const ids = due.map((delivery) => delivery.id);
  const error = result.outcome === 'sent' ? null : result.error;
  await manager.query(
    `UPDATE notice_messages SET outcome = $2, finished_at = now(), status = $3, error = $4 WHERE id = $1`,
    [messageId, result.outcome, result.status, error],
  );
  if (result.outcome === 'sent') {
    await manager.query(
      `UPDATE notice_deliveries SET status = 'sent', sent_at = now(), last_status = $2, last_error = NULL,
         updated_at = now()
       WHERE id = ANY($1)`,
      [ids, result.status],
    );
    return 0;
  }
  if (result.outcome === 'rate_limited') {
    // the vendor's limit is not the receiver failing: the attempt does not count, the channel waits
    const waitMs = result.waitMs ?? CHANNEL_LIMITS[channel.kind].blockMs ?? policy.rateLimitedWaitMs;
    const until = new Date(Date.now() + waitMs);
    await manager.query(
      `UPDATE notice_deliveries SET status = 'pending', attempts = greatest(attempts - 1, 0), next_attempt_at = $2,
         last_status = $3, last_error = $4, updated_at = now()
       WHERE id = ANY($1)`,
      [ids, until, result.status, result.error],
    );
    await manager.query(`UPDATE notice_channels SET paused_until = $2, rate_limited = rate_limited + 1 WHERE id = $1`, [
      channel.id,
      until,
    ]);
    return 0;
  }
  // failed or ambiguous: retried with backoff until the attempts run out
  let failedForGood = 0;
  for (const delivery of due) {
    const attempts = delivery.attempts + 1;
    const exhausted = attempts >= policy.attempts;
    if (exhausted) failedForGood += 1;
    await manager.query(
      `UPDATE notice_deliveries SET status = $2, next_attempt_at = $3, last_status = $4, last_error = $5,
         ambiguous = ambiguous OR $6, updated_at = now()
       WHERE id = $1`,
      [
        delivery.id,
        exhausted ? 'failed' : 'pending',
        new Date(Date.now() + retryDelayMs(policy, attempts)),
        result.status,
        result.error,
        result.outcome === 'ambiguous',
      ],
    );
  }
  return failedForGood;
}

/** The message for the due deliveries: a lone notice as itself, several as a digest, a test as a test. */
async function compose(
  dataSource: DataSource,
  channel: NoticeChannelEntity,
  due: NoticeDeliveryEntity[],
  publicUrl: string,
  now: number,
): Promise<OutgoingMessage> {
  const mentionIds = [...new Set(due.flatMap((delivery) => delivery.mentions))];
  const people =
    mentionIds.length === 0
      ? []
      : await dataSource
          .getRepository(PersonEntity)
          .createQueryBuilder('p')
          .select(['p.id', 'p.name', 'p.mobile', 'p.feishuOpenId'])
          .where('p.id = ANY(:ids)', { ids: mentionIds })
          .andWhere('p.active')
          .orderBy('p.id')
          .getMany();
  const mentions = people.map((person) => ({
    name: person.name,
    mobile: person.mobile,
    feishuOpenId: person.feishuOpenId,
  }));
  const limit = TEXT_LIMIT_BYTES[channel.kind];
  const link = (issueId: string) => `${publicUrl}/issues/${encodeURIComponent(issueId)}`;
  const [first] = due;
  if (due.length === 1 && isTestMessage(first.facts)) {
    const heading = '【测试消息】';
    const text = `${heading}渠道「${channel.name}」已接通，这是 Unblock 督办的测试消息。\n发送时间：${shortShanghaiTime(now)}`;
    return {
      heading,
      text,
      subject: `${heading}${channel.name}`,
      mentions,
      event: { id: first.id, type: 'test', occurredAt: toShanghaiIso(now), text, channel: channel.name },
    };
  }
  const facts = due.map((delivery) => delivery.facts).filter((f): f is NoticeFacts => !isTestMessage(f));
  if (due.length === 1 && facts.length === 1) {
    const [notice] = facts;
    const heading = noticeHeading(notice);
    const text = fitLines([], noticeLines(notice, link(notice.issueId), now), [], limit);
    return {
      heading,
      text,
      subject: `${heading}${notice.project}：${notice.title}`,
      mentions,
      event: webhookEvent(first, notice, text, link(notice.issueId), now, people),
    };
  }
  const heading = digestHeading(facts, now);
  const body = facts.map((notice) => digestLine(notice, now));
  const text = fitLines([heading], body, [`详情：${publicUrl}/`], limit);
  return { heading, text, subject: heading, mentions };
}

/** The webhook's documented event (README "Signed webhook"). */
function webhookEvent(
  delivery: NoticeDeliveryEntity,
  notice: NoticeFacts,
  text: string,
  url: string,
  now: number,
  people: PersonEntity[],
): Record<string, unknown> {
  return {
    id: delivery.id,
    type: `notice.${notice.topic}`,
    occurredAt: toShanghaiIso(notice.decidedAt),
    topic: notice.topic,
    issue: {
      id: notice.issueId,
      title: notice.title,
      project: notice.project,
      category: notice.category,
      risk: notice.risk,
      url,
    },
    department: notice.department ?? null,
    level: notice.level ?? null,
    role: notice.role ?? null,
    cause: notice.cause ?? null,
    deadline: notice.deadlineAt !== undefined ? toShanghaiIso(notice.deadlineAt) : null,
    lateSeconds:
      notice.deadlineAt !== undefined && now > notice.deadlineAt ? Math.round((now - notice.deadlineAt) / 1000) : null,
    mentions: people.map((person) => ({ id: person.id, name: person.name })),
    text,
  };
}

export type { ChannelKind, TestMessageFacts };
