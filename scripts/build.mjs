// Compiles apps/ and libs/ with SWC into dist/ (same layout), and points the @dental/* aliases at the compiled
// libs through dist/node_modules, so `node dist/apps/<app>/src/main.js` runs without a path-rewriting step.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
    '**/*.spec.ts,**/*.int-spec.ts,**/test/**,apps/web/**',
    '--quiet',
  ],
  { cwd: root, stdio: 'inherit' },
);
for (const lib of readdirSync(join(root, 'libs'))) {
  const dir = join(dist, 'node_modules/@dental', lib);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.js'), `module.exports = require('../../../libs/${lib}/src/index.js');\n`);
}
// The web app (apps/web): Vite bundles it into dist/apps/web (hashed files under assets/), served by the gateway at /.
if (existsSync(join(root, 'apps/web/vite.config.ts'))) {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
} else {
  process.stdout.write(
    '[build] apps/web/vite.config.ts is absent: the web app is not built (the gateway serves the API only)\n',
  );
}
