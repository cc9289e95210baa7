import {
  bindSample,
  dropDatabase,
  ensureDatabase,
  migrateUnderLock,
  NamedToPositional,
  OrmSetup,
  ormOptions,
  sqlCases,
  sqlModuleFiles,
} from '@dental/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { TestWorld } from './test-env';

export interface ExplainEveryStatementOptions {
  /** The service, naming its test database. */
  readonly service: string;
  /** Its entities and migrations (the service's definition). */
  readonly definition: Pick<OrmSetup, 'entities' | 'migrations'>;
  /** The service's src folder, searched for `*.sql.ts` modules. */
  readonly src: string;
  /** Every module of the statements, by its path under src (a new module must be added: the first test says so). */
  readonly modules: Record<string, Record<string, unknown>>;
  /** The cases must be more than this many (a module that loses its statements fails). */
  readonly moreCasesThan: number;
  /** How the service binds `:name` samples (reporting's named()); without it only `?` samples bind. */
  readonly named?: NamedToPositional;
}

/**
 * The whole of a service's test/sql-statements.int-spec.ts: a fresh database migrated with the service's migrations
 * (no NATS), a test that every `src/**\/*.sql.ts` module is listed, and one test per statement (per template sample)
 * EXPLAINing it with its sample parameters. EXPLAIN plans without running, so the writes write nothing. Call it once,
 * at the top level of the spec file: it declares the hooks and the tests.
 */
export function explainEveryStatement(options: ExplainEveryStatementOptions): void {
  const { service, definition, src, modules, moreCasesThan, named } = options;
  jest.setTimeout(120_000);

  const cases = sqlCases(modules);
  const world = new TestWorld();
  const url = world.databaseUrl(service);
  let orm: MikroORM;

  beforeAll(async () => {
    await ensureDatabase(url);
    const setup = { clientUrl: url, entities: definition.entities, migrations: definition.migrations };
    await migrateUnderLock(setup);
    orm = await MikroORM.init({ ...ormOptions(setup), pool: { min: 0, max: 2 } });
  });

  afterAll(async () => {
    await orm?.close(true);
    await dropDatabase(url);
  });

  it('every src/**/*.sql.ts module is one this test reads', () => {
    expect(sqlModuleFiles(src).sort()).toEqual(Object.keys(modules).sort());
    expect(cases.length).toBeGreaterThan(moreCasesThan);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    if ('notExplainable' in c) {
      // listed, not run: the reason says why EXPLAIN cannot take it
      expect(c.notExplainable).toMatch(/\w/);
      return;
    }
    const { sql, bindings } = bindSample(c.text, c.sample, named);
    const plan = (await orm.em.getKnex().raw(`explain ${sql}`, bindings as never[])) as { rows: unknown[] };
    expect(plan.rows.length).toBeGreaterThan(0);
  });
}
