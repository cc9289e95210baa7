// Every hand-written statement of reporting (the `*Sql` objects of src/**/*.sql.ts) is EXPLAINed on a database
// migrated with reporting's own migrations, with the sample parameters declared next to it: a typo, a dropped or
// renamed column, or a wrong parameter count fails here, naming the statement. EXPLAIN plans without running, so
// the writes write nothing.
import {
  bindSample,
  dropDatabase,
  ensureDatabase,
  migrateUnderLock,
  ormOptions,
  sqlCases,
  sqlModuleFiles,
} from '@dental/persistence';
import { TestWorld } from '@dental/testing';
import { MikroORM } from '@mikro-orm/postgresql';
import { join } from 'node:path';
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

const CASES = sqlCases(MODULES);
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
  expect(sqlModuleFiles(SRC).sort()).toEqual(Object.keys(MODULES).sort());
  expect(CASES.length).toBeGreaterThan(40);
});

it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
  if ('notExplainable' in c) {
    // listed, not run: the reason says why EXPLAIN cannot take it
    expect(c.notExplainable).toMatch(/\w/);
    return;
  }
  // `:name` samples are bound as receivables-scope.ts binds them
  const { sql, bindings } = bindSample(c.text, c.sample, named);
  const plan = (await orm.em.getKnex().raw(`explain ${sql}`, bindings as never[])) as { rows: unknown[] };
  expect(plan.rows.length).toBeGreaterThan(0);
});
