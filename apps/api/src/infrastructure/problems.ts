import { NotFoundException } from '@nestjs/common';

/**
 * The problem types of a 404. Both are on the wire, and clients and the end-to-end tests know them: the reads answer
 * `/problems/not-found`, the action routes `/problems/issue-not-found`. This module alone spells them.
 */
export const NOT_FOUND_TYPES = { notFound: '/problems/not-found', issueNotFound: '/problems/issue-not-found' } as const;
export type NotFoundType = (typeof NOT_FOUND_TYPES)[keyof typeof NOT_FOUND_TYPES];

/**
 * A 404 for an issue or a project. For an issue, the same answer whether it does not exist or the caller may not
 * see it (no existence leak).
 */
export function notFound(
  subject: 'issue' | 'project',
  id: string,
  type: NotFoundType = NOT_FOUND_TYPES.notFound,
): NotFoundException {
  const detail =
    subject === 'issue'
      ? `There is no issue ${JSON.stringify(id)} that you may see.`
      : `There is no project ${JSON.stringify(id)}.`;
  const title = type === NOT_FOUND_TYPES.issueNotFound ? 'Issue not found' : 'Not found';
  return new NotFoundException({ type, title, status: 404, detail });
}
