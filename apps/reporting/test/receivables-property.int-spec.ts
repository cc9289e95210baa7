// Receivables aging, property-tested (fixed seed, bounded runs): for random histories of treatments, received money
// (refunds, edits, deletes) and closures (write-offs, undos), delivered shuffled and partly twice, the SQL read model
// answers for every patient what the TypeScript FIFO rule (src/ledger/aging/receivables-aging-rule.ts, the oracle)
// computes from the same final records, and the buckets sum to the patient's unpaid balance as of D.
import { EventEnvelope, ReceivablesAgingAnswer, ReceivablesSubjects } from '@dental/contracts';
import { Money } from '@dental/money';
import { Bus, caller, LedgerEvents, testNats, TestWorld } from '@dental/testing';
import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { NatsConnection } from 'nats';
import { ageReceivables, AgingMoney, AgingTreatment } from '../src/ledger/aging/receivables-aging-rule';
import { CLINIC_SUMS } from '../src/ledger/projection/ledger-projection';
import { rebuildReporting } from '../src/rebuild';
import { caughtUp, LOG_LEVEL, RunningReporting, startReporting } from './support/finance-world';

jest.setTimeout(300_000);

const FIRST_DAY = Date.parse('2025-10-01T00:00:00Z');
const DAYS = 400;
const day = (offset: number) => new Date(FIRST_DAY + offset * 86_400_000).toISOString().slice(0, 10);
const decimal = (minor: bigint) => Money.of(minor, 'EUR').toDecimal();

/** A record as first stored, and what became of it: edited once (another date and amount) and/or deleted. */
interface Change {
  dayOffset: number;
  amount: number;
  edit: { dayOffset: number; amount: number } | null;
  deleted: boolean;
}

const change = (amount: fc.Arbitrary<number>): fc.Arbitrary<Change> =>
  fc.record({
    dayOffset: fc.integer({ min: 0, max: DAYS }),
    amount,
    edit: fc.option(fc.record({ dayOffset: fc.integer({ min: 0, max: DAYS }), amount }), { freq: 4 }),
    deleted: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  });

const patientHistory = fc.record({
  treatments: fc.array(change(fc.integer({ min: 1, max: 200_000 })), { maxLength: 6 }),
  received: fc.array(
    change(
      fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 1, max: 150_000 }) },
        { weight: 1, arbitrary: fc.integer({ min: -60_000, max: -1 }) },
      ),
    ),
    { maxLength: 6 },
  ),
  closures: fc.array(
    fc.record({
      dayOffset: fc.integer({ min: 0, max: DAYS }),
      writtenOff: fc.integer({ min: -50_000, max: 100_000 }),
      undone: fc.boolean(),
    }),
    { maxLength: 2 },
  ),
});

const scenario = fc.record({
  patients: fc.array(patientHistory, { minLength: 1, maxLength: 5 }),
  /** any day, or a bucket edge away from one of the run's treatments (the n-th, counted over every patient) */
  asOfs: fc.array(
    fc.oneof(
      fc.integer({ min: -10, max: DAYS + 10 }).map((offset) => ({ offset })),
      fc.record({ nth: fc.nat(), days: fc.constantFrom(-1, 0, 30, 31, 60, 61, 90, 91) }),
      // a bucket edge away from a patient's last record: most of them have nothing dated later (no correction)
      fc.record({ last: fc.nat(), days: fc.constantFrom(0, 30, 31, 60, 61, 90, 91) }),
    ),
    { minLength: 1, maxLength: 5 },
  ),
  /** a sort key per event: the delivery order */
  order: fc.array(fc.integer(), { minLength: 200, maxLength: 200 }),
  /** every n-th event is delivered a second time */
  redeliverEvery: fc.integer({ min: 2, max: 7 }),
});

type Oracle = Map<string, { treatments: AgingTreatment[]; money: AgingMoney[]; paid: string[] }>;

type PatientHistory = typeof patientHistory extends fc.Arbitrary<infer T> ? T : never;

