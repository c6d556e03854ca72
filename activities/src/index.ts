import type { DataSource } from 'typeorm';
import type { IssuePolicyDocument } from '@unblock/domain';
import { createIssueClockActivities } from './issue-clock.activities';
import { createIssueEffectsActivities } from './issue-effects.activities';
import { createSystemCheckActivities } from './system-check.activities';
import { createNoticeDeliveryActivities } from './notice-delivery/courier.activities';
import { createCalendarRetimingActivities } from './calendar-retiming.activities';
import type { NoticeSettings } from '@unblock/config';

export * from './system-check.activities';
export * from './issue-clock.activities';
export * from './issue-effects.activities';
export * from './calendar-retiming.activities';
export * from './notice-delivery/courier.activities';
export * from './notice-delivery/signing';
export * from './notice-delivery/vendor-requests';
export * from './notice-delivery/wake';
export { sendMessage, type SendOptions, type SendOutcome } from './notice-delivery/send';

export interface ActivityDeps {
  dataSource: DataSource;
  /** the issue policies (and the zone's calendar) the worker loaded at start */
  policies: IssuePolicyDocument;
  /** where notices go beyond the inbox (the link base, the mail server) */
  notices: NoticeSettings;
}

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createSystemCheckActivities(deps),
    ...createIssueClockActivities(deps),
    ...createIssueEffectsActivities(deps),
    ...createNoticeDeliveryActivities(deps),
    ...createCalendarRetimingActivities(deps),
  };
}
