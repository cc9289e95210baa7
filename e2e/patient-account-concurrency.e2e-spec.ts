// Patient money under load and retries, through the gateway on real PostgreSQL and NATS: gateway, patient-accounts
// and payments as the built processes. notifications is deliberately NOT started: the account page must still answer.
import { PatientPaymentView } from '@dental/contracts';
import { eventually } from '@dental/testing';
import { randomUUID } from 'node:crypto';
import { Clinic, expectError, PatientAccountWorld } from './support/patient-account-world';

jest.setTimeout(120_000);

const cents = (s: string) => BigInt(s.replace('.', ''));
const decimal = (c: bigint) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;

describe('patient money under concurrency and retries (e2e: gateway + patient-accounts + payments)', () => {
  const w = new PatientAccountWorld({ notifications: false });
  let clinic: Clinic;
  let physicians: string[];

  beforeAll(async () => {
    await w.start();
    clinic = await w.clinic('2.50');
    physicians = [(await w.physician(clinic, 'Dr. A')).id, (await w.physician(clinic, 'Dr. B')).id];
  });

  afterAll(() => w.stop());

  it('50 payments on one patient at once: every one stored, receipt numbers unique and gapless, totals exact, Bank Cost once each', async () => {
    const patient = await w.patient(clinic);
    await w.treatment(patient.id, { physicianId: physicians[0], amount: '3000.00' });
    await w.treatment(patient.id, { physicianId: physicians[1], amount: '1000.00' });
    const bodies = Array.from({ length: 50 }, (_, i) => ({
      date: '2026-11-03',
      amount: decimal(BigInt(100 + i * 37)), // 1.00, 1.37, 1.74, ...
      paymentType: i % 2 === 0 ? 'cash' : 'card',
    }));
    const answers = await Promise.all(bodies.map((b) => w.pay(patient.id, b)));
    expect(answers.map((r) => r.status)).toEqual(bodies.map(() => 201));
    const payments = answers.map((r) => r.body as PatientPaymentView);

    const numbers = payments.map((p) => Number(p.receiptNumber)).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(50);
    expect(numbers[49] - numbers[0]).toBe(49);

    const stored = payments.reduce((s, p) => s + cents(p.amount), 0n);
    const typed = bodies.reduce((s, b) => s + cents(b.amount), 0n);
    const bankCosts = payments.reduce((s, p) => s + (p.bankCost ? cents(p.bankCost) : 0n), 0n);
    expect(stored).toBe(typed + bankCosts);
    for (const p of payments) expect(p.splits.reduce((s, x) => s + cents(x.amount), 0n)).toBe(cents(p.amount));

    await eventually(async () => expect(await w.bankCosts(patient.id)).toHaveLength(25), { timeoutMs: 60_000 });
    const view = await w.account(patient.id);
    expect(view.receivedMoney).toHaveLength(50);
    expect(view.summary).toEqual({
      currency: 'EUR',
      treatmentTotal: decimal(400000n + bankCosts),
      receivedTotal: decimal(stored),
      unpaid: decimal(400000n - typed),
      receivedMore: '0.00',
    });
    expect(view.balanceDistribution.reduce((s, r) => s + cents(r.allocatedAmount), 0n)).toBe(stored);

    // the next record of the clinic takes the next number: none was lost
    const other = await w.patient(clinic, 'Ayşe', 'Kaya');
    const next = await w.paid(other.id, { date: '2026-11-03', amount: '1.00', paymentType: 'cash' });
    expect(Number(next.receiptNumber)).toBe(numbers[49] + 1);
  });

  it('Idempotency-Key: the same key and body answer the first record again; another body is 409; one record stored', async () => {
    const patient = await w.patient(clinic);
    const key = randomUUID();
    const body = { date: '2026-11-03', amount: '75.00', paymentType: 'cash', note: 'first visit' };
    const send = (b: object) =>
      w.http().post(`/api/v1/patients/${patient.id}/payments`).set(w.auth(w.admin)).set('Idempotency-Key', key).send(b);
    const first = await send(body);
    expect(first.status).toBe(201);
    const again = await send(body);
    expect({ status: again.status, body: again.body }).toEqual({ status: 201, body: first.body });
    expectError(await send({ ...body, amount: '76.00' }), 409);
    expect((await w.account(patient.id)).receivedMoney.map((p) => p.id)).toEqual([first.body.id]);

    const contractKey = randomUUID();
    const contract = { totalAmount: '600.00', downPayment: '0', installmentCount: 2, firstDueDate: '2026-12-01' };
    const makeContract = () =>
      w
        .http()
        .post(`/api/v1/patients/${patient.id}/contracts`)
        .set(w.auth(w.admin))
        .set('Idempotency-Key', contractKey)
        .send(contract);
    const c1 = await makeContract();
    const c2 = await makeContract();
    expect(c1.status).toBe(201);
    expect({ status: c2.status, body: c2.body }).toEqual({ status: 201, body: c1.body });
    expect((await w.account(patient.id)).contracts.map((c) => c.id)).toEqual([c1.body.id]);
  });

  it('the same key sent five times at once stores one record', async () => {
    const patient = await w.patient(clinic);
    const key = randomUUID();
    const body = { date: '2026-11-03', amount: '10.00', paymentType: 'cash' };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        w
          .http()
          .post(`/api/v1/patients/${patient.id}/payments`)
          .set(w.auth(w.admin))
          .set('Idempotency-Key', key)
          .send(body),
      ),
    );
    // the owner holds the key in the record's transaction: the others wait for it and answer the same record
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((r) => r.body.id)).size).toBe(1);
    expect((await w.account(patient.id)).receivedMoney).toHaveLength(1);
  });

  it('answers the account with alertsUnavailable when notifications is not running', async () => {
    const patient = await w.patient(clinic);
    await w.treatment(patient.id, { physicianId: physicians[0], amount: '100.00' });
    const view = await w.account(patient.id);
    expect(view).toEqual(
      expect.objectContaining({
        alerts: [],
        alertsUnavailable: true,
        summary: expect.objectContaining({ unpaid: '100.00' }),
      }),
    );
  });
});
