// Server-sent events read by hand (the stream needs the bearer token, so the console reads it with fetch rather than
// EventSource): an incremental parser of the text/event-stream format, and the reconnection backoff. Pure.

export interface SseMessage {
  /** the event's type; `message` when the server named none */
  event: string;
  data: string;
  /** the last event id seen on the stream (carried over from earlier events, as the format says) */
  id?: string;
}

/** Feeds text as it arrives and gives the complete events; comments (`: ping`) are dropped, `retry:` is kept. */
export class SseParser {
  private buffer = '';
  private eventType = '';
  private data: string[] = [];
  private hasData = false;
  /** the last event id (the format carries it over to later events) */
  lastEventId: string | undefined;
  /** the reconnection time the server asked for, in milliseconds */
  retryMs: number | undefined;

  feed(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const out: SseMessage[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (!match) break;
      // a lone \r at the very end may be the first half of \r\n: wait for more
      if (match[0] === '\r' && match.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const message = this.line(line);
      if (message) out.push(message);
    }
    return out;
  }

  private line(line: string): SseMessage | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data.push(value);
        this.hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
      default:
        break;
    }
    return undefined;
  }

  private dispatch(): SseMessage | undefined {
    const event = this.eventType || 'message';
    const hasData = this.hasData;
    const data = this.data.join('\n');
    this.eventType = '';
    this.data = [];
    this.hasData = false;
    if (!hasData) return undefined;
    return { event, data, ...(this.lastEventId !== undefined ? { id: this.lastEventId } : {}) };
  }
}

/**
 * How long to wait before reconnecting after `failures` failed attempts in a row: the server's `retry:` (or 3 s)
 * first, doubling after each failure up to a minute, with up to a fifth of jitter so that many consoles do not
 * reconnect at once. `random` is injectable for tests.
 */
export function reconnectDelay(failures: number, retryMs = 3000, random: () => number = Math.random): number {
  const base = Math.min(60_000, retryMs * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (1 + 0.2 * random()));
}

/** A stream answered 404 (the live stream is not served by this API yet): try again much later, quietly. */
export const LIVE_UNAVAILABLE_RETRY_MS = 60_000;

/** The `issue` event's data (`changes` says what changed for the issue). */
export interface IssueChange {
  issueId: string;
  sequence: number;
  changes: Array<'issue' | 'task' | 'escalation' | 'notification' | 'instruction' | 'extension'>;
  at?: string;
}

/** The data of an `issue` event, or undefined when it is not one the console understands. */
export function parseIssueChange(data: string): IssueChange | undefined {
  try {
    const value = JSON.parse(data) as Partial<IssueChange>;
    if (typeof value.issueId !== 'string' || typeof value.sequence !== 'number') return undefined;
    return {
      issueId: value.issueId,
      sequence: value.sequence,
      changes: Array.isArray(value.changes) ? value.changes : [],
      ...(typeof value.at === 'string' ? { at: value.at } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The `inbox` event's data: I marked notices read (in this tab or another); one, or all up to `before`. */
export interface InboxRead {
  /** the notice marked read; absent: every unread one up to `before` (or `at`) */
  notificationId?: string;
  marked: number;
  before?: string;
  at: string;
}

/** The data of an `inbox` event, or undefined when it is not one the console understands. */
export function parseInboxRead(data: string): InboxRead | undefined {
  try {
    const value = JSON.parse(data) as Partial<InboxRead> | null;
    if (!value || typeof value !== 'object') return undefined;
    if (typeof value.at !== 'string' || typeof value.marked !== 'number') return undefined;
    if (value.notificationId !== undefined && typeof value.notificationId !== 'string') return undefined;
    if (value.before !== undefined && typeof value.before !== 'string') return undefined;
    return {
      ...(value.notificationId !== undefined ? { notificationId: value.notificationId } : {}),
      marked: value.marked,
      ...(value.before !== undefined ? { before: value.before } : {}),
      at: value.at,
    };
  } catch {
    return undefined;
  }
}
