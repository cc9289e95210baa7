// The journal (DOMAIN.md E) property-tested in reporting alone, on real PostgreSQL and NATS: random histories of
// patient-accounts', payments' and work-orders' events put on JetStream as their outbox relays do, shuffled and partly
// delivered twice; per entry and per day the lines balance, and 1200 and 2100 match the patient ledger and Finance
// (asked over reporting's own queries). The journal through the gateway: e2e/reporting-journal.e2e-spec.ts.
import {
  CallerContext,
  FinanceLabsAnswer,
  FinanceSubjects,
  JournalLineRow,
  JournalLinesAnswer,
  JournalSubjects,
} from '@dental/contracts';
import { EventEnvelope } from '@dental/contracts';
import { Money } from '@dental/money';
import { Bus, caller, Events, LedgerEvents, testNats, TestWorld } from '@dental/testing';
import { EntityManager } from '@mikro-orm/postgresql';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { NatsConnection } from 'nats';
import { caughtUp, RunningReporting, startReporting } from './support/finance-world';

jest.setTimeout(300_000);

const minor = (amount: string) => Money.parse(amount, 'EUR').minor;

/** Debit − credit per key of the lines. */
function balances<L extends { debit: string; credit: string }>(lines: L[], key: (l: L) => string) {
  const out = new Map<string, bigint>();
  for (const l of lines) out.set(key(l), (out.get(key(l)) ?? 0n) + minor(l.debit) - minor(l.credit));
  return out;
}

