// Two tiny services for the delivery tests: a publisher that owns the PAYMENTS stream (driven through its outbox)
// and a consumer that records every handled event in a table without a unique key, so a double handling shows.
import { defineEvent, EventEnvelope } from '@dental/contracts';
import { EventsController, BusServer, Handles, EventConsumer, MessagingOptions, Outbox, OutboxRelay, Tx } from '@dental/messaging';
import { MikroORM } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { EntityManager } from '@mikro-orm/postgresql';
import { DynamicModule, Inject, INestApplication, Module } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { IsInt } from 'class-validator';
import { Client, Pool } from 'pg';
import { ServiceConfig, ServiceDefinition, startService } from '../src';

export class PingPayload {
  @IsInt()
  n!: number;
}
export class NoPayload {}

export const PingV1 = defineEvent({ type: 'payments.test.ping', version: 1, payload: PingPayload });
export const PoisonV1 = defineEvent({ type: 'payments.test.poison', version: 1, payload: NoPayload });
export const OutageV1 = defineEvent({ type: 'payments.test.outage', version: 1, payload: PingPayload });
export const PING = PingV1.type;
export const POISON = PoisonV1.type;
export const OUTAGE = OutageV1.type;

/**
 * While `down`, the OUTAGE handler fails as it would with its database gone: a real connection attempt to a port
 * where nothing listens (ECONNREFUSED from the pg driver).
 */
export const outage = { down: false, closedPort: 1 };
export const ORGANIZATION_ID = '00000000-0000-4000-8000-000000000001';
export const CONSUMER = 'reporting';

export class HandledTableMigration extends Migration {
  override async up(): Promise<void> {
    // Deliberately no unique key: a second handling of one event is a second row.
    this.addSql('create table handled (event_id uuid not null, n int not null, replica text not null)');
  }
}

const REPLICA = Symbol('replica');

@EventsController()
export class TestEventHandlers {
  constructor(@Inject(REPLICA) private readonly replica: string) {}

  @Handles(PingV1)
  async onPing(@Payload() event: EventEnvelope<PingPayload>, @Tx() em: EntityManager): Promise<void> {
    await em.execute('insert into handled (event_id, n, replica) values (?, ?, ?)', [
      event.id,
      event.payload.n,
      this.replica,
    ]);
  }

  @Handles(OutageV1)
  async onOutage(@Payload() event: EventEnvelope<PingPayload>, @Tx() em: EntityManager): Promise<void> {
    if (outage.down) {
      const unreachable = new Client({ host: '127.0.0.1', port: outage.closedPort, connectionTimeoutMillis: 1000 });
      await unreachable.connect();
      await unreachable.end();
    }
    await this.onPing(event, em);
  }

  @Handles(PoisonV1)
  async onPoison(@Payload() event: EventEnvelope): Promise<void> {
    // several lines, as a SQL error's message with its DETAIL: the dead-letter reason header must still be written
    throw new Error(`poison ${event.id} always fails\r\nDETAIL: Key (id)=(1) already exists.\n\tat the handler`);
  }
}

@Module({})
export class TestHandlersModule {
  static forReplica(replica: string): DynamicModule {
    return {
      module: TestHandlersModule,
      controllers: [TestEventHandlers],
      providers: [{ provide: REPLICA, useValue: replica }],
    };
  }
}

export const publisherService: ServiceDefinition = {
  name: 'payments',
  config: ServiceConfig,
  entities: [],
  migrations: [],
  imports: () => [],
};

export function consumerService(replica: string): ServiceDefinition {
  return {
    name: 'reporting',
    config: ServiceConfig,
    entities: [],
    migrations: [{ name: 'Migration20261121000000_handled', class: HandledTableMigration }],
    imports: () => [TestHandlersModule.forReplica(replica)],
  };
}

const LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'fatal';

/** Starts apps and closes whatever is still open at the end of a test, so one failing test cannot feed the next. */
export class Apps {
  private readonly open = new Set<INestApplication>();

  async start(
    def: ServiceDefinition,
    env: NodeJS.ProcessEnv,
    messaging: Partial<MessagingOptions> = {},
  ): Promise<INestApplication> {
    const { app } = await startService(def, env, { messaging, logLevel: LOG_LEVEL });
    this.open.add(app);
    return app;
  }

  async close(app: INestApplication): Promise<void> {
    if (!this.open.delete(app)) return;
    await app.close();
  }

  async closeAll(): Promise<void> {
    for (const app of [...this.open]) await this.close(app);
  }
}

/** Writes `count` ping events through the outbox, `perTransaction` to a transaction; returns their ids in order. */
export async function publishPings(
  app: INestApplication,
  count: number,
  perTransaction = count,
  firstN = 0,
): Promise<string[]> {
  const outbox = app.get(Outbox);
  const orm = app.get(MikroORM);
  const ids: string[] = [];
  for (let start = 0; start < count; start += perTransaction) {
    await orm.em.fork().transactional(async (em) => {
      for (let i = start; i < Math.min(count, start + perTransaction); i++) {
        ids.push(outbox.add(em, { event: PingV1, organizationId: ORGANIZATION_ID, payload: { n: firstN + i } }).id);
      }
    });
  }
  return ids;
}

export function eventConsumer(app: INestApplication): EventConsumer {
  const [consumer] = app.get(BusServer).consumers;
  if (!consumer) throw new Error('the app runs no event consumer');
  return consumer;
}

export function relayOf(app: INestApplication): OutboxRelay {
  return app.get(OutboxRelay);
}

const pools = new Map<string, Pool>();

/** A query on a test database through a small pool per database (polling must not open a connection each time). */
export async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  let pool = pools.get(url);
  if (!pool) {
    pool = new Pool({ connectionString: url, max: 2 });
    pools.set(url, pool);
  }
  return (await pool.query(sql, params)).rows as T[];
}

/** Before the databases are dropped: a dropped database would kill the pools' idle connections under them. */
export async function closePools(): Promise<void> {
  await Promise.all([...pools.values()].map((p) => p.end()));
  pools.clear();
}

/**
 * Polls `read` until `done` holds. Fails only when the value stops changing for `stallMs`: a slow machine makes it
 * take longer, never fail; a stuck pipeline fails with the value it is stuck at.
 */
export async function untilDone<T>(
  label: string,
  read: () => Promise<T>,
  done: (v: T) => boolean,
  stallMs = 60_000,
): Promise<T> {
  let last: T | undefined;
  let since = Date.now();
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (v !== last) {
      last = v;
      since = Date.now();
    } else if (Date.now() - since > stallMs) {
      throw new Error(`${label}: no progress for ${stallMs} ms, stuck at ${String(v)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** How often each of `ids` was handled: total rows and distinct events among them. */
export async function handledCounts(url: string, ids: string[]): Promise<{ rows: number; distinct: number }> {
  const [r] = await query<{ rows: string; events: string }>(
    url,
    'select count(*) as rows, count(distinct event_id) as events from handled where event_id = any($1::uuid[])',
    [ids],
  );
  return { rows: Number(r.rows), distinct: Number(r.events) };
}
