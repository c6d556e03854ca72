// What the API tells every API process when a person marks notifications read (PostgreSQL NOTIFY), so that the
// person's other tabs, on whichever process their stream is open, update their unread marks.

/** The PostgreSQL channel the read marks are notified on, and every API process listens to. */
export const INBOX_READS_CHANNEL = 'unblock_inbox_reads';

/** One read mark: one notification (`notificationId`), or all of them up to an instant (`before`). */
export interface InboxReadNotice {
  /** whose inbox */
  personId: string;
  /** the notification marked read (absent: every unread one up to `before`) */
  notificationId?: string;
  /** how many were marked read now */
  marked: number;
  /** the instant a read-all marked up to (ISO-8601) */
  before?: string;
  /** when they were marked (ISO-8601) */
  at: string;
}

/** Reads a notice's payload; undefined for anything that is not one. */
export function readInboxReadNotice(payload: string | undefined): InboxReadNotice | undefined {
  if (!payload) return undefined;
  let value: Partial<InboxReadNotice>;
  try {
    value = JSON.parse(payload) as Partial<InboxReadNotice>;
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const { personId, notificationId, marked, before, at } = value;
  if (typeof personId !== 'string' || personId === '' || !Number.isInteger(marked) || typeof at !== 'string')
    return undefined;
  if (notificationId !== undefined && typeof notificationId !== 'string') return undefined;
  if (before !== undefined && typeof before !== 'string') return undefined;
  return {
    personId,
    ...(notificationId !== undefined ? { notificationId } : {}),
    marked: marked!,
    ...(before !== undefined ? { before } : {}),
    at,
  };
}
