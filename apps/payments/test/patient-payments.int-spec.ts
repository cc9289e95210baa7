// Received money of patients (DOMAIN.md B): payments alone, called over NATS RPC with a caller context as the gateway
// does, against real PostgreSQL and NATS. Its neighbour patient-accounts is played on the test's bus prefix: the
// patients, physicians, treatments and contracts are published as its events, and its distribution basis is answered
// by a stub (PatientAccountsStub) from the same records. Each change must leave exactly one row change, one audit
// entry and one outbox event in one transaction. That patient-accounts follows the payments' events (the Bank Cost
// treatment) is the stack's flow, in e2e/patient-account.e2e-spec.ts.

import {
  AccountEvents,
  CallerContext,
  ClinicSubjects,
  ClinicView,
  ErrorBody,
  EventEnvelope,
  PatientPaymentSubjects,
  PatientPaymentView,
} from '@dental/contracts';
import { startService } from '@dental/platform';
import {
  aCaller,
  aCardPayment,
  aCashPayment,
  aClosureSnapshot,
  aRefund,
  PatientAccountsStub,
  RpcAnswer,
  ServiceUnderTest,
  serviceUnderTest,
  TestBus,
  TestWorld,
} from '@dental/testing';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { paymentsService } from '../src/payments.definition';

jest.setTimeout(90_000);

/** "-33.34" → -3334n: exact sums of two-decimal amounts. */
const minor = (decimal: string): bigint => BigInt(decimal.replace('.', ''));

type Body = object;

/** The text of a PDF (pdf-parse in a child process: its worker's dynamic import is refused by Jest's runtime). */
function pdfText(bytes: Buffer): Promise<string> {
  const script = `const { PDFParse } = require('pdf-parse');
    const chunks = []; process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', async () => {
      const r = await new PDFParse({ data: Buffer.concat(chunks) }).getText();
      process.stdout.write(JSON.stringify(r.text));
    });`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', script], { cwd: process.cwd() }, (err, stdout) =>
      err ? reject(err) : resolve(JSON.parse(stdout) as string),
    );
    child.stdin!.end(bytes);
  });
}

