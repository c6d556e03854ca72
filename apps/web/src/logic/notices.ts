// The pure parts of the inbox's read marks: read marks applied to the bell's list, and the instant a 全部标为已读
// covers. No DOM, no React. (The channel form's rules are in
// channel-form.ts, loaded with its page alone.)
import type { InboxRead } from './sse';

interface Readable {
  id: string;
  createdAt: string;
  readAt: string | null;
}

/** The list with a read mark applied: the one notice, or every unread one that came until `before` (or `at`). */
export function applyReadMark<T extends Readable>(items: readonly T[], mark: InboxRead): T[] {
  const until = Date.parse(mark.before ?? mark.at);
  return items.map((item) => {
    if (item.readAt) return item;
    const hit = mark.notificationId
      ? item.id === mark.notificationId
      : Number.isFinite(until) && Date.parse(item.createdAt) <= until;
    return hit ? { ...item, readAt: mark.at } : item;
  });
}

/**
 * What 全部标为已读 covers: the newest notice the person was shown (not what came since, unseen); undefined when
 * nothing was shown.
 */
export function readAllBefore(items: readonly Readable[]): string | undefined {
  let newest: string | undefined;
  let newestMs = -Infinity;
  for (const item of items) {
    const ms = Date.parse(item.createdAt);
    if (Number.isFinite(ms) && ms > newestMs) {
      newestMs = ms;
      newest = item.createdAt;
    }
  }
  return newest === undefined ? undefined : new Date(newestMs).toISOString();
}
