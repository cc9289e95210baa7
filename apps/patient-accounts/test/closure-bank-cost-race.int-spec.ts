// A closure that lands before patient-accounts has consumed a card payment's event: the write-off must still hold the
// payment's bank cost as payments knows it (the lock's `bankCostThrough`). patient-accounts runs alone; payments is
// played on the test's bus, so the test decides when its events arrive (kept back as in its outbox, then published as
// its relay would). That the real payments answers the same figures is e2e/closure-bank-cost.e2e-spec.ts.
import {
  AccountBasisView,
  AccountSubjects,
  CallerContext,
  ClinicView,
  ClosureView,
  PatientAccountSubjects,
  PatientPaymentEvents,
  PatientPaymentView,
  PatientView,
  TreatmentView,
} from '@dental/contracts';
import { Money } from '@dental/money';
import {
  aCaller,
  aClinicSnapshot,
  eventually,
  PaymentsStub,
  ServiceUnderTest,
  serviceUnderTest,
  TestBus,
  TestWorld,
} from '@dental/testing';
import { startService } from '@dental/platform';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { patientAccountsService } from '../src/patient-accounts.definition';

jest.setTimeout(90_000);

const day = (days: number) => DateTime.utc().plus({ days }).toISODate()!;

/** A card payment of a 2.50 % clinic as payments stores it: the typed amount plus its bank cost. */
const card = (date: string, typed: string, bankCost: string): Partial<PatientPaymentView> => ({
  date,
  paymentType: 'card',
  enteredAmount: typed,
  bankCost,
  bankChargePercent: '2.50',
  amount: (Number(typed) + Number(bankCost)).toFixed(2),
});

describe('closure before the Bank Cost event is consumed (integration: patient-accounts alone, payments stubbed)', () => {
  const world = new TestWorld();
  let accounts: ServiceUnderTest;
  let bus: TestBus;
  let payments: PaymentsStub;
  let cardClinic: ClinicView;
  const me: CallerContext = aCaller(randomUUID());

  async function ask<T>(subject: string, payload: object): Promise<T> {
    return bus.call<T>(subject, payload, { ...me, correlationId: randomUUID() });
  }

  const bankCosts = (paymentId: string) =>
    accounts.db<{ amount_minor: string; deleted: boolean }>(
      'select amount_minor::text, deleted_at is not null as deleted from treatment where source_payment_id = ?',
      [paymentId],
    );

  const newPatient = () =>
    ask<PatientView>(PatientAccountSubjects.createPatient, {
      clinicId: cardClinic.id,
      firstName: 'Ayşe',
      lastName: 'Yılmaz',
    });

  const treat = (patientId: string, date: string, amount: string) =>
    ask<TreatmentView>(PatientAccountSubjects.createTreatment, { patientId, procedure: 'Crown', date, amount });

  /** Closed treatments − received ≤ D − every write-off: what the closed part reads once everything is consumed. */
  async function closedPartBalance(patientId: string): Promise<string> {
    const account = await ask<AccountBasisView>(AccountSubjects.accountBasis, { patientId });
    const closed = account.treatments.filter((t) => t.closed).map((t) => Money.parse(t.amount, 'EUR'));
    const latest = account.closures[account.closures.length - 1];
    return account.closures
      .reduce((sum, c) => sum.minus(Money.parse(c.writtenOffAmount, 'EUR')), Money.sum(closed, 'EUR'))
      .minus(Money.parse(latest.receivedTotal, 'EUR'))
      .toDecimal();
  }

  beforeAll(async () => {
    bus = await TestBus.connect(world);
    payments = new PaymentsStub(bus);
    accounts = serviceUnderTest(
      (await startService(patientAccountsService, world.env('patient-accounts', { RPC_TIMEOUT_MS: '5000' }))).app,
    );
    cardClinic = await payments.addClinic(
      aClinicSnapshot({
        organizationId: me.organizationId,
        name: 'Card Dental',
        timeZone: 'UTC',
        bankChargePercent: '2.50',
      }),
    );
    await eventually(async () => expect(await accounts.db('select id from clinic')).toHaveLength(1));
  });

  afterAll(async () => {
    await accounts?.close();
    await bus?.close();
    await world.cleanup();
  });

  it('counts a card payment’s bank cost that patient-accounts has not seen yet, and the closed part reads zero', async () => {
    const patient = await newPatient();
    const patientId = patient.id;
    await treat(patientId, day(-10), '1000.00');
    // the payment is stored in payments; its event is still in payments' outbox
    const byCard = await payments.record(patient, card(day(-5), '1000.00', '25.00'), { publish: false });
    expect(await bankCosts(byCard.id)).toEqual([]);

    const closure = await ask<ClosureView>(AccountSubjects.closeAccount, { patientId, mode: 'past', date: day(-1) });
    // treatments ≤ D = 1000.00 + the Bank Cost 25.00; received 1025.00: nothing to write off
    expect(closure).toMatchObject({ treatmentTotal: '1025.00', receivedTotal: '1025.00', writtenOffAmount: '0.00' });

    // payments' answer to the lock carried the bank cost it knows
    expect(payments.lockCalls.calls.at(-1)!.payload).toMatchObject({ closureId: closure.id, through: day(-1) });

    await payments.announce(PatientPaymentEvents.recorded, payments.records.get(byCard.id)!);
    await eventually(async () =>
      expect(await bankCosts(byCard.id)).toEqual([{ amount_minor: '2500', deleted: false }]),
    );
    const account = await ask<AccountBasisView>(AccountSubjects.accountBasis, { patientId });
    expect(account.treatments.map((t) => [t.procedure, t.amount, t.closed])).toEqual([
      ['Crown', '1000.00', true],
      ['Bank Cost', '25.00', true],
    ]);
    expect(await closedPartBalance(patientId)).toBe('0.00');
  });

  it('leaves out a Bank Cost treatment whose payment no longer has one, before that edit is consumed', async () => {
    const patient = await newPatient();
    const patientId = patient.id;
    await treat(patientId, day(-10), '1000.00');
    const byCard = await payments.record(patient, card(day(-5), '1000.00', '25.00'));
    await eventually(async () =>
      expect(await bankCosts(byCard.id)).toEqual([{ amount_minor: '2500', deleted: false }]),
    );
    // paid in cash after all: no bank cost; patient-accounts still holds the Bank Cost treatment when closing
    const asCash = await payments.update(
      byCard.id,
      { paymentType: 'cash', amount: '1000.00', enteredAmount: '1000.00', bankCost: null, bankChargePercent: null },
      { publish: false },
    );
    const second = await payments.record(patient, card(day(-4), '300.00', '7.50'), { publish: false });

    const closure = await ask<ClosureView>(AccountSubjects.closeAccount, { patientId, mode: 'past', date: day(-1) });
    // treatments ≤ D = 1000.00 + bank cost 7.50 (the second card); received 1000.00 + 307.50 → 300.00 received more
    expect(closure).toMatchObject({
      treatmentTotal: '1007.50',
      receivedTotal: '1307.50',
      writtenOffAmount: '-300.00',
    });

    await payments.announce(PatientPaymentEvents.updated, asCash);
    await payments.announce(PatientPaymentEvents.recorded, second);
    await eventually(async () => expect(await bankCosts(byCard.id)).toEqual([{ amount_minor: '2500', deleted: true }]));
    await eventually(async () =>
      expect(
        (await ask<AccountBasisView>(AccountSubjects.accountBasis, { patientId })).treatments.map((t) => t.amount),
      ).toEqual(['1000.00', '7.50']),
    );
    expect(await closedPartBalance(patientId)).toBe('0.00');
  });
});