describe('patient payments (integration: payments alone, patient-accounts stubbed on the bus)', () => {
  const world = new TestWorld();
  let payments: ServiceUnderTest;
  let bus: TestBus;
  let accounts: PatientAccountsStub;
  const caller: CallerContext = aCaller(randomUUID());
  const stranger: CallerContext = aCaller(randomUUID());
  let percentClinic: ClinicView; // bank charge 2.5
  let zeroClinic: ClinicView; // bank charge 0 (typed by hand)
  let unsetClinic: ClinicView; // bank charge not set
  let turkishClinic: ClinicView; // 2.5, locale tr
  const physicians = new Map<string, string[]>();

  const rpc = <T>(subject: string, payload: unknown, who: CallerContext = caller): Promise<RpcAnswer<T>> =>
    bus.request<T>(subject, payload, { ...who, correlationId: randomUUID() }, 20_000);

  async function ok<T = Body>(subject: string, payload: unknown, who: CallerContext = caller): Promise<T> {
    const reply = await rpc<T>(subject, payload, who);
    expect(reply).toEqual({ ok: true, data: expect.anything() });
    return (reply as { data: T }).data;
  }

  async function refused(subject: string, payload: unknown, who: CallerContext = caller): Promise<ErrorBody> {
    const reply = await rpc(subject, payload, who);
    expect(reply).toEqual({ ok: false, error: expect.objectContaining({ status: expect.any(Number) }) });
    return (reply as { error: ErrorBody }).error;
  }

  const paymentsDb = <T = Body>(sql: string, params: unknown[] = []): Promise<T[]> => payments.db<T>(sql, params);

  /** Everything a change of a patient's money writes; a refused request must leave all of it as it was. */
  async function stored(patientId: string) {
    const [row] = await paymentsDb<{ payments: number; audit: number; events: number; counters: string }>(
      `select (select count(*) from patient_payment where patient_id = ?)::int as payments,
              (select count(*) from audit_entry a join patient_payment p on p.id = a.entity_id where p.patient_id = ?)::int as audit,
              (select count(*) from outbox_event where type like 'payments.patient-payment.%' and envelope->'payload'->>'patientId' = ?)::int as events,
              (select coalesce(sum(last_number), 0)::text from receipt_counter) as counters`,
      [patientId, patientId, patientId],
    );
    return row;
  }

  async function outboxEvents(paymentId: string): Promise<EventEnvelope<PatientPaymentView>[]> {
    const rows = await paymentsDb<{ envelope: EventEnvelope<PatientPaymentView> }>(
      `select envelope from outbox_event where envelope->'payload'->>'id' = ? order by seq`,
      [paymentId],
    );
    return rows.map((r) => r.envelope);
  }

  /** A clinic of payments' own, with three physicians of patient-accounts (published as its events). */
  async function createClinic(name: string, bankChargePercent: string | null, locale = 'en'): Promise<ClinicView> {
    const clinic = await ok<ClinicView>(ClinicSubjects.create, { name, currency: 'EUR', locale });
    await ok(ClinicSubjects.setPaymentSettings, { clinicId: clinic.id, bankChargePercent });
    const ids: string[] = [];
    for (const n of ['Dr. A', 'Dr. B', 'Dr. C'])
      ids.push((await accounts.physician({ organizationId: caller.organizationId, clinicId: clinic.id, name: n })).id);
    physicians.set(clinic.id, ids);
    return { ...clinic, bankChargePercent };
  }

  /** A new patient of the clinic (in patient-accounts) with a treatment per physician (amounts in order). */
  async function newPatient(clinic: ClinicView, treatments: string[] = []): Promise<string> {
    const patient = await accounts.patient({
      organizationId: caller.organizationId,
      clinicId: clinic.id,
      currency: clinic.currency,
    });
    const ids = physicians.get(clinic.id)!;
    for (const [i, amount] of treatments.entries())
      await accounts.treatment(patient.id, { physicianId: ids[i], procedure: 'Composite filling', amount });
    return patient.id;
  }

  /** The Bank Cost treatment patient-accounts adds (on the Clinic row) when a card payment's event reaches it. */
  const bankCostTreatment = (patientId: string, amount: string, date = '2026-03-01') =>
    accounts.treatment(patientId, { physicianId: null, procedure: 'Bank Cost', amount, date });

  const record = (patientId: string, body: Body, who: CallerContext = caller) =>
    rpc<PatientPaymentView>(PatientPaymentSubjects.record, { patientId, ...body }, who);

  async function recorded(patientId: string, body: Body): Promise<PatientPaymentView> {
    const reply = await record(patientId, body);
    expect(reply).toEqual({ ok: true, data: expect.objectContaining({ patientId, revision: 1, deleted: false }) });
    return (reply as { data: PatientPaymentView }).data;
  }

  const cash = (amount: string, date = '2026-03-01'): Body => aCashPayment(amount).on(date).build();
  const card = (amount: string, date = '2026-03-01'): Body => aCardPayment(amount).on(date).build();

  beforeAll(async () => {
    bus = await TestBus.connect(world);
    accounts = new PatientAccountsStub(bus).answer();
    payments = serviceUnderTest(
      (await startService(paymentsService, world.env('payments', { RPC_TIMEOUT_MS: '10000' }))).app,
    );
    percentClinic = await createClinic('Percent Dental', '2.5');
    zeroClinic = await createClinic('Zero Dental', '0');
    unsetClinic = await createClinic('Unset Dental', null);
    turkishClinic = await createClinic('Gülüş Diş', '2.5', 'tr');
  });

  afterAll(async () => {
    await payments?.close();
    await bus?.close();
    await world.cleanup();
  });

  describe('card payments and the three bank-charge states (DOMAIN.md B)', () => {
    it('state 1: 1000.00 × 2.5% = 25.00, stored 1025.00, with its receipt, audit entry and event', async () => {
      const patientId = await newPatient(percentClinic, ['600.00']);
      const p = await recorded(patientId, aCardPayment('1000.00').withNote('visa').build());
      expect(p).toEqual({
        id: expect.any(String),
        organizationId: caller.organizationId,
        clinicId: percentClinic.id,
        patientId,
        receiptNumber: expect.stringMatching(/^\d{6}$/),
        date: '2026-03-01',
        amount: '1025.00',
        enteredAmount: '1000.00',
        bankCost: '25.00',
        bankChargePercent: '2.50',
        paymentType: 'card',
        contractId: null,
        note: 'visa',
        currency: 'EUR',
        closed: false,
        // the physician shares what was typed; the 25.00 bank fee is the clinic's (it pays the bank)
        splits: [
          { physicianId: physicians.get(percentClinic.id)![0], amount: '1000.00' },
          { physicianId: null, amount: '25.00' },
        ],
        physicianId: null,
        revision: 1,
        deleted: false,
        createdAt: expect.any(String),
      });
      expect(
        await paymentsDb('select amount_minor, entered_minor, bank_cost_minor from patient_payment where id = ?', [
          p.id,
        ]),
      ).toEqual([{ amount_minor: '102500', entered_minor: '100000', bank_cost_minor: '2500' }]);
      // the event carries the record and who made the change (what follows from it is attributed to them)
      expect((await outboxEvents(p.id)).map((e) => [e.type, e.payload])).toEqual([
        ['payments.patient-payment.recorded', { ...p, changedBy: expect.any(String) }],
      ]);
      expect(await stored(patientId)).toMatchObject({ payments: 1, audit: 1, events: 1 });
    });

    it('state 0: the typed bank cost is kept and the amount stays as typed; none typed is none', async () => {
      const patientId = await newPatient(zeroClinic);
      const typed = await recorded(patientId, aCardPayment('1000.00').withBankCost('20.00').build());
      expect(typed).toMatchObject({
        amount: '1000.00',
        enteredAmount: '1000.00',
        bankCost: '20.00',
        bankChargePercent: '0.00',
      });
      const none = await recorded(patientId, card('300.00'));
      expect(none).toMatchObject({ amount: '300.00', bankCost: null, bankChargePercent: '0.00' });
    });

    it('state "not set": no bank cost, the amount as typed', async () => {
      const patientId = await newPatient(unsetClinic);
      const p = await recorded(patientId, card('1000.00'));
      expect(p).toMatchObject({ amount: '1000.00', bankCost: null, bankChargePercent: null });
    });

    it('a bank cost given in the wrong state or on a non-card payment is a 400 naming bankCost, nothing stored', async () => {
      const cases: [ClinicView, Body][] = [
        [percentClinic, { date: '2026-03-01', amount: '100.00', paymentType: 'card', bankCost: '2.00' }],
        [unsetClinic, { date: '2026-03-01', amount: '100.00', paymentType: 'card', bankCost: '2.00' }],
        [zeroClinic, { date: '2026-03-01', amount: '100.00', paymentType: 'cash', bankCost: '2.00' }],
        [zeroClinic, { date: '2026-03-01', amount: '100.00', paymentType: 'card', bankCost: '-2.00' }],
      ];
      for (const [clinic, body] of cases) {
        const patientId = await newPatient(clinic);
        const before = await stored(patientId);
        const error = await refused(PatientPaymentSubjects.record, { patientId, ...body });
        expect(error).toEqual({
          code: 'REQUEST.VALIDATION',
          status: 400,
          message: expect.stringContaining('bankCost'),
          details: [expect.objectContaining({ field: 'bankCost' })],
        });
        expect(await stored(patientId)).toEqual(before);
      }
    });

    it('editing a card payment recomputes its bank cost (event updated), deleting it removes it (event deleted)', async () => {
      const patientId = await newPatient(percentClinic, ['500.00']);
      const p = await recorded(patientId, card('1000.00'));
      // the edit splits by the distribution of its moment: patient-accounts now holds the payment's Bank Cost of 25.00
      await bankCostTreatment(patientId, '25.00');
      expect(accounts.distributionBasis(patientId).totals.map((t) => t.treatmentAmount)).toEqual(['500.00', '25.00']);
      const edited = await ok<PatientPaymentView>(PatientPaymentSubjects.update, {
        patientId,
        paymentId: p.id,
        amount: '2000.00',
      });
      expect(edited).toMatchObject({ amount: '2050.00', enteredAmount: '2000.00', bankCost: '50.00', revision: 2 });
      // 2000.00 over 500 : 25 → 1904.761…, 95.238… (the cent left to the Clinic); the Clinic adds the new fee 50.00
      expect(edited.splits).toEqual([
        { physicianId: physicians.get(percentClinic.id)![0], amount: '1904.76' },
        { physicianId: null, amount: '145.24' },
      ]);
      const asCash = await ok<PatientPaymentView>(PatientPaymentSubjects.update, {
        patientId,
        paymentId: p.id,
        paymentType: 'cash',
      });
      expect(asCash).toMatchObject({ amount: '2000.00', bankCost: null, bankChargePercent: null, revision: 3 });
      const asCard = await ok<PatientPaymentView>(PatientPaymentSubjects.update, {
        patientId,
        paymentId: p.id,
        paymentType: 'card',
      });
      expect(asCard).toMatchObject({ amount: '2050.00', bankCost: '50.00', revision: 4 });
      const deleted = await ok<PatientPaymentView>(PatientPaymentSubjects.delete, { patientId, paymentId: p.id });
      expect(deleted).toMatchObject({ deleted: true, revision: 5, bankCost: '50.00', receiptNumber: p.receiptNumber });
      expect(
        (await outboxEvents(p.id)).map((e) => [e.type, e.payload.revision, e.payload.bankCost, e.payload.deleted]),
      ).toEqual([
        ['payments.patient-payment.recorded', 1, '25.00', false],
        ['payments.patient-payment.updated', 2, '50.00', false],
        ['payments.patient-payment.updated', 3, null, false],
        ['payments.patient-payment.updated', 4, '50.00', false],
        ['payments.patient-payment.deleted', 5, '50.00', true],
      ]);
      expect(await stored(patientId)).toMatchObject({ payments: 1, audit: 5, events: 5 });
      const list = await ok<{ items: PatientPaymentView[] }>(PatientPaymentSubjects.list, { patientId });
      expect(list.items).toEqual([]);
      expect((await refused(PatientPaymentSubjects.get, { patientId, paymentId: p.id })).code).toBe(
        'PATIENT_PAYMENT.NOT_FOUND',
      );
      expect((await refused(PatientPaymentSubjects.delete, { patientId, paymentId: p.id })).status).toBe(404);
    });

    it('a state-0 card edit keeps the typed bank cost unless it is given again or cleared with null', async () => {
      const patientId = await newPatient(zeroClinic);
      const p = await recorded(patientId, aCardPayment('500.00').withBankCost('9.00').build());
      const moved = await ok<PatientPaymentView>(PatientPaymentSubjects.update, {
        patientId,
        paymentId: p.id,
        amount: '600.00',
      });
      expect(moved).toMatchObject({ amount: '600.00', bankCost: '9.00' });
      const cleared = await ok<PatientPaymentView>(PatientPaymentSubjects.update, {
        patientId,
        paymentId: p.id,
        bankCost: null,
      });
      expect(cleared).toMatchObject({ amount: '600.00', bankCost: null });
      const notes = await ok<PatientPaymentView>(PatientPaymentSubjects.update, {
        patientId,
        paymentId: p.id,
        note: 'x',
      });
      expect(notes).toMatchObject({ note: 'x', revision: 4 });
      const same = await ok<PatientPaymentView>(PatientPaymentSubjects.update, {
        patientId,
        paymentId: p.id,
        note: 'x',
      });
      expect(same.revision).toBe(4);
    });
  });

  describe('amounts, refunds and pay splits', () => {
    it('a refund is entered positive and stored negative, split negative over the physicians', async () => {
      const patientId = await newPatient(unsetClinic, ['100.00', '100.00', '100.00']);
      const ids = physicians.get(unsetClinic.id)!;
      const refund = await recorded(patientId, aRefund('100.00').on('2026-03-02').build());
      expect(refund).toMatchObject({ amount: '-100.00', enteredAmount: '100.00', bankCost: null });
      expect(refund.splits).toEqual([
        { physicianId: ids[0], amount: '-33.34' },
        { physicianId: ids[1], amount: '-33.33' },
        { physicianId: ids[2], amount: '-33.33' },
      ]);
      expect(await paymentsDb('select amount_minor from patient_payment where id = ?', [refund.id])).toEqual([
        { amount_minor: '-10000' },
      ]);
    });

    it('pay splits over three physicians that do not divide evenly sum exactly to the amount', async () => {
      const patientId = await newPatient(unsetClinic, ['333.33', '333.33', '333.34']);
      const ids = physicians.get(unsetClinic.id)!;
      for (const amount of ['100.00', '0.01', '0.02', '777.77']) {
        const p = await recorded(patientId, cash(amount));
        expect(p.splits.map((s) => s.physicianId)).toEqual(ids);
        expect(p.splits.reduce((a, s) => a + minor(s.amount), 0n)).toBe(minor(amount));
      }
      const p = await recorded(patientId, cash('100.00'));
      expect(p.splits.map((s) => s.amount)).toEqual(['33.33', '33.33', '33.34']);
    });

    it('a state-1 card over three physicians: they share what was typed, the Clinic row gets the fee plus its share', async () => {
      const patientId = await newPatient(percentClinic, ['300.00', '300.00', '400.00']);
      const [a, b, c] = physicians.get(percentClinic.id)!;
      const first = await recorded(patientId, card('1000.00'));
      // no Clinic treatment yet: 1000.00 over 300 : 300 : 400, then the new Clinic row holds exactly the 25.00 fee
      expect(first.splits).toEqual([
        { physicianId: a, amount: '300.00' },
        { physicianId: b, amount: '300.00' },
        { physicianId: c, amount: '400.00' },
        { physicianId: null, amount: '25.00' },
      ]);
      // patient-accounts adds the card's Bank Cost of 25.00 on the Clinic row
      await bankCostTreatment(patientId, '25.00');
      expect(accounts.distributionBasis(patientId).totals.map((t) => [t.physicianId, t.treatmentAmount])).toEqual([
        [a, '300.00'],
        [b, '300.00'],
        [c, '400.00'],
        [null, '25.00'],
      ]);
      const second = await recorded(patientId, card('200.00', '2026-03-02'));
      expect(second).toMatchObject({ amount: '205.00', bankCost: '5.00' });
      // 200.00 over 300 : 300 : 400 : 25 (1025) = 58.536…, 58.536…, 78.048…, 4.878…: floors 199.97, the three cents
      // left by largest remainder to C (.88), Clinic (.80), A (.66, first of the tie); Clinic 4.88 + fee 5.00 = 9.88
      expect(second.splits).toEqual([
        { physicianId: a, amount: '58.54' },
        { physicianId: b, amount: '58.53' },
        { physicianId: c, amount: '78.05' },
        { physicianId: null, amount: '9.88' },
      ]);
      for (const p of [first, second]) {
        expect(p.splits.reduce((sum, s) => sum + minor(s.amount), 0n)).toBe(minor(p.amount));
      }
      // a refund (once the Bank Costs are 25.00 + 5.00) and a state-0 typed bank cost are split whole, as before
      await bankCostTreatment(patientId, '5.00', '2026-03-02');
      expect(accounts.distributionBasis(patientId).totals.map((t) => t.treatmentAmount)).toEqual([
        '300.00',
        '300.00',
        '400.00',
        '30.00',
      ]);
      const refund = await recorded(patientId, aRefund('103.00').on('2026-03-03').build());
      expect(refund.splits).toEqual([
        { physicianId: a, amount: '-30.00' },
        { physicianId: b, amount: '-30.00' },
        { physicianId: c, amount: '-40.00' },
        { physicianId: null, amount: '-3.00' },
      ]);
      const typedPatient = await newPatient(zeroClinic, ['300.00', '300.00', '400.00']);
      const typed = await recorded(typedPatient, aCardPayment('1000.00').withBankCost('20.00').build());
      expect(typed.splits.map((s) => s.amount)).toEqual(['300.00', '300.00', '400.00']);
    });

    it('with no treatments the whole payment goes to the clinic row', async () => {
      const patientId = await newPatient(unsetClinic);
      expect((await recorded(patientId, cash('50.00'))).splits).toEqual([{ physicianId: null, amount: '50.00' }]);
    });

    it.each([['0'], ['-5'], ['1.234'], ['abc'], ['0.00']])(
      'amount %p is a 400 naming amount, nothing stored',
      async (amount) => {
        const patientId = await newPatient(unsetClinic);
        const before = await stored(patientId);
        const error = await refused(PatientPaymentSubjects.record, { patientId, ...cash(amount) });
        expect(error).toEqual({
          code: 'REQUEST.VALIDATION',
          status: 400,
          message: expect.stringContaining('amount'),
          details: [expect.objectContaining({ field: 'amount' })],
        });
        expect(await stored(patientId)).toEqual(before);
      },
    );

    it('input PostgreSQL cannot store (year 0, NUL in text) is a 400 naming the field, not a 500', async () => {
      const patientId = await newPatient(unsetClinic);
      const before = await stored(patientId);
      for (const [field, body] of [
        ['date', cash('1.00', '0000-01-01')],
        ['note', { ...cash('1.00'), note: 'paid\u0000' }],
      ] as const) {
        const error = await refused(PatientPaymentSubjects.record, { patientId, ...body });
        expect(error).toMatchObject({ status: 400, details: [expect.objectContaining({ field })] });
      }
      const lock = { patientId, closureId: randomUUID(), through: '0000-12-31' };
      expect(await refused(PatientPaymentSubjects.lockMoney, lock)).toMatchObject({
        status: 400,
        details: [expect.objectContaining({ field: 'through' })],
      });
      expect(await stored(patientId)).toEqual(before);
    });

    it('bad edits are 400s naming the field, nothing changed', async () => {
      const patientId = await newPatient(unsetClinic);
      const p = await recorded(patientId, cash('10.00'));
      const before = await stored(patientId);
      for (const [field, value] of [
        ['amount', '0'],
        ['amount', null],
        ['date', '2026-02-30'],
        ['date', '0000-03-01'], // PostgreSQL has no year 0
        ['note', 'a\u0000b'], // nor NUL in text
        ['paymentType', 'gold'],
      ] as const) {
        const error = await refused(PatientPaymentSubjects.update, { patientId, paymentId: p.id, [field]: value });
        expect(error).toMatchObject({ status: 400, details: [expect.objectContaining({ field })] });
      }
      expect(await stored(patientId)).toEqual(before);
    });

    it("another organization cannot record, see, edit or delete the patient's money (404)", async () => {
      const patientId = await newPatient(unsetClinic);
      const p = await recorded(patientId, cash('10.00'));
      const before = await stored(patientId);
      expect((await refused(PatientPaymentSubjects.record, { patientId, ...cash('5.00') }, stranger)).status).toBe(404);
      expect((await refused(PatientPaymentSubjects.get, { patientId, paymentId: p.id }, stranger)).status).toBe(404);
      expect(
        (await refused(PatientPaymentSubjects.update, { patientId, paymentId: p.id, note: 'x' }, stranger)).status,
      ).toBe(404);
      expect((await refused(PatientPaymentSubjects.delete, { patientId, paymentId: p.id }, stranger)).status).toBe(404);
      expect((await refused(PatientPaymentSubjects.receipt, { patientId, paymentId: p.id }, stranger)).status).toBe(
        404,
      );
      expect(await ok(PatientPaymentSubjects.list, { patientId }, stranger)).toEqual({ items: [] });
      const otherClinicOnly = { ...caller, clinicIds: [percentClinic.id] };
      expect(
        (await refused(PatientPaymentSubjects.record, { patientId, ...cash('5.00') }, otherClinicOnly)).status,
      ).toBe(404);
      expect((await refused(PatientPaymentSubjects.record, { patientId: randomUUID(), ...cash('5.00') })).status).toBe(
        404,
      );
      expect(await stored(patientId)).toEqual(before);
    });
  });

  describe('receipt numbers and concurrency', () => {
    it('50 payments at once on one patient: receipt numbers unique and gapless, totals exact', async () => {
      const patientId = await newPatient(zeroClinic, ['100.00', '200.00']);
      const first = await recorded(patientId, cash('0.01'));
      const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => record(patientId, cash(`${i + 1}.01`))));
      const views = replies.map((r) => {
        expect(r.ok).toBe(true);
        return (r as { data: PatientPaymentView }).data;
      });
      const numbers = views.map((v) => Number(v.receiptNumber)).sort((a, b) => a - b);
      const start = Number(first.receiptNumber);
      expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => start + 1 + i));
      // 0.01 + Σ(k + 0.01) for k = 1..50 = 0.01 + 1275 + 0.50
      const totals = await ok<{ items: Body[] }>(PatientPaymentSubjects.receivedTotals, { patientIds: [patientId] });
      expect(totals.items).toEqual([
        { patientId, currency: 'EUR', openReceived: '1275.51', closedReceived: '0.00', closedThrough: null },
      ]);
      const list = await ok<{ items: PatientPaymentView[] }>(PatientPaymentSubjects.list, { patientId });
      expect(list.items).toHaveLength(51);
      for (const v of views) expect(v.splits.reduce((a, s) => a + minor(s.amount), 0n)).toBe(minor(v.amount));
      expect(await stored(patientId)).toMatchObject({ payments: 51, audit: 51, events: 51 });
      const [counter] = await paymentsDb<{ last_number: string }>(
        'select last_number::text from receipt_counter where clinic_id = ?',
        [zeroClinic.id],
      );
      expect(Number(counter.last_number)).toBe(start + 50);
    });
  });

  describe('closure locks', () => {
    it('lock then money dated on/before → 409, after → ok; closed records are locked; unlock → ok', async () => {
      const patientId = await newPatient(unsetClinic);
      const early = await recorded(patientId, cash('100.00', '2026-01-10'));
      const late = await recorded(patientId, cash('40.00', '2026-02-10'));
      await recorded(patientId, aRefund('30.00').on('2026-01-20').build());
      const closureId = randomUUID();
      const lock = { patientId, closureId, through: '2026-01-31' };
      const sums = { receivedThrough: '70.00', bankCostThrough: '0.00' };
      expect(await ok(PatientPaymentSubjects.lockMoney, lock)).toEqual(sums);
      expect(await ok(PatientPaymentSubjects.lockMoney, lock)).toEqual(sums);
      const before = await stored(patientId);
      for (const date of ['2026-01-31', '2026-01-01']) {
        expect(await refused(PatientPaymentSubjects.record, { patientId, ...cash('5.00', date) })).toMatchObject({
          status: 409,
          code: 'PAYMENT.ACCOUNT_CLOSED',
        });
      }
      const closedEdits = [
        [PatientPaymentSubjects.update, { patientId, paymentId: early.id, note: 'x' }],
        [PatientPaymentSubjects.delete, { patientId, paymentId: early.id }],
        [PatientPaymentSubjects.update, { patientId, paymentId: late.id, date: '2026-01-31' }],
      ] as const;
      for (const [subject, body] of closedEdits) {
        expect(await refused(subject, body)).toMatchObject({ status: 409, code: 'PAYMENT.ACCOUNT_CLOSED' });
      }
      expect(await stored(patientId)).toEqual(before);
      await recorded(patientId, cash('5.00', '2026-02-01'));
      const list = await ok<{ items: PatientPaymentView[] }>(PatientPaymentSubjects.list, { patientId });
      expect(list.items.map((p) => [p.date, p.amount, p.closed])).toEqual([
        ['2026-01-10', '100.00', true],
        ['2026-01-20', '-30.00', true],
        ['2026-02-01', '5.00', false],
        ['2026-02-10', '40.00', false],
      ]);
      expect(
        (await ok<{ items: Body[] }>(PatientPaymentSubjects.receivedTotals, { patientIds: [patientId] })).items,
      ).toEqual([
        { patientId, currency: 'EUR', openReceived: '45.00', closedReceived: '70.00', closedThrough: '2026-01-31' },
      ]);
      expect(await ok(PatientPaymentSubjects.unlockMoney, { patientId, closureId })).toEqual({ unlocked: true });
      expect(await ok(PatientPaymentSubjects.unlockMoney, { patientId, closureId })).toEqual({ unlocked: false });
      await recorded(patientId, cash('5.00', '2026-01-15'));
      await ok(PatientPaymentSubjects.update, { patientId, paymentId: early.id, note: 'open again' });
    });

    it('the lock also answers the bank costs dated on/before it (deleted and later records left out)', async () => {
      const patientId = await newPatient(percentClinic);
      await recorded(patientId, card('1000.00', '2026-01-10')); // 1025.00, bank cost 25.00
      await recorded(patientId, card('10.10', '2026-01-31')); // 10.35, bank cost 0.25 (0.2525 half-up)
      const gone = await recorded(patientId, card('400.00', '2026-01-20'));
      await ok(PatientPaymentSubjects.delete, { patientId, paymentId: gone.id });
      await recorded(patientId, card('200.00', '2026-02-01')); // after the lock
      await recorded(patientId, cash('50.00', '2026-01-05'));
      const lock = { patientId, closureId: randomUUID(), through: '2026-01-31' };
      expect(await ok(PatientPaymentSubjects.lockMoney, lock)).toEqual({
        receivedThrough: '1085.35',
        bankCostThrough: '25.25',
      });
    });

    it('a later lock over an earlier one, undone one after the other', async () => {
      const patientId = await newPatient(unsetClinic);
      const [first, second] = [randomUUID(), randomUUID()];
      // as patient-accounts sends it: with the patient's clinic and currency (payments may not know the patient yet)
      const facts = { clinicId: unsetClinic.id, currency: 'EUR' };
      await ok(PatientPaymentSubjects.lockMoney, { patientId, closureId: first, through: '2026-01-31', ...facts });
      await ok(PatientPaymentSubjects.lockMoney, { patientId, closureId: second, through: '2026-02-28', ...facts });
      expect((await refused(PatientPaymentSubjects.record, { patientId, ...cash('1.00', '2026-02-15') })).status).toBe(
        409,
      );
      await ok(PatientPaymentSubjects.unlockMoney, { patientId, closureId: second });
      await recorded(patientId, cash('1.00', '2026-02-15'));
      expect((await refused(PatientPaymentSubjects.record, { patientId, ...cash('1.00', '2026-01-15') })).status).toBe(
        409,
      );
    });

    it('an account.reopened event unlocks too, once (the backup of the unlock call)', async () => {
      const patientId = await newPatient(unsetClinic);
      const closureId = randomUUID();
      const facts = { clinicId: unsetClinic.id, currency: 'EUR' }; // as patient-accounts sends them
      await ok(PatientPaymentSubjects.lockMoney, { patientId, closureId, through: '2026-01-31', ...facts });
      const reopened = await bus.publish(
        AccountEvents.accountReopened,
        aClosureSnapshot({
          id: closureId,
          patientId,
          organizationId: caller.organizationId,
          clinicId: unsetClinic.id,
          date: '2026-01-31',
        }),
        { organizationId: caller.organizationId, clinicId: unsetClinic.id },
      );
      await payments.consumed(reopened.id);
      expect(await paymentsDb('select closure_id from patient_money_lock where closure_id = ?', [closureId])).toEqual(
        [],
      );
      await recorded(patientId, cash('1.00', '2026-01-15'));
      expect(await ok(PatientPaymentSubjects.unlockMoney, { patientId, closureId })).toEqual({ unlocked: false });
    });
  });

  describe('contracts', () => {
    it("a payment marked for a contract counts for it; another patient's or an unknown contract is a 404", async () => {
      const patientId = await newPatient(unsetClinic, ['900.00']);
      const contract = await accounts.contract(patientId, { totalAmount: '900.00', installmentCount: 3 });
      await recorded(patientId, aCashPayment('250.00').forContract(contract.id).build());
      await recorded(patientId, aCashPayment('50.00').forContract(contract.id).build());
      await recorded(patientId, cash('70.00'));
      const unknown = randomUUID();
      expect(await ok(PatientPaymentSubjects.contractPaid, { patientId, contractIds: [contract.id, unknown] })).toEqual(
        {
          items: [
            { contractId: contract.id, paidAmount: '300.00' },
            { contractId: unknown, paidAmount: '0.00' },
          ],
        },
      );
      const otherPatient = await newPatient(unsetClinic);
      const before = await stored(otherPatient);
      expect(
        await refused(PatientPaymentSubjects.record, {
          patientId: otherPatient,
          ...aCashPayment('5.00').forContract(contract.id).build(),
        }),
      ).toMatchObject({ status: 404, code: 'CONTRACT.NOT_FOUND' });
      expect(await stored(otherPatient)).toEqual(before);
    });
  });

  describe('PDFs', () => {
    it('a receipt PDF carries the receipt number and the amount in the clinic locale (en and tr)', async () => {
      const patientId = await newPatient(percentClinic);
      const p = await recorded(patientId, card('1000.00'));
      const file = await ok<{ fileName: string; contentType: string; contentBase64: string }>(
        PatientPaymentSubjects.receipt,
        { patientId, paymentId: p.id },
      );
      expect(file).toMatchObject({ fileName: `receipt-${p.receiptNumber}.pdf`, contentType: 'application/pdf' });
      const text = await pdfText(Buffer.from(file.contentBase64, 'base64'));
      expect(text).toContain(`Receipt ${p.receiptNumber}`);
      expect(text).toMatch(/Amount\s+€1,025\.00/);
      expect(text).toMatch(/Bank cost\s+€25\.00/);

      const trPatient = await newPatient(turkishClinic);
      const tr = await recorded(trPatient, card('1000.00'));
      const trFile = await ok<{ contentBase64: string }>(PatientPaymentSubjects.receipt, {
        patientId: trPatient,
        paymentId: tr.id,
      });
      const trText = await pdfText(Buffer.from(trFile.contentBase64, 'base64'));
      expect(trText).toContain(`Makbuz ${tr.receiptNumber}`);
      expect(trText).toMatch(/Tutar\s+€1\.025,00/);
    });

    it('the list PDF shows each record and the total; the closed part only with showPaid', async () => {
      const patientId = await newPatient(unsetClinic);
      const a = await recorded(patientId, cash('1234.50', '2026-01-10'));
      const b = await recorded(patientId, aRefund('34.50').on('2026-02-10').build());
      const c = await recorded(patientId, cash('10.00', '2026-02-11'));
      await ok(PatientPaymentSubjects.lockMoney, { patientId, closureId: randomUUID(), through: '2026-01-31' });
      const open = await ok<{ contentBase64: string }>(PatientPaymentSubjects.listPdf, { patientId });
      const openText = await pdfText(Buffer.from(open.contentBase64, 'base64'));
      expect(openText).not.toContain(a.receiptNumber);
      expect(openText).toContain(b.receiptNumber);
      expect(openText).toContain(c.receiptNumber);
      expect(openText).toMatch(/-€34\.50/);
      expect(openText).toMatch(/Total\s+-€24\.50/);
      const all = await ok<{ contentBase64: string }>(PatientPaymentSubjects.listPdf, { patientId, showPaid: true });
      const allText = await pdfText(Buffer.from(all.contentBase64, 'base64'));
      expect(allText).toContain(a.receiptNumber);
      expect(allText).toMatch(/€1,234\.50/);
      expect(allText).toMatch(/Total\s+€1,210\.00/);
    });
  });
});
