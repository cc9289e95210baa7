// Delivery and rebuild of the Finance read models against real PostgreSQL and NATS: the same events reordered and
// redelivered give the same figures; a restart in the middle of 5,000 payment events loses and doubles nothing;
// `reporting:rebuild` (its exported function) replays the streams into the same figures to the cent.
import { EventEnvelope, WorkOrderSnapshotV1 } from '@dental/contracts';
import { BusServer } from '@dental/messaging';
import { Bus, caller, Events, testNats, TestWorld } from '@dental/testing';
import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { NatsConnection } from 'nats';
import { rebuildReporting } from '../src/rebuild';
import {
  cents,
  decimal,
  labRows,
  ModelWorkOrder,
  select,
  sortRows,
  totalsOf,
  workOrderRow,
} from './support/finance-model';
import { caughtUp, LOG_LEVEL, RunningReporting, startReporting } from './support/finance-world';

jest.setTimeout(120_000);

// Small batches and a short ack wait: a restart leaves pulled-but-unhandled events, redelivered after ack_wait.
const MESSAGING = { consumer: { batchSize: 25, ackWaitMs: 2000 } };

interface Scenario {
  organizationId: string;
  clinics: string[];
  /** In the order the owning services published them. */
  events: EventEnvelope[];
  model: ModelWorkOrder[];
}

/**
 * Labs (one renamed), eight work orders over four months and two clinics with plan edits, a cancellation, a date
 * change and a move to another clinic, and payments recorded, edited, deleted and refunded. The model is the state after the last event.
 */
function scenario(): Scenario {
  const organizationId = randomUUID();
  const ev = new Events(organizationId);
  const [c1, c2] = [randomUUID(), randomUUID()];
  const alpha = ev.lab('Alpha Lab');
  const bravo = ev.lab('Bravo Lab');
  const crown = ev.lab('Crown Lab');
  const labNames = new Map([alpha, bravo, crown].map((l) => [l.payload.id, l.payload.name]));
  const events: EventEnvelope[] = [alpha, bravo, crown];
  const workOrders = new Map<string, EventEnvelope<WorkOrderSnapshotV1>>();
  const payments = new Map<string, { workOrderId: string; amount: string; deleted: boolean }>();

  const renamed = ev.lab('Bright Lab', bravo.payload.id, 2);
  events.push(renamed);
  labNames.set(bravo.payload.id, 'Bright Lab');

  const create = (
    labId: string,
    clinicId: string,
    number: string,
    total: string,
    method: WorkOrderSnapshotV1['paymentPlan']['paymentMethod'],
    date: string,
  ) => {
    const wo = ev.workOrder({ clinicId, labId, number, total, method, date });
    workOrders.set(wo.payload.id, wo);
    events.push(wo);
    return wo;
  };
  const update = (wo: EventEnvelope<WorkOrderSnapshotV1>, change: Partial<WorkOrderSnapshotV1>) => {
    const latest = workOrders.get(wo.payload.id)!;
    const next = ev.workOrderUpdate(latest, change);
    workOrders.set(wo.payload.id, next);
    events.push(next);
  };
  const pay = (wo: EventEnvelope<WorkOrderSnapshotV1>, amount: string, ...edits: Array<string | 'delete'>) => {
    let p = ev.payment({ workOrder: wo, amount });
    events.push(p);
    for (const edit of edits) {
      p = ev.paymentUpdate(p, edit === 'delete' ? { deleted: true } : { amount: edit });
      events.push(p);
    }
    payments.set(p.payload.id, { workOrderId: wo.payload.id, amount: p.payload.amount, deleted: p.payload.deleted });
  };

  const w1 = create(alpha.payload.id, c1, 'WO-000001', '1000.00', 'bank_transfer', '2026-01-10');
  pay(w1, '300.00');
  pay(w1, '100.00', '150.00');
  const w2 = create(bravo.payload.id, c1, 'WO-000002', '250.00', 'card', '2026-01-31');
  pay(w2, '250.00');
  const w3 = create(bravo.payload.id, c2, 'WO-000003', '600.00', 'cash', '2026-02-01');
  pay(w3, '200.00', 'delete');
  pay(w3, '120.00');
  update(w3, { clinicId: c1 });
  const w4 = create(crown.payload.id, c2, 'WO-000004', '300.00', 'cash', '2026-02-20');
  pay(w4, '50.00');
  update(w4, { status: 'cancelled' });
  const w5 = create(alpha.payload.id, c1, 'WO-000005', '500.00', 'cash', '2026-03-15');
  update(w5, { paymentPlan: { totalAmount: '450.00', paymentMethod: 'card', installments: [] } });
  pay(w5, '450.00');
  pay(w5, '20.00');
  pay(w5, '-20.00');
  const w6 = create(crown.payload.id, c1, 'WO-000006', '75.50', 'check', '2026-03-31');
  pay(w6, '100.00');
  const w7 = create(alpha.payload.id, c2, 'WO-000007', '1200.00', 'other', '2026-04-01');
  update(w7, { documentedDate: '2026-05-05' });
  update(w7, { status: 'delivered' });
  pay(w7, '600.00', '700.00', '650.00');
  pay(w7, '1.00', '2.00', 'delete');
  create(bravo.payload.id, c2, 'WO-000008', '10.00', 'card', '2026-04-30');

  const model = [...workOrders.values()].map(({ payload: wo }) => ({
    id: wo.id,
    number: wo.number,
    clinicId: wo.clinicId,
    labId: wo.labId,
    labName: labNames.get(wo.labId)!,
    method: wo.paymentPlan.paymentMethod,
    date: wo.documentedDate,
    cancelled: wo.status === 'cancelled',
    total: cents(wo.paymentPlan.totalAmount),
    paid: [...payments.values()]
      .filter((p) => p.workOrderId === wo.id && !p.deleted)
      .reduce((s, p) => s + cents(p.amount), 0n),
  }));
  return { organizationId, clinics: [c1, c2], events, model };
}

