// An alert that closes by itself when the patient pays off, with the built services as processes (gateway,
// patient-accounts, payments, notifications) through the gateway's API: notifications hears the treatment and payment
// events and asks both owners for their totals; the three agree on what "unpaid" is. Notifications' own rule, with its
// neighbours stubbed, is apps/notifications/test/notifications.int-spec.ts.
import { AlertView } from '@dental/contracts';
import { eventually, GatewayClient, TestWorld } from '@dental/testing';
import { DateTime } from 'luxon';
import { randomBytes } from 'node:crypto';
import { consumersCaughtUp, ServiceStack, startServices } from './support/service-stack';
import { checkAgainstSpec } from './support/spec-check';

jest.setTimeout(180_000);

const ADMIN = { email: 'admin@example.com', password: randomBytes(12).toString('base64url') };

describe('an alert closes by itself when the patient pays off (e2e: gateway + patient-accounts + payments + notifications)', () => {
  const world = new TestWorld();
  let stack: ServiceStack;
  let api: GatewayClient;

  beforeAll(async () => {
    stack = await startServices(world, ['payments', 'patient-accounts', 'notifications', 'gateway'], {
      admin: ADMIN,
      // the paid-off checks run on the scheduler's passes (30 s in production)
      env: (service) => (service === 'notifications' ? { SCHEDULER_INTERVAL_MS: '200' } : {}),
    });
    api = await GatewayClient.login(stack.gatewayUrl, ADMIN, { check: checkAgainstSpec });
  }, 180_000);

  afterAll(async () => {
    try {
      await stack?.stop();
    } finally {
      await world.cleanup();
    }
  });

  async function created<T>(path: string, body: unknown): Promise<T> {
    const res = await api.create(path, body);
    expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 201, body: expect.anything() });
    return res.body as T;
  }

  const alertsOf = async (patientId: string) => {
    const res = await api.get('/alerts', { patientId });
    expect(res.status).toBe(200);
    return res.body as { items: AlertView[]; total: number };
  };

  it('stays open while something is unpaid, a card’s bank cost left out, and closes when unpaid reaches zero', async () => {
    const clinic = await created<{ id: string }>('/clinics', { name: 'Paying Dental', currency: 'EUR' });
    expect((await api.put(`/clinics/${clinic.id}/payment-settings`, { bankChargePercent: '2.50' })).status).toBe(200);
    // patient-accounts knows the clinic from payments' event
    const patient = await eventually(() =>
      created<{ id: string }>('/patients', { clinicId: clinic.id, firstName: 'Ali', lastName: 'Yılmaz' }),
    );
    // yesterday: a past day in every clinic time zone
    const yesterday = DateTime.utc().minus({ days: 1 }).toISODate()!;
    await created(`/patients/${patient.id}/treatments`, { procedure: 'Crown', amount: '600.00', date: yesterday });
    const alert = await created<AlertView>(`/patients/${patient.id}/alerts`, {
      date: DateTime.utc().plus({ days: 30 }).toISODate(),
      amount: '600.00',
    });
    expect(alert).toEqual(expect.objectContaining({ patientId: patient.id, status: 'open' }));

    // 400.00 by card: payments stores 410.00 and patient-accounts a Bank Cost treatment of 10.00; 200.00 unpaid
    const card = await created<{ amount: string }>(`/patients/${patient.id}/payments`, {
      date: yesterday,
      amount: '400.00',
      paymentType: 'card',
    });
    expect(card.amount).toBe('410.00');
    // every event heard (the payment, the Bank Cost treatment) and the paid-off checks they queued have run
    await consumersCaughtUp(world);
    await eventually(async () =>
      expect(await stack.sql('notifications', 'select 1 from alert_check where patient_id = ?', [patient.id])).toEqual(
        [],
      ),
    );
    expect((await alertsOf(patient.id)).items.map((a) => [a.id, a.status])).toEqual([[alert.id, 'open']]);

    await created(`/patients/${patient.id}/payments`, { date: yesterday, amount: '200.00', paymentType: 'cash' });
    await eventually(async () => expect(await alertsOf(patient.id)).toEqual({ items: [], total: 0 }));
    const done = await api.patch(`/alerts/${alert.id}`, { done: true });
    expect({ status: done.status, body: done.body }).toEqual({
      status: 200,
      body: expect.objectContaining({ id: alert.id, status: 'paid_off' }),
    });
  });
});
