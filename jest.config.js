// Four tiers: unit (*.spec.ts), integration (*.int-spec.ts, one service on real PostgreSQL + NATS),
// e2e (e2e/*.e2e-spec.ts, the whole stack through the gateway), web (apps/web/e2e/*.web-spec.ts, the same in Chromium).
const { readFileSync } = require('node:fs');
const swc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.$schema;
const moduleNameMapper = {
  '^@dental/(api-client|auth|contracts|exports|messaging|money|persistence|platform|testing)$': '<rootDir>/libs/$1/src/index.ts',
};
const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    // jose 6 ships only ES modules, which Jest's CommonJS runtime cannot require: compile it like our own code.
    '/node_modules/jose/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' }, jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper,
  setupFiles: ['reflect-metadata'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/', '/.stryker-tmp/'],
  // Stryker's sandbox copies the repository (package.json included) while a mutation run lasts
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
};
module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,deploy,scripts}/**/*.spec.ts'] },
    { ...base, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'], testTimeout: 60000 },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/e2e/**/*.e2e-spec.ts'], testTimeout: 120000 },
    // the web app in Debian's Chromium against the whole stack (apps/web/e2e/README.md); npm test runs it after e2e
    { ...base, displayName: 'web', testMatch: ['<rootDir>/apps/web/e2e/**/*.web-spec.ts'], testTimeout: 180000 },
  ],
};
