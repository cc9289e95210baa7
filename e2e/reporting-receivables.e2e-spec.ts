// Receivables aging and the balance report (DOMAIN.md D): reporting's patient ledger and the gateway as the built
// processes on real PostgreSQL and NATS. The events of patient-accounts (patients, treatments, closures, contracts)
// and payments (clinics, received money) are put on JetStream as their outbox relays do; the reports are read through
// the gateway's routes, as JSON and as files parsed back.
import {
  PatientBalancesAnswer,
  RECEIVABLES_LABELS,
  ReceivablesAgingAnswer,
  ReceivablesLayouts,
  ReceivablesSubjects,
} from '@dental/contracts';
import { pdfSafe } from '@dental/exports';
import { Bus, caller, GatewayClient, LedgerEvents, testNats, TestWorld } from '@dental/testing';
import { SignJWT } from 'jose';
import { randomBytes, randomUUID } from 'node:crypto';
import { NatsConnection } from 'nats';
import request from 'supertest';
import { consumersCaughtUp, ServiceStack, startServices } from './support/service-stack';
import { linesInOrder, pdfCells, pdfPages, readCsv, readXlsx } from './support/report-readers';

jest.setTimeout(120_000);

const ADMIN = { email: 'admin@example.com', password: 'first-admin-password' };
const ORGANIZATION_NAME = 'Smile Dental Group';
const JWT_SECRET = randomBytes(32).toString('hex');
const zero = { '0-30': '0.00', '31-60': '0.00', '61-90': '0.00', '91+': '0.00' };

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('Receivables aging and balances (e2e: reporting and the gateway as built)', () => {
  const world = new TestWorld();
  let stack: ServiceStack;
  let nc: NatsConnection;
  let bus: Bus;
  let ev: LedgerEvents;
  let organizationId: string;
  const tokens = { admin: '', accountant: '', reception: '', twoClinics: '' };

  const EXAMPLE_CLINIC = randomUUID(); // DOMAIN.md D's example, alone
  const LATE_CLINIC = randomUUID(); // the example, then later-dated records
  const CLOSE_CLINIC = randomUUID(); // closures, write-offs, undo
  const BAL_CLINIC = randomUUID(); // debtors, overpayers, contracts, a credit
  const TR_CLINIC = randomUUID(); // locale tr
  const USD_CLINIC = randomUUID(); // another currency: no organization-wide sum with EUR
  const FOREIGN_CLINIC = randomUUID(); // another organization's

  const EXAMPLE = randomUUID();
  const LATE = randomUUID();
  const CLOSED = randomUUID();
  const OVERPAID_CLOSED = randomUUID();
  const D1 = randomUUID();
  const D2 = randomUUID();
  const O1 = randomUUID();
  const EVEN = randomUUID();
  const TR_PATIENT = randomUUID();
  const K1 = randomUUID();
  const CLOSURE = randomUUID();

  const http = () => request(stack.gatewayUrl);
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  const login = (email: string, password: string) => new GatewayClient(stack.gatewayUrl).login(email, password);

  async function aging(query: string, token = tokens.accountant): Promise<ReceivablesAgingAnswer> {
    const res = await http().get(`/api/v1/reports/receivables-aging?${query}`).set(auth(token));
    expect({ status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ status: 200, body: 'ok' });
    return res.body as ReceivablesAgingAnswer;
  }

  async function balances(query: string, token = tokens.accountant): Promise<PatientBalancesAnswer> {
    const res = await http().get(`/api/v1/reports/balances?${query}`).set(auth(token));
    expect({ status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ status: 200, body: 'ok' });
    return res.body as PatientBalancesAnswer;
  }

  async function publish(...events: Parameters<Bus['publish']>[0]) {
    await bus.publish(events);
    await consumersCaughtUp(world);
  }

  /** The DOMAIN.md D example history of one patient. */
  function example(patientId: string, clinicId: string, firstName: string) {
    return [
      ev.patient({ id: patientId, clinicId, firstName, lastName: 'Example' }),
      ev.treatment({ patientId, clinicId, date: '2026-03-01', amount: '300.00' }),
      ev.treatment({ patientId, clinicId, date: '2026-05-15', amount: '200.00' }),
      ev.treatment({ patientId, clinicId, date: '2026-06-20', amount: '100.00' }),
      ev.received({ patientId, clinicId, date: '2026-04-01', amount: '250.00' }),
      ev.received({ patientId, clinicId, date: '2026-06-25', amount: '100.00', type: 'card' }),
    ];
  }

  beforeAll(async () => {
    // reporting and the gateway as the built processes; reporting learns everything from the events put on its bus
    stack = await startServices(world, ['reporting', 'gateway'], {
      admin: ADMIN,
      env: (service) =>
        service === 'gateway'
          ? {
              JWT_SECRET,
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
    // an accountant of two clinics (POST /users would ask payments, not running here, whether they exist)
    tokens.twoClinics = await new SignJWT({
      org: organizationId,
      clinics: [EXAMPLE_CLINIC, BAL_CLINIC],
      roles: ['accountant'],
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(randomUUID())
      .setIssuer('dental-finance')
      .setAudience('dental-finance-api')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(JWT_SECRET));

    nc = await testNats();
    bus = new Bus(nc, world.busPrefix);
    ev = new LedgerEvents(organizationId);
    const stranger = new LedgerEvents(randomUUID());
    const [d1Treatment, d2Treatment] = [
      ev.treatment({ patientId: D1, clinicId: BAL_CLINIC, date: '2026-05-01', amount: '10.00' }),
      ev.treatment({ patientId: D2, clinicId: BAL_CLINIC, date: '2026-05-02', amount: '200.00' }),
    ];
    await publish(
      ev.clinic(EXAMPLE_CLINIC, 'Downtown Dental'),
      ev.clinic(LATE_CLINIC, 'Late Dental'),
      ev.clinic(CLOSE_CLINIC, 'Closing Dental'),
      ev.clinic(BAL_CLINIC, 'Balance Dental'),
      ev.clinic(TR_CLINIC, 'Kadıköy Diş', { locale: 'tr' }),
      ev.clinic(USD_CLINIC, 'Dollar Dental', { currency: 'USD' }),
      stranger.clinic(FOREIGN_CLINIC, 'Elsewhere Dental'),
      ...example(EXAMPLE, EXAMPLE_CLINIC, 'Ayşe'),
      ...example(LATE, LATE_CLINIC, 'Late'),
      // balances: two debtors (one with a contract partly paid for), an overpayer, one even, a contract unpaid
      ev.patient({ id: D1, clinicId: BAL_CLINIC, firstName: 'Deniz', lastName: 'Bir' }),
      ev.patient({ id: D2, clinicId: BAL_CLINIC, firstName: 'Derya', lastName: 'İki' }),
      ev.patient({ id: O1, clinicId: BAL_CLINIC, firstName: 'Onur', lastName: 'Fazla' }),
      ev.patient({ id: EVEN, clinicId: BAL_CLINIC, firstName: 'Eda', lastName: 'Denk' }),
      // the update (the amount corrected) arrives before the treatment was created: the newest revision stays
      ev.treatment({
        id: d1Treatment.payload.id,
        patientId: D1,
        clinicId: BAL_CLINIC,
        date: '2026-05-01',
        amount: '1000.00',
        revision: 2,
      }),
      d1Treatment,
      ev.contract({ id: K1, patientId: D1, clinicId: BAL_CLINIC, total: '800.00' }),
      ev.received({ patientId: D1, clinicId: BAL_CLINIC, date: '2026-05-03', amount: '300.00', contractId: K1 }),
      d2Treatment,
      ev.contract({ patientId: D2, clinicId: BAL_CLINIC, total: '400.00' }),
      ev.received({ patientId: D2, clinicId: BAL_CLINIC, date: '2026-05-04', amount: '80.00' }),
      ev.received({ patientId: D2, clinicId: BAL_CLINIC, date: '2026-05-20', amount: '-30.00' }),
      ev.treatment({ patientId: O1, clinicId: BAL_CLINIC, date: '2026-05-05', amount: '100.00' }),
      ev.received({ patientId: O1, clinicId: BAL_CLINIC, date: '2026-05-06', amount: '180.00' }),
      ev.treatment({ patientId: EVEN, clinicId: BAL_CLINIC, date: '2026-05-07', amount: '100.00' }),
      ev.received({ patientId: EVEN, clinicId: BAL_CLINIC, date: '2026-05-08', amount: '100.00' }),
      // a deleted treatment and a deleted payment count for nothing
      ...(() => {
        const t = ev.treatment({ patientId: EVEN, clinicId: BAL_CLINIC, date: '2026-05-09', amount: '70.00' });
        const r = ev.received({ patientId: EVEN, clinicId: BAL_CLINIC, date: '2026-05-09', amount: '55.00' });
        const same = { patientId: EVEN, clinicId: BAL_CLINIC, date: '2026-05-09' };
        return [
          ev.treatment({ ...same, id: t.payload.id, amount: '70.00', revision: 2, deleted: true }),
          t,
          ev.received({ ...same, id: r.payload.id, amount: '55.00', revision: 2, deleted: true }),
          r,
        ];
      })(),
      // another organization's events reusing this organization's ids change nothing here
      stranger.treatment({
        id: d2Treatment.payload.id,
        patientId: D2,
        clinicId: BAL_CLINIC,
        date: '2026-01-01',
        amount: '9999.00',
        revision: 9,
      }),
      stranger.received({ patientId: D2, clinicId: BAL_CLINIC, date: '2026-01-01', amount: '5000.00' }),
      // a Turkish clinic
      ev.patient({ id: TR_PATIENT, clinicId: TR_CLINIC, firstName: 'Şule', lastName: 'Öztürk' }),
      ev.treatment({ patientId: TR_PATIENT, clinicId: TR_CLINIC, date: '2026-04-10', amount: '450.00' }),
      ev.received({ patientId: TR_PATIENT, clinicId: TR_CLINIC, date: '2026-04-12', amount: '150.00' }),
    );
  });

  afterAll(async () => {
    await stack?.stop();
    await nc?.close();
    await world.cleanup();
  });

  it("DOMAIN.md D's example as of 2026-06-30: 0-30 100.00, 31-60 150.00, total 250.00", async () => {
    const answer = await aging(`clinicId=${EXAMPLE_CLINIC}&asOf=2026-06-30`);
    const row = {
      patientId: EXAMPLE,
      name: 'Ayşe Example',
      clinicId: EXAMPLE_CLINIC,
      buckets: { ...zero, '0-30': '100.00', '31-60': '150.00' },
      total: '250.00',
      credit: '0.00',
      lastPaymentDate: '2026-06-25',
    };
    expect(answer).toEqual({
      asOf: '2026-06-30',
      clinicId: EXAMPLE_CLINIC,
      currency: 'EUR',
      items: [row],
      totals: { buckets: row.buckets, total: '250.00', credit: '0.00' },
      total: 1,
      page: 1,
      pageSize: 50,
    });
  });

  it("DOMAIN.md D's example as of 2026-05-31: 91+ 50.00 (91 days), 0-30 200.00, total 250.00", async () => {
    const answer = await aging(`clinicId=${EXAMPLE_CLINIC}&asOf=2026-05-31`);
    expect(answer.items).toEqual([
      {
        patientId: EXAMPLE,
        name: 'Ayşe Example',
        clinicId: EXAMPLE_CLINIC,
        buckets: { ...zero, '0-30': '200.00', '91+': '50.00' },
        total: '250.00',
        credit: '0.00',
        lastPaymentDate: '2026-04-01',
      },
    ]);
    expect(answer.totals).toEqual({
      buckets: { ...zero, '0-30': '200.00', '91+': '50.00' },
      total: '250.00',
      credit: '0.00',
    });
  });

  it('aging as of a past date stays the same when later-dated payments and treatments arrive', async () => {
    const before = await aging(`clinicId=${LATE_CLINIC}&asOf=2026-05-31`);
    const june = await aging(`clinicId=${LATE_CLINIC}&asOf=2026-06-30`);
    expect(before.totals.total).toBe('250.00');
    await publish(
      ev.received({ patientId: LATE, clinicId: LATE_CLINIC, date: '2026-06-01', amount: '400.00' }),
      ev.treatment({ patientId: LATE, clinicId: LATE_CLINIC, date: '2026-07-10', amount: '90.00' }),
      ev.received({ patientId: LATE, clinicId: LATE_CLINIC, date: '2026-07-11', amount: '-20.00' }),
    );
    expect(await aging(`clinicId=${LATE_CLINIC}&asOf=2026-05-31`)).toEqual(before);
    // as of 06-30 the 400.00 of 06-01 is in: 750.00 received for 600.00 of treatments
    const after = await aging(`clinicId=${LATE_CLINIC}&asOf=2026-06-30`);
    expect(june.totals.total).toBe('250.00');
    expect(after.items).toEqual([
      expect.objectContaining({
        patientId: LATE,
        buckets: zero,
        total: '0.00',
        credit: '150.00',
        lastPaymentDate: '2026-06-25',
      }),
    ]);
    // as of 07-31: 690.00 treated, 730.00 received: 40.00 credit; the refund is no payment
    const july = await aging(`clinicId=${LATE_CLINIC}&asOf=2026-07-31`);
    expect(july.items).toEqual([
      expect.objectContaining({ total: '0.00', credit: '40.00', lastPaymentDate: '2026-06-25' }),
    ]);
  });

  it("a closure's write-off counts as received on its date; its undo brings the debt back", async () => {
    // 500.00 + 300.00 treated, 200.00 received, closed through 02-28: 600.00 written off
    await publish(
      ev.patient({ id: CLOSED, clinicId: CLOSE_CLINIC, firstName: 'Cem', lastName: 'Kapalı' }),
      ev.treatment({ patientId: CLOSED, clinicId: CLOSE_CLINIC, date: '2026-01-10', amount: '500.00' }),
      ev.treatment({ patientId: CLOSED, clinicId: CLOSE_CLINIC, date: '2026-02-01', amount: '300.00' }),
      ev.received({ patientId: CLOSED, clinicId: CLOSE_CLINIC, date: '2026-01-15', amount: '200.00' }),
      ev.closure({ id: CLOSURE, patientId: CLOSED, clinicId: CLOSE_CLINIC, date: '2026-02-28', writtenOff: '600.00' }),
      // 100.00 treated, 150.00 received, closed through 01-31: 50.00 received more written off (negative)
      ev.patient({ id: OVERPAID_CLOSED, clinicId: CLOSE_CLINIC, firstName: 'Fazıl', lastName: 'Kapalı' }),
      ev.treatment({ patientId: OVERPAID_CLOSED, clinicId: CLOSE_CLINIC, date: '2026-01-05', amount: '100.00' }),
      ev.received({ patientId: OVERPAID_CLOSED, clinicId: CLOSE_CLINIC, date: '2026-01-06', amount: '150.00' }),
      ev.closure({ patientId: OVERPAID_CLOSED, clinicId: CLOSE_CLINIC, date: '2026-01-31', writtenOff: '-50.00' }),
    );
    // before the closures' dates: what was owed (48 and 26 days) and the credit
    const before = await aging(`clinicId=${CLOSE_CLINIC}&asOf=2026-01-20`);
    expect(before.items.map((r) => [r.name, r.buckets, r.total, r.credit])).toEqual([
      ['Cem Kapalı', { ...zero, '0-30': '300.00' }, '300.00', '0.00'],
      ['Fazıl Kapalı', zero, '0.00', '50.00'],
    ]);
    const feb27 = await aging(`clinicId=${CLOSE_CLINIC}&asOf=2026-02-27`);
    expect(feb27.items.map((r) => [r.name, r.buckets, r.total])).toEqual([
      ['Cem Kapalı', { ...zero, '0-30': '300.00', '31-60': '300.00' }, '600.00'],
    ]);
    // after them: nothing owed, no credit, nobody listed
    expect((await aging(`clinicId=${CLOSE_CLINIC}&asOf=2026-03-31`)).items).toEqual([]);
    expect((await balances(`clinicId=${CLOSE_CLINIC}&kind=debtors`)).items).toEqual([]);
    expect((await balances(`clinicId=${CLOSE_CLINIC}&kind=overpayers`)).items).toEqual([]);

    // a treatment after the closure is owed on its own
    await publish(ev.treatment({ patientId: CLOSED, clinicId: CLOSE_CLINIC, date: '2026-03-10', amount: '100.00' }));
    const march = await aging(`clinicId=${CLOSE_CLINIC}&asOf=2026-03-31`);
    expect(march.items).toEqual([
      expect.objectContaining({ patientId: CLOSED, total: '100.00', buckets: { ...zero, '0-30': '100.00' } }),
    ]);
    const open = await balances(`clinicId=${CLOSE_CLINIC}&kind=debtors`);
    expect(open.items).toEqual([
      expect.objectContaining({ patientId: CLOSED, treatmentTotal: '100.00', receivedTotal: '0.00', amount: '100.00' }),
    ]);

    // undo: everything as it was, the closure's write-off gone (a late duplicate of `closed` cannot revive it)
    const closed = ev.closure({
      id: CLOSURE,
      patientId: CLOSED,
      clinicId: CLOSE_CLINIC,
      date: '2026-02-28',
      writtenOff: '600.00',
    });
    await publish(
      ev.closure(
        { id: CLOSURE, patientId: CLOSED, clinicId: CLOSE_CLINIC, date: '2026-02-28', writtenOff: '600.00' },
        true,
      ),
      closed,
    );
    const undone = await aging(`clinicId=${CLOSE_CLINIC}&asOf=2026-03-31`);
    expect(undone.items).toEqual([
      expect.objectContaining({
        patientId: CLOSED,
        // 01-10: 300.00 left after the 200.00 (80 days), 02-01: 300.00 (58 days), 03-10: 100.00 (21 days)
        buckets: { ...zero, '0-30': '100.00', '31-60': '300.00', '61-90': '300.00' },
        total: '700.00',
        lastPaymentDate: '2026-01-15',
      }),
    ]);
    const reopened = await balances(`clinicId=${CLOSE_CLINIC}&kind=debtors`);
    expect(reopened.items).toEqual([
      expect.objectContaining({
        patientId: CLOSED,
        treatmentTotal: '900.00',
        receivedTotal: '200.00',
        amount: '700.00',
      }),
    ]);
  });

  it('a credit: received more than treated, every bucket 0', async () => {
    const answer = await aging(`clinicId=${BAL_CLINIC}&asOf=2026-06-30`);
    expect(answer.items.find((r) => r.patientId === O1)).toEqual({
      patientId: O1,
      name: 'Onur Fazla',
      clinicId: BAL_CLINIC,
      buckets: zero,
      total: '0.00',
      credit: '80.00',
      lastPaymentDate: '2026-05-06',
    });
    // even and deleted records: not listed; by name
    expect(answer.items.map((r) => r.name)).toEqual(['Deniz Bir', 'Derya İki', 'Onur Fazla']);
    expect(answer.totals).toEqual({
      buckets: { ...zero, '31-60': '850.00' },
      total: '850.00',
      credit: '80.00',
    });
  });

  it('balances: debtors and overpayers with their contract balance, by amount, and the totals', async () => {
    const debtors = await balances(`clinicId=${BAL_CLINIC}&kind=debtors`);
    expect(debtors).toEqual({
      kind: 'debtors',
      clinicId: BAL_CLINIC,
      currency: 'EUR',
      items: [
        {
          patientId: D1,
          name: 'Deniz Bir',
          clinicId: BAL_CLINIC,
          treatmentTotal: '1000.00',
          receivedTotal: '300.00',
          amount: '700.00',
          contractBalance: '500.00',
          lastPaymentDate: '2026-05-03',
        },
        {
          patientId: D2,
          name: 'Derya İki',
          clinicId: BAL_CLINIC,
          treatmentTotal: '200.00',
          receivedTotal: '50.00',
          amount: '150.00',
          contractBalance: '400.00',
          // the refund of 05-20 is no payment
          lastPaymentDate: '2026-05-04',
        },
      ],
      totals: { treatmentTotal: '1200.00', receivedTotal: '350.00', amount: '850.00', contractBalance: '900.00' },
      total: 2,
      page: 1,
      pageSize: 50,
    });
    const overpayers = await balances(`clinicId=${BAL_CLINIC}&kind=overpayers`);
    expect(overpayers.items).toEqual([
      {
        patientId: O1,
        name: 'Onur Fazla',
        clinicId: BAL_CLINIC,
        treatmentTotal: '100.00',
        receivedTotal: '180.00',
        amount: '80.00',
        contractBalance: '0.00',
        lastPaymentDate: '2026-05-06',
      },
    ]);
    expect(overpayers.totals).toEqual({
      treatmentTotal: '100.00',
      receivedTotal: '180.00',
      amount: '80.00',
      contractBalance: '0.00',
    });
    // paging: the second page of one row each, the totals still of every row
    const second = await balances(`clinicId=${BAL_CLINIC}&kind=debtors&page=2&pageSize=1`);
    expect({ items: second.items.map((r) => r.patientId), total: second.total, totals: second.totals }).toEqual({
      items: [D2],
      total: 2,
      totals: debtors.totals,
    });
  });

  it('the keyset chunks reporting gives the files hold every row once, in order, with the same totals', async () => {
    const who = caller(organizationId, [BAL_CLINIC]);
    const whole = await bus.ask<ReceivablesAgingAnswer>(ReceivablesSubjects.aging, { asOf: '2026-06-30' }, who);
    if (!whole.ok) throw new Error(whole.error.message);
    const seen: string[] = [];
    let after: string | null | undefined;
    do {
      const chunk = await bus.ask<ReceivablesAgingAnswer>(
        ReceivablesSubjects.aging,
        { asOf: '2026-06-30', pageSize: 1, ...(after ? { after } : {}) },
        who,
      );
      if (!chunk.ok) throw new Error(chunk.error.message);
      expect(chunk.data.totals).toEqual(whole.data.totals);
      seen.push(...chunk.data.items.map((r) => r.patientId));
      after = chunk.data.nextCursor;
    } while (after);
    expect(seen).toEqual(whole.data.items.map((r) => r.patientId));
    // the balance report too, both kinds, as the owner of every clinic
    for (const kind of ['debtors', 'overpayers'] as const) {
      const all = caller(organizationId, [BAL_CLINIC, EXAMPLE_CLINIC, CLOSE_CLINIC]);
      const full = await bus.ask<PatientBalancesAnswer>(ReceivablesSubjects.balances, { kind }, all);
      if (!full.ok) throw new Error(full.error.message);
      const walked: string[] = [];
      let next: string | null | undefined;
      do {
        const chunk = await bus.ask<PatientBalancesAnswer>(
          ReceivablesSubjects.balances,
          { kind, pageSize: 1, ...(next ? { after: next } : {}) },
          all,
        );
        if (!chunk.ok) throw new Error(chunk.error.message);
        expect(chunk.data.totals).toEqual(full.data.totals);
        walked.push(...chunk.data.items.map((r) => r.patientId));
        next = chunk.data.nextCursor;
      } while (next);
      expect(walked).toEqual(full.data.items.map((r) => r.patientId));
      expect(walked.length).toBe(full.data.total);
    }
    const bad = await bus.ask(ReceivablesSubjects.aging, { after: 'bm90LWEtY3Vyc29y' }, who);
    expect(bad.ok ? 'ok' : bad.error.code).toBe('FINANCE.INVALID_CURSOR');
  });

  it("organization-wide: the caller's clinics only; several currencies are a 422", async () => {
    const two = await aging('asOf=2026-06-30', tokens.twoClinics);
    expect(two.clinicId).toBeNull();
    expect(two.items.map((r) => r.name)).toEqual(['Ayşe Example', 'Deniz Bir', 'Derya İki', 'Onur Fazla']);
    expect(two.totals).toEqual({
      buckets: { ...zero, '0-30': '100.00', '31-60': '1000.00' },
      total: '1100.00',
      credit: '80.00',
    });
    const debtors = await balances('kind=debtors', tokens.twoClinics);
    expect(debtors.items.map((r) => r.patientId)).toEqual([D1, EXAMPLE, D2]);
    // a clinic outside the caller's list is a 404
    const other = await http()
      .get(`/api/v1/reports/receivables-aging?clinicId=${CLOSE_CLINIC}`)
      .set(auth(tokens.twoClinics));
    expect(other.status).toBe(404);

    await publish(
      ev.patient({ id: randomUUID(), clinicId: USD_CLINIC, firstName: 'Dolly', lastName: 'Dollar' }),
      new LedgerEvents(organizationId, 'USD').treatment({
        patientId: randomUUID(),
        clinicId: USD_CLINIC,
        date: '2026-06-01',
        amount: '10.00',
      }),
    );
    const mixed = await http().get('/api/v1/reports/receivables-aging?asOf=2026-06-30').set(auth(tokens.accountant));
    expect({ status: mixed.status, code: mixed.body.code }).toEqual({ status: 422, code: 'FINANCE.MIXED_CURRENCIES' });
    const usd = await aging(`clinicId=${USD_CLINIC}&asOf=2026-06-30`);
    expect({ currency: usd.currency, total: usd.totals.total }).toEqual({ currency: 'USD', total: '10.00' });
  });

  it("without asOf: today in the clinic's time zone", async () => {
    const answer = await aging(`clinicId=${EXAMPLE_CLINIC}`);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Istanbul' }).format(new Date());
    expect(answer.asOf).toBe(today);
    expect(answer.totals.total).toBe('250.00');
  });

  describe('files', () => {
    const AGING_TITLES = ReceivablesLayouts.agingColumns('en').map((c) => c.title);

    async function file(
      route: string,
      format: 'csv' | 'xlsx' | 'pdf',
      token = tokens.accountant,
    ): Promise<request.Response> {
      const res = await http()
        .get(`/api/v1/reports/${route}&format=${format}`)
        .set(auth(token))
        .buffer(true)
        .parse(binary);
      expect(res.status).toBe(200);
      return res;
    }

    it('the aging as CSV, XLSX and PDF: the JSON rows and totals, the as-of date and the clinic in the header', async () => {
      const query = `receivables-aging?clinicId=${BAL_CLINIC}&asOf=2026-06-30`;
      const json = await aging(query.split('?')[1]);
      const rows = json.items.map(ReceivablesLayouts.agingCells);
      const totals = ReceivablesLayouts.agingTotals(json.totals, 'en');
      const csv = await file(query, 'csv');
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-disposition']).toMatch(/receivables-aging-.*\.csv/);
      const fromCsv = readCsv(csv.body as Buffer, AGING_TITLES);
      expect({ rows: fromCsv.rows, totals: fromCsv.totals }).toEqual({ rows, totals });
      expect(fromCsv.header.get('As of')).toBe('2026-06-30');
      expect(fromCsv.header.get('Clinic')).toBe('Balance Dental');
      const fromXlsx = await readXlsx((await file(query, 'xlsx')).body as Buffer, AGING_TITLES);
      expect({ rows: fromXlsx.rows, totals: fromXlsx.totals }).toEqual({ rows, totals });
      expect(fromXlsx.header.get('As of')).toBe('2026-06-30');
      const pages = await pdfPages((await file(query, 'pdf')).body as Buffer);
      // the amounts as the clinic's locale (en) writes them, with the sign
      const printed = (r: string[]) => pdfCells(r, ReceivablesLayouts.agingColumns('en'), 'EUR', 'en');
      const lines = [['Receivables Aging'], ['As of: 2026-06-30'], ...rows.map(printed), printed(totals)].map((l) =>
        l.map(pdfSafe),
      );
      expect(linesInOrder(pages.join('\n'), lines)).toEqual({ ok: true });
    });

    it('balances as CSV and XLSX equal the JSON; every clinic of the caller when none is named', async () => {
      const json = await balances('kind=debtors', tokens.twoClinics);
      const titles = ReceivablesLayouts.balanceColumns('debtors', 'en').map((c) => c.title);
      const rows = json.items.map(ReceivablesLayouts.balanceCells);
      const totals = ReceivablesLayouts.balanceTotals(json.totals, 'en');
      const fromCsv = readCsv((await file('balances?kind=debtors', 'csv', tokens.twoClinics)).body as Buffer, titles);
      expect({ rows: fromCsv.rows, totals: fromCsv.totals }).toEqual({ rows, totals });
      expect(fromCsv.header.get('Clinic')).toBe('All clinics');
      expect(fromCsv.header.get('Patients')).toBe('Unpaid');
      const xlsx = await file('balances?kind=overpayers', 'xlsx', tokens.twoClinics);
      const overTitles = ReceivablesLayouts.balanceColumns('overpayers', 'en').map((c) => c.title);
      const fromXlsx = await readXlsx(xlsx.body as Buffer, overTitles);
      expect(fromXlsx.rows).toEqual([['Onur Fazla', '100.00', '180.00', '80.00', '0.00', '2026-05-06']]);
    });

    it("a Turkish clinic's files are in Turkish", async () => {
      const l = RECEIVABLES_LABELS.tr;
      const titles = ReceivablesLayouts.agingColumns('tr').map((c) => c.title);
      const csv = readCsv(
        (await file(`receivables-aging?clinicId=${TR_CLINIC}&asOf=2026-06-30`, 'csv')).body as Buffer,
        titles,
      );
      expect(csv.rows).toEqual([['Şule Öztürk', '0.00', '0.00', '300.00', '0.00', '300.00', '0.00', '2026-04-12']]);
      expect(csv.totals[0]).toBe(l.total);
      expect(csv.header.get(l.asOf)).toBe('2026-06-30');
      expect(csv.header.get(l.clinic)).toBe('Kadıköy Diş');
      // the PDF: its euros as Turkish writes them
      const pdf = (
        await pdfPages((await file(`receivables-aging?clinicId=${TR_CLINIC}&asOf=2026-06-30`, 'pdf')).body as Buffer)
      ).join('\n');
      const printed = (r: string[]) => pdfCells(r, ReceivablesLayouts.agingColumns('tr'), 'EUR', 'tr');
      expect(pdf).toContain('€300,00');
      expect(
        linesInOrder(
          pdf,
          [...csv.rows.map(printed), printed(csv.totals)].map((r) => r.map(pdfSafe)),
        ),
      ).toEqual({
        ok: true,
      });
    });
  });

  describe('input, roles and tenancy', () => {
    const fields = (res: request.Response) => (res.body.details as { field: string }[]).map((d) => d.field).sort();
    const BAD: Array<[string, string, string]> = [
      ['receivables-aging', 'asOf=2026-02-30', 'asOf'],
      ['receivables-aging', 'asOf=0000-01-01', 'asOf'],
      ['receivables-aging', 'asOf=2026-06-30T00:00:00Z', 'asOf'],
      ['receivables-aging', 'clinicId=not-a-uuid', 'clinicId'],
      ['receivables-aging', 'format=docx', 'format'],
      ['receivables-aging', 'pageSize=501', 'pageSize'],
      ['receivables-aging', 'page=0', 'page'],
      ['receivables-aging', 'kind=debtors', 'kind'],
      ['receivables-aging', 'after=abc', 'after'],
      ['balances', 'kind=everyone', 'kind'],
      ['balances', '', 'kind'],
      ['balances', 'kind=debtors&clinicId=123', 'clinicId'],
      ['balances', 'kind=debtors&format=JSON', 'format'],
      ['balances', 'kind=debtors&asOf=2026-06-30', 'asOf'],
    ];
    it.each(BAD)('/reports/%s?%s is a 400 naming %s', async (route, query, field) => {
      const res = await http().get(`/api/v1/reports/${route}?${query}`).set(auth(tokens.accountant));
      expect({ status: res.status, code: res.body.code, fields: fields(res) }).toEqual({
        status: 400,
        code: 'REQUEST.VALIDATION',
        fields: [field],
      });
    });

    it("another organization's clinic is a 404; reception may not; no token is a 401", async () => {
      for (const route of ['receivables-aging?', 'balances?kind=debtors&']) {
        const foreign = await http()
          .get(`/api/v1/reports/${route}clinicId=${FOREIGN_CLINIC}`)
          .set(auth(tokens.accountant));
        expect(foreign.status).toBe(404);
        const file = await http()
          .get(`/api/v1/reports/${route}clinicId=${FOREIGN_CLINIC}&format=pdf`)
          .set(auth(tokens.admin));
        expect(file.status).toBe(404);
        expect(
          (await http().get(`/api/v1/reports/${route}clinicId=${BAL_CLINIC}`).set(auth(tokens.reception))).status,
        ).toBe(403);
        expect((await http().get(`/api/v1/reports/${route}clinicId=${BAL_CLINIC}`)).status).toBe(401);
      }
    });
  });
});
