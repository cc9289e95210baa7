// Delivery guarantees of libs/messaging (ARCHITECTURE.md, "Delivery, decided") against the real PostgreSQL and
// NATS JetStream: transactional outbox + Nats-Msg-Id dedupe on the way out, inbox + ack-after-commit on the way in.
// The consumer's `handled` table has no unique key, so any double handling is a second row.
import { EventEnvelope } from '@dental/contracts';
import { BusNaming, DEAD_LETTER_STREAM, NATS_CONNECTION, Outbox } from '@dental/messaging';
import { eventually, TestWorld, testNats } from '@dental/testing';
import { MikroORM } from '@mikro-orm/core';
import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { JetStreamClient, JetStreamManager, NatsConnection, PubAck, Subscription } from 'nats';
import {
  Apps,
  closePools,
  consumerService,
  CONSUMER,
  eventConsumer,
  handledCounts,
  ORGANIZATION_ID,
  outage,
  OUTAGE,
  OutageV1,
  PING,
  PingPayload,
  PingV1,
  POISON,
  PoisonV1,
  publishPings,
  publisherService,
  query,
  untilDone,
} from './delivery.fixtures';

// Generous: the limits only matter when something is stuck; on a quiet machine the file takes ~20 s.
jest.setTimeout(120_000);