/** The events of the patients' histories, and the final records the oracle reads. */
function history(ev: LedgerEvents, patients: PatientHistory[], clinicId: string) {
  const events: EventEnvelope[] = [];
  const oracle: Oracle = new Map();
  patients.forEach((h, i) => {
    const patientId = randomUUID();
    const mine = { treatments: [] as AgingTreatment[], money: [] as AgingMoney[], paid: [] as string[] };
    oracle.set(patientId, mine);
    events.push(ev.patient({ id: patientId, clinicId, firstName: `P${i}`, lastName: 'Random' }));
    h.treatments.forEach((t, n) => {
      const id = randomUUID();
      const base = { id, patientId, clinicId };
      events.push(ev.treatment({ ...base, date: day(t.dayOffset), amount: decimal(BigInt(t.amount)) }));
      const last = t.edit ?? t;
      if (t.edit)
        events.push(
          ev.treatment({
            ...base,
            date: day(t.edit.dayOffset),
            amount: decimal(BigInt(t.edit.amount)),
            revision: 2,
          }),
        );
      if (t.deleted)
        events.push(
          ev.treatment({
            ...base,
            date: day(last.dayOffset),
            amount: decimal(BigInt(last.amount)),
            revision: 3,
            deleted: true,
          }),
        );
      else mine.treatments.push({ date: day(last.dayOffset), amount: BigInt(last.amount), order: n });
    });
    h.received.forEach((r) => {
      const base = { id: randomUUID(), patientId, clinicId };
      events.push(ev.received({ ...base, date: day(r.dayOffset), amount: decimal(BigInt(r.amount)) }));
      const last = r.edit ?? r;
      if (r.edit)
        events.push(
          ev.received({
            ...base,
            date: day(r.edit.dayOffset),
            amount: decimal(BigInt(r.edit.amount)),
            revision: 2,
          }),
        );
      if (r.deleted)
        events.push(
          ev.received({
            ...base,
            date: day(last.dayOffset),
            amount: decimal(BigInt(last.amount)),
            revision: 3,
            deleted: true,
          }),
        );
      else {
        mine.money.push({ date: day(last.dayOffset), amount: BigInt(last.amount) });
        if (last.amount > 0) mine.paid.push(day(last.dayOffset));
      }
    });
    h.closures.forEach((c) => {
      const closure = {
        id: randomUUID(),
        patientId,
        clinicId,
        date: day(c.dayOffset),
        writtenOff: decimal(BigInt(c.writtenOff)),
      };
      events.push(ev.closure(closure));
      if (c.undone) events.push(ev.closure(closure, true));
      else mine.money.push({ date: closure.date, amount: BigInt(c.writtenOff) });
    });
  });
  return { events, oracle };
}

/** What the rule says, per patient owing or in credit as of D, by id; Σ buckets checked against the balance. */
function expectedAging(oracle: Oracle, asOf: string) {
  return [...oracle]
    .map(([patientId, h]) => {
      const aged = ageReceivables(h.treatments, h.money, asOf);
      // the unpaid balance as of D, straight from the records
      const treated = h.treatments.filter((t) => t.date <= asOf).reduce((s, t) => s + t.amount, 0n);
      const received = h.money.filter((m) => m.date <= asOf).reduce((s, m) => s + m.amount, 0n);
      expect(aged.total).toBe(treated > received ? treated - received : 0n);
      const paid = h.paid.filter((d) => d <= asOf).sort();
      return {
        patientId,
        buckets: {
          '0-30': decimal(aged.buckets['0-30']),
          '31-60': decimal(aged.buckets['31-60']),
          '61-90': decimal(aged.buckets['61-90']),
          '91+': decimal(aged.buckets['91+']),
        },
        total: decimal(aged.total),
        credit: decimal(aged.credit),
        lastPaymentDate: paid.length ? paid[paid.length - 1] : null,
        owes: aged.total > 0n || aged.credit > 0n,
      };
    })
    .filter((r) => r.owes)
    .map(({ owes: _, ...r }) => r)
    .sort((a, b) => (a.patientId < b.patientId ? -1 : 1));
}

