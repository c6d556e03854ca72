// The live stream (GET /api/v1/events, text/event-stream): read with fetch, because it needs the bearer token, and
// with our own reader (../logic/sse). It reconnects with backoff, honouring the server's `retry:`, and sends
// `Last-Event-ID` so that the server can replay or answer `gap`. A 404 (no stream on this API yet) is retried much
// later, quietly. Pages subscribe with `useLiveRefresh`: on an `issue` or `gap` event they refetch, debounced; the
// bell also hears `inbox` (read marks made in any of the person's tabs).
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { API_BASE, auth } from '../api/client';
import {
  LIVE_UNAVAILABLE_RETRY_MS,
  parseInboxRead,
  parseIssueChange,
  reconnectDelay,
  SseParser,
  type InboxRead,
  type IssueChange,
} from '../logic/sse';

/**
 * What a subscriber is told: a change of one issue, a gap (everything may have changed), or read marks I made
 * (in this tab or another: `inbox`).
 */
export type LiveSignal = { kind: 'issue'; change: IssueChange } | { kind: 'gap' } | { kind: 'inbox'; read: InboxRead };
type Listener = (signal: LiveSignal) => void;

interface Live {
  connected: boolean;
  subscribe(listener: Listener): () => void;
}

const LiveContext = createContext<Live | null>(null);

export function LiveProvider({ token, children }: { token: string | null; children: ReactNode }) {
  const listeners = useRef(new Set<Listener>());
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let lastEventId: string | undefined;
    let retryMs: number | undefined;
    const emit = (signal: LiveSignal) => listeners.current.forEach((listener) => listener(signal));

    const connect = async (): Promise<number> => {
      const parser = new SseParser();
      const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${token}` };
      if (lastEventId) headers['last-event-id'] = lastEventId;
      const response = await fetch(`${API_BASE}/events`, { headers, signal: controller.signal, cache: 'no-store' });
      if (response.status === 404) return LIVE_UNAVAILABLE_RETRY_MS;
      if (response.status === 401) {
        auth.onUnauthorized?.();
        return -1;
      }
      if (!response.ok || !response.body) throw new Error(`live stream: ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const message of parser.feed(value)) {
          if (message.id) lastEventId = message.id;
          if (message.event === 'ready') {
            failures = 0;
            setConnected(true);
            // what changed before the stream was open (between a page's read and now, or while it was away) was
            // told to no one: the pages read again once
            emit({ kind: 'gap' });
          } else if (message.event === 'issue') {
            const change = parseIssueChange(message.data);
            if (change) emit({ kind: 'issue', change });
          } else if (message.event === 'inbox') {
            const read = parseInboxRead(message.data);
            if (read) emit({ kind: 'inbox', read });
          } else if (message.event === 'gap') emit({ kind: 'gap' });
        }
        retryMs = parser.retryMs ?? retryMs;
      }
      return 0;
    };

    const loop = () => {
      connect()
        .then((wait) => {
          setConnected(false);
          if (wait < 0 || controller.signal.aborted) return;
          failures += 1;
          timer = setTimeout(loop, wait > 0 ? wait : reconnectDelay(failures, retryMs));
        })
        .catch(() => {
          setConnected(false);
          if (controller.signal.aborted) return;
          failures += 1;
          timer = setTimeout(loop, reconnectDelay(failures, retryMs));
        });
    };
    loop();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
      setConnected(false);
    };
  }, [token]);

  const value = useMemo<Live>(
    () => ({
      connected,
      subscribe(listener) {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
    }),
    [connected],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): Live {
  const value = useContext(LiveContext);
  if (!value) throw new Error('useLive outside LiveProvider');
  return value;
}

/**
 * Calls `refresh` (debounced) when the live stream says something changed: any issue (or only those `relevant`
 * says), or a gap. `refresh` is told which issues changed meanwhile, or nothing when anything may have (a gap).
 */
export function useLiveRefresh(
  refresh: (changed?: readonly string[]) => void,
  relevant?: (change: IssueChange) => boolean,
  delayMs = 400,
) {
  const { subscribe } = useLive();
  const latest = useRef({ refresh, relevant });
  latest.current = { refresh, relevant };
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    /** the issues changed since the last refresh; undefined after a gap (everything) */
    let changed: Set<string> | undefined = new Set();
    const unsubscribe = subscribe((signal) => {
      if (signal.kind === 'inbox') return; // read marks change no page, only the bell
      const { relevant: isRelevant } = latest.current;
      if (signal.kind === 'issue' && isRelevant && !isRelevant(signal.change)) return;
      if (signal.kind === 'gap') changed = undefined;
      else changed?.add(signal.change.issueId);
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        const told = changed ? [...changed] : undefined;
        changed = new Set();
        latest.current.refresh(told);
      }, delayMs);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [subscribe, delayMs]);
}
