// The one service a test file starts (`startService(definition, world.env(name))` from @dental/platform), with what
// its tests read back: raw SQL on its database and "has it consumed these events yet".
import { MikroORM } from '@mikro-orm/core';
import { INestApplication } from '@nestjs/common';
import { eventually } from '../test-env';

export interface ServiceUnderTest {
  app: INestApplication;
  /** Raw SQL on the service's database: what is really stored. */
  db<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Until the service has handled (or skipped as a duplicate) every given event; a dead-lettered one never is. */
  consumed(...eventIds: string[]): Promise<void>;
  close(): Promise<void>;
}

export function serviceUnderTest(app: INestApplication): ServiceUnderTest {
  const db = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
    app.get(MikroORM).em.fork().getConnection().execute<T[]>(sql, params);
  return {
    app,
    db,
    consumed: (...eventIds: string[]) =>
      eventually(async () => {
        const [row] = await db<{ n: number }>(
          `select count(distinct event_id)::int as n from inbox_event
            where event_id::text in (select json_array_elements_text(?::json))`,
          [JSON.stringify(eventIds)],
        );
        if (row.n !== eventIds.length) throw new Error(`${row.n} of ${eventIds.length} events consumed`);
      }),
    close: () => app.close(),
  };
}
