// Mutation testing of the money code (`npm run test:mutation`; libs/money/README.md, "Mutation testing").
// Stryker runs the Jest `unit` project of jest.config.js, restricted to the specs next to the mutated files, in a
// sandbox copy of the repository; scripts/mutation-thresholds.mjs then fails the run for any file below 90 %.
//
// Two parts, run one after the other (MUTATION_PART=money, then accounts; unset: both at once, slower): a money mutant
// is tested by the libs/money specs, an account-math, bank-charge or pay-split mutant by the specs of those three.
// Keeping the payment specs (which load @dental/contracts, over half a second per Jest run) away from the ~330 money
// mutants halves the run, and each file is still judged by the specs written for it.
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const unit = require('./jest.config.js').projects.find((p) => p.displayName === 'unit');

/** Each part: the files whose mutants are counted (each must reach 90 %) and the specs that test them. */
export const parts = {
  money: {
    mutate: ['libs/money/src/money.ts', 'libs/money/src/percent.ts', 'libs/money/src/currency.ts'],
    specs: ['<rootDir>/libs/money/src/**/*.spec.ts'],
  },
  accounts: {
    mutate: [
      'libs/contracts/src/patient-accounts/account-math.ts',
      'apps/payments/src/patient-payments/bank-charge.ts',
      'apps/payments/src/patient-payments/pay-split.ts',
    ],
    specs: [
      '<rootDir>/libs/contracts/src/patient-accounts/account-math.spec.ts',
      '<rootDir>/apps/payments/src/patient-payments/bank-charge.spec.ts',
      '<rootDir>/apps/payments/src/patient-payments/pay-split.spec.ts',
    ],
  },
  // a physician's earning (DOMAIN.md D: base − cost % − linked lab fees, × commission) and the split of a lab fee
  progress: {
    mutate: ['apps/reporting/src/progress/progress-rule.ts', 'apps/reporting/src/case-profit/lab-fees.ts'],
    specs: [
      '<rootDir>/apps/reporting/src/progress/progress-rule.spec.ts',
      '<rootDir>/apps/reporting/src/case-profit/lab-fees.spec.ts',
    ],
  },
};

const partName = process.env.MUTATION_PART;
if (partName !== undefined && !(partName in parts)) {
  throw new Error(
    `MUTATION_PART must be one of ${Object.keys(parts).join(', ')} (or unset for all), got "${partName}"`,
  );
}
const selected = partName === undefined ? Object.values(parts) : [parts[partName]];
const reportDir = partName === undefined ? 'reports/mutation' : `reports/mutation/${partName}`;
/** Where a part's incremental result goes (scripts/mutation.mjs seeds it from mutation-baseline/<part>.json). */
export const incrementalFileOf = (part) => `reports/mutation/${part}/stryker-incremental.json`;

// The property specs repeat 10 000 cases per property; per mutant (and instrumented) 200 still kill what they kill and
// keep the run inside the CI budget. The test-runner processes inherit this.
process.env.MONEY_PROPERTY_ITERATIONS ??= '200';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  plugins: ['@stryker-mutator/jest-runner'],
  mutate: selected.flatMap((p) => p.mutate),
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    // The unit project alone. rootDir '.' = the sandbox Stryker runs in (jest.config.js's own rootDir, evaluated
    // here, would point Jest back at the real work tree and test unmutated code).
    config: {
      ...unit,
      projects: undefined,
      displayName: undefined,
      rootDir: '.',
      // Only where the specs are: a smaller file map per mutant run (modules elsewhere still resolve).
      roots: [
        '<rootDir>/libs/money/src',
        '<rootDir>/libs/contracts/src',
        '<rootDir>/apps/payments/src/patient-payments',
        '<rootDir>/apps/reporting/src/progress',
        '<rootDir>/apps/reporting/src/case-profit',
      ],
      testMatch: selected.flatMap((p) => p.specs),
      // The sandbox must not ignore itself (jest.config.js keeps Jest out of a sandbox left inside the work tree).
      testPathIgnorePatterns: unit.testPathIgnorePatterns.filter((p) => !p.includes('.stryker-tmp')),
      modulePathIgnorePatterns: (unit.modulePathIgnorePatterns ?? []).filter((p) => !p.includes('.stryker-tmp')),
    },
    // Off: finding the related specs walks the dependency graph on every mutant run and costs more than it saves.
    enableFindRelatedTests: false,
  },
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 10000,
  // Re-test only the mutants whose code or covering tests changed since the run the incremental file holds (in CI:
  // the committed baseline, copied there by scripts/mutation.mjs); `--force` tests every mutant again.
  incremental: true,
  incrementalFile: `${reportDir}/stryker-incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${reportDir}/mutation.html` },
  jsonReporter: { fileName: `${reportDir}/mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true },
  // Per file, not per run: scripts/mutation-thresholds.mjs reads mutation.json. Stryker's own break stays off.
  thresholds: { high: 95, low: 90, break: null },
  // The sandbox (a copy of the repository) outside the work tree, where no other Jest or ESLint run stumbles on it.
  tempDirName: path.join(tmpdir(), 'dental-finance-stryker'),
  cleanTempDir: 'always',
  ignorePatterns: ['/.data', '/dist', '/coverage', '/reports', '/.nx', '/bench/results', '/.stryker-tmp'],
};
