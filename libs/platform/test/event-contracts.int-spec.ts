// Versioned event contracts on the real NATS JetStream and PostgreSQL (libs/contracts README, "Contracts and
// versions"): a consumer routes each event on its version, validates its payload against the contract's class, and
// dead-letters at once, with the reason, a version it does not read or a payload that breaks the contract. A fact
// published side by side in two versions is read once. The owner's outbox refuses a payload that breaks its contract.
import { defineEvent, EventEnvelope } from '@dental/contracts';
import { BusNaming, DEAD_LETTER_STREAM, EventsController, Handles, Outbox, Tx } from '@dental/messaging';
import { eventually, TestBus, TestWorld } from '@dental/testing';
import { MikroORM } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { EntityManager } from '@mikro-orm/postgresql';
import { INestApplication, Module } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, ValidateNested } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { JetStreamManager, StoredMsg } from 'nats';
import { ServiceConfig, ServiceDefinition, startService } from '../src';

jest.setTimeout(90_000);

const ORG = '00000000-0000-4000-8000-0000000000c1';
const TYPE = 'payments.price.changed';

class PriceV1 {
  @IsString() item!: string;
  @Matches(/^-?\d+\.\d{2}$/) amount!: string;
}
class MoneyV2 {
  @Matches(/^-?\d+$/) minor!: string;
  @IsString() currency!: string;
}
class PriceV2 {
  @IsString() item!: string;
  @ValidateNested() @Type(() => MoneyV2) price!: MoneyV2;
}
class PriceV3 {
  @IsInt() cents!: number;
}
const PriceChangedV1 = defineEvent({ type: TYPE, version: 1, payload: PriceV1 });
const PriceChangedV2 = defineEvent({ type: TYPE, version: 2, payload: PriceV2 });
// defined (the owner may publish it) but read by no handler of the consumer below
const PriceChangedV3 = defineEvent({ type: TYPE, version: 3, payload: PriceV3 });

class PriceTableMigration extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table seen (event_id uuid not null, version int not null, item text not null, minor bigint not null)',
    );
  }
}

@EventsController()
class PriceEvents {
  @Handles(PriceChangedV1)
  async v1(@Payload() e: EventEnvelope<PriceV1>, @Tx() em: EntityManager): Promise<void> {
    await em.execute('insert into seen values (?, 1, ?, ?)', [e.id, e.payload.item, e.payload.amount.replace('.', '')]);
  }

  @Handles(PriceChangedV2)
  async v2(@Payload() e: EventEnvelope<PriceV2>, @Tx() em: EntityManager): Promise<void> {
    await em.execute('insert into seen values (?, 2, ?, ?)', [e.id, e.payload.item, e.payload.price.minor]);
  }
}

@Module({ controllers: [PriceEvents] })
class PriceModule {}

const consumer: ServiceDefinition = {
  name: 'reporting',
  config: ServiceConfig,
  entities: [],
  migrations: [{ name: 'Migration20261207100000_seen', class: PriceTableMigration }],
  imports: () => [PriceModule],
};

/** The owner of the price events: a service with an outbox and no handlers. */
const owner: ServiceDefinition = {
  name: 'payments',
  config: ServiceConfig,
  entities: [],
  migrations: [],
  imports: () => [],
};

