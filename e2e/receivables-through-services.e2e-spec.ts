// Receivables aging and the balance report (DOMAIN.md D) across the real services through the gateway's HTTP API:
// treatments, received money (a card payment with its Bank Cost treatment), a closure and its undo and a contract
// recorded by patient-accounts and payments, and the reports reporting built from their outbox events alone (the
// real event payloads, where reporting's own tests build them by hand).
import { PatientBalancesAnswer, ReceivablesAgingAnswer } from '@dental/contracts';
import { eventually } from '@dental/testing';
import { MoneyToReportsWorld } from './support/money-to-reports-world';

jest.setTimeout(180_000);

const EVENTS = { timeoutMs: 60_000, intervalMs: 250 }; // events cross three services on a shared machine
const zero = { '0-30': '0.00', '31-60': '0.00', '61-90': '0.00', '91+': '0.00' };

describe('receivables through the services (e2e: gateway + patient-accounts + payments + reporting)', () => {
  const w = new MoneyToReportsWorld();
  let clinicId: string;
  const ids = { example: '', card: '', closed: '', contract: '' };

  const aging = (asOf: string) =>
    w.get<ReceivablesAgingAnswer>(`/reports/receivables-aging?clinicId=${clinicId}&asOf=${asOf}`, w.accountant);
  const debtors = () =>
    w.get<PatientBalancesAnswer>(`/reports/balances?clinicId=${clinicId}&kind=debtors`, w.accountant);
  const rowOf = (answer: ReceivablesAgingAnswer, patientId: string) =>
    answer.items.find((r) => r.patientId === patientId);
  const treatment = (patientId: string, date: string, amount: string) =>
    w.created(`/patients/${patientId}/treatments`, { procedure: 'Filling', date, amount });
  const pay = (patientId: string, date: string, amount: string, more: Record<string, unknown> = {}) =>
    w.created(`/patients/${patientId}/payments`, { date, amount, paymentType: 'cash', ...more });

  beforeAll(async () => {
    await w.start();
    clinicId = (await w.created<{ id: string }>('/clinics', { name: 'Ledger Dental', currency: 'EUR' })).id;
    await w.expectStatus(
      w
        .http()
        .put(`/api/v1/clinics/${clinicId}/payment-settings`)
        .set(w.auth(w.admin))
        .send({ bankChargePercent: '2.50' }),
      200,
      'PUT payment-settings',
    );
    // patient-accounts learns the new clinic from payments' clinic event
    ids.example = await eventually(
      async () =>
        (await w.created<{ id: string }>('/patients', { clinicId, firstName: 'Ayşe', lastName: 'Example' })).id,
      EVENTS,
    );
    for (const [key, firstName] of [
      ['card', 'Cem'],
      ['closed', 'Deniz'],
      ['contract', 'Eda'],
    ] as const)
      ids[key] = (await w.created<{ id: string }>('/patients', { clinicId, firstName, lastName: 'Ledger' })).id;
  }, 300_000);

  afterAll(() => w.stop());

  it("DOMAIN.md D's example, recorded through the API: as of 2026-06-30 and 2026-05-31", async () => {
    await treatment(ids.example, '2026-03-01', '300.00');
    await treatment(ids.example, '2026-05-15', '200.00');
    await treatment(ids.example, '2026-06-20', '100.00');
    await pay(ids.example, '2026-04-01', '250.00');
    await pay(ids.example, '2026-06-25', '100.00');
    await eventually(async () => {
      expect(rowOf(await aging('2026-06-30'), ids.example)).toEqual({
        patientId: ids.example,
        name: 'Ayşe Example',
        clinicId,
        buckets: { ...zero, '0-30': '100.00', '31-60': '150.00' },
        total: '250.00',
        credit: '0.00',
        lastPaymentDate: '2026-06-25',
      });
    }, EVENTS);
    expect(rowOf(await aging('2026-05-31'), ids.example)).toEqual(
      expect.objectContaining({ buckets: { ...zero, '0-30': '200.00', '91+': '50.00' }, total: '250.00' }),
    );
  });

  it("a card payment's bank cost is a treatment of its own: the unpaid balance is unchanged by the fee", async () => {
    await treatment(ids.card, '2026-11-01', '1000.00');
    // 500.00 typed at 2.50 %: stored 512.50, and a Bank Cost treatment of 12.50 follows by events
    await pay(ids.card, '2026-11-02', '500.00', { paymentType: 'card' });
    await eventually(async () => {
      const row = rowOf(await aging('2026-11-30'), ids.card);
      expect(row).toEqual(
        expect.objectContaining({
          buckets: { ...zero, '0-30': '500.00' },
          total: '500.00',
          lastPaymentDate: '2026-11-02',
        }),
      );
      const balance = (await debtors()).items.find((r) => r.patientId === ids.card);
      expect(balance).toEqual(
        expect.objectContaining({ treatmentTotal: '1012.50', receivedTotal: '512.50', amount: '500.00' }),
      );
    }, EVENTS);
  });

  it('a closure writes the unpaid part off as of its date; its undo brings it back', async () => {
    await treatment(ids.closed, '2026-09-01', '300.00');
    await pay(ids.closed, '2026-09-05', '100.00');
    await w.created(`/patients/${ids.closed}/account-closures`, {
      mode: 'past',
      date: '2026-09-30',
      reason: 'patient_request',
    });
    await eventually(async () => {
      expect(rowOf(await aging('2026-10-31'), ids.closed)).toBeUndefined();
      expect((await debtors()).items.map((r) => r.patientId)).not.toContain(ids.closed);
      // before the closure's date the debt is there, 14 days old
      expect(rowOf(await aging('2026-09-15'), ids.closed)).toEqual(
        expect.objectContaining({ buckets: { ...zero, '0-30': '200.00' }, total: '200.00' }),
      );
    }, EVENTS);
    await w.expectStatus(
      w.http().delete(`/api/v1/patients/${ids.closed}/account-closures/latest?reason=entry_error`).set(w.auth(w.admin)),
      200,
      'DELETE account-closures/latest',
    );
    await eventually(async () => {
      expect(rowOf(await aging('2026-10-31'), ids.closed)).toEqual(
        expect.objectContaining({ buckets: { ...zero, '31-60': '200.00' }, total: '200.00' }),
      );
      expect((await debtors()).items.find((r) => r.patientId === ids.closed)).toEqual(
        expect.objectContaining({ treatmentTotal: '300.00', receivedTotal: '100.00', amount: '200.00' }),
      );
    }, EVENTS);
  });

  it("the balance report: debtors by amount with their contract's balance", async () => {
    await treatment(ids.contract, '2026-11-10', '1000.00');
    const contract = await w.created<{ id: string }>(`/patients/${ids.contract}/contracts`, {
      totalAmount: '800.00',
      downPayment: '100.00',
      installmentCount: 4,
      firstDueDate: '2026-12-10',
    });
    await pay(ids.contract, '2026-11-12', '300.00', { contractId: contract.id });
    await eventually(async () => {
      const answer = await debtors();
      expect(answer.items.map((r) => [r.name, r.amount, r.contractBalance])).toEqual([
        ['Eda Ledger', '700.00', '500.00'],
        ['Cem Ledger', '500.00', '0.00'],
        ['Ayşe Example', '250.00', '0.00'],
        ['Deniz Ledger', '200.00', '0.00'],
      ]);
      expect(answer.totals).toEqual({
        treatmentTotal: '2912.50',
        receivedTotal: '1262.50',
        amount: '1650.00',
        contractBalance: '500.00',
      });
    }, EVENTS);
  });
});
