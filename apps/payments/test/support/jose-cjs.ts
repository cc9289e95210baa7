// Jest 30 on Node 20 cannot require an ES module, and jose 6 ships only ES modules, so a test that loads
// @dental/auth fails with "Must use import to load ES Module". Until jest.config.js transforms jose (see the
// report of this change), the tests load the real jose compiled to CommonJS by SWC, once per jose version:
//   jest.mock('jose', () => jest.requireActual<typeof import('./support/jose-cjs')>('./support/jose-cjs').joseAsCommonJs());
// Nothing is faked: the same jose sources run, only their module format changes.
import { transformSync } from '@swc/core';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

export function joseAsCommonJs(): unknown {
  const entry = require.resolve('jose'); // .../jose/dist/webapi/index.js
  const sourceDir = dirname(entry);
  const version = (JSON.parse(readFileSync(join(sourceDir, '../../package.json'), 'utf8')) as { version: string }).version;
  const target = join(tmpdir(), `dental-jose-cjs-${version}`);
  if (!existsSync(join(target, 'index.js'))) {
    // Parallel Jest workers may race: each writes its own copy and renames it into place; the first one wins.
    const scratch = `${target}.${process.pid}.${Date.now()}`;
    for (const file of listJs(sourceDir)) {
      const out = join(scratch, relative(sourceDir, file));
      mkdirSync(dirname(out), { recursive: true });
      const { code } = transformSync(readFileSync(file, 'utf8'), {
        filename: file,
        module: { type: 'commonjs' },
        jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } },
      });
      writeFileSync(out, code);
    }
    try {
      renameSync(scratch, target);
    } catch {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  // a path known only at run time: require is the way to load it into Jest's module registry
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(target, 'index.js'));
}

function listJs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? listJs(join(dir, d.name)) : d.name.endsWith('.js') ? [join(dir, d.name)] : [],
  );
}
