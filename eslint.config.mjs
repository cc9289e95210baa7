// Module boundaries are a lint error, not a convention: see the tag rules below and the README.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import serviceLayout from './scripts/eslint/feature-boundaries.mjs';

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
  {
    // Inside a service: a use case's folder is private to it and its feature's module; features import each other
    // without cycles (scripts/eslint/feature-boundaries.mjs). The allow list names the exceptions still standing.
    files: ['apps/*/src/**/*.ts'],
    ignores: ['apps/web/**'],
    plugins: { 'service-layout': serviceLayout },
    rules: {
      'service-layout/feature-boundaries': [
        'error',
        {
          allow: [
            // the gateway's OpenAPI document names the answers of every route, and is built from the configured app
            'apps/gateway/src/openapi/views -> apps/gateway/src/',
            'apps/gateway/src/openapi/document-from-code -> apps/gateway/src/http/',
            // payments: the PDF answers render what the JSON use case answers
            'apps/payments/src/patient-payments/payments-list-pdf/ -> apps/payments/src/patient-payments/list-payments/',
            'apps/payments/src/patient-payments/receipt-pdf/ -> apps/payments/src/patient-payments/get-payment/',
            // notifications: the scheduler runs each feature's timed job, and lends them its system caller
            'apps/notifications/src/scheduler/scheduler -> apps/notifications/src/',
            'apps/notifications/src/ -> apps/notifications/src/scheduler/system-caller',
            // still to split into named modules (known debts, not a pattern to follow):
            'apps/notifications/src/reminders/dispatch-reminders/compose-reminder -> apps/notifications/src/',
            'apps/notifications/src/alerts/close-paid-off/ -> apps/notifications/src/alerts/update-alert/',
            'apps/notifications/src/deliveries/send-deliveries/ -> apps/notifications/src/deliveries/channels/',
            // reporting: folders by layer (queries, projection, read-models) rather than by use case, still
            'apps/reporting/src/ -> apps/reporting/src/reports/queries/report-clinic',
            'apps/reporting/src/finance/queries/ -> apps/reporting/src/finance/',
            'apps/reporting/src/journal/queries/journal-lines.handler -> apps/reporting/src/ledger/queries/receivables-scope',
            'apps/reporting/src/payables/ -> apps/reporting/src/reports/projection/',
            'apps/reporting/src/payables/queries/payables-aging.handler -> apps/reporting/src/finance/queries/',
            'apps/reporting/src/reports/ -> apps/reporting/src/finance/queries/finance-labs.handler',
            'apps/reporting/src/case-profit/queries/case-profit.handler -> apps/reporting/src/reports/queries/progress-payments.handler',
          ],
        },
      ],
    },
  },
);
