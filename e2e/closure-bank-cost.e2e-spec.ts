// A closure that lands before patient-accounts has consumed a card payment's event, with the built services as
// processes (gateway, patient-accounts, payments) through the gateway's API: the closure counts the bank cost as
// payments knows it, and once the event arrives the closed part reads zero. The test holds patient-accounts' inbox
// table locked (plain SQL) so that its consumer waits with the payment's event in hand while the closure is made;
// patient-accounts' own rule, with payments stubbed, is apps/patient-accounts/test/closure-bank-cost-race.int-spec.ts.
import { Money } from '@dental/money';
import { eventually } from '@dental/testing';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { Clinic, PatientAccountWorld } from './support/patient-account-world';

jest.setTimeout(180_000);

const day = (days: number) => DateTime.utc().plus({ days }).toISODate()!;

describe('closure before the Bank Cost event is consumed (e2e: gateway + patient-accounts + payments)', () => {
  const w = new PatientAccountWorld({ notifications: false });
  let cardClinic: Clinic;

  beforeAll(async () => {
    await w.start();
    cardClinic = await w.clinic('2.50');
  }, 180_000);

  afterAll(() => w.stop());

  /**
   * Runs `during` while patient-accounts cannot record handled events: its consumer takes the next events, then
   * waits on the lock before it handles any of them (the inbox rows come first in its transaction).
   */
  async function withEventsHeldBack(during: (eventsArrived: () => Promise<void>) => Promise<void>): Promise<void> {
    const holder = new Client({ connectionString: w.world.databaseUrl('patient-accounts') });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('lock table inbox_event in share row exclusive mode');
      const eventsArrived = () =>
        eventually(
          async () => {
            const { rows } = await holder.query<{ n: number }>(
              `select count(*)::int as n from pg_stat_activity
              where datname = current_database() and pid <> pg_backend_pid()
                and wait_event_type = 'Lock' and query ilike '%inbox_event%'`,
            );
            expect(rows[0].n).toBeGreaterThan(0);
          },
          { timeoutMs: 60_000, intervalMs: 200 },
        ); // the relay and the consumer's fetch are slow on a loaded machine
      await during(eventsArrived);
    } finally {
      // ending the session releases the lock whatever happened above
      await holder.query('rollback').catch(() => undefined);
      await holder.end();
    }
  }

  /** Closed treatments − every write-off − received ≤ D (the latest closure's): what the closed part reads. */
  async function closedPartBalance(patientId: string): Promise<string> {
    const account = await w.account(patientId, true);
    const closed = account.treatments.filter((t) => t.closed).map((t) => Money.parse(t.amount, 'EUR'));
    const latest = account.closures[account.closures.length - 1];
    return account.closures
      .reduce((sum, c) => sum.minus(Money.parse(c.writtenOffAmount, 'EUR')), Money.sum(closed, 'EUR'))
      .minus(Money.parse(latest.receivedTotal, 'EUR'))
      .toDecimal();
  }

  it('leaves out a Bank Cost treatment whose payment no longer has one, before that edit is consumed', async () => {
    const patient = await w.patient(cardClinic);
    await w.treatment(patient.id, { procedure: 'Crown', amount: '1000.00', date: day(-10) });
    const card = await w.paid(patient.id, { date: day(-5), amount: '1000.00', paymentType: 'card' });
    await w.handledByAccounts(card.id);
    expect(await w.bankCosts(patient.id)).toEqual([{ amount: '25.00', date: day(-5), physicianId: null }]);

    await withEventsHeldBack(async (eventsArrived) => {
      // paid in cash after all: no bank cost; patient-accounts still holds the Bank Cost treatment when closing
      const cash = await w.patchPayment(patient.id, card.id, { paymentType: 'cash' });
      expect({ status: cash.status, bankCost: cash.body.bankCost }).toEqual({ status: 200, bankCost: null });
      await w.paid(patient.id, { date: day(-4), amount: '300.00', paymentType: 'card' });
      await eventsArrived();

      const closure = await w.closed(patient.id, { mode: 'past', date: day(-1) });
      // treatments ≤ D = 1000.00 + bank cost 7.50 (the second card); received 1000.00 + 307.50 → 300.00 received more
      expect(closure).toMatchObject({
        treatmentTotal: '1007.50',
        receivedTotal: '1307.50',
        writtenOffAmount: '-300.00',
      });
    });

    await eventually(async () =>
      expect((await w.account(patient.id, true)).treatments.map((t) => [t.procedure, t.amount])).toEqual([
        ['Crown', '1000.00'],
        ['Bank Cost', '7.50'],
      ]),
    );
    expect(await closedPartBalance(patient.id)).toBe('0.00');
  });
});
