#!/usr/bin/env node
// `npm run test:mutation`: each part of stryker.config.mjs in turn, then the per-file thresholds
// (scripts/mutation-thresholds.mjs). Incremental from the committed baseline (mutation-baseline/<part>.json):
// Stryker re-tests only the mutants whose code or covering tests differ from that run and reuses the rest, so CI
// judges every mutant of the current code in a minute instead of a quarter of an hour.
//
//   node scripts/mutation.mjs                   incremental (the baseline seeds a part that has no local result, and
//                                               always under CI=true)
//   node scripts/mutation.mjs --full            every mutant tested again (Stryker's --force)
//   node scripts/mutation.mjs --update-baseline then copy each part's result to mutation-baseline/ (commit it)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { incrementalFileOf, parts } from '../stryker.config.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const unknown = [...args].filter((a) => !['--full', '--update-baseline'].includes(a));
if (unknown.length > 0) {
  console.error(`[mutation] unknown option ${unknown.join(' ')}: use --full and/or --update-baseline`);
  process.exit(2);
}
const log = (line) => process.stdout.write(`[mutation] ${line}\n`);
const baselineOf = (part) => path.join(root, 'mutation-baseline', `${part}.json`);
const run = (cmd, cmdArgs, env = {}) => {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`[mutation] ${cmd} ${cmdArgs.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
};

for (const part of Object.keys(parts)) {
  const incremental = path.join(root, incrementalFileOf(part));
  if (!args.has('--full') && existsSync(baselineOf(part)) && (process.env.CI || !existsSync(incremental))) {
    mkdirSync(path.dirname(incremental), { recursive: true });
    copyFileSync(baselineOf(part), incremental);
    log(`${part}: incremental from mutation-baseline/${part}.json`);
  }
  const started = Date.now();
  run(
    process.execPath,
    [
      path.join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'),
      'run',
      ...(args.has('--full') ? ['--force'] : []),
    ],
    {
      MUTATION_PART: part,
    },
  );
  log(`${part}: ${Math.round((Date.now() - started) / 1000)} s`);
  if (args.has('--update-baseline')) {
    mkdirSync(path.dirname(baselineOf(part)), { recursive: true });
    copyFileSync(incremental, baselineOf(part));
    log(`${part}: baseline written to mutation-baseline/${part}.json`);
  }
}
run(process.execPath, [path.join(root, 'scripts/mutation-thresholds.mjs')]);