/** A seeded generator, so a failing order can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The events shuffled, some delivered twice (same event id) and some snapshots sent again under a new event id. */
function shuffledWithDuplicates(
  events: EventEnvelope[],
  seed: number,
): { envelopes: EventEnvelope[]; msgIds: Map<EventEnvelope, string> } {
  const next = random(seed);
  const msgIds = new Map<EventEnvelope, string>();
  const envelopes: EventEnvelope[] = [];
  for (const e of events) {
    envelopes.push(e);
    const roll = next();
    if (roll < 0.4) {
      const again = { ...e };
      msgIds.set(again, `${e.id}:redelivered`); // JetStream would drop the same Nats-Msg-Id; the inbox must drop this one
      envelopes.push(again);
    } else if (roll < 0.7) {
      envelopes.push({ ...e, id: randomUUID() }); // the same snapshot again: the revision guard must ignore it
    }
  }
  for (let i = envelopes.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [envelopes[i], envelopes[j]] = [envelopes[j], envelopes[i]];
  }
  return { envelopes, msgIds };
}

describe('Finance read models: delivery and rebuild (integration, real PostgreSQL + NATS)', () => {
  const world = new TestWorld();
  let reporting: RunningReporting;
  let nc: NatsConnection;
  let bus: Bus;
  const organizations: Array<{ organizationId: string; clinics: string[] }> = [];

  async function expectModel(s: Scenario) {
    const who = caller(s.organizationId);
    for (const includeCancelled of [false, true]) {
      const set = select(s.model, { includeCancelled });
      expect(await bus.labs({ includeCancelled }, who)).toEqual({
        items: labRows(set),
        totals: totalsOf(set),
        currency: 'EUR',
      });
      expect(await bus.allWorkOrders({ includeCancelled, sort: 'number' }, who)).toEqual(
        sortRows(set.map(workOrderRow), 'number'),
      );
    }
    const period = { from: '2026-01-15', to: '2026-04-30' };
    for (const paymentStatus of ['unpaid', 'partially_paid', 'paid', 'overpaid'] as const) {
      const set = select(s.model, { paymentStatus });
      const answer = await bus.workOrders({ paymentStatus, sort: 'number', pageSize: 500 }, who);
      expect(answer.items).toEqual(sortRows(set.map(workOrderRow), 'number'));
      // whole months from the status buckets, kept by both the payment and the work-order paths
      expect(answer.totals).toEqual(totalsOf(set));
      expect((await bus.workOrders({ paymentStatus, ...period }, who)).totals).toEqual(
        totalsOf(select(s.model, { paymentStatus, ...period })),
      );
    }
    expect(await bus.labs(period, who)).toEqual({
      items: labRows(select(s.model, period)),
      totals: totalsOf(select(s.model, period)),
      currency: 'EUR',
    });
  }

  /** Everything the tabs answer for an organization, to compare before and after a rebuild. */
  async function figures(org: { organizationId: string; clinics: string[] }) {
    const who = caller(org.organizationId);
    return {
      labs: await bus.labs({}, who),
      perClinic: await Promise.all(org.clinics.map((clinicId) => bus.labs({ clinicId, from: '2026-01-15' }, who))),
      labsWithCancelled: await bus.labs({ includeCancelled: true }, who),
      labsInPeriod: await bus.labs({ from: '2026-01-15', to: '2026-04-30' }, who),
      workOrders: await bus.allWorkOrders({ includeCancelled: true, sort: 'number' }, who),
      partiallyPaid: (await bus.workOrders({ paymentStatus: 'partially_paid' }, who)).totals,
    };
  }

  beforeAll(async () => {
    reporting = await startReporting(world, MESSAGING);
    nc = await testNats();
    bus = new Bus(nc, world.busPrefix);
  });

  afterAll(async () => {
    await reporting?.close();
    await nc?.close();
    await world.cleanup();
  });

  it('reordered and redelivered events give the same answers as the events in order', async () => {
    const inOrder = scenario();
    await bus.publish(inOrder.events);
    const shuffled = [1, 2, 3].map((seed) => ({ seed, s: scenario() }));
    for (const { seed, s } of shuffled) {
      const { envelopes, msgIds } = shuffledWithDuplicates(s.events, seed);
      await bus.publish(envelopes, (e) => msgIds.get(e) ?? e.id);
    }
    await caughtUp(reporting.app);
    organizations.push(inOrder, ...shuffled.map((x) => x.s));

    await expectModel(inOrder);
    // ids differ between the scenarios; everything else must be identical
    const withoutIds = async (org: Scenario) => {
      const f = await figures(org);
      return JSON.parse(JSON.stringify(f, (key, value) => (/Id$/.test(key) ? undefined : value)));
    };
    const expected = await withoutIds(inOrder);
    for (const { s } of shuffled) {
      await expectModel(s);
      expect(await withoutIds(s)).toEqual(expected);
    }
  });

  it('a restart in the middle of 5,000 payment events loses and doubles nothing', async () => {
    const organizationId = randomUUID();
    const ev = new Events(organizationId);
    const clinic = randomUUID();
    organizations.push({ organizationId, clinics: [clinic] });
    const lab = ev.lab('Replay Lab');
    const wos = Array.from({ length: 50 }, (_, i) =>
      ev.workOrder({
        clinicId: clinic,
        labId: lab.payload.id,
        number: `WO-${String(i + 1).padStart(6, '0')}`,
        total: '1000.00',
        date: `2026-0${1 + (i % 6)}-15`,
      }),
    );
    await bus.publish([lab, ...wos]);
    await caughtUp(reporting.app);

    // 4,000 recorded, 600 edited (+0.50), 400 deleted: 5,000 events
    const paid = new Map<string, bigint>(wos.map((w) => [w.payload.id, 0n]));
    const events: EventEnvelope[] = [];
    const recorded = Array.from({ length: 4000 }, (_, i) =>
      ev.payment({ workOrder: wos[i % 50], amount: `${(i % 9) + 1}.${String(i % 100).padStart(2, '0')}` }),
    );
    events.push(...recorded);
    recorded.forEach((p, i) => {
      let amount = p.payload.amount;
      if (i < 600) {
        const edited = ev.paymentUpdate(p, { amount: decimal(cents(amount) + 50n) });
        events.push(edited);
        amount = edited.payload.amount;
      } else if (i < 1000) {
        events.push(ev.paymentUpdate(p, { deleted: true }));
        return;
      }
      paid.set(p.payload.workOrderId, paid.get(p.payload.workOrderId)! + cents(amount));
    });
    expect(events).toHaveLength(5000);
    const consumers = reporting.app.get(BusServer);
    const payments = consumers.consumers.find((c) => c.streamName.endsWith('_PAYMENTS'))!;
    const before = payments.handled;
    // half while reporting runs (it is stopped once 1,000 are handled), the rest while it is down: the stop falls in
    // the middle however fast the consumer is
    await bus.publish(events.slice(0, 2500));
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (payments.handled - before >= 1000) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    await reporting.close();
    await bus.publish(events.slice(2500));
    // the stop came in the middle: what was pulled got handled, the rest waits in the stream
    expect(payments.handled - before).toBeLessThan(5000);

    reporting = await startReporting(world, MESSAGING);
    await caughtUp(reporting.app);
    const total = [...paid.values()].reduce((a, b) => a + b, 0n);
    const who = caller(organizationId);
    expect((await bus.labs({}, who)).totals).toEqual(
      totalsOf(wos.map((w) => ({ total: 100000n, paid: paid.get(w.payload.id)! }))),
    );
    expect(cents((await bus.labs({}, who)).totals.paidAmount)).toBe(total);
    const rows = await bus.allWorkOrders({ sort: 'number' }, who);
    expect(rows.map((r) => [r.number, r.paidAmount])).toEqual(
      wos.map((w) => [w.payload.number, decimal(paid.get(w.payload.id)!)]),
    );
  });

  it('reporting:rebuild replays the streams into the same figures, to the cent', async () => {
    const before = await Promise.all(organizations.map(figures));
    expect(organizations).toHaveLength(5);
    // spoil the read models: only a replay can put them right
    const em = reporting.app.get(MikroORM).em.fork() as EntityManager;
    await em.execute('update finance_work_order set paid_amount = 0, payment_status = ?', ['unpaid']);
    await em.execute('delete from finance_month_bucket where month < ?', ['2026-03-01']);
    await em.execute('update finance_org_month_bucket set total_amount = total_amount + 1');
    await em.execute('update finance_lab set name = ?', ['Wrong Lab']);
    expect(await figures(organizations[0])).not.toEqual(before[0]);
    await reporting.close();

    const lines: string[] = [];
    const result = await rebuildReporting(world.env('reporting'), {
      log: (l) => lines.push(l),
      timeoutMs: 90_000,
      startOptions: { logLevel: LOG_LEVEL },
    });
    const jsm = await nc.jetstreamManager();
    let inStreams = 0;
    for (const stream of ['WORK_ORDERS', 'PAYMENTS'])
      inStreams += (await jsm.streams.info(bus.naming.stream(stream))).state.messages;
    // every event of both streams went through the handlers again (more on a loaded machine: a message whose ack
    // wait ran out is delivered again and counted again, the inbox keeps its effect single; the figures below tell)
    expect(Object.values(result.handled).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(inStreams);
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^replayed: /)]));

    reporting = await startReporting(world, MESSAGING);
    await caughtUp(reporting.app);
    expect(await Promise.all(organizations.map(figures))).toEqual(before);
  });
});