describe('versioned event contracts (real NATS JetStream + PostgreSQL)', () => {
  const world = new TestWorld();
  const naming = new BusNaming(world.busPrefix);
  let reporting: INestApplication;
  let payments: INestApplication;
  let bus: TestBus;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    ({ app: payments } = await startService(owner, world.env('payments'), { logLevel: 'fatal' }));
    ({ app: reporting } = await startService(consumer, world.env('reporting'), {
      logLevel: 'fatal',
      messaging: { consumer: { ackWaitMs: 2_000 } },
    }));
    bus = await TestBus.connect(world);
    jsm = await bus.nc.jetstreamManager();
  });

  afterAll(async () => {
    await bus?.close();
    await reporting?.close();
    await payments?.close();
    await world.cleanup();
  });

  const seen = (ids: string[]) =>
    reporting
      .get(MikroORM)
      .em.fork()
      .getConnection()
      .execute<{ event_id: string; version: number; item: string; minor: string }[]>(
        'select event_id, version, item, minor::text as minor from seen where event_id = any(?::uuid[]) order by item',
        [`{${ids.join(',')}}`],
      );

  const deadLetterOf = (id: string): Promise<StoredMsg> =>
    eventually(
      async () => {
        const m = await jsm.streams.getMessage(naming.stream(DEAD_LETTER_STREAM), {
          last_by_subj: naming.deadLetter('reporting', TYPE),
        });
        if (m.json<EventEnvelope>().id !== id) throw new Error('not dead-lettered yet');
        return m;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );

  it('routes each event on its version to the handler of that version', async () => {
    const a = await bus.publish(PriceChangedV1, { item: 'crown', amount: '120.50' }, { organizationId: ORG });
    const b = await bus.publish(
      PriceChangedV2,
      { item: 'implant', price: { minor: '99900', currency: 'EUR' } },
      { organizationId: ORG },
    );
    const rows = await eventually(async () => {
      const r = await seen([a.id, b.id]);
      if (r.length < 2) throw new Error('not yet');
      return r;
    });
    expect(rows).toEqual([
      { event_id: a.id, version: 1, item: 'crown', minor: '12050' },
      { event_id: b.id, version: 2, item: 'implant', minor: '99900' },
    ]);
  });

  it('a version the consumer does not read is dead-lettered at once with the reason; later events flow', async () => {
    const unknown = await bus.publish(PriceChangedV3, { cents: 5 }, { organizationId: ORG });
    const dead = await deadLetterOf(unknown.id);
    expect(dead.header.get('x-dead-letter-reason')).toBe(
      `unknown version: ${TYPE} v3 is not read by reporting (it reads v1, v2)`,
    );
    expect(dead.json<EventEnvelope>()).toEqual(unknown);
    // no retries: dead-lettered on its first delivery
    const after = await bus.publish(PriceChangedV1, { item: 'bridge', amount: '10.00' }, { organizationId: ORG });
    await eventually(async () => expect(await seen([unknown.id, after.id])).toHaveLength(1));
  });

  it('a payload that breaks its contract is dead-lettered naming each field, and never reaches the handler', async () => {
    const bad = await bus.publish(
      PriceChangedV2,
      { item: 7, price: { minor: '12.5', currency: 'EUR' } } as unknown as PriceV2,
      { organizationId: ORG },
    );
    const dead = await deadLetterOf(bad.id);
    expect(dead.header.get('x-dead-letter-reason')).toMatch(
      new RegExp(`^payload breaks ${TYPE} v2: item: .+; price\\.minor: .+`),
    );
    expect(await seen([bad.id])).toEqual([]);
  });

  it('an added field does not break an older consumer: the payload is read as before', async () => {
    const wider = await bus.publish(
      PriceChangedV1,
      { item: 'veneer', amount: '3.00', note: 'added later' } as PriceV1,
      { organizationId: ORG },
    );
    await eventually(async () => expect(await seen([wider.id])).toEqual([expect.objectContaining({ minor: '300' })]));
  });

  it('a fact published side by side (v1 and v3) is read once, in the version the consumer knows; nothing is dead-lettered', async () => {
    const orm = payments.get(MikroORM);
    let copies: EventEnvelope[] = [];
    await orm.em.fork().transactional(async (em) => {
      copies = payments.get(Outbox).addSideBySide(em, { organizationId: ORG }, [
        { event: PriceChangedV1, payload: { item: 'inlay', amount: '45.00' } },
        { event: PriceChangedV3, payload: { cents: 4500 } },
      ]);
    });
    expect(copies.map((c) => [c.version, c.sideBySide])).toEqual([
      [1, [1, 3]],
      [3, [1, 3]],
    ]);
    await eventually(async () =>
      expect(await seen(copies.map((c) => c.id))).toEqual([expect.objectContaining({ version: 1, item: 'inlay' })]),
    );
    // a marker behind both copies: once it is read, the v3 copy was consumed (skipped) too
    const marker = await bus.publish(PriceChangedV1, { item: 'zz-marker', amount: '0.00' }, { organizationId: ORG });
    await eventually(async () => expect(await seen([marker.id])).toHaveLength(1));
    const dlq = await jsm.streams.info(naming.stream(DEAD_LETTER_STREAM), {
      subjects_filter: naming.deadLetter('reporting', TYPE),
    });
    const deadIds: string[] = [];
    for (let seq = dlq.state.first_seq; seq <= dlq.state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(naming.stream(DEAD_LETTER_STREAM), { seq }).catch(() => undefined);
      if (m) deadIds.push(m.json<EventEnvelope>().id);
    }
    expect(deadIds).not.toEqual(expect.arrayContaining([copies[1].id]));
  });

  it("the owner's outbox refuses a payload that breaks its contract, and stores nothing", async () => {
    const orm = payments.get(MikroORM);
    const id = randomUUID();
    await expect(
      orm.em.fork().transactional(async (em) => {
        payments.get(Outbox).add(em, {
          event: PriceChangedV1,
          organizationId: ORG,
          payload: { item: id, amount: 12 } as unknown as PriceV1,
        });
      }),
    ).rejects.toThrow(`event ${TYPE} v1 breaks its contract: amount: `);
    const rows = await orm.em
      .fork()
      .getConnection()
      .execute<{ n: string }[]>("select count(*)::text as n from outbox_event where envelope->'payload'->>'item' = ?", [
        id,
      ]);
    expect(rows[0].n).toBe('0');
  });

  it('a service whose event handler names no contract does not start', async () => {
    @EventsController()
    class Unversioned {
      @EventPattern(TYPE)
      handle(): void {}
    }
    @Module({ controllers: [Unversioned] })
    class UnversionedModule {}
    await expect(
      startService({ ...consumer, migrations: [], imports: () => [UnversionedModule] }, world.env('unversioned'), {
        logLevel: 'fatal',
      }),
    ).rejects.toThrow(`event handler for ${TYPE} names no contract: use @Handles(<contract>) instead of @EventPattern`);
  });
});
