import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../support/test-stack';

interface LintMessage {
  ruleId: string | null;
  message: string;
}
interface ESLintLike {
  lintText(code: string, options: { filePath: string }): Promise<Array<{ messages: LintMessage[] }>>;
}

async function lint(code: string, relativePath: string): Promise<LintMessage[]> {
  // ESLint is an ES module package; load it the way Node loads it for the lint command.
  const { ESLint } = (await import('eslint')) as unknown as { ESLint: new (options: { cwd: string }) => ESLintLike };
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, relativePath) });
  return result.messages;
}

describe('lint keeps workflow code deterministic', () => {
  const forbidden = [
    "import * as fs from 'node:fs';",
    "import { readFileSync } from 'fs';",
    "import { Injectable } from '@nestjs/common';",
    "import { DataSource } from 'typeorm';",
    "import { Client } from 'pg';",
    "import { Client } from '@temporalio/client';",
    "import { Worker } from '@temporalio/worker';",
    "import { createActivities } from '../../activities/src';",
    "import { openDatabase } from '../../libs/persistence/src';",
  ];
  for (const line of forbidden) {
    test(`refuses in workflows/: ${line}`, async () => {
      const messages = await lint(`${line}\nexport const x = 1;\n`, 'workflows/src/example.workflow.ts');
      assert.ok(messages.some((m) => m.ruleId === 'no-restricted-imports'), JSON.stringify(messages));
    });
  }

  test('allows the workflow SDK, contracts and the pure domain', async () => {
    const code = [
      "import { proxyActivities, sleep } from '@temporalio/workflow';",
      "import type { SystemCheckActivities } from '../../libs/contracts/src';",
      "import * as domain from '../../libs/domain/src';",
      'export const used = [proxyActivities, sleep, domain];',
      'export type T = SystemCheckActivities;',
    ].join('\n');
    const messages = await lint(`${code}\n`, 'workflows/src/example.workflow.ts');
    assert.deepEqual(messages.filter((m) => m.ruleId === 'no-restricted-imports'), []);
  });

  test('the same imports are fine outside workflow code', async () => {
    const messages = await lint("import * as fs from 'node:fs';\nexport const x = fs;\n", 'activities/src/example.activities.ts');
    assert.deepEqual(messages.filter((m) => m.ruleId === 'no-restricted-imports'), []);
  });
});
