/**
 * Reads an issue policy document from a file (JSON, or YAML for .yaml/.yml) and validates it with the domain's
 * rules. It lives here, with the rest of the configuration, so that `@unblock/domain` stays free of the file
 * system and safe for workflow code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { IssuePolicyDocument, parseIssuePolicyDocument, PolicyValidationError } from '@unblock/domain';

/** Environment variable naming the policy file the running product loads. */
export const POLICY_FILE_VARIABLE = 'UNBLOCK_POLICY_FILE';

export const DEFAULT_POLICY_FILE = 'libs/domain/policies/default-policies.json';
export const TEST_POLICY_FILE = 'libs/domain/policies/test-policies.json';

/** The repository root: the nearest folder above `start` with nx.json (the workspace), else the working directory. */
export function findRepositoryRoot(start: string = __dirname): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'nx.json')) && fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

/** The policy file to load: the variable when set (relative to the repository root), else the default one. */
export function resolvePolicyFilePath(
  env: Record<string, string | undefined> = process.env,
  repoRoot: string = findRepositoryRoot(),
): string {
  const configured = env[POLICY_FILE_VARIABLE]?.trim();
  return path.resolve(repoRoot, configured ? configured : DEFAULT_POLICY_FILE);
}

/** Reads, parses and validates a policy file. Errors name the file, then each path and rule. */
export function loadIssuePolicyFile(file: string): IssuePolicyDocument {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new PolicyValidationError([{ path: '(file)', rule: `cannot be read: ${(error as Error).message}` }], file);
  }
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new PolicyValidationError(
      [
        {
          path: '(file)',
          rule: `is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(error as Error).message}`,
        },
      ],
      file,
    );
  }
  return parseIssuePolicyDocument(raw, file);
}

/** Loads the policy file the configuration names (or the default one). */
export function loadConfiguredIssuePolicies(
  env: Record<string, string | undefined> = process.env,
): IssuePolicyDocument {
  return loadIssuePolicyFile(resolvePolicyFilePath(env));
}
