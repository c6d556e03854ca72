import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadIssuePolicyFile, POLICY_FILE_VARIABLE, resolvePolicyFilePath } from '@unblock/config';
import { PolicyValidationError } from '@unblock/domain';
import { loadDefaultPolicies, repositoryPolicyPath } from '@unblock/domain/testing';

/** A policy document as parsed JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function defaultDocument(): Record<string, any> {
  return JSON.parse(fs.readFileSync(repositoryPolicyPath('libs/domain/policies/default-policies.json'), 'utf8'));
}

describe('the policy file', () => {
  test('the policy file path comes from UNBLOCK_POLICY_FILE, relative to the repository, else the default', () => {
    assert.equal(resolvePolicyFilePath({}, '/repo'), '/repo/libs/domain/policies/default-policies.json');
    assert.equal(
      resolvePolicyFilePath({ [POLICY_FILE_VARIABLE]: 'libs/domain/policies/test-policies.json' }, '/repo'),
      '/repo/libs/domain/policies/test-policies.json',
    );
    assert.equal(
      resolvePolicyFilePath({ [POLICY_FILE_VARIABLE]: '/etc/unblock/policies.yaml' }, '/repo'),
      '/etc/unblock/policies.yaml',
    );
  });
  test('a YAML policy file loads like the JSON one, and a broken file names the file', async () => {
    const { stringify } = await import('yaml');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unblock-policy-'));
    const yamlFile = path.join(dir, 'policies.yaml');
    fs.writeFileSync(yamlFile, stringify(defaultDocument()));
    assert.equal(loadIssuePolicyFile(yamlFile).version, loadDefaultPolicies().version);
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{ "version": ');
    assert.throws(
      () => loadIssuePolicyFile(broken),
      (e: unknown) =>
        e instanceof PolicyValidationError && e.message.includes(broken) && /not valid JSON/.test(e.message),
    );
    const missing = path.join(dir, 'missing.json');
    assert.throws(
      () => loadIssuePolicyFile(missing),
      (e: unknown) =>
        e instanceof PolicyValidationError && e.message.includes(missing) && /cannot be read/.test(e.message),
    );
    fs.rmSync(dir, { recursive: true });
  });
});
