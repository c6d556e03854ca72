// The console keeps the API's closed lists as plain constants (apps/web/src/api/types.ts: it runs in the browser on
// the public API alone); they must be the domain's, member for member and in order, or a category, status or role
// would go missing from a picker or a label.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as domain from '@unblock/domain';
import * as web from '../../apps/web/src/api/types';

test("the console's closed lists are the domain's", () => {
  const lists = ['ISSUE_CATEGORIES', 'RISK_LEVELS', 'ISSUE_STATUSES', 'TASK_STATUSES', 'ACTOR_ROLES', 'LEADER_ROLES'];
  for (const name of lists) {
    const ours = (web as unknown as Record<string, readonly string[]>)[name];
    const theirs = (domain as unknown as Record<string, readonly string[] | undefined>)[name];
    assert.ok(ours, `the console has ${name}`);
    assert.ok(theirs, `the domain exports ${name}`);
    assert.deepEqual([...ours], [...theirs], name);
  }
});
