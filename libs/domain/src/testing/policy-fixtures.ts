/**
 * Test support only: the repository's policy files and a small hand-made policy for reducer tests.
 */
import * as path from 'node:path';
import { DEFAULT_POLICY_FILE, findRepositoryRoot, loadIssuePolicyFile, TEST_POLICY_FILE } from '../policy-file';
import type { IssuePolicy, IssuePolicyDocument } from '../issue-policy';

export function repositoryPolicyPath(relative: string): string {
  return path.join(findRepositoryRoot(__dirname), relative);
}

export function loadDefaultPolicies(): IssuePolicyDocument {
  return loadIssuePolicyFile(repositoryPolicyPath(DEFAULT_POLICY_FILE));
}

export function loadTestPolicies(): IssuePolicyDocument {
  return loadIssuePolicyFile(repositoryPolicyPath(TEST_POLICY_FILE));
}

/** A valid working-time policy entry, to be altered by validation tests. */
export function workingPolicyEntry(): IssuePolicy {
  return {
    clock: 'working',
    accept: '1 working hour',
    handle: 'same-day',
    reminders: ['50%', '80%', 'PT30M before'],
    ladder: [
      { role: 'department_head', wait: '2 working hours' },
      { role: 'responsible_leader', wait: '4 working hours' },
      { role: 'zone_director', wait: '4 working hours' },
      { role: 'party_secretary' },
    ],
    topRepeat: { interval: '4 working hours', count: 2 },
    transferLimit: 2,
    verificationWindow: '3 working days',
  };
}
