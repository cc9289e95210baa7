// From the money of one day to the reports (DOMAIN.md B "Card payments and bank cost", "Progress payment", C), across
// the real services through the gateway's HTTP API: a patient's cash, card (with bank cost) and refund, a lab's
// work-order payment, then the Account Book and Progress Payment that reporting built from the outbox events alone.
// The steps run in order: each builds on the money recorded before it.
import {
  AccountBookAnswer,
  PatientPaymentView,
  ProgressPaymentsAnswer,
  ReportLayouts,
  WorkOrderPaymentView,
} from '@dental/contracts';
import { Money } from '@dental/money';
import { eventually } from '@dental/testing';
// The exported files read back as a user's tools would.
import { readCsv } from './support/report-readers';
import { MoneyToReportsWorld } from './support/money-to-reports-world';

jest.setTimeout(180_000);

const DAY = '2026-11-20';
const EVENTS = { timeoutMs: 60_000, intervalMs: 200 }; // events cross three services on a shared machine
const sum = (amounts: string[]) =>
  Money.sum(
    amounts.map((a) => Money.parse(a, 'EUR')),
    'EUR',
  ).toDecimal();

/** The Account Book figures of a period, in the order the columns read. */
const book = (
  cash: string,
  card: string,
  received: string,
  refunds: string,
  bankExpenses: string,
  labPayments: string,
  netTurnover: string,
) => ({
  receivedByType: { cash, card, bank_transfer: '0.00', check: '0.00' },
  receivedAmount: received,
  refunds,
  bankExpenses,
  labPayments,
  netTurnover,
});

