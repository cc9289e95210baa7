#!/usr/bin/env node
// Fails when any mutated file scores below the threshold. Stryker's own `thresholds.break` is for the whole run, so a
// well-tested file could hide a poorly tested one; this reads Stryker's JSON report and checks each file alone.
//
//   node scripts/mutation-thresholds.mjs [report.json ...] [--min 90]
//
// Without a report named: the reports of the parts stryker.config.mjs defines (reports/mutation/<part>/mutation.json,
// as `npm run test:mutation` writes them), or reports/mutation/mutation.json of a run of all parts at once.
// Score as Stryker computes it: detected (Killed, Timeout) / valid (detected + Survived + NoCoverage); Ignored
// mutants (the commented exclusions) and CompileError / RuntimeError mutants do not count.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parts } from '../stryker.config.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const minAt = args.indexOf('--min');
const min = minAt >= 0 ? Number(args.splice(minAt, 2)[1]) : 90;
if (!Number.isFinite(min)) {
  console.error('[mutation] --min must be a number');
  process.exit(2);
}

const partReports = Object.keys(parts).map((name) => `reports/mutation/${name}/mutation.json`);
const reportPaths = (
  args.length > 0
    ? args
    : partReports.some((r) => existsSync(path.resolve(root, r)))
      ? partReports
      : ['reports/mutation/mutation.json']
).map((r) => path.resolve(root, r));

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

const scores = new Map();
for (const reportPath of reportPaths) {
  let report;
  try {
    report = JSON.parse(readFileSync(reportPath, 'utf8'));
  } catch (error) {
    console.error(`[mutation] cannot read ${path.relative(root, reportPath)}: ${error.message}`);
    process.exit(2);
  }
  for (const [file, { mutants }] of Object.entries(report.files ?? {})) {
    const relative = path.relative(root, path.resolve(root, file)).split(path.sep).join('/');
    const detected = mutants.filter((m) => DETECTED.has(m.status)).length;
    const undetected = mutants.filter((m) => UNDETECTED.has(m.status));
    const ignored = mutants.filter((m) => m.status === 'Ignored').length;
    const valid = detected + undetected.length;
    scores.set(relative, { detected, valid, ignored, undetected, score: valid === 0 ? 100 : (100 * detected) / valid });
  }
}
const mutatedFiles = Object.values(parts).flatMap((p) => p.mutate);

const failures = [];
console.log(`[mutation] per-file mutation score (threshold ${min} %)`);
for (const file of mutatedFiles) {
  const s = scores.get(file);
  if (!s) {
    failures.push(`${file}: not in the report`);
    console.log(`  MISSING ${file}`);
    continue;
  }
  const ok = s.score >= min;
  console.log(
    `  ${ok ? 'ok  ' : 'FAIL'} ${s.score.toFixed(2).padStart(6)} %  ${String(s.detected).padStart(3)}/${String(s.valid).padEnd(3)}` +
      ` (${s.ignored} ignored)  ${file}`,
  );
  if (!ok) {
    failures.push(`${file}: ${s.score.toFixed(2)} % < ${min} %`);
    for (const m of s.undetected) {
      const { line, column } = m.location.start;
      console.log(
        `         ${m.status} ${m.mutatorName} at ${file}:${line}:${column}${m.replacement ? ` → ${JSON.stringify(m.replacement)}` : ''}`,
      );
    }
  }
}

if (failures.length > 0) {
  console.error(`[mutation] ${failures.length} file(s) below ${min} %:`);
  for (const f of failures) console.error(`  ${f}`);
  process.exit(1);
}
console.log(`[mutation] every file at or above ${min} %`);