/** The per-clinic sums the projection moves by deltas, against the same sums of the rows now: the differences. */
async function sumsAgainstRows(em: EntityManager): Promise<unknown[]> {
  const days = await em.execute(
    `select * from (select organization_id, clinic_id, date, sum(remainder) as remainder from ledger_open_item
       group by 1, 2, 3) rows
     full join ledger_open_day sums using (organization_id, clinic_id, date)
     where rows.remainder is distinct from sums.remainder`,
  );
  const columns = CLINIC_SUMS.map(([c]) => c);
  const clinics = await em.execute(
    `select * from (
       select organization_id, clinic_id, trim(currency) as currency,
         ${CLINIC_SUMS.map(([c, sql]) => `sum(${sql}) as ${c}`).join(', ')}
       from ledger_balance b group by 1, 2, 3) rows
     full join (select organization_id, clinic_id, trim(currency) as currency, ${columns.join(', ')}
       from ledger_clinic_total) sums using (organization_id, clinic_id, currency)
     where (${columns.map((c) => `coalesce(rows.${c}, 0)`).join(', ')})
       is distinct from (${columns.map((c) => `coalesce(sums.${c}, 0)`).join(', ')})`,
  );
  return [...days, ...clinics];
}

/** The read model's answer equals the rule: every row, and totals that are the sum of the rows. */
function expectAging(answer: ReceivablesAgingAnswer, oracle: Oracle, asOf: string) {
  const expected = expectedAging(oracle, asOf);
  const actual = answer.items
    .map(({ patientId, buckets, total, credit, lastPaymentDate }) => ({
      patientId,
      buckets,
      total,
      credit,
      lastPaymentDate,
    }))
    .sort((a, b) => (a.patientId < b.patientId ? -1 : 1));
  expect({ asOf, rows: actual }).toEqual({ asOf, rows: expected });
  const sum = (pick: (r: (typeof expected)[number]) => string) =>
    decimal(expected.reduce((s, r) => s + Money.parse(pick(r), 'EUR').minor, 0n));
  expect(answer.totals).toEqual({
    buckets: {
      '0-30': sum((r) => r.buckets['0-30']),
      '31-60': sum((r) => r.buckets['31-60']),
      '61-90': sum((r) => r.buckets['61-90']),
      '91+': sum((r) => r.buckets['91+']),
    },
    total: sum((r) => r.total),
    credit: sum((r) => r.credit),
  });
  expect(answer.total).toBe(expected.length);
}

