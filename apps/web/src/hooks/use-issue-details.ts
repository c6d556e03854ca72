// The details of several issues at once (a few at a time), for inboxes that offer each issue's actions in place.
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

export function useIssueDetails(issueIds: readonly string[]): Resource<Map<string, IssueDetail>> {
  const unique = [...new Set(issueIds)];
  return useResource(
    async (signal) => {
      const details = await pool(unique, 4, (id) => api.issue(id, signal).catch(() => undefined));
      const map = new Map<string, IssueDetail>();
      details.forEach((detail) => detail && map.set(detail.id, detail));
      return map;
    },
    [unique.join(',')],
  );
}
