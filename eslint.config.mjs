// Module boundaries are a lint error, not a convention: see the tag rules below and the README.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', '.nx/**', 'coverage/**', '.stryker-tmp/**', 'reports/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:kernel', onlyDependOnLibsWithTags: ['type:kernel'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:kernel'] },
            // lib tests may use libs/testing; their src may not (no-restricted-imports below)
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:kernel', 'type:testing'] },
            { sourceTag: 'type:auth', onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:kernel'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:kernel', 'type:auth'] },
            // only the gateway may import libs/auth (HTTP guards, tokens, passwords)
            { sourceTag: 'type:gateway', onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:kernel', 'type:auth', 'type:testing'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:kernel', 'type:testing'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:kernel', 'type:auth', 'type:testing', 'type:api-client'] },
            // the generated client stands alone: integrators take it without the platform's code
            { sourceTag: 'type:api-client', onlyDependOnLibsWithTags: [] },
            // the browser app talks to the platform only through the public API's generated client
            { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:api-client'] },
          ],
        },
      ],
    },
  },
  {
    // Production code never reaches for test helpers.
    files: ['apps/**/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', 'libs/testing/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: '@dental/testing', message: 'test helpers are for tests only' }] }] },
  },
);
