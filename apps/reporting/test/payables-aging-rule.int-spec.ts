// Payables aging: the SQL of reporting (fed through the projection by events on JetStream, real PostgreSQL and NATS)
// equals the plain TypeScript rule (src/payables/aging-rule.ts) for random plans, plan edits, cancellations,
// payments, refunds, deletes and as-of dates, delivered out of order and partly twice. fast-check, fixed seed.
import {
  EventEnvelope,
  PAYABLES_AGING_BUCKETS,
  PayablesAgingAnswer,
  PayablesAgingBuckets,
  PayablesAgingSubjects,
} from '@dental/contracts';
import { Money } from '@dental/money';
import { Bus, caller, PayablesEvents, testNats, TestWorld } from '@dental/testing';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { NatsConnection } from 'nats';
import { BucketAmounts, payablesAging } from '../src/payables/aging-rule';
import { caughtUp, RunningReporting, startReporting } from './support/finance-world';
import { agingInput } from './support/payables-world';

jest.setTimeout(300_000);

const SEED = 20261214;
const RUNS = 30;
const DAY_MS = 86_400_000;
const day = (n: number) => new Date(Date.parse('2026-01-01T00:00:00Z') + n * DAY_MS).toISOString().slice(0, 10);
const decimal = (minor: bigint | number) => Money.of(BigInt(minor), 'EUR').toDecimal();

