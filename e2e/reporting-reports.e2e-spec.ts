// Account Book and Progress Payment (DOMAIN.md B, C): reporting and the gateway as the built processes on real
// PostgreSQL and NATS. The events of payments (clinic, patient payments, work-order payments) and of patient-accounts
// (physicians) are put on JetStream as their outbox relays do; the reports are read through the gateway's routes,
// as files (parsed back) and through `reporting.query.render-report`.
import {
  AccountBookAnswer,
  AccountEvents,
  ClinicEvents,
  ClinicView,
  EventEnvelope,
  PatientPaymentEvents,
  PatientPaymentType,
  PatientPaymentView,
  PhysicianView,
  ProgressPaymentsAnswer,
  ReportFileView,
  ReportLayouts,
  ReportSubjects,
  splitPayment,
} from '@dental/contracts';
import { Money, Percent } from '@dental/money';
import { Bus, caller, Events, GatewayClient, testNats, TestWorld } from '@dental/testing';
import { DateTime } from 'luxon';
import { randomBytes, randomUUID } from 'node:crypto';
import { NatsConnection } from 'nats';
import request from 'supertest';
import { consumersCaughtUp, ServiceStack, startServices } from './support/service-stack';
import { linesInOrder, pdfCells, pdfPages, readCsv, readXlsx } from './support/report-readers';

jest.setTimeout(120_000);

const ADMIN = { email: 'admin@example.com', password: 'first-admin-password' };
const ORGANIZATION_NAME = 'Smile Dental Group';
const ACCOUNT_BOOK_TITLES = ReportLayouts.accountBookColumns('en').map((c) => c.title);
const PROGRESS_TITLES = ReportLayouts.progressPaymentColumns('en').map((c) => c.title);
/** A Progress Payment row's figures in a clinic's default mode (collections, no cost, no lab case): base = collected. */
const collected = (amount: string) => ({
  collectedAmount: amount,
  baseAmount: amount,
  costAmount: '0.00',
  labFeeAmount: '0.00',
  netAmount: amount,
});

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

function envelope<P>(type: string, organizationId: string, clinicId: string | null, payload: P, at = new Date()) {
  const e: EventEnvelope<P> = {
    id: randomUUID(),
    type,
    version: 1,
    occurredAt: at.toISOString(),
    organizationId,
    clinicId,
    correlationId: randomUUID(),
    payload,
  };
  return e;
}