describe('Journal property (integration: reporting alone, real PostgreSQL + NATS)', () => {
  const world = new TestWorld();
  const organizationId = randomUUID();
  const ev = new LedgerEvents(organizationId);
  const wo = new Events(organizationId);
  const LAB = randomUUID();
  let reporting: RunningReporting;
  let nc: NatsConnection;
  let bus: Bus;

  async function publish(events: EventEnvelope[], msgId?: (e: EventEnvelope) => string) {
    await bus.publish(events, msgId);
    await caughtUp(reporting.app);
  }

  /** Every line of the scope through reporting's query, chunk after chunk. */
  async function allLines(query: object, who: CallerContext, pageSize = 500): Promise<JournalLineRow[]> {
    const lines: JournalLineRow[] = [];
    let after: string | undefined;
    for (;;) {
      const reply = await bus.ask<JournalLinesAnswer>(
        JournalSubjects.lines,
        { ...query, pageSize, ...(after ? { after } : {}) },
        who,
      );
      if (!reply.ok) throw new Error(`journal answered ${reply.error.status} ${reply.error.code}`);
      lines.push(...reply.data.items);
      if (!reply.data.nextCursor) return lines;
      after = reply.data.nextCursor;
    }
  }

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

  it('property: random histories, shuffled and partly redelivered, balance per entry and day; 1200 and 2100 match', async () => {
    const DAYS = 120;
    const FIRST = Date.parse('2026-01-01T00:00:00Z');
    const day = (n: number) => new Date(FIRST + n * 86_400_000).toISOString().slice(0, 10);
    const dec = (m: number) => Money.of(BigInt(m), 'EUR').toDecimal();
    const amountEdit = fc.record({
      day: fc.integer({ min: 0, max: DAYS }),
      amount: fc.integer({ min: 1, max: 90_000 }),
    });
    const record = fc.record({
      day: fc.integer({ min: 0, max: DAYS }),
      amount: fc.integer({ min: 1, max: 90_000 }),
      edit: fc.option(amountEdit, { freq: 3 }),
      deleted: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    });
    const scenario = fc.record({
      patients: fc.array(
        fc.record({
          treatments: fc.array(record, { maxLength: 4 }),
          received: fc.array(
            fc.record({
              base: record,
              type: fc.constantFrom('cash', 'card', 'bank_transfer', 'check', 'refund'),
              bankCost: fc.option(fc.integer({ min: 1, max: 3_000 }), { freq: 2 }),
            }),
            { maxLength: 4 },
          ),
          closures: fc.array(
            fc.record({
              day: fc.integer({ min: 0, max: DAYS }),
              writtenOff: fc.integer({ min: -20_000, max: 50_000 }),
              undone: fc.boolean(),
            }),
            { maxLength: 2 },
          ),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      workOrders: fc.array(
        fc.record({
          base: record,
          method: fc.constantFrom('cash', 'card', 'bank_transfer', 'check', 'other'),
          cancelled: fc.boolean(),
          payments: fc.array(
            fc.record({
              amount: fc.integer({ min: -5_000, max: 60_000 }).filter((n) => n !== 0),
              edit: fc.option(fc.integer({ min: 1, max: 60_000 }), { freq: 3 }),
              deleted: fc.boolean(),
            }),
            { maxLength: 3 },
          ),
        }),
        { maxLength: 3 },
      ),
      order: fc.array(fc.integer(), { minLength: 300, maxLength: 300 }),
      redeliverEvery: fc.integer({ min: 2, max: 6 }),
    });
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async ({ patients, workOrders, order, redeliverEvery }) => {
        runs++;
        const clinicId = randomUUID();
        const events: EventEnvelope[] = [];
        let receivables = 0n; // treatments − received − write-offs of closures not undone
        let payables = 0n; // payments − totals of work orders not cancelled (a credit balance is negative)
        patients.forEach((h) => {
          const patientId = randomUUID();
          for (const t of h.treatments) {
            const id = randomUUID();
            events.push(ev.treatment({ id, patientId, clinicId, date: day(t.day), amount: dec(t.amount) }));
            const last = t.edit ?? t;
            if (t.edit)
              events.push(
                ev.treatment({
                  id,
                  patientId,
                  clinicId,
                  date: day(t.edit.day),
                  amount: dec(t.edit.amount),
                  revision: 2,
                }),
              );
            if (t.deleted)
              events.push(
                ev.treatment({
                  id,
                  patientId,
                  clinicId,
                  date: day(last.day),
                  amount: dec(last.amount),
                  revision: 3,
                  deleted: true,
                }),
              );
            else receivables += BigInt(last.amount);
          }
          for (const r of h.received) {
            const id = randomUUID();
            const sign = r.type === 'refund' ? -1 : 1;
            const bankCost = r.type === 'card' ? r.bankCost : null;
            const money = (revision: number, d: number, amount: number, deleted = false) => {
              const e = ev.received({
                id,
                patientId,
                clinicId,
                date: day(d),
                amount: dec(sign * amount),
                type: r.type,
                revision,
                deleted,
              });
              if (bankCost) e.payload.bankCost = dec(bankCost);
              return e;
            };
            events.push(money(1, r.base.day, r.base.amount));
            // a card with a bank cost comes with its Bank Cost treatment (not edited here: payments keeps the two)
            const bankCostTreatment = randomUUID();
            if (bankCost)
              events.push(
                ev.treatment({
                  id: bankCostTreatment,
                  patientId,
                  clinicId,
                  date: day(r.base.day),
                  amount: dec(bankCost),
                }),
              );
            const last = r.base.edit ?? r.base;
            if (r.base.edit) events.push(money(2, r.base.edit.day, r.base.edit.amount));
            if (r.base.deleted) {
              events.push(money(3, last.day, last.amount, true));
              if (bankCost)
                events.push(
                  ev.treatment({
                    id: bankCostTreatment,
                    patientId,
                    clinicId,
                    date: day(r.base.day),
                    amount: dec(bankCost),
                    revision: 2,
                    deleted: true,
                  }),
                );
            } else receivables += BigInt(bankCost ?? 0) - BigInt(sign * last.amount);
          }
          for (const c of h.closures) {
            const closure = { id: randomUUID(), patientId, clinicId, date: day(c.day), writtenOff: dec(c.writtenOff) };
            events.push(ev.closure(closure));
            if (c.undone) events.push(ev.closure(closure, true));
            else receivables -= BigInt(c.writtenOff);
          }
        });
        workOrders.forEach((w, n) => {
          const created = wo.workOrder({
            clinicId,
            labId: LAB,
            number: `WO-${runs}-${n}`,
            total: dec(w.base.amount),
            method: w.method,
            date: day(w.base.day),
          });
          events.push(created);
          let current = created;
          if (w.base.edit) {
            current = wo.workOrderUpdate(current, {
              paymentPlan: { ...current.payload.paymentPlan, totalAmount: dec(w.base.edit.amount) },
              documentedDate: day(w.base.edit.day),
            });
            events.push(current);
          }
          if (w.cancelled) {
            current = wo.workOrderUpdate(current, { status: 'cancelled' });
            events.push(current);
          } else payables -= minor(current.payload.paymentPlan.totalAmount);
          for (const p of w.payments) {
            const paid = wo.payment({ workOrder: created, amount: dec(p.amount) });
            events.push(paid);
            let last = paid;
            if (p.edit) {
              last = wo.paymentUpdate(last, { amount: dec(p.edit) });
              events.push(last);
            }
            if (p.deleted) events.push(wo.paymentUpdate(last, { deleted: true }));
            else payables += minor(last.payload.amount);
          }
        });
        const shuffled = events
          .map((e, i) => ({ e, k: order[i % order.length] * 1000 + i }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.e);
        await publish([ev.clinic(clinicId, `Random ${runs}`), ...shuffled]);
        await publish(
          shuffled.filter((_, i) => i % redeliverEvery === 0),
          () => randomUUID(),
        );

        const lines = await allLines({ clinicId }, caller(organizationId), 97);
        for (const [entry, b] of balances(lines, (l) => l.entryId)) expect({ entry, b }).toEqual({ entry, b: 0n });
        for (const [date, b] of balances(lines, (l) => l.date)) expect({ date, b }).toEqual({ date, b: 0n });
        const byAccount = balances(lines, (l) => l.account);
        expect(byAccount.get('patient_receivables') ?? 0n).toBe(receivables);
        expect(byAccount.get('lab_payables') ?? 0n).toBe(payables);
        // 1200 as the patient ledger has it (all time: treatments − received − write-offs)
        const [ledger] = await reporting.app
          .get(EntityManager)
          .fork()
          .execute<Array<{ sum: string | null }>>(
            'select sum(treatment_total - received_total - written_off_total)::text as sum from ledger_balance where clinic_id = ?',
            [clinicId],
          );
        expect(BigInt(ledger.sum ?? '0')).toBe(receivables);
        // 2100 against Finance: outstanding of the orders not cancelled, less what was paid on cancelled ones
        const finance = await bus.ask<FinanceLabsAnswer>(FinanceSubjects.labs, { clinicId }, caller(organizationId));
        const cancelledPaid = await bus.ask<FinanceLabsAnswer>(
          FinanceSubjects.labs,
          { clinicId, includeCancelled: true },
          caller(organizationId),
        );
        if (finance.ok && cancelledPaid.ok && workOrders.length) {
          const paidOnCancelled = minor(cancelledPaid.data.totals.paidAmount) - minor(finance.data.totals.paidAmount);
          expect(-(byAccount.get('lab_payables') ?? 0n)).toBe(
            minor(finance.data.totals.outstandingAmount) - paidOnCancelled,
          );
        }
      }),
      { seed: 20261215, numRuns: 30 },
    );
    expect(runs).toBe(30);
  });
});
