// Money is taken at the front desk while patient-accounts is down (issue 10): payments splits it from the copy it
// keeps of patient-accounts' events, and the account catches up when patient-accounts is back. Real PostgreSQL and
// NATS; gateway, payments and patient-accounts as the built processes, patient-accounts stopped and started again.
import { PatientPaymentView } from '@dental/contracts';
import { eventually } from '@dental/testing';
import { Clinic, PatientAccountWorld } from './support/patient-account-world';

jest.setTimeout(120_000);

describe('recording money with patient-accounts down (e2e: gateway + payments + patient-accounts)', () => {
  const w = new PatientAccountWorld({ notifications: false });
  let clinic: Clinic;

  beforeAll(async () => {
    await w.start();
    clinic = await w.clinic('2.50');
  });

  afterAll(() => w.stop());

  it("POST /patients/:id/payments stores the payment and DOMAIN.md's split; the account view catches up afterwards", async () => {
    const drA = await w.physician(clinic, 'Dr. A');
    const drB = await w.physician(clinic, 'Dr. B');
    const patient = await w.patient(clinic);
    const crown = await w.treatment(patient.id, { physicianId: drA.id, amount: '600.00' });
    const filling = await w.treatment(patient.id, { physicianId: drB.id, amount: '400.00' });
    // payments has the treatments from patient-accounts' events before the outage
    await eventually(async () => {
      const known = await w.sql('payments', 'select id from known_treatment where id in (?, ?)', [
        crown.id,
        filling.id,
      ]);
      expect(known).toHaveLength(2);
    });

    await w.stopAccounts();
    const cash = await w.paid(patient.id, { date: '2026-11-03', amount: '500.00', paymentType: 'cash' });
    expect(cash.splits.map((s) => [s.physicianId, s.amount])).toEqual([
      [drA.id, '300.00'],
      [drB.id, '200.00'],
    ]);
    const card: PatientPaymentView = await w.paid(patient.id, {
      date: '2026-11-04',
      amount: '100.00',
      paymentType: 'card',
    });
    expect({ amount: card.amount, bankCost: card.bankCost }).toEqual({ amount: '102.50', bankCost: '2.50' });
    // the account view needs patient-accounts: a 503 with Retry-After, never a 500
    const down = await w.http().get(`/api/v1/patients/${patient.id}/account`).set(w.auth(w.admin));
    expect({ status: down.status, code: down.body.code, retryAfter: down.headers['retry-after'] }).toEqual({
      status: 503,
      code: 'SERVICE.UNAVAILABLE',
      retryAfter: '1',
    });

    await w.startAccounts();
    await eventually(async () =>
      expect(await w.bankCosts(patient.id)).toEqual([expect.objectContaining({ amount: '2.50' })]),
    );
    const view = await w.account(patient.id);
    expect(view.receivedMoney.map((p) => p.id)).toEqual([cash.id, card.id]);
    expect(view.summary).toEqual({
      currency: 'EUR',
      treatmentTotal: '1002.50',
      receivedTotal: '602.50',
      unpaid: '400.00',
      receivedMore: '0.00',
    });
  });
});
