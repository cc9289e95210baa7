// A closure that lands before patient-accounts has consumed a card payment's event: the write-off must still hold the
// payment's bank cost as payments knows it. payments runs without its outbox relay here, so the test decides when its
// events reach the bus (published from its outbox table, as the relay would); real PostgreSQL and NATS, no mocks.
import {
  AccountBasisView,
  AccountSubjects,
  CallerContext,
  ClinicSubjects,
  ClinicView,
  ClosureView,
  EventEnvelope,
  PatientAccountSubjects,
  PatientPaymentSubjects,
  PatientPaymentView,
  PatientView,
  TreatmentView,
} from '@dental/contracts';
import { BusNaming, RpcClient } from '@dental/messaging';
import { Money } from '@dental/money';
import { startService } from '@dental/platform';
import { eventually, testNats, TestWorld } from '@dental/testing';
import { MikroORM } from '@mikro-orm/core';
import { INestApplication } from '@nestjs/common';
import { DateTime } from 'luxon';
import { NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
// payments keeps the received money and the lock; importing its definition is test wiring.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { paymentsService } from '../../payments/src/payments.definition';
import { patientAccountsService } from '../src/patient-accounts.definition';

jest.setTimeout(90_000);

const day = (days: number) => DateTime.utc().plus({ days }).toISODate()!;

describe('closure before the Bank Cost event is consumed (integration: payments without relay + patient-accounts)', () => {
  const world = new TestWorld();
  const naming = new BusNaming(world.busPrefix);
  const apps: INestApplication[] = [];
  let payments: INestApplication;
  let accounts: INestApplication;
  let rpc: RpcClient;
  let nc: NatsConnection;
  let cardClinic: ClinicView;
  const me: CallerContext = {
    organizationId: randomUUID(),
    clinicIds: '*',
    userId: randomUUID(),
    roles: ['admin'],
    correlationId: randomUUID(),
  };

  const ask = <T>(subject: string, payload: object) => rpc.request<T>(subject, payload, me);
  const accountsDb = async <T>(sql: string, params: unknown[] = []) =>
    (await accounts.get(MikroORM).em.fork().getConnection().execute(sql, params)) as T[];
  const paymentsDb = async <T>(sql: string, params: unknown[] = []) =>
    (await payments.get(MikroORM).em.fork().getConnection().execute(sql, params)) as T[];

  /** What payments' relay would do: its committed events to the bus, in order, marked published. */
  async function publishPaymentEvents(): Promise<void> {
    const rows = await paymentsDb<{ id: string; envelope: EventEnvelope }>(
      'select id, envelope from outbox_event where published_at is null order by seq',
    );
    const js = nc.jetstream();
    for (const { id, envelope } of rows) {
      await js.publish(naming.event(envelope.type), Buffer.from(JSON.stringify(envelope)), { msgID: id });
    }
    await paymentsDb('update outbox_event set published_at = now() where published_at is null');
  }

  const bankCosts = (paymentId: string) =>
    accountsDb<{ amount_minor: string; deleted: boolean }>(
      'select amount_minor::text, deleted_at is not null as deleted from treatment where source_payment_id = ?',
      [paymentId],
    );

  async function newPatient(): Promise<string> {
    const p = await ask<PatientView>(PatientAccountSubjects.createPatient, {
      clinicId: cardClinic.id,
      firstName: 'Ayşe',
      lastName: 'Yılmaz',
    });
    return p.id;
  }

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
    const env = (service: string) => world.env(service, { RPC_TIMEOUT_MS: '5000' });
    payments = (await startService(paymentsService, env('payments'), { messaging: { relay: false } })).app;
    apps.push(payments);
    accounts = (await startService(patientAccountsService, env('patient-accounts'))).app;
    apps.push(accounts);
    rpc = accounts.get(RpcClient);
    nc = await testNats();
    cardClinic = await ask<ClinicView>(ClinicSubjects.create, { name: 'Card Dental', currency: 'EUR' });
    await ask(ClinicSubjects.setPaymentSettings, { clinicId: cardClinic.id, bankChargePercent: '2.50' });
  });

  afterAll(async () => {
    await nc?.close();
    for (const app of apps.reverse()) await app.close();
    await world.cleanup();
  });

  it('counts a card payment’s bank cost that patient-accounts has not seen yet, and the closed part reads zero', async () => {
    const patientId = await newPatient();
    await treat(patientId, day(-10), '1000.00');
    const card = await ask<PatientPaymentView>(PatientPaymentSubjects.record, {
      patientId,
      date: day(-5),
      amount: '1000.00',
      paymentType: 'card',
    });
    expect(card).toMatchObject({ amount: '1025.00', bankCost: '25.00' });
    expect(await bankCosts(card.id)).toEqual([]); // the event is still in payments' outbox

    const closure = await ask<ClosureView>(AccountSubjects.closeAccount, { patientId, mode: 'past', date: day(-1) });
    // treatments ≤ D = 1000.00 + the Bank Cost 25.00; received 1025.00: nothing to write off
    expect(closure).toMatchObject({ treatmentTotal: '1025.00', receivedTotal: '1025.00', writtenOffAmount: '0.00' });

    await publishPaymentEvents();
    await eventually(async () => expect(await bankCosts(card.id)).toEqual([{ amount_minor: '2500', deleted: false }]));
    const account = await ask<AccountBasisView>(AccountSubjects.accountBasis, { patientId });
    expect(account.treatments.map((t) => [t.procedure, t.amount, t.closed])).toEqual([
      ['Crown', '1000.00', true],
      ['Bank Cost', '25.00', true],
    ]);
    expect(await closedPartBalance(patientId)).toBe('0.00');
  });

  it('leaves out a Bank Cost treatment whose payment no longer has one, before that edit is consumed', async () => {
    const patientId = await newPatient();
    await treat(patientId, day(-10), '1000.00');
    const card = await ask<PatientPaymentView>(PatientPaymentSubjects.record, {
      patientId,
      date: day(-5),
      amount: '1000.00',
      paymentType: 'card',
    });
    await publishPaymentEvents();
    await eventually(async () => expect(await bankCosts(card.id)).toEqual([{ amount_minor: '2500', deleted: false }]));
    // paid in cash after all: no bank cost; patient-accounts still holds the Bank Cost treatment when closing
    await ask(PatientPaymentSubjects.update, { patientId, paymentId: card.id, paymentType: 'cash' });
    await ask(PatientPaymentSubjects.record, { patientId, date: day(-4), amount: '300.00', paymentType: 'card' });

    const closure = await ask<ClosureView>(AccountSubjects.closeAccount, { patientId, mode: 'past', date: day(-1) });
    // treatments ≤ D = 1000.00 + bank cost 7.50 (the second card); received 1000.00 + 307.50 → 300.00 received more
    expect(closure).toMatchObject({
      treatmentTotal: '1007.50',
      receivedTotal: '1307.50',
      writtenOffAmount: '-300.00',
    });

    await publishPaymentEvents();
    await eventually(async () => expect(await bankCosts(card.id)).toEqual([{ amount_minor: '2500', deleted: true }]));
    await eventually(async () =>
      expect(
        (await ask<AccountBasisView>(AccountSubjects.accountBasis, { patientId })).treatments.map((t) => t.amount),
      ).toEqual(['1000.00', '7.50']),
    );
    expect(await closedPartBalance(patientId)).toBe('0.00');
  });
});
