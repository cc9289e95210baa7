// Every hand-written statement of work-orders (the `*Sql` objects of src/**/*.sql.ts) is EXPLAINed on a database
// migrated with the service's own migrations, with the sample parameters declared next to it: a typo, a dropped or
// renamed column, or a wrong parameter count fails here, naming the statement. EXPLAIN plans without running, so
// the writes write nothing. No NATS: the migrations run directly.
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
import * as labs from '../src/labs/labs.sql';
import * as patients from '../src/patients/patients.sql';
import * as treatmentLinks from '../src/treatment-links/treatment-links.sql';
import { workOrdersService } from '../src/work-orders.definition';
import * as workOrders from '../src/work-orders/work-orders.sql';

jest.setTimeout(120_000);

const SRC = join(__dirname, '../src');

/** Every module of the statements, by its path under src (a new module must be added here: the first test says so). */
const MODULES: Record<string, Record<string, unknown>> = {
  'labs/labs.sql.ts': labs,
  'patients/patients.sql.ts': patients,
  'treatment-links/treatment-links.sql.ts': treatmentLinks,
  'work-orders/work-orders.sql.ts': workOrders,
};

const CASES = sqlCases(MODULES);
const world = new TestWorld();
const url = world.databaseUrl('work-orders');
let orm: MikroORM;

beforeAll(async () => {
  await ensureDatabase(url);
  const setup = { clientUrl: url, entities: workOrdersService.entities, migrations: workOrdersService.migrations };
  await migrateUnderLock(setup);
  orm = await MikroORM.init({ ...ormOptions(setup), pool: { min: 0, max: 2 } });
});

afterAll(async () => {
  await orm?.close(true);
  await dropDatabase(url);
});

it('every src/**/*.sql.ts module is one this test reads', () => {
  expect(sqlModuleFiles(SRC).sort()).toEqual(Object.keys(MODULES).sort());
  expect(CASES.length).toBeGreaterThan(10);
});

it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
  if ('notExplainable' in c) {
    // listed, not run: the reason says why EXPLAIN cannot take it
    expect(c.notExplainable).toMatch(/\w/);
    return;
  }
  const { sql, bindings } = bindSample(c.text, c.sample);
  const plan = (await orm.em.getKnex().raw(`explain ${sql}`, bindings as never[])) as { rows: unknown[] };
  expect(plan.rows.length).toBeGreaterThan(0);
});
