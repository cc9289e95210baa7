// Every hand-written statement of reporting (the `*Sql` objects of src/**/*.sql.ts) is EXPLAINed on a database
// migrated with reporting's own migrations, with the sample parameters declared next to it: a typo, a dropped or
// renamed column, or a wrong parameter count fails here, naming the statement. EXPLAIN plans without running, so
// the writes write nothing.
import { dropDatabase, ensureDatabase, migrateUnderLock, ormOptions } from '@dental/persistence';
import { TestWorld } from '@dental/testing';
import { MikroORM } from '@mikro-orm/postgresql';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as caseProfit from '../src/case-profit/case-profit.sql';
import * as finance from '../src/finance/finance.sql';
import * as journal from '../src/journal/journal.sql';
import * as ledger from '../src/ledger/ledger.sql';
import { named } from '../src/ledger/queries/receivables-scope';
import * as locks from '../src/locks.sql';
import * as payables from '../src/payables/payables.sql';
import * as progress from '../src/progress/progress.sql';
import { reportingService } from '../src/reporting.definition';
import * as reports from '../src/reports/reports.sql';
import type { SqlSample, SqlStatement, SqlTemplate, UnexplainableSql } from '../src/sql-statements';

jest.setTimeout(120_000);

const SRC = join(__dirname, '../src');

/** Every module of the statements, by its path under src (a new module must be added here: the first test says so). */
const MODULES: Record<string, Record<string, unknown>> = {
  'case-profit/case-profit.sql.ts': caseProfit,
  'finance/finance.sql.ts': finance,
  'journal/journal.sql.ts': journal,
  'ledger/ledger.sql.ts': ledger,
  'locks.sql.ts': locks,
  'payables/payables.sql.ts': payables,
  'progress/progress.sql.ts': progress,
  'reports/reports.sql.ts': reports,
};

function sqlModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sqlModules(join(dir, e.name))
      : e.name.endsWith('.sql.ts')
        ? [relative(SRC, join(dir, e.name)).split('\\').join('/')]
        : [],
  );
}

type Case = { name: string; text: string; sample: SqlSample } | { name: string; notExplainable: string };

const isStatement = (v: object): v is SqlStatement => 'text' in v && 'sample' in v;
const isTemplate = (v: object): v is SqlTemplate<unknown[]> => 'build' in v && 'samples' in v;
const isUnexplainable = (v: object): v is UnexplainableSql => 'notExplainable' in v;

/** The statements of the modules' `…Sql` objects; a template gives one case per sample. */
function cases(): Case[] {
  const out: Case[] = [];
  for (const [file, module] of Object.entries(MODULES)) {
    for (const [group, entries] of Object.entries(module)) {
      if (!group.endsWith('Sql')) continue;
      for (const [key, value] of Object.entries(entries as Record<string, object>)) {
        const name = `${file} ${group}.${key}`;
        if (isUnexplainable(value)) out.push({ name, notExplainable: value.notExplainable });
        else if (isStatement(value)) out.push({ name, text: value.text, sample: value.sample });
        else if (isTemplate(value)) {
          if (!value.samples.length) throw new Error(`${name}: a template needs at least one sample`);
          value.samples.forEach((s, i) =>
            out.push({ name: `${name} (sample ${i + 1})`, text: value.build(...s.args), sample: s.sample }),
          );
        } else throw new Error(`${name} is neither a statement, a template nor an unexplainable statement`);
      }
    }
  }
  return out;
}

/**
 * The statement with one bound placeholder per value, as the callers run it: `:name`s through named(), and a list
 * (`in (?)`) expanded to one placeholder per item. Throws when the placeholders and the values do not pair up.
 */
function bound(text: string, sample: SqlSample): { sql: string; bindings: unknown[] } {
  const positional = Array.isArray(sample)
    ? { sql: text, params: sample as unknown[] }
    : named(text, sample as Record<string, unknown>);
  const placeholders = positional.sql.match(/\?/g)?.length ?? 0;
  if (placeholders !== positional.params.length)
    throw new Error(`${placeholders} placeholders, ${positional.params.length} sample values`);
  const bindings: unknown[] = [];
  let i = 0;
  const sql = positional.sql.replace(/\?/g, () => {
    const value = positional.params[i++];
    if (!Array.isArray(value)) {
      bindings.push(value);
      return '?';
    }
    bindings.push(...value);
    return value.length ? value.map(() => '?').join(', ') : 'null';
  });
  return { sql, bindings };
}

const CASES = cases();
const world = new TestWorld();
const url = world.databaseUrl('reporting');
let orm: MikroORM;

beforeAll(async () => {
  await ensureDatabase(url);
  const setup = { clientUrl: url, entities: reportingService.entities, migrations: reportingService.migrations };
  await migrateUnderLock(setup);
  orm = await MikroORM.init({ ...ormOptions(setup), pool: { min: 0, max: 2 } });
});

afterAll(async () => {
  await orm?.close(true);
  await dropDatabase(url);
});

it('every src/**/*.sql.ts module is one this test reads', () => {
  expect(sqlModules(SRC).sort()).toEqual(Object.keys(MODULES).sort());
  expect(CASES.length).toBeGreaterThan(40);
});

it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
  if ('notExplainable' in c) {
    // listed, not run: the reason says why EXPLAIN cannot take it
    expect(c.notExplainable).toMatch(/\w/);
    return;
  }
  const { sql, bindings } = bound(c.text, c.sample);
  const plan = (await orm.em.getKnex().raw(`explain ${sql}`, bindings as never[])) as { rows: unknown[] };
  expect(plan.rows.length).toBeGreaterThan(0);
});
