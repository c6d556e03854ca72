import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
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
    "import { createActivities } from '@unblock/activities';",
    "import { openDatabase } from '@unblock/persistence';",
  ];
  for (const line of forbidden) {
    test(`refuses in workflows/: ${line}`, async () => {
      const messages = await lint(`${line}\nexport const x = 1;\n`, 'workflows/src/example.workflow.ts');
      assert.ok(
        messages.some((m) => m.ruleId === 'no-restricted-imports'),
        JSON.stringify(messages),
      );
    });
  }

  test('allows the workflow SDK, contracts and the pure domain', async () => {
    const code = [
      "import { proxyActivities, sleep } from '@temporalio/workflow';",
      "import type { SystemCheckActivities } from '@unblock/contracts';",
      "import * as domain from '@unblock/domain';",
      'export const used = [proxyActivities, sleep, domain];',
      'export type T = SystemCheckActivities;',
    ].join('\n');
    const messages = await lint(`${code}\n`, 'workflows/src/example.workflow.ts');
    assert.deepEqual(
      messages.filter((m) => m.ruleId === 'no-restricted-imports'),
      [],
    );
  });

  test('the same imports are fine outside workflow code', async () => {
    const messages = await lint(
      "import * as fs from 'node:fs';\nexport const x = fs;\n",
      'activities/src/example.activities.ts',
    );
    assert.deepEqual(
      messages.filter((m) => m.ruleId === 'no-restricted-imports'),
      [],
    );
  });
});

describe('lint keeps the layers of the architecture', () => {
  // The module-boundary rule reads Nx's project graph; make sure it exists (a fresh clone has none yet).
  before(async () => {
    const { createProjectGraphAsync } = (await import('@nx/devkit')) as {
      createProjectGraphAsync: (options?: { exitOnError?: boolean }) => Promise<unknown>;
    };
    const cwd = process.cwd();
    process.chdir(REPO_ROOT);
    try {
      await createProjectGraphAsync({ exitOnError: false });
    } finally {
      process.chdir(cwd);
    }
  });

  const refused: Array<[string, string]> = [
    ['libs/domain/src/example.ts', "import { openDatabase } from '@unblock/persistence';"],
    ['libs/contracts/src/example.ts', "import { loadConfig } from '@unblock/config';"],
    ['libs/persistence/src/example.ts', "import { createActivities } from '@unblock/activities';"],
    ['libs/config/src/example.ts', "import { findFreePort } from '@unblock/runtime';"],
  ];
  for (const [file, line] of refused) {
    test(`refuses in ${file}: ${line}`, async () => {
      const messages = await lint(`${line}\nexport const x = 1;\n`, file);
      assert.ok(
        messages.some((m) => m.ruleId === '@nx/enforce-module-boundaries'),
        JSON.stringify(messages),
      );
    });
  }

  test('refuses a path into another package', async () => {
    const messages = await lint(
      "import { reduceIssue } from '../../domain/src';\nexport const x = reduceIssue;\n",
      'libs/contracts/src/example.ts',
    );
    assert.ok(
      messages.some((m) => m.ruleId === '@nx/enforce-module-boundaries' || m.ruleId === 'no-restricted-imports'),
      JSON.stringify(messages),
    );
  });

  test('allows a layer to use the ones below it by name', async () => {
    const code = [
      "import { redactUrl } from '@unblock/config';",
      "import { reduceIssue } from '@unblock/domain';",
      'export const used = [redactUrl, reduceIssue];',
    ].join('\n');
    const messages = await lint(`${code}\n`, 'libs/persistence/src/example.ts');
    assert.deepEqual(
      messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries'),
      [],
    );
  });
});