const date = fc.integer({ min: 0, max: 240 }).map(day);
const installment = fc.tuple(date, fc.integer({ min: 0, max: 80_000 }));
const workOrder = fc.record({
  lab: fc.integer({ min: 0, max: 2 }),
  clinic: fc.integer({ min: 0, max: 1 }),
  documented: fc.integer({ min: 0, max: 120 }).map(day),
  cancelled: fc.constantFrom(false, false, false, true),
  installments: fc.array(installment, { minLength: 1, maxLength: 4 }),
  /** a later revision of the plan (an edit), applied whatever order the events arrive in */
  replan: fc.option(fc.array(installment, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  payments: fc.array(
    fc.record({
      date,
      // refunds (negative) now and then
      amount: fc.integer({ min: -20_000, max: 60_000 }).filter((a) => a !== 0),
      deleted: fc.constantFrom(false, false, false, true),
      /** a later revision of the payment with another date and amount */
      moved: fc.option(fc.tuple(date, fc.integer({ min: 1, max: 90_000 })), { nil: undefined }),
    }),
    { maxLength: 3 },
  ),
});
const scenario = fc.record({
  workOrders: fc.array(workOrder, { minLength: 1, maxLength: 7 }),
  /** as-of dates: random ones, and ones on the bucket edges of an installment (0, 1, 30, 31, … days past due) */
  asOfs: fc.array(
    fc.oneof(
      date,
      fc.record({
        of: fc.constant('due' as const),
        pick: fc.nat(),
        offset: fc.constantFrom(-1, 0, 1, 30, 31, 60, 61, 90, 91),
      }),
      // the day before a work order's documented date, and the day itself
      fc.record({ of: fc.constant('documented' as const), pick: fc.nat(), offset: fc.constantFrom(-1, 0) }),
    ),
    { minLength: 2, maxLength: 4 },
  ),
  /** the delivery order: a permutation of the events, then some of them again */
  order: fc.array(fc.nat(), { minLength: 80, maxLength: 80 }),
});

function decimals(b: BucketAmounts): PayablesAgingBuckets {
  return Object.fromEntries(PAYABLES_AGING_BUCKETS.map((k) => [k, decimal(b[k])])) as PayablesAgingBuckets;
}

describe('payables aging: the SQL equals the rule (property, integration)', () => {
  const world = new TestWorld();
  let reporting: RunningReporting;
  let nc: NatsConnection;
  let bus: Bus;

  beforeAll(async () => {
    reporting = await startReporting(world);
    nc = await testNats();
    bus = new Bus(nc, world.busPrefix);
  });

  afterAll(async () => {
    await reporting?.close();
    await nc?.close();
    await world.cleanup();
  });

  async function ask(organizationId: string, query: object): Promise<PayablesAgingAnswer> {
    const reply = await bus.ask<PayablesAgingAnswer>(PayablesAgingSubjects.aging, query, caller(organizationId));
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    return reply.data;
  }

  it(`for random plans, payments and dates (seed ${SEED}, ${RUNS} runs)`, async () => {
    const reached = Object.fromEntries(PAYABLES_AGING_BUCKETS.map((b) => [b, 0])) as Record<string, number>;
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        // each run its own organization: runs do not see each other
        const ev = new PayablesEvents(randomUUID());
        const labs = [randomUUID(), randomUUID(), randomUUID()];
        const clinics = [randomUUID(), randomUUID()];
        const events: EventEnvelope[] = [];
        const inClinicOne = new Set<string>();
        s.workOrders.forEach((w, i) => {
          const created = ev.plan({
            clinicId: clinics[w.clinic],
            labId: labs[w.lab],
            number: `WO-${String(i + 1).padStart(6, '0')}`,
            date: w.documented,
            installments: w.installments.map(([due, amount]) => [due, decimal(amount)]),
          });
          events.push(created);
          if (w.clinic === 1) inClinicOne.add(created.payload.id);
          if (w.replan || w.cancelled) {
            events.push(
              ev.replan(created, {
                ...(w.cancelled ? { status: 'cancelled' as const } : {}),
                ...(w.replan ? { installments: w.replan.map(([due, amount]) => [due, decimal(amount)]) } : {}),
              }),
            );
          }
          for (const p of w.payments) {
            const recorded = ev.paid(created, decimal(p.amount), p.date);
            events.push(recorded);
            if (p.moved) {
              const edit = ev.paymentUpdate(recorded, { amount: decimal(p.moved[1]) });
              edit.payload.date = p.moved[0];
              events.push(edit);
            }
            if (p.deleted) events.push(ev.paymentUpdate(recorded, { deleted: true, revision: 3 }));
          }
        });
        // shuffled, and the first few again past JetStream's de-duplication (a redelivery)
        const shuffled = events
          .map((e, i) => ({ e, key: s.order[i % s.order.length] * 1000 + i }))
          .sort((a, b) => a.key - b.key)
          .map((x) => x.e);
        await bus.publish(shuffled);
        await bus.publish(shuffled.slice(0, 3), () => randomUUID());
        await caughtUp(reporting.app);

        const input = agingInput(events);
        const edges = {
          due: input.flatMap((w) => w.installments.map((i) => i.dueDate)),
          documented: input.map((w) => w.documentedDate),
        };
        const asOfs = s.asOfs.map((a) => {
          if (typeof a === 'string') return a;
          const from = edges[a.of][a.pick % edges[a.of].length];
          return new Date(Date.parse(`${from}T00:00:00Z`) + a.offset * DAY_MS).toISOString().slice(0, 10);
        });
        for (const asOf of asOfs) {
          const oracle = payablesAging(input, asOf);
          for (const w of oracle.workOrders) for (const b of PAYABLES_AGING_BUCKETS) if (w.buckets[b]) reached[b]++;
          const answer = await ask(ev.organizationId, { asOf });
          const expectedLabs = [...oracle.labs.entries()]
            .map(([labId, l]) => ({ labId, buckets: decimals(l.buckets), total: decimal(l.total) }))
            .sort((a, b) => a.labId.localeCompare(b.labId));
          const actualLabs = answer.items
            .map((r) => ({ labId: r.labId, buckets: r.buckets, total: r.total }))
            .sort((a, b) => a.labId.localeCompare(b.labId));
          expect(actualLabs).toEqual(expectedLabs);
          expect(answer.totals).toEqual({
            buckets: decimals(oracle.totals.buckets),
            total: decimal(oracle.totals.total),
          });

          // the drill-down of lab 0 (in pages of 2), and of clinic 1 alone
          const drill: PayablesAgingAnswer['items'] = [];
          for (let after: string | null | undefined; after !== null;) {
            const page = await ask(ev.organizationId, {
              asOf,
              labId: labs[0],
              pageSize: 2,
              ...(after ? { after } : {}),
            });
            drill.push(...page.items);
            after = page.nextCursor;
          }
          const expectedOrders = oracle.workOrders
            .filter((w) => w.labId === labs[0])
            .map((w) => ({ workOrderId: w.id, buckets: decimals(w.buckets), total: decimal(w.total) }));
          const actualOrders = drill
            .flatMap((r) => r.workOrders ?? [])
            .map((w) => ({ workOrderId: w.workOrderId, buckets: w.buckets, total: w.total }));
          // work orders were numbered in input order, and the drill-down is by number
          expect(actualOrders).toEqual(expectedOrders);

          const clinicOne = await ask(ev.organizationId, { asOf, clinicId: clinics[1] });
          const oracleOne = payablesAging(
            input.filter((w) => inClinicOne.has(w.id)),
            asOf,
          );
          expect(clinicOne.totals).toEqual({
            buckets: decimals(oracleOne.totals.buckets),
            total: decimal(oracleOne.totals.total),
          });
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // the runs compared figures in every bucket, not only zeros
    for (const b of PAYABLES_AGING_BUCKETS) expect([b, reached[b] > 5]).toEqual([b, true]);
  });
});