describe('receivables aging: the read model equals the FIFO rule (property, real PostgreSQL + NATS)', () => {
  const world = new TestWorld();
  let reporting: RunningReporting;
  let nc: NatsConnection;
  let bus: Bus;
  const organizationId = randomUUID();
  const ev = new LedgerEvents(organizationId);
  /** What the property runs read, asked again after the rebuild. */
  const checked: Array<{ clinicId: string; asOf: string; answer: ReceivablesAgingAnswer }> = [];
  const agingOf = async (clinicId: string, asOf: string) => {
    const reply = await bus.ask<ReceivablesAgingAnswer>(
      ReceivablesSubjects.aging,
      { clinicId, asOf, pageSize: 2000 },
      caller(organizationId),
    );
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    return reply.data;
  };

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

  it('for random histories, as of random dates', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async ({ patients, asOfs, order, redeliverEvery }) => {
        runs++;
        const clinicId = randomUUID();
        const { events, oracle } = history(ev, patients, clinicId);
        // delivery: the clinic first (reporting would otherwise ask payments for it), the rest shuffled, some twice
        const shuffled = events
          .map((e, i) => ({ e, key: order[i % order.length] * 1000 + i }))
          .sort((a, b) => a.key - b.key)
          .map((x) => x.e);
        await bus.publish([ev.clinic(clinicId, 'Random Dental')]);
        await bus.publish(shuffled);
        await bus.publish(
          shuffled.filter((_, i) => i % redeliverEvery === 0),
          () => randomUUID(),
        );
        await caughtUp(reporting.app);

        const treatmentDays = [...oracle.values()].flatMap((h) => h.treatments.map((t) => t.date)).sort();
        const lastRecords = [...oracle.values()].map((h) =>
          [...h.treatments, ...h.money].reduce((last, r) => (r.date > last ? r.date : last), day(0)),
        );
        const dates = asOfs.map((a) =>
          'offset' in a
            ? day(a.offset)
            : 'last' in a
              ? new Date(Date.parse(`${lastRecords[a.last % lastRecords.length]}T00:00:00Z`) + a.days * 86_400_000)
                  .toISOString()
                  .slice(0, 10)
              : treatmentDays.length
                ? new Date(Date.parse(`${treatmentDays[a.nth % treatmentDays.length]}T00:00:00Z`) + a.days * 86_400_000)
                    .toISOString()
                    .slice(0, 10)
                : day(a.days),
        );
        for (const asOf of dates) {
          const answer = await agingOf(clinicId, asOf);
          checked.push({ clinicId, asOf, answer });
          expectAging(answer, oracle, asOf);
        }
      }),
      { seed: 20_261_207, numRuns: 25, endOnFailure: true },
    );
    expect(runs).toBe(25);
  });

  it('reporting:rebuild replays the streams into the same aging, to the cent', async () => {
    expect(checked.length).toBeGreaterThan(25);
    const em = reporting.app.get(MikroORM).em.fork() as EntityManager;
    expect(await sumsAgainstRows(em)).toEqual([]);
    // spoil the ledger: only a replay can put it right
    await em.execute('update ledger_balance set treatment_total = treatment_total + 1, last_payment_date = null');
    await em.execute('delete from ledger_received where amount < 0');
    await em.execute('update ledger_closure set undone = not undone');
    const spoiled = await Promise.all(checked.map((c) => agingOf(c.clinicId, c.asOf)));
    expect(spoiled).not.toEqual(checked.map((c) => c.answer));
    await reporting.close();

    const result = await rebuildReporting(world.env('reporting'), {
      timeoutMs: 120_000,
      startOptions: { logLevel: LOG_LEVEL },
    });
    expect(Object.values(result.handled).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    reporting = await startReporting(world);
    await caughtUp(reporting.app);
    const rebuilt = await Promise.all(checked.map((c) => agingOf(c.clinicId, c.asOf)));
    expect(rebuilt).toEqual(checked.map((c) => c.answer));
  });

  it("two replicas sharing the consumer, small batches, one clinic's patients touched by both: the same figures", async () => {
    const second = await startReporting(world, { consumer: { batchSize: 7 } });
    try {
      const clinicId = randomUUID();
      const patients = fc.sample(fc.array(patientHistory, { minLength: 30, maxLength: 30 }), {
        seed: 7,
        numRuns: 1,
      })[0];
      const { events, oracle } = history(ev, patients, clinicId);
      // every patient's events spread over the stream, each twice: both replicas handle some of each patient's
      const order = fc.sample(fc.integer(), { seed: 11, numRuns: events.length });
      const shuffled = events
        .map((e, i) => ({ e, key: order[i] }))
        .sort((a, b) => a.key - b.key)
        .map((x) => x.e);
      await bus.publish([ev.clinic(clinicId, 'Busy Dental')]);
      await Promise.all([bus.publish(shuffled), bus.publish([...shuffled].reverse(), () => randomUUID())]);
      await caughtUp(reporting.app);
      await caughtUp(second.app);
      const em = reporting.app.get(MikroORM).em.fork() as EntityManager;
      expect(await sumsAgainstRows(em)).toEqual([]);
      for (const asOf of ['2025-12-31', '2026-03-31', '2026-06-30', day(DAYS + 30)])
        expectAging(await agingOf(clinicId, asOf), oracle, asOf);
    } finally {
      await second.close();
    }
  });
});
