// The details of several issues at once (a few at a time), for inboxes that offer each issue's actions in place.
import { useCallback, useRef } from 'react';
import { api } from '../api/endpoints';
import type { IssueDetail } from '../api/types';
import { useResource, type Resource } from './use-resource';

async function pool<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  });
  await Promise.all(runners);
  return results;
}

/** How often the details read so far are shown while the rest arrive, at most. */
const SHOW_EVERY_MS = 150;

export interface IssueDetails extends Resource<Map<string, IssueDetail>> {
  /** Reads again the given issues' details only (the others stay as shown), or every one when none are given. */
  reload(only?: readonly string[]): void;
}

/**
 * The details of the given issues, read a few at a time and shown as they arrive (an inbox offers the first
 * actions while the later details are still on their way); a read again keeps the earlier details shown meanwhile,
 * and may be of a few issues only (those the live stream says changed).
 */
export function useIssueDetails(issueIds: readonly string[]): IssueDetails {
  const unique = [...new Set(issueIds)];
  const shown = useRef(new Map<string, IssueDetail>());
  const only = useRef<Set<string> | undefined>(undefined);
  const resource = useResource<Map<string, IssueDetail>>(
    async (signal, partial) => {
      const map = new Map([...shown.current].filter(([id]) => unique.includes(id)));
      const wanted = only.current;
      only.current = undefined;
      // a partial read: the issues named, and any not read yet
      const toRead = wanted ? unique.filter((id) => wanted.has(id) || !map.has(id)) : unique;
      let last = 0;
      await pool(toRead, 4, async (id) => {
        const detail = await api.issue(id, signal).catch(() => undefined);
        if (detail) map.set(detail.id, detail);
        if (Date.now() - last >= SHOW_EVERY_MS) {
          last = Date.now();
          partial(new Map(map));
        }
      });
      shown.current = map;
      return map;
    },
    [unique.join(',')],
  );
  const { reload } = resource;
  const reloadSome = useCallback(
    (ids?: readonly string[]) => {
      only.current = ids ? new Set([...(only.current ?? []), ...ids]) : undefined;
      reload();
    },
    [reload],
  );
  return { ...resource, reload: reloadSome };
}
