import { defineConfig, EntityClass, MikroORM, Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { MigrationObject } from '@mikro-orm/core';

export type MigrationList = MigrationObject[];

export interface OrmSetup {
  clientUrl: string;
  entities: EntityClass<unknown>[];
  migrations: MigrationList;
  debug?: boolean;
}

/** MikroORM options of a service: explicit entity and migration lists (no globbing), UTC, no global context. */
export function ormOptions(setup: OrmSetup): Options {
  return defineConfig({
    clientUrl: setup.clientUrl,
    entities: setup.entities,
    extensions: [Migrator],
    migrations: {
      migrationsList: setup.migrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    ensureDatabase: false,
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: 10 },
    debug: setup.debug ?? false,
  });
}

// One key for every service: migrations of one database never run twice at once.
const MIGRATION_LOCK_KEY = 7_310_001;

/** Applies pending migrations while holding a session advisory lock, so replicas and the Job never race. */
export async function migrateUnderLock(setup: OrmSetup): Promise<string[]> {
  const orm = await MikroORM.init({ ...ormOptions(setup), pool: { min: 1, max: 2 } });
  const conn = orm.em.getConnection();
  const knex = conn.getKnex();
  const locker = await knex.client.acquireConnection();
  try {
    await knex.raw('SELECT pg_advisory_lock(?)', [MIGRATION_LOCK_KEY]).connection(locker);
    const applied = await orm.getMigrator().up();
    return applied.map((m) => m.name);
  } finally {
    await knex
      .raw('SELECT pg_advisory_unlock(?)', [MIGRATION_LOCK_KEY])
      .connection(locker)
      .catch(() => undefined);
    await knex.client.releaseConnection(locker);
    await orm.close(true);
  }
}
