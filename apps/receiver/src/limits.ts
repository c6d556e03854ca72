// The vendors' per-robot sending limits as sliding windows over the receiver's clock.
// WeCom 群机器人配置说明 (developer.work.weixin.qq.com/document/path/91770): 每个机器人发送的消息不能超过20条/分钟.
// DingTalk 自定义机器人接入 (open.dingtalk.com/document/robots/custom-robot-access): 每个机器人每分钟最多发送20条消息到群里，
// 如果超过20条，会限流10分钟.
// Feishu 自定义机器人使用指南 (open.feishu.cn/document/client-docs/bot-v3/add-custom-bot): 单租户单机器人 100 次/分钟，5 次/秒.
// Only messages that were posted to the group count: a request refused for any reason (its signature, its shape,
// or the limit itself) reaches no group, so a sender retrying a refused message does not extend its own penalty.
import type { LimitAnswer, RobotKind, RobotLimits } from './types';

export const DEFAULT_LIMITS: Record<RobotKind, Required<RobotLimits>> = {
  wecom: { perMinute: 20, perSecond: 0, blockMs: 0 },
  dingtalk: { perMinute: 20, perSecond: 0, blockMs: 10 * 60 * 1000 },
  feishu: { perMinute: 100, perSecond: 5, blockMs: 0 },
  // the product's own scheme has no limit of its own
  webhook: { perMinute: 0, perSecond: 0, blockMs: 0 },
};

const MINUTE_MS = 60_000;
const SECOND_MS = 1_000;

/** One robot's posted messages within the last minute, and the end of its block when it has one. */
export class RobotLimiter {
  private posted: number[] = [];
  private blockedUntil = 0;

  constructor(private readonly limits: Required<RobotLimits>) {}

  /** Whether one more message may be posted at `now`; when it may, it is counted. */
  admit(now: number): LimitAnswer {
    if (now < this.blockedUntil) return 'limited';
    this.posted = this.posted.filter((at) => now - at < MINUTE_MS);
    const { perMinute, perSecond, blockMs } = this.limits;
    const inMinute = this.posted.length;
    const inSecond = this.posted.filter((at) => now - at < SECOND_MS).length;
    if ((perMinute > 0 && inMinute >= perMinute) || (perSecond > 0 && inSecond >= perSecond)) {
      if (blockMs > 0) this.blockedUntil = now + blockMs;
      return 'limited';
    }
    this.posted.push(now);
    return 'ok';
  }
}

export function limitsFor(kind: RobotKind, overrides: Partial<Record<RobotKind, RobotLimits>> | undefined) {
  return { ...DEFAULT_LIMITS[kind], ...stripUndefined(overrides?.[kind]) };
}

function stripUndefined(limits: RobotLimits | undefined): RobotLimits {
  const out: RobotLimits = {};
  if (limits?.perMinute !== undefined) out.perMinute = limits.perMinute;
  if (limits?.perSecond !== undefined) out.perSecond = limits.perSecond;
  if (limits?.blockMs !== undefined) out.blockMs = limits.blockMs;
  return out;
}