describe('money to reports (e2e: gateway + patient-accounts + payments + work-orders + reporting)', () => {
  const w = new MoneyToReportsWorld();
  let clinicId: string;
  let patientId: string;
  let drAyse: string; // commission 40.00 %
  let drBora: string; // no commission
  let card: PatientPaymentView;

  /** A payment's splits by who: A (Dr. Ayşe), B (Dr. Bora), Clinic (no physician). */
  const splitsOf = (p: PatientPaymentView) =>
    Object.fromEntries(
      p.splits.map((s) => [
        s.physicianId === drAyse ? 'A' : s.physicianId === drBora ? 'B' : (s.physicianId ?? 'Clinic'),
        s.amount,
      ]),
    );

  const accountBook = (query: string) =>
    w.get<AccountBookAnswer>(`/reports/account-book?clinicId=${clinicId}&${query}`, w.accountant);
  const progress = () =>
    w.get<ProgressPaymentsAnswer>(
      `/reports/progress-payments?clinicId=${clinicId}&from=${DAY}&to=${DAY}`,
      w.accountant,
    );

  const bankCosts = async () =>
    (
      await w.get<{ treatments: { procedure: string; amount: string; date: string; physicianId: string | null }[] }>(
        `/patients/${patientId}/account?showPaid=true`,
      )
    ).treatments
      .filter((t) => t.procedure === 'Bank Cost')
      .map((t) => ({ amount: t.amount, date: t.date, physicianId: t.physicianId }));

  beforeAll(async () => {
    await w.start();
    clinicId = (await w.created<{ id: string }>('/clinics', { name: 'Downtown Dental', currency: 'EUR' })).id;
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
    drAyse = await eventually(
      async () =>
        (
          await w.created<{ id: string }>('/physicians', {
            clinicId,
            name: 'Dr. Ayşe Demir',
            commissionPercent: '40.00',
          })
        ).id,
      EVENTS,
    );
    drBora = (await w.created<{ id: string }>('/physicians', { clinicId, name: 'Dr. Bora Kaya' })).id;
    patientId = (await w.created<{ id: string }>('/patients', { clinicId, firstName: 'Ali', lastName: 'Yılmaz' })).id;
    for (const [physicianId, amount] of [
      [drAyse, '600.00'],
      [drBora, '400.00'],
    ]) {
      await w.created(`/patients/${patientId}/treatments`, {
        physicianId,
        procedure: 'Crown',
        date: '2026-11-19',
        amount,
      });
    }
  }, 300_000);

  afterAll(() => w.stop());

  it('records the day: card 1000.00 stored as 1025.00 with a Bank Cost treatment, then cash 500.00 and a refund 100.00, split by the distribution of their moment', async () => {
    card = await w.created<PatientPaymentView>(`/patients/${patientId}/payments`, {
      date: DAY,
      amount: '1000.00',
      paymentType: 'card',
    });
    expect(card).toEqual(expect.objectContaining({ amount: '1025.00', bankCost: '25.00', enteredAmount: '1000.00' }));
    // the physicians share what was typed, 1000.00 over A 600 : B 400; the 25.00 bank fee is the Clinic's (it pays
    // the bank), and no Clinic treatment existed before it to share with
    expect(splitsOf(card)).toEqual({ A: '600.00', B: '400.00', Clinic: '25.00' });
    await eventually(
      async () => expect(await bankCosts()).toEqual([{ amount: '25.00', date: DAY, physicianId: null }]),
      EVENTS,
    );

    const cash = await w.created<PatientPaymentView>(`/patients/${patientId}/payments`, {
      date: DAY,
      amount: '500.00',
      paymentType: 'cash',
    });
    // 500.00 over A 600 : B 400 : Clinic 25 (of 1025): 292.682…, 195.121…, 12.195… → the cent left goes to Clinic (.51)
    expect(splitsOf(cash)).toEqual({ A: '292.68', B: '195.12', Clinic: '12.20' });

    const refund = await w.created<PatientPaymentView>(`/patients/${patientId}/payments`, {
      date: DAY,
      amount: '100.00',
      paymentType: 'refund',
    });
    expect(refund.amount).toBe('-100.00');
    // −100.00 mirrors 100.00 over 600 : 400 : 25: 58.536…, 39.024…, 2.439… → two cents left to Clinic (.90) and A (.66)
    expect(splitsOf(refund)).toEqual({ A: '-58.54', B: '-39.02', Clinic: '-2.44' });
  });

  it('records the lab work order and its payment of 300.00 the same day', async () => {
    const lab = await w.created<{ id: string }>('/labs', { name: 'Smile Lab' });
    // work-orders learns the clinic from payments' clinic event
    const workOrder = await eventually(
      () =>
        w.created<{ id: string }>('/work-orders', {
          clinicId,
          labId: lab.id,
          patientId,
          description: 'Zirconia crown 26',
          documentedDate: DAY,
          paymentPlan: { totalAmount: '300.00', paymentMethod: 'cash', dueDate: DAY },
        }),
      EVENTS,
    );
    const paid = await w.created<WorkOrderPaymentView>(`/work-orders/${workOrder.id}/payments`, {
      date: DAY,
      amount: '300.00',
      method: 'cash',
    });
    expect(paid).toEqual(expect.objectContaining({ clinicId, amount: '300.00', date: DAY }));
  });

  // received 500 + 1025 = 1525.00; net = 1525.00 − 100.00 − 25.00 = 1400.00 (lab payments are not deducted)
  const theDay = book('500.00', '1025.00', '1525.00', '-100.00', '25.00', '300.00', '1400.00');

  it('Account Book by day: every column of the day and the totals', async () => {
    await eventually(async () => {
      const answer = await accountBook(`from=${DAY}&to=${DAY}&groupBy=day`);
      expect(answer).toEqual(
        expect.objectContaining({
          clinicId,
          currency: 'EUR',
          groupBy: 'day',
          items: [{ period: DAY, ...theDay }],
          totals: theDay,
        }),
      );
    }, EVENTS);
  });

  it('Account Book by month: the same figures in one row for November', async () => {
    const answer = await eventually(async () => {
      const a = await accountBook('from=2026-11-01&to=2026-11-30&groupBy=month');
      expect(a.totals).toEqual(theDay);
      return a;
    }, EVENTS);
    expect(answer.groupBy).toBe('month');
    expect(answer.items).toEqual([{ period: '2026-11', ...theDay }]);
  });

  it('Account Book as CSV: the file parses back to the JSON figures', async () => {
    const query = `/reports/account-book?clinicId=${clinicId}&from=${DAY}&to=${DAY}&groupBy=day`;
    const json = await eventually(async () => {
      const a = await w.get<AccountBookAnswer>(query, w.accountant);
      expect(a.totals).toEqual(theDay);
      return a;
    }, EVENTS);
    const file = readCsv(
      await w.download(`${query}&format=csv`),
      ReportLayouts.accountBookColumns('en').map((c) => c.title),
    );
    expect(file.header.get('Report')).toBe('Account Book');
    expect(file.rows).toEqual(json.items.map((r) => ReportLayouts.accountBookCells(r.period, r)));
    expect(file.totals).toEqual(ReportLayouts.accountBookCells('Total', json.totals));
    // and the cells themselves: period, cash, card, transfer, check, received, refunds, bank, net, lab
    expect(file.rows).toEqual([
      [DAY, '500.00', '1025.00', '0.00', '0.00', '1525.00', '-100.00', '25.00', '1400.00', '300.00'],
    ]);
  });

  it("Progress Payment: each physician's pay splits, the commission applied, the Clinic row; the total is the patient's money", async () => {
    // the clinic's default progress setting: collections (base = the pay splits), no cost; no lab case is linked
    const base = (collected: string) => ({
      baseAmount: collected,
      costAmount: '0.00',
      labFeeAmount: '0.00',
      netAmount: collected,
    });
    const expected = {
      mode: 'collections',
      costPercent: '0.00',
      items: [
        // 600.00 + 292.68 − 58.54 = 834.14; × 40 % = 333.656 → 333.66 (no commission on the bank fee)
        {
          physicianId: drAyse,
          name: 'Dr. Ayşe Demir',
          collectedAmount: '834.14',
          ...base('834.14'),
          commissionPercent: '40.00',
          earnedAmount: '333.66',
        },
        // 400.00 + 195.12 − 39.02 = 556.10; no commission: earned = collected
        {
          physicianId: drBora,
          name: 'Dr. Bora Kaya',
          collectedAmount: '556.10',
          ...base('556.10'),
          commissionPercent: null,
          earnedAmount: '556.10',
        },
        // the card's bank fee 25.00, then the Bank Cost treatment's share: 25.00 + 12.20 − 2.44 = 34.76
        {
          physicianId: null,
          name: 'Clinic',
          collectedAmount: '34.76',
          ...base('34.76'),
          commissionPercent: null,
          earnedAmount: '34.76',
        },
      ],
      // 1025.00 + 500.00 − 100.00 = 1425.00 (= 834.14 + 556.10 + 34.76); 333.66 + 556.10 + 34.76 = 924.52
      totals: { collectedAmount: '1425.00', ...base('1425.00'), earnedAmount: '924.52' },
    };
    const answer = await eventually(async () => {
      const a = await progress();
      expect(a).toEqual(expect.objectContaining(expected));
      return a;
    }, EVENTS);

    // the same figures from the stored records: collected = the sum of each one's splits; total = received + refunds
    const { items: records } = await w.get<{ items: PatientPaymentView[] }>(`/patients/${patientId}/payments`);
    const splits = records.flatMap((r) => r.splits);
    expect(answer.items.map((r) => [r.physicianId, r.collectedAmount])).toEqual(
      [drAyse, drBora, null].map((id) => [id, sum(splits.filter((s) => s.physicianId === id).map((s) => s.amount))]),
    );
    expect(answer.totals.collectedAmount).toBe(sum(records.map((r) => r.amount)));
  });

  it('deleting the card payment takes 1025.00 and its 25.00 bank expense out of the Account Book and removes the Bank Cost treatment', async () => {
    const deleted = await w.expectStatus<PatientPaymentView>(
      w.http().delete(`/api/v1/patients/${patientId}/payments/${card.id}?reason=duplicate`).set(w.auth(w.admin)),
      200,
      'DELETE card payment',
    );
    expect(deleted).toEqual(expect.objectContaining({ id: card.id, deleted: true }));
    await eventually(async () => expect(await bankCosts()).toEqual([]), EVENTS);

    // 500.00 − 100.00 − 0.00 = 400.00; the lab payment stays
    const without = book('500.00', '0.00', '500.00', '-100.00', '0.00', '300.00', '400.00');
    await eventually(async () => {
      const answer = await accountBook(`from=${DAY}&to=${DAY}&groupBy=day`);
      expect({ items: answer.items, totals: answer.totals }).toEqual({
        items: [{ period: DAY, ...without }],
        totals: without,
      });
    }, EVENTS);

    // the other records keep the splits stored when they were made: A 292.68 − 58.54, B 195.12 − 39.02, Clinic 12.20 − 2.44
    await eventually(async () => {
      expect(await progress()).toEqual(
        expect.objectContaining({
          items: [
            expect.objectContaining({ physicianId: drAyse, collectedAmount: '234.14', earnedAmount: '93.66' }),
            expect.objectContaining({ physicianId: drBora, collectedAmount: '156.10', earnedAmount: '156.10' }),
            expect.objectContaining({ physicianId: null, collectedAmount: '9.76', earnedAmount: '9.76' }),
          ],
          totals: expect.objectContaining({ collectedAmount: '400.00', netAmount: '400.00', earnedAmount: '259.52' }),
        }),
      );
    }, EVENTS);
  });
});
