// Compiles apps/ and libs/ with SWC into dist/ (same layout), and points the @dental/* aliases at the compiled
// libs through dist/node_modules, so `node dist/apps/<app>/src/main.js` runs without a path-rewriting step.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
execFileSync(
  join(root, 'node_modules/.bin/swc'),
  [
    'apps',
    'libs',
    '-d',
    'dist',
    '--config-file',
    '.swcrc',
    '--ignore',
    '**/*.spec.ts,**/*.int-spec.ts,**/test/**',
    '--quiet',
  ],
  { cwd: root, stdio: 'inherit' },
);
for (const lib of readdirSync(join(root, 'libs'))) {
  const dir = join(dist, 'node_modules/@dental', lib);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.js'), `module.exports = require('../../../libs/${lib}/src/index.js');\n`);
}