describe('event delivery: outbox → JetStream → inbox', () => {
  const world = new TestWorld();
  const naming = new BusNaming(world.busPrefix);
  const stream = naming.stream('PAYMENTS');
  const publisherEnv = world.env('payments');
  const consumerEnv = world.env('reporting');
  const publisherDb = publisherEnv.DATABASE_URL!;
  const consumerDb = consumerEnv.DATABASE_URL!;
  const apps = new Apps();
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let js: JetStreamClient;

  beforeAll(async () => {
    nc = await testNats();
    jsm = await nc.jetstreamManager();
    js = nc.jetstream();
  });

  afterEach(() => apps.closeAll());

  afterAll(async () => {
    await apps.closeAll();
    await nc?.close();
    await closePools();
    await world.cleanup();
  });

  /** For small eventual effects: generous, since it only matters when something is stuck. */
  const soon = <T>(check: () => Promise<T>) => eventually(check, { timeoutMs: 60_000, intervalMs: 100 });

  /** Messages of the durable consumer not yet delivered or not yet acked (redeliveries pending included). */
  async function lag(): Promise<number> {
    const info = await jsm.consumers.info(stream, CONSUMER);
    return info.num_pending + info.num_ack_pending;
  }

  async function streamMessages(): Promise<number> {
    return (await jsm.streams.info(stream)).state.messages;
  }

  async function unpublished(): Promise<number> {
    const [{ n }] = await query<{ n: string }>(
      publisherDb,
      'select count(*) as n from outbox_event where published_at is null',
    );
    return Number(n);
  }

  /**
   * Waits until every event was handled and the consumer has nothing pending or unacked: from then on no
   * redelivery can come, so the counts are final. Then each event must have exactly one row. Waiting fails only
   * when progress stops (see untilDone); `handledSoFar` may count the events more cheaply than by their ids.
   */
  async function expectHandledOnce(
    ids: string[],
    handledSoFar = async () => (await handledCounts(consumerDb, ids)).distinct,
  ): Promise<void> {
    await untilDone('events handled', handledSoFar, (n) => n >= ids.length);
    await untilDone('consumer lag', lag, (n) => n === 0);
    expect(await handledCounts(consumerDb, ids)).toEqual({ rows: ids.length, distinct: ids.length });
  }

  function envelope<P>(type: string, payload: P): EventEnvelope<P> {
    return {
      id: randomUUID(),
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      organizationId: ORGANIZATION_ID,
      clinicId: null,
      correlationId: randomUUID(),
      payload,
    };
  }

  /** Publishes straight to JetStream, bypassing the outbox; `msgID` undefined = no Nats-Msg-Id, never deduplicated. */
  function publishRaw(e: EventEnvelope, msgID?: string): Promise<PubAck> {
    return js.publish(naming.event(e.type), Buffer.from(JSON.stringify(e)), msgID === undefined ? {} : { msgID });
  }

  /** Collects JetStream's "message terminated" advisories of the durable consumer. */
  function watchTerminations(): { sub: Subscription; terminated: { stream_seq: number; deliveries: number }[] } {
    const terminated: { stream_seq: number; deliveries: number }[] = [];
    const sub = nc.subscribe(`$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.${stream}.${CONSUMER}`, {
      callback: (err, m) => {
        if (!err) terminated.push(m.json<{ stream_seq: number; deliveries: number }>());
      },
    });
    return { sub, terminated };
  }

  it('relay dies after publishing, before marking sent: the next pass re-publishes, JetStream drops the copies', async () => {
    const calls: number[] = [];
    const publisher = await apps.start(publisherService, publisherEnv, {
      faults: {
        afterPublishBeforeMark: (count) => {
          calls.push(count);
          if (calls.length === 1) throw new Error('relay died after publishing, before marking sent');
        },
      },
    });
    await apps.start(consumerService('a'), consumerEnv);
    const before = await streamMessages();

    const ids = await publishPings(publisher, 200, 100);

    await expectHandledOnce(ids);
    await soon(async () => expect(await unpublished()).toBe(0));
    // The failed pass did publish (the fault runs after every PubAck) and a later pass published the same rows again.
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls[0]).toBeGreaterThan(0);
    expect((await streamMessages()) - before).toBe(ids.length);
  });

  it('consumer dies after its commit, before its ack: a fresh replica gets the redelivery and the inbox skips it', async () => {
    const publisher = await apps.start(publisherService, publisherEnv);
    let victim: INestApplication | undefined;
    let diedWith: string[] = [];
    let revive!: () => void;
    const dead = new Promise<void>((resolve) => (revive = resolve));
    victim = await apps.start(consumerService('a'), consumerEnv, {
      consumer: { ackWaitMs: 1000 },
      faults: {
        afterCommitBeforeAck: async (events) => {
          if (diedWith.length || !victim) return;
          diedWith = events.map((e) => e.id);
          // Dies: its NATS connection is gone (no ack can ever leave) and it never handles anything again until the
          // test is over; then the fault throws, as a crash would.
          await victim.get<NatsConnection>(NATS_CONNECTION).close();
          await dead;
          throw new Error('consumer died after commit, before ack');
        },
      },
    });

    try {
      const ids = await publishPings(publisher, 300, 100);
      await soon(async () => expect(diedWith.length).toBeGreaterThan(0));
      // Its effects are committed, their acks never sent.
      expect(await handledCounts(consumerDb, diedWith)).toEqual({ rows: diedWith.length, distinct: diedWith.length });

      const fresh = await apps.start(consumerService('b'), consumerEnv, { consumer: { ackWaitMs: 1000 } });
      await expectHandledOnce(ids);
      expect(eventConsumer(fresh).handled).toBeGreaterThan(0);

      // The dead one comes back to life only to be shut down: it must not add anything either.
      revive();
      await apps.close(victim);
      victim = undefined;
      expect(await handledCounts(consumerDb, ids)).toEqual({ rows: ids.length, distinct: ids.length });
    } finally {
      revive(); // else a failed assertion leaves the frozen victim unclosable and jest never exits
    }
  });

  it('an event published twice (a copy JetStream keeps) is handled once', async () => {
    await apps.start(consumerService('a'), consumerEnv);
    const before = await streamMessages();

    // Two copies back to back: most likely in one batch, i.e. one transaction.
    const twin = envelope(PING, { n: 1 } satisfies PingPayload);
    await publishRaw(twin, `${twin.id}-copy-1`);
    await publishRaw(twin);
    // A copy that arrives after the original was handled and acked: another batch.
    const late = envelope(PING, { n: 2 } satisfies PingPayload);
    await publishRaw(late, late.id);
    await soon(async () => expect((await handledCounts(consumerDb, [late.id])).distinct).toBe(1));
    await soon(async () => expect(await lag()).toBe(0));
    await publishRaw(late);

    expect((await streamMessages()) - before).toBe(4);
    await soon(async () => expect(await lag()).toBe(0));
    expect(await handledCounts(consumerDb, [twin.id])).toEqual({ rows: 1, distinct: 1 });
    expect(await handledCounts(consumerDb, [late.id])).toEqual({ rows: 1, distinct: 1 });
  });

  it('two replicas share one durable consumer: 10,000 events, each handled exactly once', async () => {
    const publisher = await apps.start(publisherService, publisherEnv);
    const a = await apps.start(consumerService('a'), consumerEnv);
    const b = await apps.start(consumerService('b'), consumerEnv);

    // n from 1,000,000 up: only this test's events, so progress can be counted without a 10,000-id array.
    const ids = await publishPings(publisher, 10_000, 500, 1_000_000);

    await expectHandledOnce(ids, async () => {
      const [{ n }] = await query<{ n: string }>(
        consumerDb,
        'select count(distinct event_id) as n from handled where n >= 1000000',
      );
      return Number(n);
    });
    await soon(async () => expect(await unpublished()).toBe(0));
    const byReplica = await query<{ replica: string; n: string }>(
      consumerDb,
      'select replica, count(*) as n from handled where event_id = any($1::uuid[]) group by replica order by replica',
      [ids],
    );
    const counts = Object.fromEntries(byReplica.map((r) => [r.replica, Number(r.n)]));
    // Both have pull requests waiting before the first event and the server serves waiting requests in turn
    // (max_ack_pending 800 of 10,000 in flight): every run so far split about evenly.
    expect(counts.a).toBeGreaterThan(0);
    expect(counts.b).toBeGreaterThan(0);
    expect(eventConsumer(a).handled + eventConsumer(b).handled).toBeGreaterThanOrEqual(ids.length);
  }, 300_000);

  it('a malformed message is terminated and does not hold back the events behind it', async () => {
    await apps.start(consumerService('a'), consumerEnv);
    const { sub, terminated } = watchTerminations();
    await nc.flush();
    try {
      const notJson = await js.publish(naming.event(PING), Buffer.from('{ this is not json'));
      const notEnvelope = await js.publish(naming.event(PING), Buffer.from(JSON.stringify({ hello: 'world' })));
      const behind: string[] = [];
      for (let n = 0; n < 20; n++) {
        const e = envelope(PING, { n } satisfies PingPayload);
        await publishRaw(e, e.id);
        behind.push(e.id);
      }

      await expectHandledOnce(behind);
      await soon(async () =>
        expect(terminated.map((t) => t.stream_seq)).toEqual(expect.arrayContaining([notJson.seq, notEnvelope.seq])),
      );
    } finally {
      sub.unsubscribe();
    }
  });

  it('a handler that always fails: after max_deliver the event goes to the dead-letter subject, later events flow', async () => {
    const maxDeliver = 3;
    const publisher = await apps.start(publisherService, publisherEnv);
    await apps.start(consumerService('a'), consumerEnv, { consumer: { maxDeliver, ackWaitMs: 1000 } });
    const { sub, terminated } = watchTerminations();
    await nc.flush();
    try {
      // The poison sits between good events of one transaction, so it fails inside a batch first.
      const good: string[] = [];
      let poison!: EventEnvelope;
      const outbox = publisher.get(Outbox);
      await publisher
        .get(MikroORM)
        .em.fork()
        .transactional(async (em) => {
          for (let n = 0; n < 10; n++) {
            if (n === 5) poison = outbox.add(em, { event: PoisonV1, organizationId: ORGANIZATION_ID, payload: {} });
            good.push(
              outbox.add(em, { event: PingV1, organizationId: ORGANIZATION_ID, payload: { n } satisfies PingPayload })
                .id,
            );
          }
        });

      const deadLetters = naming.stream(DEAD_LETTER_STREAM);
      const subject = naming.deadLetter(CONSUMER, POISON);
      const dead = await eventually(() => jsm.streams.getMessage(deadLetters, { last_by_subj: subject }), {
        timeoutMs: 60_000,
        intervalMs: 200,
      });
      expect(dead.json<EventEnvelope>()).toEqual(poison);
      expect(dead.header.get('x-dead-letter-reason')).toMatch(
        /always fails DETAIL: Key \(id\)=\(1\) already exists\. at the handler$/,
      );
      expect(dead.header.get('x-original-subject')).toBe(naming.event(POISON));
      // Dead-lettered once, on its last delivery: terminated after exactly max_deliver tries.
      const info = await jsm.streams.info(deadLetters, { subjects_filter: subject });
      expect(info.state.subjects?.[subject]).toBe(1);
      await soon(async () => expect(terminated.map((t) => t.deliveries)).toEqual([maxDeliver]));

      const later = await publishPings(publisher, 20, 20, 100);
      await expectHandledOnce([...good, ...later]);
    } finally {
      sub.unsubscribe();
    }
  });

  it('an outage of the consumer database is not poison: consumption pauses, no delivery is spent, nothing is dead-lettered', async () => {
    // a port that was free a moment ago: connecting to it is refused, as to a stopped PostgreSQL
    outage.closedPort = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const maxDeliver = 3;
    const publisher = await apps.start(publisherService, publisherEnv);
    const consumer = await apps.start(consumerService('a'), consumerEnv, { consumer: { maxDeliver, ackWaitMs: 1000 } });
    outage.down = true;
    try {
      // the durable consumer lives on from the earlier tests: count this test's deliveries only
      const deliveredBefore = (await jsm.consumers.info(stream, CONSUMER)).delivered.consumer_seq;
      const ids: string[] = [];
      const outbox = publisher.get(Outbox);
      await publisher
        .get(MikroORM)
        .em.fork()
        .transactional(async (em) => {
          for (let n = 0; n < 5; n++)
            ids.push(outbox.add(em, { event: OutageV1, organizationId: ORGANIZATION_ID, payload: { n } }).id);
        });
      // Longer than ack_wait × max_deliver: before, the events were redelivered and dead-lettered by now.
      await new Promise((r) => setTimeout(r, 6000));
      expect(await handledCounts(consumerDb, ids)).toEqual({ rows: 0, distinct: 0 });
      outage.down = false;
      await expectHandledOnce(ids);

      const info = await jsm.consumers.info(stream, CONSUMER);
      expect(info.delivered.consumer_seq - deliveredBefore).toBe(ids.length); // each delivered once: no redelivery, no delivery spent
      expect(info.num_ack_pending + info.num_pending).toBe(0);
      const deadLetters = naming.stream(DEAD_LETTER_STREAM);
      const dead = await jsm.streams
        .info(deadLetters, { subjects_filter: naming.deadLetter(CONSUMER, OUTAGE) })
        .catch(() => undefined);
      expect(dead?.state.subjects?.[naming.deadLetter(CONSUMER, OUTAGE)] ?? 0).toBe(0);
      expect(eventConsumer(consumer).handled).toBe(ids.length);
    } finally {
      outage.down = false;
    }
  });
});