describe('Account Book and Progress Payment (e2e: reporting and the gateway as built)', () => {
  const world = new TestWorld();
  let stack: ServiceStack;
  let nc: NatsConnection;
  let bus: Bus;
  let organizationId: string;
  const tokens = { admin: '', accountant: '', reception: '' };
  const CLINIC = randomUUID();
  const OTHER_CLINIC = randomUUID(); // same organization, nothing in the period asked
  const EDIT_CLINIC = randomUUID(); // edited, moved and deleted money, and strangers' events
  const TR_CLINIC = randomUUID(); // locale tr, in Turkish lira
  const BIG_CLINIC = randomUUID(); // money on BIG_DAYS days in a row
  const BIG_DAYS = 520;
  const t0 = Date.parse('2026-11-01T08:00:00Z');
  const FOREIGN_CLINIC = randomUUID(); // another organization's
  const DR_A = randomUUID();
  const DR_B = randomUUID();
  const DR_LATE = randomUUID(); // splits arrive before the physician's event (never sent here)

  const http = () => request(stack.gatewayUrl);
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  const login = (email: string, password: string) => new GatewayClient(stack.gatewayUrl).login(email, password);

  function clinic(
    id: string,
    org: string,
    name: string,
    locale: 'en' | 'tr' = 'en',
    currency = 'EUR',
  ): EventEnvelope<ClinicView> {
    return envelope(ClinicEvents.created, org, id, {
      id,
      organizationId: org,
      name,
      currency,
      timeZone: 'Europe/Istanbul',
      locale,
      bankChargePercent: '2.50',
    });
  }

  function physician(id: string, name: string, commissionPercent: string | null, at: Date, created = true) {
    const view: PhysicianView = { id, organizationId, clinicId: CLINIC, name, commissionPercent };
    return envelope(
      created ? AccountEvents.physicianCreated : AccountEvents.physicianUpdated,
      organizationId,
      CLINIC,
      view,
      at,
    );
  }

  // The distribution at the moment of recording: Dr. A 600.00, Dr. B 400.00 of open treatments (60 % / 40 %).
  const SHARES: Array<[string | null, string]> = [
    [DR_A, '600.00'],
    [DR_B, '400.00'],
  ];
  const ONLY = (id: string | null): Array<[string | null, string]> => [[id, '1.00']];

  /**
   * A received-money snapshot as payments emits it (apps/payments README "Pay splits"): `entered` is what was typed;
   * a card with the clinic's bank charge above 0 (state 1) stores entered + fee and its fee goes to the Clinic row,
   * the rest split by `shares`; state 0 keeps the typed amount and a typed bank cost; a refund is stored negative.
   */
  function payment(p: {
    id?: string;
    date: string;
    type: PatientPaymentType;
    entered: string;
    /** the clinic's setting: '2.50' (state 1), '0' (state 0, `typedBankCost`), null (state 3) */
    bankCharge?: string | null;
    typedBankCost?: string;
    shares?: Array<[string | null, string]>;
    revision?: number;
    deleted?: boolean;
    clinicId?: string;
    organizationId?: string;
    currency?: string;
  }): EventEnvelope<PatientPaymentView> {
    const revision = p.revision ?? 1;
    const org = p.organizationId ?? organizationId;
    const currency = p.currency ?? 'EUR';
    const entered = Money.parse(p.entered, currency);
    const card = p.type === 'card';
    const charge = card && p.bankCharge != null ? Percent.parse(p.bankCharge) : null;
    const fee = charge && !charge.isZero() ? entered.percent(charge) : null;
    const bankCost = fee ?? (charge && p.typedBankCost ? Money.parse(p.typedBankCost, currency) : null);
    const stored = p.type === 'refund' ? entered.negate() : fee ? entered.plus(fee) : entered;
    const totals = (p.shares ?? SHARES).map(([physicianId, amount]) => ({
      physicianId,
      name: physicianId ?? 'Clinic',
      treatmentAmount: Money.parse(amount, currency),
    }));
    let splits = splitPayment(totals, fee ? stored.minus(fee) : stored);
    if (fee && !fee.isZero()) {
      const clinicRow = splits.find((s) => s.physicianId === null);
      splits = clinicRow
        ? splits.map((s) =>
            s === clinicRow ? { ...s, amount: Money.parse(s.amount, currency).plus(fee).toDecimal() } : s,
          )
        : [...splits, { physicianId: null, amount: fee.toDecimal() }];
    }
    const view: PatientPaymentView = {
      id: p.id ?? randomUUID(),
      organizationId: org,
      clinicId: p.clinicId ?? CLINIC,
      patientId: randomUUID(),
      receiptNumber: '000001',
      date: p.date,
      amount: stored.toDecimal(),
      enteredAmount: entered.toDecimal(),
      bankCost: bankCost?.toDecimal() ?? null,
      bankChargePercent: charge?.toDecimal() ?? null,
      paymentType: p.type,
      contractId: null,
      note: null,
      currency,
      closed: false,
      splits,
      physicianId: null,
      revision,
      deleted: p.deleted ?? false,
      createdAt: '2026-11-21T10:00:00.000Z',
    };
    const type = p.deleted
      ? PatientPaymentEvents.deleted
      : revision === 1
        ? PatientPaymentEvents.recorded
        : PatientPaymentEvents.updated;
    return envelope(type, org, view.clinicId, view);
  }

  beforeAll(async () => {
    // reporting and the gateway as the built processes; reporting learns everything from the events put on its bus
    stack = await startServices(world, ['reporting', 'gateway'], {
      admin: ADMIN,
      env: (service) =>
        service === 'gateway'
          ? {
              JWT_SECRET: randomBytes(32).toString('hex'),
              ADMIN_EMAIL: ADMIN.email,
              ADMIN_PASSWORD: ADMIN.password,
              ORGANIZATION_NAME,
              LOGIN_RATE_LIMIT: '1000',
            }
          : {},
    });
    tokens.admin = await login(ADMIN.email, ADMIN.password);
    organizationId = (await http().get('/api/v1/me').set(auth(tokens.admin))).body.organization.id;
    for (const [key, roles] of [
      ['accountant', ['accountant']],
      ['reception', ['reception']],
    ] as const) {
      const email = `${key}@example.com`;
      const res = await http()
        .post('/api/v1/users')
        .set(auth(tokens.admin))
        .send({ email, name: key, password: 'user-password-1', roles });
      expect(res.status).toBe(201);
      tokens[key] = await login(email, 'user-password-1');
    }

    nc = await testNats();
    bus = new Bus(nc, world.busPrefix);
    const ev = new Events(organizationId);
    const lab = ev.lab('Smile Lab');
    const wo = ev.workOrder({ clinicId: CLINIC, labId: lab.payload.id, number: 'WO-000001', total: '900.00' });
    const labPayment = (amount: string, date: string) => {
      const e = ev.payment({ workOrder: wo, amount });
      return { ...e, payload: { ...e.payload, date } };
    };

    // the day of the issue: cash 500.00, card 1000.00 at 2.50 % (stored 1025.00, bank cost 25.00), a refund 100.00,
    // a lab payment 300.00
    const cash = payment({ date: '2026-11-21', type: 'cash', entered: '500.00' });
    const cardFirst = payment({ date: '2026-11-21', type: 'card', entered: '500.00', bankCharge: '2.50' });
    const cardEdited = payment({
      id: cardFirst.payload.id,
      revision: 2,
      date: '2026-11-21',
      type: 'card',
      entered: '1000.00',
      bankCharge: '2.50',
    });
    const refund = payment({ date: '2026-11-21', type: 'refund', entered: '100.00' });
    const deleted = payment({ date: '2026-11-21', type: 'cash', entered: '999.00', shares: ONLY(DR_B) });
    const labOut = labPayment('300.00', '2026-11-21');

    // EDIT_CLINIC: edits that move money to another day or change its type and bank cost, a delete, and what is not
    // this clinic's (another organization's event naming it, or reusing a record's id), each delivered out of order
    const moved = payment({
      clinicId: EDIT_CLINIC,
      date: '2026-10-01',
      type: 'card',
      entered: '300.00',
      bankCharge: '0',
      typedBankCost: '20.00',
    });
    const movedEdit = payment({
      id: moved.payload.id,
      clinicId: EDIT_CLINIC,
      revision: 2,
      date: '2026-10-03',
      type: 'bank_transfer',
      entered: '300.00',
    });
    const retyped = payment({ clinicId: EDIT_CLINIC, date: '2026-10-03', type: 'cash', entered: '100.00' });
    const retypedEdit = payment({
      id: retyped.payload.id,
      clinicId: EDIT_CLINIC,
      revision: 2,
      date: '2026-10-03',
      type: 'card',
      entered: '100.00',
      bankCharge: '2.50',
    });
    const gone = payment({ clinicId: EDIT_CLINIC, date: '2026-10-02', type: 'cash', entered: '70.00' });
    const goneDelete = payment({
      id: gone.payload.id,
      clinicId: EDIT_CLINIC,
      revision: 2,
      date: '2026-10-02',
      type: 'cash',
      entered: '70.00',
      deleted: true,
    });
    const stranger = randomUUID();

    // BIG_CLINIC: money on more days than one chunk of the gateway or one render-report answer holds
    const bigDays = Array.from({ length: BIG_DAYS }, (_, i) =>
      payment({
        clinicId: BIG_CLINIC,
        date: DateTime.fromISO('2024-01-01').plus({ days: i }).toISODate()!,
        type: 'cash',
        entered: '10.00',
      }),
    );

    await bus.publish([
      clinic(CLINIC, organizationId, 'Downtown Dental'),
      clinic(OTHER_CLINIC, organizationId, 'Uptown Dental'),
      clinic(EDIT_CLINIC, organizationId, 'Harbour Dental'),
      clinic(TR_CLINIC, organizationId, 'Kadıköy Diş', 'tr', 'TRY'),
      clinic(BIG_CLINIC, organizationId, 'Busy Dental'),
      clinic(FOREIGN_CLINIC, randomUUID(), 'Elsewhere Dental'),
      // Dr. A's commission is set by a later update that arrives first: the newer event wins
      physician(DR_A, 'Dr. Ayşe Demir', '40.00', new Date(t0 + 60_000), false),
      physician(DR_A, 'Dr. Ayşe Demir', null, new Date(t0)),
      physician(DR_B, 'Dr. Bora Kaya', null, new Date(t0)),
      lab,
      wo,
      cash,
      // the edit arrives before the record, and the record twice: the newest revision stays
      cardEdited,
      cardFirst,
      refund,
      deleted,
      payment({
        id: deleted.payload.id,
        date: '2026-11-21',
        type: 'cash',
        entered: '999.00',
        shares: ONLY(DR_B),
        revision: 2,
        deleted: true,
      }),
      labOut,
      // other days of the months and years around it
      payment({ date: '2026-11-22', type: 'bank_transfer', entered: '250.00', shares: ONLY(DR_B) }),
      payment({ date: '2026-12-02', type: 'check', entered: '80.00', shares: ONLY(DR_LATE) }),
      payment({ date: '2025-06-30', type: 'cash', entered: '40.00', shares: ONLY(DR_A) }),
      labPayment('-50.00', '2026-12-02'),
      // another clinic's money is not this clinic's
      payment({ clinicId: OTHER_CLINIC, date: '2025-01-01', type: 'cash', entered: '70.00', shares: [] }),
      // newest revisions first, then the older ones
      movedEdit,
      moved,
      retypedEdit,
      retyped,
      goneDelete,
      gone,
      // another organization: an event naming this clinic, and one reusing a record's id with a higher revision
      payment({
        organizationId: stranger,
        clinicId: EDIT_CLINIC,
        date: '2026-10-03',
        type: 'cash',
        entered: '1000.00',
      }),
      payment({
        organizationId: stranger,
        id: retyped.payload.id,
        revision: 9,
        clinicId: EDIT_CLINIC,
        date: '2026-10-03',
        type: 'check',
        entered: '5000.00',
      }),
      // a Turkish clinic: its files are in Turkish
      payment({
        clinicId: TR_CLINIC,
        date: '2026-11-21',
        type: 'card',
        entered: '200.00',
        bankCharge: '2.50',
        currency: 'TRY',
      }),
      ...bigDays,
    ]);
    await bus.publish([cash, cardFirst], () => randomUUID()); // redelivered past JetStream's de-duplication
    await consumersCaughtUp(world);
  });

  afterAll(async () => {
    await stack?.stop();
    await nc?.close();
    await world.cleanup();
  });

  const figures = (
    cash: string,
    card: string,
    bankTransfer: string,
    check: string,
    received: string,
    refunds: string,
    bankExpenses: string,
    labPayments: string,
    netTurnover: string,
  ) => ({
    receivedByType: { cash, card, bank_transfer: bankTransfer, check },
    receivedAmount: received,
    refunds,
    bankExpenses,
    labPayments,
    netTurnover,
  });

  it('Account Book for the day: every column and the net (500 + 1025 − 100 − 25 = 1400.00)', async () => {
    const res = await http()
      .get(`/api/v1/reports/account-book?clinicId=${CLINIC}&from=2026-11-21&to=2026-11-21`)
      .set(auth(tokens.accountant));
    expect(res.status).toBe(200);
    const day = figures('500.00', '1025.00', '0.00', '0.00', '1525.00', '-100.00', '25.00', '300.00', '1400.00');
    expect(res.body).toEqual({
      clinicId: CLINIC,
      currency: 'EUR',
      groupBy: 'day',
      from: '2026-11-21',
      to: '2026-11-21',
      items: [{ period: '2026-11-21', ...day }],
      totals: day,
    });
  });

  it('groups by day, month and year with the same totals', async () => {
    const ask = async (groupBy: string) => {
      const res = await http()
        .get(`/api/v1/reports/account-book?clinicId=${CLINIC}&groupBy=${groupBy}`)
        .set(auth(tokens.accountant));
      expect(res.status).toBe(200);
      return res.body as AccountBookAnswer;
    };
    const totals = figures('540.00', '1025.00', '250.00', '80.00', '1895.00', '-100.00', '25.00', '250.00', '1770.00');
    const days = await ask('day');
    expect(days.items.map((r) => [r.period, r.netTurnover, r.labPayments])).toEqual([
      ['2025-06-30', '40.00', '0.00'],
      ['2026-11-21', '1400.00', '300.00'],
      ['2026-11-22', '250.00', '0.00'],
      ['2026-12-02', '80.00', '-50.00'],
    ]);
    expect(days.totals).toEqual(totals);
    const months = await ask('month');
    expect(months.items).toEqual([
      { period: '2025-06', ...figures('40.00', '0.00', '0.00', '0.00', '40.00', '0.00', '0.00', '0.00', '40.00') },
      {
        period: '2026-11',
        ...figures('500.00', '1025.00', '250.00', '0.00', '1775.00', '-100.00', '25.00', '300.00', '1650.00'),
      },
      { period: '2026-12', ...figures('0.00', '0.00', '0.00', '80.00', '80.00', '0.00', '0.00', '-50.00', '80.00') },
    ]);
    expect(months.totals).toEqual(totals);
    const years = await ask('year');
    expect(years.items.map((r) => [r.period, r.receivedAmount, r.netTurnover])).toEqual([
      ['2025', '40.00', '40.00'],
      ['2026', '1855.00', '1730.00'],
    ]);
    expect(years.totals).toEqual(totals);
    // a period outside any money: no rows, zero totals
    const empty = await http()
      .get(`/api/v1/reports/account-book?clinicId=${OTHER_CLINIC}&from=2026-01-01&to=2026-12-31`)
      .set(auth(tokens.accountant));
    expect(empty.body.items).toEqual([]);
    expect(empty.body.totals.netTurnover).toBe('0.00');
  });

  it('the account book comes in keyset pages whose totals are the whole period', async () => {
    const who = caller(organizationId);
    const whole = await bus.ask<AccountBookAnswer>(ReportSubjects.accountBook, { clinicId: CLINIC }, who);
    if (!whole.ok) throw new Error(whole.error.message);
    expect(whole.data.nextCursor).toBeNull();
    const pages: AccountBookAnswer[] = [];
    for (let after: string | null | undefined; after !== null;) {
      const reply = await bus.ask<AccountBookAnswer>(
        ReportSubjects.accountBook,
        { clinicId: CLINIC, pageSize: 3, ...(after ? { after } : {}) },
        who,
      );
      if (!reply.ok) throw new Error(reply.error.message);
      pages.push(reply.data);
      after = reply.data.nextCursor;
    }
    expect(pages.map((p) => p.items.length)).toEqual([3, 1]);
    expect(pages.flatMap((p) => p.items)).toEqual(whole.data.items);
    for (const p of pages) expect(p.totals).toEqual(whole.data.totals);
  });

  it('Progress Payment for two physicians across a refund and a commission percent', async () => {
    const res = await http()
      .get(`/api/v1/reports/progress-payments?clinicId=${CLINIC}&from=2026-11-01&to=2026-11-30`)
      .set(auth(tokens.accountant));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      clinicId: CLINIC,
      currency: 'EUR',
      from: '2026-11-01',
      to: '2026-11-30',
      mode: 'collections',
      costPercent: '0.00',
      items: [
        // 300 + 600 − 60 = 840.00, × 40 % = 336.00
        {
          physicianId: DR_A,
          name: 'Dr. Ayşe Demir',
          ...collected('840.00'),
          commissionPercent: '40.00',
          earnedAmount: '336.00',
        },
        // 200 + 400 − 40 + 250 = 810.00, no commission: earned = collected
        {
          physicianId: DR_B,
          name: 'Dr. Bora Kaya',
          ...collected('810.00'),
          commissionPercent: null,
          earnedAmount: '810.00',
        },
        // the Bank Cost treatment's share
        { physicianId: null, name: 'Clinic', ...collected('25.00'), commissionPercent: null, earnedAmount: '25.00' },
      ],
      totals: { ...collected('1675.00'), earnedAmount: '1171.00' },
    });
    // one physician; and a physician known only from splits, by id
    const one = await http()
      .get(`/api/v1/reports/progress-payments?clinicId=${CLINIC}&from=2026-11-01&to=2026-11-30&physicianId=${DR_B}`)
      .set(auth(tokens.accountant));
    expect(one.body.items.map((r: { physicianId: string }) => r.physicianId)).toEqual([DR_B]);
    expect(one.body.totals).toEqual({ ...collected('810.00'), earnedAmount: '810.00' });
    const december = await http()
      .get(`/api/v1/reports/progress-payments?clinicId=${CLINIC}&from=2026-12-01&to=2026-12-31`)
      .set(auth(tokens.accountant));
    expect(december.body.items).toEqual([
      expect.objectContaining({ physicianId: DR_A, collectedAmount: '0.00', earnedAmount: '0.00' }),
      expect.objectContaining({ physicianId: DR_B, collectedAmount: '0.00' }),
      { physicianId: DR_LATE, name: DR_LATE, ...collected('80.00'), commissionPercent: null, earnedAmount: '80.00' },
    ]);
  });

  it('an edit that moves money to another day or changes its type and bank cost, a delete, and strangers', async () => {
    const res = await http().get(`/api/v1/reports/account-book?clinicId=${EDIT_CLINIC}`).set(auth(tokens.accountant));
    expect(res.status).toBe(200);
    // 10-01's card (typed bank cost 20.00) moved to 10-03 as a bank transfer; 10-02's cash deleted; 10-03's cash
    // became a card at 2.50 % (102.50, bank cost 2.50); the other organization's 1000.00 and 5000.00 are not here
    const day = figures('0.00', '102.50', '300.00', '0.00', '402.50', '0.00', '2.50', '0.00', '400.00');
    expect(res.body.items).toEqual([{ period: '2026-10-03', ...day }]);
    expect(res.body.totals).toEqual(day);
    const progress = await http()
      .get(`/api/v1/reports/progress-payments?clinicId=${EDIT_CLINIC}`)
      .set(auth(tokens.accountant));
    // the card's fee is the Clinic's; the physicians (known only from splits here) share the rest 60/40
    expect(progress.body.totals.collectedAmount).toBe('402.50');
    expect(progress.body.items.at(-1)).toEqual({
      physicianId: null,
      name: 'Clinic',
      ...collected('2.50'),
      commissionPercent: null,
      earnedAmount: '2.50',
    });
  });

  it('a physician renamed later shows the new name on earlier money; an older event does not undo it', async () => {
    await bus.publish([
      physician(DR_B, 'Dr. Bora Kaya-Yılmaz', '10.00', new Date(t0 + 120_000), false),
      physician(DR_B, 'Dr. B. Kaya', null, new Date(t0 + 30_000), false),
    ]);
    await consumersCaughtUp(world);
    const res = await http()
      .get(`/api/v1/reports/progress-payments?clinicId=${CLINIC}&from=2026-11-01&to=2026-11-30&physicianId=${DR_B}`)
      .set(auth(tokens.accountant));
    expect(res.body.items).toEqual([
      {
        physicianId: DR_B,
        name: 'Dr. Bora Kaya-Yılmaz',
        ...collected('810.00'),
        commissionPercent: '10.00',
        earnedAmount: '81.00',
      },
    ]);
    // back as it was for the other tests
    await bus.publish([physician(DR_B, 'Dr. Bora Kaya', null, new Date(t0 + 180_000), false)]);
    await consumersCaughtUp(world);
  });

  async function download(path: string): Promise<request.Response> {
    const res = await http().get(`/api/v1${path}`).set(auth(tokens.accountant)).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    return res;
  }

  it.each(['csv', 'xlsx', 'pdf'] as const)(
    'the %s files hold the JSON rows and totals, with the header',
    async (format) => {
      const query = `clinicId=${CLINIC}&from=2025-01-01&to=2026-12-31&groupBy=month`;
      const json = (await http().get(`/api/v1/reports/account-book?${query}`).set(auth(tokens.accountant)))
        .body as AccountBookAnswer;
      const rows = json.items.map((r) => ReportLayouts.accountBookCells(r.period, r));
      const totals = ReportLayouts.accountBookCells('Total', json.totals);
      const book = await download(`/reports/account-book?${query}&format=${format}`);
      expect(book.headers['content-disposition']).toMatch(
        new RegExp(`^attachment; filename="account-book-\\d{4}-\\d{2}-\\d{2}\\.${format}"$`),
      );

      const pp = `clinicId=${CLINIC}&from=2026-11-01&to=2026-11-30`;
      const ppJson = (await http().get(`/api/v1/reports/progress-payments?${pp}`).set(auth(tokens.accountant)))
        .body as ProgressPaymentsAnswer;
      const ppRows = ppJson.items.map((r) => ReportLayouts.progressPaymentCells(r));
      const ppTotals = ReportLayouts.progressPaymentTotals(ppJson.totals);
      const progress = await download(`/reports/progress-payments?${pp}&format=${format}`);

      if (format === 'pdf') {
        const text = (await pdfPages(book.body as Buffer)).join('\n');
        expect(text).toContain(ORGANIZATION_NAME);
        expect(text).toContain('Account Book');
        expect(text.replace(/\s+/g, ' ')).toContain('Grouped by: Month');
        // the amounts as the clinic's locale (en) writes them with the sign: the JSON's decimals through formatMoney
        const bookKinds = ReportLayouts.accountBookColumns('en');
        const printed = (r: string[]) => pdfCells(r, bookKinds, 'EUR', 'en');
        expect(linesInOrder(text, [ACCOUNT_BOOK_TITLES, ...rows.map(printed), printed(totals)])).toEqual({ ok: true });
        expect(text).not.toContain(json.totals.receivedAmount);
        const ppText = (await pdfPages(progress.body as Buffer)).join('\n');
        const ppKinds = ReportLayouts.progressPaymentColumns('en');
        const ppPrinted = (r: string[]) => pdfCells(r, ppKinds, 'EUR', 'en');
        expect(linesInOrder(ppText, [PROGRESS_TITLES, ...ppRows.map(ppPrinted), ppPrinted(ppTotals)])).toEqual({
          ok: true,
        });
        return;
      }
      const read = format === 'csv' ? readCsv : readXlsx;
      const file = await read(book.body as Buffer, ACCOUNT_BOOK_TITLES);
      expect(file.header.get('Organization')).toBe(ORGANIZATION_NAME);
      expect(file.header.get('Report')).toBe('Account Book');
      expect(file.header.get('Period')).toBe('2025-01-01 – 2026-12-31');
      expect(file.header.get('Grouped by')).toBe('Month');
      expect(file.header.get('Currency')).toBe('EUR');
      expect(file.rows).toEqual(rows);
      expect(file.totals).toEqual(totals);
      const ppFile = await read(progress.body as Buffer, PROGRESS_TITLES);
      expect(ppFile.header.get('Report')).toBe('Progress Payment');
      expect(ppFile.header.get('Physician')).toBe('All physicians');
      expect(ppFile.rows).toEqual(ppRows);
      expect(ppFile.totals).toEqual(ppTotals);
    },
  );

  it('render-report answers whole files: the Account Book in Turkish, and the Finance labs', async () => {
    const who = caller(organizationId);
    const reply = await bus.ask<ReportFileView>(
      ReportSubjects.renderReport,
      { report: 'account-book', clinicId: CLINIC, from: '2026-11-21', to: '2026-11-21', format: 'csv', locale: 'tr' },
      who,
    );
    if (!reply.ok) throw new Error(reply.error.message);
    expect(reply.data.contentType).toBe('text/csv; charset=utf-8');
    expect(reply.data.fileName).toMatch(/^account-book-\d{4}-\d{2}-\d{2}\.csv$/);
    const titles = ReportLayouts.accountBookColumns('tr').map((c) => c.title);
    const file = readCsv(Buffer.from(reply.data.contentBase64, 'base64'), titles);
    expect(file.header.get('Report')).toBe('Kasa Defteri');
    expect(file.header.get('Organization')).toBe('Downtown Dental');
    expect(file.rows).toEqual([
      ['2026-11-21', '500.00', '1025.00', '0.00', '0.00', '1525.00', '-100.00', '25.00', '1400.00', '300.00'],
    ]);
    expect(file.totals[0]).toBe('Toplam');

    const labs = await bus.ask<ReportFileView>(
      ReportSubjects.renderReport,
      {
        report: 'finance-labs',
        clinicId: CLINIC,
        from: '2026-01-01',
        to: '2026-12-31',
        format: 'xlsx',
        organizationName: 'Org',
      },
      who,
    );
    if (!labs.ok) throw new Error(labs.error.message);
    const sheet = await readXlsx(Buffer.from(labs.data.contentBase64, 'base64'), [
      'Dental lab',
      'Work orders',
      'Paid',
      'Total',
      'Outstanding',
    ]);
    expect(sheet.rows).toEqual([['Smile Lab', '1', '250.00', '900.00', '650.00']]);

    // a clinic of the organization the caller may not see is a 404 too
    const unseen = await bus.ask(
      ReportSubjects.accountBook,
      { clinicId: CLINIC },
      caller(organizationId, [OTHER_CLINIC]),
    );
    expect(unseen).toEqual({ ok: false, error: expect.objectContaining({ status: 404 }) });

    const foreign = await bus.ask(
      ReportSubjects.renderReport,
      { report: 'account-book', clinicId: FOREIGN_CLINIC, from: '2026-11-21', to: '2026-11-21', format: 'pdf' },
      who,
    );
    expect(foreign).toEqual({ ok: false, error: expect.objectContaining({ status: 404 }) });
  });

  it('a clinic whose locale is tr gets Turkish files from the gateway: titles, filters, totals, the Clinic row', async () => {
    const trColumns = ReportLayouts.accountBookColumns('tr').map((c) => c.title);
    const book = readCsv(
      (await download(`/reports/account-book?clinicId=${TR_CLINIC}&from=2026-11-01&to=2026-11-30&format=csv`))
        .body as Buffer,
      trColumns,
    );
    expect(book.header.get('Report')).toBe('Kasa Defteri');
    expect(book.header.get('Klinik')).toBe('Kadıköy Diş');
    expect(book.header.get('Dönem')).toBe('2026-11-01 – 2026-11-30');
    expect(book.header.get('Gruplama')).toBe('Gün');
    expect(book.rows).toEqual([
      ['2026-11-21', '0.00', '205.00', '0.00', '0.00', '205.00', '0.00', '5.00', '200.00', '0.00'],
    ]);
    expect(book.totals).toEqual([
      'Toplam',
      '0.00',
      '205.00',
      '0.00',
      '0.00',
      '205.00',
      '0.00',
      '5.00',
      '200.00',
      '0.00',
    ]);
    const sheet = await readXlsx(
      (await download(`/reports/progress-payments?clinicId=${TR_CLINIC}&format=xlsx`)).body as Buffer,
      ReportLayouts.progressPaymentColumns('tr').map((c) => c.title),
    );
    expect(sheet.header.get('Report')).toBe('Hakediş');
    expect(sheet.header.get('Hekim')).toBe('Tüm hekimler');
    expect(sheet.rows.at(-1)).toEqual(['Klinik', '5.00', '5.00', '0.00', '0.00', '5.00', '', '5.00']);
    expect(sheet.totals).toEqual(['Toplam', '205.00', '205.00', '0.00', '0.00', '205.00', '', '205.00']);
    // the PDF prints the lira amounts as Turkish writes them, with ₺ (the CSV above keeps the decimals)
    const trPdf = (
      await pdfPages(
        (await download(`/reports/account-book?clinicId=${TR_CLINIC}&from=2026-11-01&to=2026-11-30&format=pdf`))
          .body as Buffer,
      )
    ).join('\n');
    expect(trPdf).toContain('₺205,00');
    const trKinds = ReportLayouts.accountBookColumns('tr');
    // (the titles are left out: the narrow columns cut the longer Turkish ones with "…")
    expect(
      linesInOrder(
        trPdf,
        [...book.rows, book.totals].map((r) => pdfCells(r, trKinds, 'TRY', 'tr')),
      ),
    ).toEqual({
      ok: true,
    });
    // JSON stays as API.md has it, whatever the locale
    const json = await http().get(`/api/v1/reports/account-book?clinicId=${TR_CLINIC}`).set(auth(tokens.accountant));
    expect(Object.keys(json.body).sort()).toEqual(['clinicId', 'currency', 'from', 'groupBy', 'items', 'to', 'totals']);
  });

  it('a long period streams in chunks: the file holds every row of the JSON and the totals', async () => {
    const query = `clinicId=${BIG_CLINIC}&format=`;
    const json = (await http().get(`/api/v1/reports/account-book?${query}json`).set(auth(tokens.accountant)))
      .body as AccountBookAnswer;
    expect(json.items).toHaveLength(BIG_DAYS);
    expect(json.totals.receivedAmount).toBe(Money.parse('10.00', 'EUR').times(BigInt(BIG_DAYS)).toDecimal());
    const file = readCsv((await download(`/reports/account-book?${query}csv`)).body as Buffer, ACCOUNT_BOOK_TITLES);
    expect(file.rows).toEqual(json.items.map((r) => ReportLayouts.accountBookCells(r.period, r)));
    expect(file.totals).toEqual(ReportLayouts.accountBookCells('Total', json.totals));
  });

  it("render-report: bounded, in the clinic's locale by default, the physician named in the header", async () => {
    const who = caller(organizationId);
    const ask = (q: object) => bus.ask<ReportFileView>(ReportSubjects.renderReport, q, who);
    const days = { report: 'account-book', clinicId: BIG_CLINIC, from: '2024-01-01', to: '2025-12-31', format: 'csv' };
    expect(await ask(days)).toEqual({
      ok: false,
      error: expect.objectContaining({ status: 422, code: 'REPORT.TOO_LARGE' }),
    });
    const months = await ask({ ...days, groupBy: 'month', format: 'pdf' });
    if (!months.ok) throw new Error(months.error.message);
    expect(months.data.contentType).toBe('application/pdf');
    const backwards = await ask({ ...days, report: 'finance-labs', from: '2026-12-31', to: '2026-01-01' });
    expect(backwards).toEqual({ ok: false, error: expect.objectContaining({ status: 400 }) });
    if (!backwards.ok) expect(backwards.error.details).toEqual([{ field: 'to', reasons: [expect.any(String)] }]);

    const tr = await ask({
      report: 'account-book',
      clinicId: TR_CLINIC,
      from: '2026-11-21',
      to: '2026-11-21',
      format: 'csv',
    });
    if (!tr.ok) throw new Error(tr.error.message);
    const file = readCsv(
      Buffer.from(tr.data.contentBase64, 'base64'),
      ReportLayouts.accountBookColumns('tr').map((c) => c.title),
    );
    expect(file.header.get('Report')).toBe('Kasa Defteri');
    expect(file.totals[0]).toBe('Toplam');

    const one = await ask({
      report: 'progress-payments',
      clinicId: CLINIC,
      from: '2026-11-01',
      to: '2026-11-30',
      format: 'csv',
      physicianId: DR_A,
    });
    if (!one.ok) throw new Error(one.error.message);
    const pp = readCsv(Buffer.from(one.data.contentBase64, 'base64'), PROGRESS_TITLES);
    expect(pp.header.get('Physician')).toBe('Dr. Ayşe Demir');
    expect(pp.rows).toEqual([['Dr. Ayşe Demir', '840.00', '840.00', '0.00', '0.00', '840.00', '40.00', '336.00']]);
  });

  describe('input, roles and tenancy', () => {
    const fields = (res: request.Response) => (res.body.details as { field: string }[]).map((d) => d.field).sort();

    it.each(['/reports/account-book', '/reports/progress-payments'])(
      '%s: bad queries are 400s naming the field',
      async (route) => {
        const missing = await http().get(`/api/v1${route}?from=2026-11-01`).set(auth(tokens.accountant));
        expect(missing.status).toBe(400);
        expect(fields(missing)).toEqual(['clinicId']);
        const bad = await http()
          .get(`/api/v1${route}?clinicId=${CLINIC}&from=2026-02-30&format=docx`)
          .set(auth(tokens.accountant));
        expect(bad.status).toBe(400);
        expect(fields(bad)).toEqual(['format', 'from']);
        const backwards = await http()
          .get(`/api/v1${route}?clinicId=${CLINIC}&from=2026-11-30&to=2026-11-01&format=csv`)
          .set(auth(tokens.accountant));
        expect(backwards.status).toBe(400);
        expect(backwards.headers['content-type']).toMatch(/^application\/json/);
        expect(fields(backwards)).toEqual(['to']);
      },
    );

    const BAD: Array<[string, string, string]> = [
      ['account-book', 'from=0000-01-01', 'from'],
      ['account-book', 'to=2026-13-01', 'to'],
      ['account-book', 'from=2026-11-01T00:00:00Z', 'from'],
      // the query parser keeps brackets in the name: an unknown field, named as sent
      ['account-book', 'from[a]=1', 'from[a]'],
      ['account-book', 'to=2026-11-01&to=2026-11-02', 'to'],
      ['account-book', 'groupBy=', 'groupBy'],
      ['account-book', 'groupBy[]=day', 'groupBy[]'],
      ['account-book', 'format=JSON', 'format'],
      ['account-book', 'format=csv&from=2026-12-01&to=2026-11-01', 'to'],
      ['account-book', 'pageSize=5', 'pageSize'],
      ['account-book', 'after=2026', 'after'],
      ['progress-payments', 'physicianId=00000000-0000-0000-0000-00000000000g', 'physicianId'],
      ['progress-payments', 'groupBy=day', 'groupBy'],
      ['progress-payments', 'to=0000-12-31&format=pdf', 'to'],
      ['progress-payments', 'format=', 'format'],
    ];
    it.each(BAD)('/reports/%s?%s is a 400 naming %s', async (route, query, field) => {
      const res = await http().get(`/api/v1/reports/${route}?clinicId=${CLINIC}&${query}`).set(auth(tokens.accountant));
      expect({ status: res.status, fields: fields(res) }).toEqual({ status: 400, fields: [field] });
    });

    it.each(['clinicId=not-a-uuid', `clinicId=${randomUUID()}&clinicId=${randomUUID()}`, ''])(
      'a clinicId of %j is a 400 naming clinicId',
      async (query) => {
        const res = await http().get(`/api/v1/reports/account-book?${query}`).set(auth(tokens.accountant));
        expect({ status: res.status, fields: fields(res) }).toEqual({ status: 400, fields: ['clinicId'] });
      },
    );

    it('groupBy and physicianId are checked', async () => {
      const week = await http()
        .get(`/api/v1/reports/account-book?clinicId=${CLINIC}&groupBy=week`)
        .set(auth(tokens.accountant));
      expect(week.status).toBe(400);
      expect(fields(week)).toEqual(['groupBy']);
      const doctor = await http()
        .get(`/api/v1/reports/progress-payments?clinicId=${CLINIC}&physicianId=dr-a`)
        .set(auth(tokens.accountant));
      expect(fields(doctor)).toEqual(['physicianId']);
    });

    it("another organization's clinic is a 404; reception may not; no token is a 401", async () => {
      for (const route of ['/reports/account-book', '/reports/progress-payments']) {
        const foreign = await http().get(`/api/v1${route}?clinicId=${FOREIGN_CLINIC}`).set(auth(tokens.accountant));
        expect({ status: foreign.status, code: foreign.body.code }).toEqual({ status: 404, code: 'CLINIC.NOT_FOUND' });
        const file = await http().get(`/api/v1${route}?clinicId=${FOREIGN_CLINIC}&format=pdf`).set(auth(tokens.admin));
        expect(file.status).toBe(404);
        expect((await http().get(`/api/v1${route}?clinicId=${CLINIC}`).set(auth(tokens.reception))).status).toBe(403);
        expect((await http().get(`/api/v1${route}?clinicId=${CLINIC}`)).status).toBe(401);
      }
    });
  });
});
