// Patient accounts (DOMAIN.md B) through the gateway's public API against real PostgreSQL and NATS: gateway,
// patient-accounts, payments and notifications run as the built processes; nothing is mocked. Every worked example of
// DOMAIN.md B as written, then the same rules on other numbers.
import { PatientPaymentView } from '@dental/contracts';
import { eventually } from '@dental/testing';
import { randomUUID } from 'node:crypto';
import { Clinic, expectError, PatientAccountWorld } from './support/patient-account-world';

jest.setTimeout(120_000);

const cents = (s: string) => BigInt(s.replace('.', ''));
const sum = (values: string[]) => values.reduce((a, v) => a + cents(v), 0n);

describe('patient accounts (e2e: gateway + patient-accounts + payments + notifications)', () => {
  const w = new PatientAccountWorld({ notifications: true });
  let percent250: Clinic;
  let percent0: Clinic;
  let notSet: Clinic;
  const doctors: Record<string, { id: string; name: string }> = {};
  let reception: string;
  let accountant: string;
  let physicianUser: string;
  let labManager: string;
  let other: string;

  beforeAll(async () => {
    await w.start();
    [percent250, percent0, notSet] = [await w.clinic('2.50'), await w.clinic('0'), await w.clinic(null)];
    for (const [key, clinic] of [
      ['250', percent250],
      ['0', percent0],
      ['none', notSet],
    ] as const) {
      for (const name of ['Dr. A', 'Dr. B', 'Dr. C']) doctors[`${key}:${name}`] = await w.physician(clinic, name);
    }
    reception = await w.createUser(['reception']);
    accountant = await w.createUser(['accountant']);
    physicianUser = await w.createUser(['physician']);
    labManager = await w.createUser(['lab-manager']);
    other = await w.otherOrganization();
  });

  afterAll(() => w.stop());

  const dr = (clinic: Clinic, name: string) =>
    doctors[`${clinic === percent250 ? '250' : clinic === percent0 ? '0' : 'none'}:${name}`].id;

  /** A patient of `clinic` with treatments (physician name or null, amount, date). */
  async function patientWith(clinic: Clinic, treatments: [string | null, string, string?][] = []) {
    const p = await w.patient(clinic);
    for (const [name, amount, date] of treatments) {
      await w.treatment(p.id, {
        ...(name ? { physicianId: dr(clinic, name) } : {}),
        amount,
        date: date ?? '2026-11-02',
      });
    }
    return p.id;
  }

  const summary = async (patientId: string) => (await w.account(patientId)).summary;

  describe('card payments and the bank cost (the three states of the clinic setting)', () => {
    it('2.50 %: a card payment of 1000.00 becomes 1025.00, a Bank Cost treatment of 25.00 is created, Unpaid unchanged by the fee', async () => {
      const patientId = await patientWith(percent250, [['Dr. A', '1000.00']]);
      expect(await summary(patientId)).toEqual({
        currency: 'EUR',
        treatmentTotal: '1000.00',
        receivedTotal: '0.00',
        unpaid: '1000.00',
        receivedMore: '0.00',
      });
      const payment = await w.paid(patientId, { date: '2026-11-03', amount: '1000.00', paymentType: 'card' });
      expect(payment).toEqual(
        expect.objectContaining({
          amount: '1025.00',
          enteredAmount: '1000.00',
          bankCost: '25.00',
          bankChargePercent: '2.50',
          paymentType: 'card',
          currency: 'EUR',
          closed: false,
          receiptNumber: expect.stringMatching(/^\d+$/),
        }),
      );
      await eventually(async () =>
        expect(await w.bankCosts(patientId)).toEqual([{ amount: '25.00', date: '2026-11-03', physicianId: null }]),
      );
      // 1000.00 owed, 1000.00 typed: nothing left, the fee is on both sides
      expect(await summary(patientId)).toEqual({
        currency: 'EUR',
        treatmentTotal: '1025.00',
        receivedTotal: '1025.00',
        unpaid: '0.00',
        receivedMore: '0.00',
      });
    });

    it('2.50 % on other numbers: 400.00 → 410.00 (10.00), 12.20 → 12.51 (0.305 rounds half-up to 0.31); Unpaid as if paid in cash', async () => {
      const patientId = await patientWith(percent250, [['Dr. A', '1000.00']]);
      const first = await w.paid(patientId, { date: '2026-11-03', amount: '400.00', paymentType: 'card' });
      const second = await w.paid(patientId, { date: '2026-11-04', amount: '12.20', paymentType: 'card' });
      expect([first, second].map((p) => [p.amount, p.bankCost])).toEqual([
        ['410.00', '10.00'],
        ['12.51', '0.31'],
      ]);
      await eventually(async () =>
        expect((await w.bankCosts(patientId)).map((b) => b.amount).sort()).toEqual(['0.31', '10.00']),
      );
      expect((await summary(patientId)).unpaid).toBe('587.80'); // 1000.00 − 400.00 − 12.20
    });

    it('0: the typed bank cost 20.00 is kept, the amount stays as typed, a Bank Cost treatment of 20.00 is created', async () => {
      const patientId = await patientWith(percent0, [['Dr. A', '1000.00']]);
      const payment = await w.paid(patientId, {
        date: '2026-11-03',
        amount: '1000.00',
        paymentType: 'card',
        bankCost: '20.00',
      });
      expect(payment).toEqual(
        expect.objectContaining({ amount: '1000.00', enteredAmount: '1000.00', bankCost: '20.00' }),
      );
      await eventually(async () =>
        expect(await w.bankCosts(patientId)).toEqual([{ amount: '20.00', date: '2026-11-03', physicianId: null }]),
      );
      expect(await summary(patientId)).toEqual(
        expect.objectContaining({ treatmentTotal: '1020.00', receivedTotal: '1000.00', unpaid: '20.00' }),
      );
    });

    it('0: a bank cost on a payment that is not a card is refused naming bankCost, nothing stored', async () => {
      const patientId = await patientWith(percent0, [['Dr. A', '100.00']]);
      const before = await w.stored(patientId);
      const res = await w.pay(patientId, {
        date: '2026-11-03',
        amount: '50.00',
        paymentType: 'cash',
        bankCost: '1.00',
      });
      expectError(res, 400, undefined, 'bankCost');
      expect(await w.stored(patientId)).toEqual(before);
    });

    it('not set: no bank cost and no treatment; a typed bank cost is refused naming bankCost', async () => {
      const patientId = await patientWith(notSet, [['Dr. A', '1000.00']]);
      const before = await w.stored(patientId);
      const refused = await w.pay(patientId, {
        date: '2026-11-03',
        amount: '1000.00',
        paymentType: 'card',
        bankCost: '20.00',
      });
      expectError(refused, 400, undefined, 'bankCost');
      expect(await w.stored(patientId)).toEqual(before);
      const payment = await w.paid(patientId, { date: '2026-11-03', amount: '1000.00', paymentType: 'card' });
      expect(payment).toEqual(expect.objectContaining({ amount: '1000.00', bankCost: null, bankChargePercent: null }));
      await w.handledByAccounts(payment.id);
      expect(await w.bankCosts(patientId)).toEqual([]);
      expect((await summary(patientId)).unpaid).toBe('0.00');
    });

    it('2.50 %: editing a card payment moves its Bank Cost, changing it to cash removes it, deleting removes it; Unpaid follows', async () => {
      const patientId = await patientWith(percent250, [['Dr. A', '1000.00']]);
      const payment = await w.paid(patientId, { date: '2026-11-03', amount: '400.00', paymentType: 'card' });
      await eventually(async () => expect((await w.bankCosts(patientId)).map((b) => b.amount)).toEqual(['10.00']));
      expect((await summary(patientId)).unpaid).toBe('600.00');

      const bigger = await w.patchPayment(patientId, payment.id, { amount: '800.00', date: '2026-11-05' });
      expect({ status: bigger.status, body: bigger.body }).toEqual({
        status: 200,
        body: expect.objectContaining({ amount: '820.00', bankCost: '20.00', revision: 2, date: '2026-11-05' }),
      });
      await eventually(async () =>
        expect(await w.bankCosts(patientId)).toEqual([{ amount: '20.00', date: '2026-11-05', physicianId: null }]),
      );
      expect((await summary(patientId)).unpaid).toBe('200.00');

      // a Bank Cost follows its payment: not editable by hand
      const bankCost = (await w.account(patientId)).treatments.find((t) => t.procedure === 'Bank Cost')!;
      const byHand = await w
        .http()
        .patch(`/api/v1/patients/${patientId}/treatments/${bankCost.id}`)
        .set(w.auth(w.admin))
        .send({ amount: '1.00', reason: 'price_change' });
      expectError(byHand, 409, 'TREATMENT.MANAGED_BY_PAYMENT');

      const cash = await w.patchPayment(patientId, payment.id, { paymentType: 'cash' });
      expect({ status: cash.status, body: cash.body }).toEqual({
        status: 200,
        body: expect.objectContaining({ amount: '800.00', bankCost: null, paymentType: 'cash', revision: 3 }),
      });
      await eventually(async () => expect(await w.bankCosts(patientId)).toEqual([]));
      expect((await summary(patientId)).unpaid).toBe('200.00');

      const card = await w.patchPayment(patientId, payment.id, { paymentType: 'card' });
      expect(card.body).toEqual(expect.objectContaining({ amount: '820.00', bankCost: '20.00', revision: 4 }));
      await eventually(async () => expect((await w.bankCosts(patientId)).map((b) => b.amount)).toEqual(['20.00']));

      const deleted = await w.deletePayment(patientId, payment.id);
      expect({ status: deleted.status, body: deleted.body }).toEqual({
        status: 200,
        body: expect.objectContaining({ id: payment.id, deleted: true }),
      });
      await eventually(async () => expect(await w.bankCosts(patientId)).toEqual([]));
      expect(await summary(patientId)).toEqual(
        expect.objectContaining({ treatmentTotal: '1000.00', receivedTotal: '0.00', unpaid: '1000.00' }),
      );
      expect((await w.account(patientId, true)).receivedMoney).toEqual([]);
    });

    it('0: editing the typed bank cost moves the treatment, removing it removes the treatment', async () => {
      const patientId = await patientWith(percent0, [['Dr. A', '500.00']]);
      const payment = await w.paid(patientId, {
        date: '2026-11-03',
        amount: '300.00',
        paymentType: 'card',
        bankCost: '20.00',
      });
      await eventually(async () => expect((await w.bankCosts(patientId)).map((b) => b.amount)).toEqual(['20.00']));
      const edited = await w.patchPayment(patientId, payment.id, { bankCost: '35.50' });
      expect(edited.body).toEqual(expect.objectContaining({ amount: '300.00', bankCost: '35.50' }));
      await eventually(async () => expect((await w.bankCosts(patientId)).map((b) => b.amount)).toEqual(['35.50']));
      expect((await summary(patientId)).unpaid).toBe('235.50');
      const removed = await w.patchPayment(patientId, payment.id, { bankCost: null });
      expect(removed.body).toEqual(expect.objectContaining({ amount: '300.00', bankCost: null }));
      await eventually(async () => expect(await w.bankCosts(patientId)).toEqual([]));
      expect((await summary(patientId)).unpaid).toBe('200.00');
    });
  });

  describe('balance distribution', () => {
    const distribution = async (patientId: string, showPaid = false) => {
      const res = await w
        .http()
        .get(`/api/v1/patients/${patientId}/balance-distribution${showPaid ? '?showPaid=true' : ''}`)
        .set(w.auth(reception));
      expect(res.status).toBe(200);
      return res.body.items as Record<string, string | null>[];
    };

    it('Dr. A 600.00, Dr. B 400.00, received 500.00 → A 300.00 / 300.00, B 200.00 / 200.00; the payment is split the same way', async () => {
      const patientId = await patientWith(notSet, [
        ['Dr. A', '600.00'],
        ['Dr. B', '400.00'],
      ]);
      const payment = await w.paid(patientId, { date: '2026-11-03', amount: '500.00', paymentType: 'cash' });
      const expected = [
        {
          physicianId: dr(notSet, 'Dr. A'),
          name: 'Dr. A',
          treatmentAmount: '600.00',
          sharePercent: '60.00',
          allocatedAmount: '300.00',
          remainingAmount: '300.00',
        },
        {
          physicianId: dr(notSet, 'Dr. B'),
          name: 'Dr. B',
          treatmentAmount: '400.00',
          sharePercent: '40.00',
          allocatedAmount: '200.00',
          remainingAmount: '200.00',
        },
      ];
      expect(await distribution(patientId)).toEqual(expected);
      expect((await w.account(patientId)).balanceDistribution).toEqual(expected);
      expect(payment.splits).toEqual([
        { physicianId: dr(notSet, 'Dr. A'), amount: '300.00' },
        { physicianId: dr(notSet, 'Dr. B'), amount: '200.00' },
      ]);
    });

    it('three physicians whose shares do not divide evenly: the rows sum exactly to the received total', async () => {
      const even = await patientWith(notSet, [
        ['Dr. A', '100.00'],
        ['Dr. B', '100.00'],
        ['Dr. C', '100.00'],
      ]);
      await w.paid(even, { date: '2026-11-03', amount: '100.00', paymentType: 'cash' });
      const rows = await distribution(even);
      expect(rows.map((r) => r.allocatedAmount).sort()).toEqual(['33.33', '33.33', '33.34']);
      expect(sum(rows.map((r) => r.remainingAmount!))).toBe(20000n);

      const uneven = await patientWith(notSet, [
        ['Dr. A', '250.00'],
        ['Dr. B', '333.33'],
        ['Dr. C', '416.67'],
      ]);
      await w.paid(uneven, { date: '2026-11-03', amount: '700.00', paymentType: 'cash' });
      await w.paid(uneven, { date: '2026-11-04', amount: '77.77', paymentType: 'bank_transfer' });
      const many = await distribution(uneven);
      expect(sum(many.map((r) => r.allocatedAmount!))).toBe(77777n);
      for (const r of many) {
        // each row within a cent of received × share
        const exact = (Number(cents(r.treatmentAmount!)) * 77777) / 100000;
        expect(Math.abs(Number(cents(r.allocatedAmount!)) - exact)).toBeLessThan(1);
        expect(cents(r.remainingAmount!)).toBe(cents(r.treatmentAmount!) - cents(r.allocatedAmount!));
      }
    });

    it('with a Bank Cost treatment: a Clinic row, and the rows still sum to the received total', async () => {
      const patientId = await patientWith(percent250, [
        ['Dr. A', '600.00'],
        ['Dr. B', '400.00'],
      ]);
      await w.paid(patientId, { date: '2026-11-03', amount: '500.00', paymentType: 'card' });
      await eventually(async () => expect(await w.bankCosts(patientId)).toHaveLength(1));
      const rows = await distribution(patientId);
      expect(rows.map((r) => [r.physicianId, r.name, r.treatmentAmount])).toEqual([
        [dr(percent250, 'Dr. A'), 'Dr. A', '600.00'],
        [dr(percent250, 'Dr. B'), 'Dr. B', '400.00'],
        [null, 'Clinic', '12.50'],
      ]);
      expect(sum(rows.map((r) => r.allocatedAmount!))).toBe(51250n);
    });
  });

  describe('refunds, overpayment and the treatment flags', () => {
    it('a refund larger than what was received is stored negative; Unpaid grows; the distribution sums to the negative total', async () => {
      const patientId = await patientWith(notSet, [
        ['Dr. A', '200.00'],
        ['Dr. B', '100.00'],
      ]);
      await w.paid(patientId, { date: '2026-11-03', amount: '100.00', paymentType: 'cash' });
      const refund = await w.paid(patientId, { date: '2026-11-04', amount: '150.00', paymentType: 'refund' });
      expect(refund).toEqual(expect.objectContaining({ amount: '-150.00', enteredAmount: '150.00' }));
      expect(sum(refund.splits.map((s) => s.amount))).toBe(-15000n);
      const view = await w.account(patientId);
      expect(view.summary).toEqual(
        expect.objectContaining({
          treatmentTotal: '300.00',
          receivedTotal: '-50.00',
          unpaid: '350.00',
          receivedMore: '0.00',
        }),
      );
      expect(sum(view.balanceDistribution.map((r) => r.allocatedAmount))).toBe(-5000n);
    });

    it('an overpayment shows as Received more', async () => {
      const patientId = await patientWith(notSet, [['Dr. A', '100.00']]);
      await w.paid(patientId, { date: '2026-11-03', amount: '150.00', paymentType: 'cash' });
      expect(await summary(patientId)).toEqual(expect.objectContaining({ unpaid: '0.00', receivedMore: '50.00' }));
    });

    it('lists treatments copied from planning and invoiced ones with their number; an invoiced treatment cannot be edited', async () => {
      const patientId = await patientWith(notSet);
      const plan = await w.created<{ id: string }>(`/patients/${patientId}/treatment-plans`, {
        items: [{ physicianId: dr(notSet, 'Dr. A'), procedure: 'Root canal 36', amount: '400.00' }],
      });
      await w.created(`/patients/${patientId}/treatment-plans/${plan.id}/copy-to-treatments`, { date: '2026-11-02' });
      const plain = await w.treatment(patientId, { physicianId: dr(notSet, 'Dr. B'), amount: '80.00' });
      const invoice = await w.created<{ number: string }>(`/patients/${patientId}/invoices`, {
        treatmentIds: [plain.id],
      });
      const view = await w.account(patientId);
      expect(
        view.treatments.map((t) => [t.procedure, t.physicianName, t.copiedFromPlanning, t.invoiced, t.invoiceNumber]),
      ).toEqual([
        ['Root canal 36', 'Dr. A', true, false, null],
        ['Composite filling', 'Dr. B', false, true, invoice.number],
      ]);
      const edit = await w
        .http()
        .patch(`/api/v1/patients/${patientId}/treatments/${plain.id}`)
        .set(w.auth(reception))
        .send({ amount: '90.00', reason: 'price_change' });
      expectError(edit, 409, 'TREATMENT.INVOICED');
      expect((await w.account(patientId)).summary.treatmentTotal).toBe('480.00');
    });
  });

  describe('close account', () => {
    it('at a past date: the closed part is written off, hidden unless showPaid, locked; undo restores the exact account', async () => {
      const patientId = await patientWith(notSet, [
        ['Dr. A', '300.00', '2026-01-10'],
        ['Dr. B', '200.00', '2026-03-01'],
      ]);
      const early = await w.paid(patientId, { date: '2026-01-15', amount: '100.00', paymentType: 'cash' });
      await w.paid(patientId, { date: '2026-03-05', amount: '50.00', paymentType: 'cash' });
      const before = await w.account(patientId);
      const beforeAll = await w.account(patientId, true);

      const closure = await w.closed(patientId, { mode: 'past', date: '2026-02-01' });
      expect(closure).toEqual(
        expect.objectContaining({
          patientId,
          mode: 'past',
          date: '2026-02-01',
          treatmentTotal: '300.00',
          receivedTotal: '100.00',
          writtenOffAmount: '200.00',
        }),
      );
      const after = await w.account(patientId);
      expect(after.closedThrough).toBe('2026-02-01');
      expect(after.treatments.map((t) => t.date)).toEqual(['2026-03-01']);
      expect(after.receivedMoney.map((p) => p.date)).toEqual(['2026-03-05']);
      expect(after.summary).toEqual(
        expect.objectContaining({ treatmentTotal: '200.00', receivedTotal: '50.00', unpaid: '150.00' }),
      );
      expect(after.balanceDistribution.map((r) => [r.name, r.allocatedAmount])).toEqual([['Dr. B', '50.00']]);
      expect(after.closures).toEqual([closure]);
      const all = await w.account(patientId, true);
      expect(all.treatments.map((t) => [t.date, t.closed])).toEqual([
        ['2026-01-10', true],
        ['2026-03-01', false],
      ]);
      expect(all.receivedMoney.map((p) => [p.date, p.closed])).toEqual([
        ['2026-01-15', true],
        ['2026-03-05', false],
      ]);
      expect(all.summary).toEqual(after.summary); // the summary is the open part whatever showPaid says
      expect(sum(all.balanceDistribution.map((r) => r.allocatedAmount))).toBe(15000n);
      for (const [query, expected] of [
        ['', after.balanceDistribution],
        ['?showPaid=true', all.balanceDistribution],
      ] as const) {
        const res = await w
          .http()
          .get(`/api/v1/patients/${patientId}/balance-distribution${query}`)
          .set(w.auth(accountant));
        expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { items: expected } });
      }

      // locked: money dated on or before D, the closed record, a treatment dated before D
      const unchanged = await w.stored(patientId);
      expectError(
        await w.pay(patientId, { date: '2026-01-20', amount: '10.00', paymentType: 'cash' }),
        409,
        'PAYMENT.ACCOUNT_CLOSED',
      );
      expectError(
        await w.pay(patientId, { date: '2026-02-01', amount: '10.00', paymentType: 'cash' }),
        409,
        'PAYMENT.ACCOUNT_CLOSED',
      );
      expectError(await w.patchPayment(patientId, early.id, { amount: '99.00' }), 409, 'PAYMENT.ACCOUNT_CLOSED');
      expectError(await w.deletePayment(patientId, early.id), 409, 'PAYMENT.ACCOUNT_CLOSED');
      expect(await w.stored(patientId)).toEqual(unchanged);
      const lateToEarly = await w.paid(patientId, { date: '2026-02-02', amount: '1.00', paymentType: 'cash' });
      expectError(
        await w.patchPayment(patientId, lateToEarly.id, { date: '2026-01-31' }),
        409,
        'PAYMENT.ACCOUNT_CLOSED',
      );
      expect((await w.deletePayment(patientId, lateToEarly.id)).status).toBe(200);
      const oldTreatment = await w.post(`/patients/${patientId}/treatments`, {
        physicianId: dr(notSet, 'Dr. A'),
        procedure: 'Scaling',
        date: '2026-01-31',
        amount: '10.00',
      });
      expectError(oldTreatment, 409, 'ACCOUNT.CLOSED');

      const undone = await w.undo(patientId);
      expect({ status: undone.status, body: undone.body }).toEqual({ status: 200, body: closure });
      expect(await w.account(patientId)).toEqual(before);
      expect(await w.account(patientId, true)).toEqual(beforeAll);
      expectError(await w.undo(patientId), 404, 'ACCOUNT.NO_CLOSURE');
    });

    it('now, two closures in a row, a closure not after the latest refused; undo removes only the latest', async () => {
      const patientId = await patientWith(notSet, [
        ['Dr. A', '300.00', '2026-01-10'],
        ['Dr. A', '120.00', '2026-04-01'],
      ]);
      await w.paid(patientId, { date: '2026-01-15', amount: '400.00', paymentType: 'cash' });
      const first = await w.closed(patientId, { mode: 'past', date: '2026-02-01' });
      expect(first.writtenOffAmount).toBe('-100.00'); // received more written off
      const afterFirst = await w.account(patientId);
      expect(afterFirst.summary).toEqual(expect.objectContaining({ treatmentTotal: '120.00', unpaid: '120.00' }));

      expectError(
        await w.close(patientId, { mode: 'past', date: '2026-02-01' }),
        409,
        'ACCOUNT.CLOSURE_NOT_AFTER_LATEST',
      );
      expectError(
        await w.close(patientId, { mode: 'past', date: '2026-01-20' }),
        409,
        'ACCOUNT.CLOSURE_NOT_AFTER_LATEST',
      );
      expectError(await w.close(patientId, { mode: 'past' }), 400, undefined, 'date');
      expectError(
        await w.close(patientId, { mode: 'past', date: '2099-01-01' }),
        422,
        'ACCOUNT.CLOSURE_DATE_INVALID',
        'date',
      );
      expectError(await w.close(patientId, { mode: 'later' }), 400, undefined, 'mode');

      const second = await w.closed(patientId, { mode: 'now' });
      const today = afterFirst.today;
      expect(second).toEqual(expect.objectContaining({ mode: 'now', date: today, writtenOffAmount: '120.00' }));
      const afterSecond = await w.account(patientId);
      expect(afterSecond.closures).toEqual([first, second]);
      expect(afterSecond.summary).toEqual(
        expect.objectContaining({
          treatmentTotal: '0.00',
          receivedTotal: '0.00',
          unpaid: '0.00',
          receivedMore: '0.00',
        }),
      );
      expectError(
        await w.pay(patientId, { date: today, amount: '1.00', paymentType: 'cash' }),
        409,
        'PAYMENT.ACCOUNT_CLOSED',
      );

      expect((await w.undo(patientId)).body).toEqual(second);
      expect(await w.account(patientId)).toEqual(afterFirst);
    });

    it('the closed part of a card payment: its Bank Cost treatment is closed with it', async () => {
      const patientId = await patientWith(percent250, [['Dr. A', '1000.00', '2026-01-10']]);
      await w.paid(patientId, { date: '2026-01-11', amount: '1000.00', paymentType: 'card' });
      await eventually(async () => expect(await w.bankCosts(patientId)).toHaveLength(1));
      const closure = await w.closed(patientId, { mode: 'past', date: '2026-01-31' });
      expect(closure).toEqual(
        expect.objectContaining({ treatmentTotal: '1025.00', receivedTotal: '1025.00', writtenOffAmount: '0.00' }),
      );
      expect((await w.account(patientId)).treatments).toEqual([]);
    });
  });

  describe('contracts', () => {
    it('makes a contract (down payment + equal monthly installments); money marked for it covers them oldest first', async () => {
      const patientId = await patientWith(notSet, [['Dr. A', '1000.00']]);
      const res = await w.post(
        `/patients/${patientId}/contracts`,
        { totalAmount: '1000.00', downPayment: '100.00', installmentCount: 3, firstDueDate: '2026-12-15' },
        reception,
      );
      expect(res.status).toBe(201);
      const contract = res.body;
      expect(contract).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          patientId,
          totalAmount: '1000.00',
          downPayment: '100.00',
          installmentCount: 3,
          paidAmount: '0.00',
          receivableAmount: '1000.00',
          overdueAmount: '0.00',
        }),
      );
      expect(
        contract.installments.map((i: Record<string, unknown>) => [i.number, i.dueDate, i.amount, i.status]),
      ).toEqual([
        [0, contract.contractDate, '100.00', 'upcoming'],
        [1, '2026-12-15', '300.00', 'upcoming'],
        [2, '2027-01-15', '300.00', 'upcoming'],
        [3, '2027-02-15', '300.00', 'upcoming'],
      ]);
      await w.paid(patientId, { date: '2026-11-03', amount: '250.00', paymentType: 'cash', contractId: contract.id });
      const got = await w.http().get(`/api/v1/patients/${patientId}/contracts/${contract.id}`).set(w.auth(reception));
      expect(got.status).toBe(200);
      expect(got.body).toEqual(
        expect.objectContaining({ paidAmount: '250.00', coveredAmount: '250.00', receivableAmount: '750.00' }),
      );
      expect(
        got.body.installments.map((i: Record<string, unknown>) => [i.coveredAmount, i.remainingAmount, i.status]),
      ).toEqual([
        ['100.00', '0.00', 'paid'],
        ['150.00', '150.00', 'partially_paid'],
        ['0.00', '300.00', 'upcoming'],
        ['0.00', '300.00', 'upcoming'],
      ]);
      expect((await w.account(patientId)).contracts).toEqual([got.body]);
    });

    it('uneven installments put the remainder on the last; a down payment above the total is 422; another patient’s contract is 404', async () => {
      const patientId = await patientWith(notSet);
      const res = await w.post(`/patients/${patientId}/contracts`, {
        totalAmount: '100.00',
        downPayment: '0',
        installmentCount: 3,
        firstDueDate: '2026-01-31',
      });
      expect(res.status).toBe(201);
      expect(res.body.installments.map((i: Record<string, unknown>) => [i.dueDate, i.amount, i.status])).toEqual([
        ['2026-01-31', '33.33', 'overdue'],
        ['2026-02-28', '33.33', 'overdue'],
        ['2026-03-31', '33.34', 'overdue'],
      ]);
      expect(res.body.overdueAmount).toBe('100.00');
      expectError(
        await w.post(`/patients/${patientId}/contracts`, {
          totalAmount: '100.00',
          downPayment: '100.01',
          installmentCount: 1,
          firstDueDate: '2026-12-01',
        }),
        422,
      );
      const good = { totalAmount: '100.00', downPayment: '0', installmentCount: 2, firstDueDate: '2026-12-01' };
      const before = (await w.account(patientId)).contracts;
      for (const [field, value] of [
        ['totalAmount', '-100.00'],
        ['totalAmount', '1.001'],
        ['downPayment', 'ten'],
        ['installmentCount', 0],
        ['installmentCount', 1.5],
        ['firstDueDate', '2026-02-30'],
        ['planId', 'plan-1'],
      ] as const) {
        expectError(
          await w.post(`/patients/${patientId}/contracts`, { ...good, [field]: value }),
          400,
          'REQUEST.VALIDATION',
          field,
        );
      }
      expectError(await w.post(`/patients/${patientId}/contracts`, { ...good, planId: randomUUID() }), 404);
      expect((await w.account(patientId)).contracts).toEqual(before);
      const stranger = await patientWith(notSet);
      expectError(
        await w.http().get(`/api/v1/patients/${stranger}/contracts/${res.body.id}`).set(w.auth(w.admin)),
        404,
      );
      expectError(
        await w.pay(stranger, { date: '2026-11-03', amount: '1.00', paymentType: 'cash', contractId: res.body.id }),
        404,
      );
    });
  });

  describe('family account', () => {
    it('lists each member with treatments, received, unpaid or received more, and the family total', async () => {
      const family = await w.created<{ id: string }>('/families', { name: 'Yılmaz family' });
      const ali = await patientWith(notSet, [['Dr. A', '300.00']]);
      const ayse = await patientWith(notSet, [['Dr. B', '100.00']]);
      for (const id of [ali, ayse]) {
        const res = await w
          .http()
          .put(`/api/v1/patients/${id}/family`)
          .set(w.auth(reception))
          .send({ familyId: family.id });
        expect(res.status).toBe(200);
      }
      await w.paid(ali, { date: '2026-11-03', amount: '100.00', paymentType: 'cash' });
      await w.paid(ayse, { date: '2026-11-03', amount: '150.00', paymentType: 'cash' });
      const res = await w.http().get(`/api/v1/families/${family.id}/account`).set(w.auth(reception));
      expect(res.status).toBe(200);
      const expected = {
        family: expect.objectContaining({ id: family.id, name: 'Yılmaz family' }),
        members: expect.arrayContaining([
          expect.objectContaining({
            patientId: ali,
            treatmentTotal: '300.00',
            receivedTotal: '100.00',
            unpaid: '200.00',
            receivedMore: '0.00',
          }),
          expect.objectContaining({
            patientId: ayse,
            treatmentTotal: '100.00',
            receivedTotal: '150.00',
            unpaid: '0.00',
            receivedMore: '50.00',
          }),
        ]),
        totals: [
          {
            currency: 'EUR',
            treatmentTotal: '400.00',
            receivedTotal: '250.00',
            unpaid: '150.00',
            receivedMore: '0.00',
          },
        ],
      };
      expect(res.body).toEqual(expected);
      expect(res.body.members).toHaveLength(2);
      expect((await w.account(ali)).family).toEqual(res.body);
      expectError(await w.http().get(`/api/v1/families/${family.id}/account`).set(w.auth(other)), 404);
      expect((await w.account(await patientWith(notSet))).family).toBeNull();
    });
  });

  describe('alerts on the account', () => {
    it('shows the patient’s open alerts', async () => {
      const patientId = await patientWith(notSet, [['Dr. A', '100.00']]);
      const alert = await w.created<{ id: string }>(`/patients/${patientId}/alerts`, {
        date: '2026-12-01',
        amount: '100.00',
        note: 'second visit',
      });
      const view = await w.account(patientId);
      expect(view.alertsUnavailable).toBe(false);
      expect(view.alerts).toEqual([expect.objectContaining({ id: alert.id, patientId, amount: '100.00' })]);
    });
  });

  describe('receipts', () => {
    it('sends a receipt PDF per record and a PDF of the list, as downloads', async () => {
      const patientId = await patientWith(notSet, [['Dr. A', '100.00']]);
      const payment = await w.paid(patientId, { date: '2026-11-03', amount: '60.00', paymentType: 'cash' });
      for (const path of [`payments/${payment.id}/receipt.pdf`, 'payments.pdf', 'payments.pdf?showPaid=true']) {
        const res = await w
          .http()
          .get(`/api/v1/patients/${patientId}/${path}`)
          .set(w.auth(reception))
          .buffer(true)
          .parse((r, done) => {
            const chunks: Buffer[] = [];
            r.on('data', (c: Buffer) => chunks.push(c));
            r.on('end', () => done(null, Buffer.concat(chunks)));
          });
        expect({ path, status: res.status, type: res.headers['content-type'] }).toEqual({
          path,
          status: 200,
          type: expect.stringMatching(/^application\/pdf/),
        });
        expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.pdf"/);
        expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      }
      expectError(
        await w.http().get(`/api/v1/patients/${patientId}/payments/${randomUUID()}/receipt.pdf`).set(w.auth(reception)),
        404,
      );
    });
  });

  describe('bad input, unknown and foreign ids, roles: a clear 4xx and nothing stored', () => {
    let patientId: string;
    let payment: PatientPaymentView;

    beforeAll(async () => {
      patientId = await patientWith(notSet, [['Dr. A', '100.00']]);
      payment = await w.paid(patientId, { date: '2026-11-03', amount: '10.00', paymentType: 'cash' });
    });

    it.each([
      ['amount', 'abc'],
      ['amount', '-5.00'],
      ['amount', '0'],
      ['amount', '1.234'],
      ['amount', 12],
      ['amount', undefined],
      ['date', '2026-02-30'],
      ['date', '03.11.2026'],
      ['paymentType', 'bitcoin'],
      ['bankCost', '-1.00'],
      ['contractId', 'nope'],
      ['color', 'blue'],
    ])('POST payments with %s = %j → 400 naming it, nothing stored', async (field, value) => {
      const before = await w.stored(patientId);
      const res = await w.pay(patientId, { date: '2026-11-03', amount: '10.00', paymentType: 'cash', [field]: value });
      expectError(res, 400, 'REQUEST.VALIDATION', field);
      expect(await w.stored(patientId)).toEqual(before);
    });

    it('PATCH with a bad field → 400 naming it, the record unchanged', async () => {
      const before = await w.stored(patientId);
      expectError(await w.patchPayment(patientId, payment.id, { date: '2026-02-30' }), 400, undefined, 'date');
      expectError(await w.patchPayment(patientId, payment.id, { amount: '-1' }), 400, undefined, 'amount');
      expect(await w.stored(patientId)).toEqual(before);
    });

    it('unknown or foreign ids → 404; a malformed id → 400 naming the parameter', async () => {
      const before = await w.stored(patientId);
      const body = { date: '2026-11-03', amount: '10.00', paymentType: 'cash' };
      expectError(await w.pay(randomUUID(), body), 404);
      expectError(await w.pay(patientId, body, other), 404);
      expectError(await w.patchPayment(patientId, randomUUID(), { amount: '1.00' }), 404);
      expectError(await w.patchPayment(patientId, payment.id, { amount: '1.00' }, other), 404);
      expectError(await w.deletePayment(patientId, payment.id, other), 404);
      const otherPatient = await patientWith(notSet);
      expectError(await w.patchPayment(otherPatient, payment.id, { amount: '1.00' }), 404);
      expectError(await w.pay(patientId, { ...body, contractId: randomUUID() }), 404);
      expectError(await w.pay('not-a-uuid', body), 400, 'REQUEST.VALIDATION', 'id');
      expectError(await w.patchPayment(patientId, 'x', { amount: '1.00' }), 400, 'REQUEST.VALIDATION', 'paymentId');
      for (const path of ['account', 'balance-distribution', 'payments', 'payments.pdf']) {
        expectError(await w.http().get(`/api/v1/patients/${patientId}/${path}`).set(w.auth(other)), 404);
        expectError(await w.http().get(`/api/v1/patients/${randomUUID()}/${path}`).set(w.auth(w.admin)), 404);
      }
      expectError(await w.close(patientId, { mode: 'now' }, other), 404);
      expectError(await w.undo(patientId, other), 404);
      expectError(
        await w.http().get(`/api/v1/patients/${patientId}/account?showPaid=maybe`).set(w.auth(w.admin)),
        400,
        undefined,
        'showPaid',
      );
      expect(await w.stored(patientId)).toEqual(before);
    });

    it('roles: a lab manager sees no patient money; a physician takes none; only an accountant closes', async () => {
      const before = await w.stored(patientId);
      expectError(await w.http().get(`/api/v1/patients/${patientId}/account`).set(w.auth(labManager)), 403);
      expectError(
        await w.pay(patientId, { date: '2026-11-03', amount: '1.00', paymentType: 'cash' }, physicianUser),
        403,
      );
      expectError(await w.pay(patientId, { date: '2026-11-03', amount: '1.00', paymentType: 'cash' }, labManager), 403);
      expectError(await w.close(patientId, { mode: 'now' }, reception), 403);
      expect(await w.stored(patientId)).toEqual(before);
      expect((await w.account(patientId, false, physicianUser)).summary.receivedTotal).toBe('10.00');
      const closure = await w.close(patientId, { mode: 'past', date: '2026-01-01' }, accountant);
      expect(closure.status).toBe(201);
      expect((await w.undo(patientId, accountant)).status).toBe(200);
    });
  });
});
