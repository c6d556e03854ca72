/**
 * Test support only: the repository's policy files and a small hand-made policy for reducer tests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseIssuePolicyDocument, type IssuePolicy, type IssuePolicyDocument } from '../issue-policy';

export const DEFAULT_POLICY_FILE = 'libs/domain/policies/default-policies.json';
export const TEST_POLICY_FILE = 'libs/domain/policies/test-policies.json';

/** The workspace root: the nearest folder above this file with nx.json. */
function workspaceRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

export function repositoryPolicyPath(relative: string): string {
  return path.join(workspaceRoot(), relative);
}

function loadPolicyJson(relative: string): IssuePolicyDocument {
  const file = repositoryPolicyPath(relative);
  return parseIssuePolicyDocument(JSON.parse(fs.readFileSync(file, 'utf8')), file);
}

export function loadDefaultPolicies(): IssuePolicyDocument {
  return loadPolicyJson(DEFAULT_POLICY_FILE);
}

export function loadTestPolicies(): IssuePolicyDocument {
  return loadPolicyJson(TEST_POLICY_FILE);
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
