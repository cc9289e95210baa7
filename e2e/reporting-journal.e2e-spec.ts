// The journal export (DOMAIN.md E): reporting and the gateway as the built processes on real PostgreSQL and NATS.
// The events of patient-accounts, payments and work-orders are put on JetStream as their outbox relays do; the
// journal is read through the gateway (JSON, CSV, XLSX). The property test over random histories delivered shuffled
// and partly twice is reporting's own: apps/reporting/test/journal-property.int-spec.ts.
import { EventEnvelope, PatientBalancesAnswer, ReceivablesSubjects } from '@dental/contracts';
import { Money } from '@dental/money';
import { Bus, caller, Events, GatewayClient, LedgerEvents, testNats, TestWorld } from '@dental/testing';
import { SignJWT } from 'jose';
import { randomBytes, randomUUID } from 'node:crypto';
import { NatsConnection } from 'nats';
import request from 'supertest';
import { consumersCaughtUp, ServiceStack, startServices } from './support/service-stack';
import { readXlsx } from './support/report-readers';

jest.setTimeout(300_000);

const ADMIN = { email: 'admin@example.com', password: 'first-admin-password' };
const JWT_SECRET = randomBytes(32).toString('hex');
const TITLES = ['Date', 'Entry', 'Account code', 'Account name', 'Debit', 'Credit', 'Currency', 'Source', 'Reference'];

interface JournalJson {
  clinicId: string | null;
  from: string | null;
  to: string | null;
  currency: string;
  items: Array<{
    date: string;
    entryId: string;
    accountCode: string;
    accountName: string;
    debit: string;
    credit: string;
    currency: string;
    source: string;
    reference: string;
  }>;
  totals: { debit: string; credit: string };
}

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** RFC 4180 with the given delimiter. */
function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

const minor = (amount: string) => Money.parse(amount, 'EUR').minor;
const cells = (l: JournalJson['items'][number]) => [
  l.date,
  l.entryId,
  l.accountCode,
  l.accountName,
  l.debit,
  l.credit,
  l.currency,
  l.source,
  l.reference,
];

/** Debit − credit per key of the lines. */
function balances<L extends { debit: string; credit: string }>(lines: L[], key: (l: L) => string) {
  const out = new Map<string, bigint>();
  for (const l of lines) out.set(key(l), (out.get(key(l)) ?? 0n) + minor(l.debit) - minor(l.credit));
  return out;
}

describe('Journal export (e2e: reporting and the gateway as built)', () => {
  const world = new TestWorld();
  let stack: ServiceStack;
  let nc: NatsConnection;
  let bus: Bus;
  let ev: LedgerEvents;
  let wo: Events;
  let organizationId: string;
  const tokens = { admin: '', accountant: '', reception: '', exampleOnly: '', stranger: '' };
  const STRANGER_ORG = randomUUID();

  const EXAMPLE_CLINIC = randomUUID();
  const OTHER_CLINIC = randomUUID();
  const STRANGER_CLINIC = randomUUID();
  const PATIENT = randomUUID();
  const LAB = randomUUID();
  let exampleEvents: EventEnvelope[] = [];

  const http = () => request(stack.gatewayUrl);
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  const login = (email: string, password: string) => new GatewayClient(stack.gatewayUrl).login(email, password);

  const sign = (org: string, clinics: string[]) =>
    new SignJWT({ org, clinics, roles: ['accountant'] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(randomUUID())
      .setIssuer('dental-finance')
      .setAudience('dental-finance-api')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(JWT_SECRET));

  async function journal(query: string, token = tokens.accountant): Promise<JournalJson> {
    const res = await http().get(`/api/v1/reports/journal?${query}`).set(auth(token));
    expect({ status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ status: 200, body: 'ok' });
    return res.body as JournalJson;
  }

  async function publish(events: EventEnvelope[], msgId?: (e: EventEnvelope) => string) {
    await bus.publish(events, msgId);
    await consumersCaughtUp(world);
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
              ORGANIZATION_NAME: 'Smile Dental Group',
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
    tokens.exampleOnly = await sign(organizationId, [EXAMPLE_CLINIC]);
    tokens.stranger = await sign(STRANGER_ORG, [STRANGER_CLINIC]);

    nc = await testNats();
    bus = new Bus(nc, world.busPrefix);
    ev = new LedgerEvents(organizationId);
    wo = new Events(organizationId);
    const stranger = new LedgerEvents(STRANGER_ORG);

    // The worked example: a treatment of 1000.00; a card payment of 1000.00 at 2.5 % stored as 1025.00 with its
    // "Bank Cost" treatment of 25.00; a refund of 40.00; the account closed on 03-31 writing off the 40.00 unpaid; a
    // later treatment of 200.00; a work order of 600.00 paid 250.00 in cash.
    const card = ev.received({ patientId: PATIENT, clinicId: EXAMPLE_CLINIC, date: '2026-03-03', amount: '1025.00' });
    Object.assign(card.payload, { paymentType: 'card', bankCost: '25.00', enteredAmount: '1000.00' });
    Object.assign(card.payload, { receiptNumber: '000001', bankChargePercent: '2.50' });
    const bankCost = ev.treatment({
      patientId: PATIENT,
      clinicId: EXAMPLE_CLINIC,
      date: '2026-03-03',
      amount: '25.00',
    });
    bankCost.payload.procedure = 'Bank Cost';
    const refund = ev.received({ patientId: PATIENT, clinicId: EXAMPLE_CLINIC, date: '2026-03-10', amount: '-40.00' });
    refund.payload.receiptNumber = '000002';
    const order = wo.workOrder({
      clinicId: EXAMPLE_CLINIC,
      labId: LAB,
      number: 'WO-000001',
      total: '600.00',
      method: 'cash',
      date: '2026-03-05',
    });
    const labPayment = wo.payment({ workOrder: order, amount: '250.00' });
    labPayment.payload.date = '2026-03-20';
    exampleEvents = [
      ev.clinic(EXAMPLE_CLINIC, 'Downtown Dental'),
      ev.clinic(OTHER_CLINIC, 'Uptown Dental'),
      stranger.clinic(STRANGER_CLINIC, 'Elsewhere Dental'),
      ev.patient({ id: PATIENT, clinicId: EXAMPLE_CLINIC, firstName: 'Ayşe', lastName: 'Example' }),
      ev.treatment({ patientId: PATIENT, clinicId: EXAMPLE_CLINIC, date: '2026-03-02', amount: '1000.00' }),
      card,
      bankCost,
      order,
      refund,
      labPayment,
      ev.closure({ patientId: PATIENT, clinicId: EXAMPLE_CLINIC, date: '2026-03-31', writtenOff: '40.00' }),
      ev.treatment({ patientId: PATIENT, clinicId: EXAMPLE_CLINIC, date: '2026-04-05', amount: '200.00' }),
      ev.treatment({ patientId: randomUUID(), clinicId: OTHER_CLINIC, date: '2026-03-04', amount: '70.00' }),
      stranger.treatment({ patientId: randomUUID(), clinicId: STRANGER_CLINIC, date: '2026-03-04', amount: '90.00' }),
    ];
    await publish(exampleEvents);
  });

  afterAll(async () => {
    await stack?.stop();
    await nc?.close();
    await world.cleanup();
  });

  it('the worked example: every line with the default chart, each entry balanced, 1200 = unpaid, 2100 = outstanding', async () => {
    const answer = await journal(`clinicId=${EXAMPLE_CLINIC}&from=2026-03-01&to=2026-04-30`);
    const shown = answer.items
      .map((l) => [l.date, l.accountCode, l.accountName, l.debit, l.credit, l.reference].join(' '))
      .sort();
    const [treatment, card, bankCost, order, refund, labPayment, closure, later] = [
      exampleEvents[4],
      exampleEvents[5],
      exampleEvents[6],
      exampleEvents[7],
      exampleEvents[8],
      exampleEvents[9],
      exampleEvents[10],
      exampleEvents[11],
    ];
    const t = (e: EventEnvelope) => (e.payload as { id: string }).id;
    expect(shown).toEqual(
      [
        `2026-03-02 1200 Patient receivables 1000.00 0.00 ${t(treatment)}`,
        `2026-03-02 4000 Treatment revenue 0.00 1000.00 ${t(treatment)}`,
        '2026-03-03 1020 Card clearing 1025.00 0.00 000001',
        '2026-03-03 1200 Patient receivables 0.00 1025.00 000001',
        '2026-03-03 6100 Bank fees 25.00 0.00 000001',
        '2026-03-03 1020 Card clearing 0.00 25.00 000001',
        `2026-03-03 1200 Patient receivables 25.00 0.00 ${t(bankCost)}`,
        `2026-03-03 4000 Treatment revenue 0.00 25.00 ${t(bankCost)}`,
        '2026-03-05 5100 Lab costs 600.00 0.00 WO-000001',
        '2026-03-05 2100 Lab payables 0.00 600.00 WO-000001',
        '2026-03-10 1000 Cash 0.00 40.00 000002',
        '2026-03-10 1200 Patient receivables 40.00 0.00 000002',
        '2026-03-20 2100 Lab payables 250.00 0.00 WO-000001',
        '2026-03-20 1000 Cash 0.00 250.00 WO-000001',
        `2026-03-31 4900 Write-offs 40.00 0.00 ${t(closure)}`,
        `2026-03-31 1200 Patient receivables 0.00 40.00 ${t(closure)}`,
        `2026-04-05 1200 Patient receivables 200.00 0.00 ${t(later)}`,
        `2026-04-05 4000 Treatment revenue 0.00 200.00 ${t(later)}`,
      ].sort(),
    );
    // the entry is the event; its source the event type
    for (const e of [treatment, card, bankCost, order, refund, labPayment, closure])
      expect(answer.items.filter((l) => l.entryId === e.id).every((l) => l.source === e.type)).toBe(true);
    expect(answer).toMatchObject({ clinicId: EXAMPLE_CLINIC, from: '2026-03-01', to: '2026-04-30', currency: 'EUR' });
    expect(answer.totals).toEqual({ debit: '3205.00', credit: '3205.00' });
    for (const [, b] of balances(answer.items, (l) => l.entryId)) expect(b).toBe(0n);
    for (const [, b] of balances(answer.items, (l) => l.date)) expect(b).toBe(0n);
    const accounts = balances(answer.items, (l) => l.accountCode);
    expect(Object.fromEntries([...accounts].map(([k, v]) => [k, Money.of(v, 'EUR').toDecimal()]))).toEqual({
      '1000': '-290.00',
      '1020': '1000.00',
      '1200': '200.00',
      '2100': '-350.00',
      '4000': '-1225.00',
      '4900': '40.00',
      '5100': '600.00',
      '6100': '25.00',
    });
    // 1200 = the patients' unpaid minus received more, as the balance report shows them
    const debtors = await bus.ask<PatientBalancesAnswer>(
      ReceivablesSubjects.balances,
      { kind: 'debtors', clinicId: EXAMPLE_CLINIC },
      caller(organizationId),
    );
    expect(debtors.ok && debtors.data.totals.amount).toBe('200.00');
    // a period: only its lines; the clinic's only
    const march10 = await journal(`clinicId=${EXAMPLE_CLINIC}&from=2026-03-10&to=2026-03-10`);
    expect(march10.items.map((l) => l.accountCode)).toEqual(['1000', '1200']);
  });

  it('CSV (comma and semicolon, with a byte order mark) and XLSX read back equal to the JSON', async () => {
    const query = `clinicId=${EXAMPLE_CLINIC}&from=2026-03-01&to=2026-04-30`;
    const json = await journal(query);
    const expected = json.items.map(cells);
    for (const [delimiter, char] of [
      ['comma', ','],
      ['semicolon', ';'],
    ] as const) {
      const res = await http()
        .get(`/api/v1/reports/journal?${query}&format=csv&delimiter=${delimiter}`)
        .set(auth(tokens.accountant))
        .buffer(true)
        .parse(binary);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/attachment; filename="journal-\d{4}-\d{2}-\d{2}\.csv"/);
      const bytes = res.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [titles, ...rows] = parseCsv(bytes.subarray(3).toString('utf8'), char);
      expect(titles).toEqual(TITLES);
      expect(rows).toEqual(expected);
    }
    const xlsx = await http()
      .get(`/api/v1/reports/journal?${query}&format=xlsx`)
      .set(auth(tokens.accountant))
      .buffer(true)
      .parse(binary);
    expect(xlsx.status).toBe(200);
    const sheet = await readXlsx(xlsx.body as Buffer, TITLES);
    expect(sheet.rows).toEqual(expected);
    expect(sheet.totals).toEqual(['', '', '', 'Total', '3205.00', '3205.00', 'EUR', '', '']);
    expect(sheet.header.get('Report')).toBe('Journal');
  });

  it('redelivery (the same events under new message ids) changes nothing', async () => {
    const before = await journal('');
    await publish(exampleEvents, () => randomUUID());
    expect(await journal('')).toEqual(before);
  });

  it("clinic visibility: a user of one clinic sees only its lines; another clinic's filter is a 404", async () => {
    const all = await journal('');
    expect(all.items.some((l) => l.debit === '70.00')).toBe(true);
    expect(all.items.some((l) => l.debit === '90.00')).toBe(false); // another organization's
    const mine = await journal('', tokens.exampleOnly);
    expect(mine.items.some((l) => l.debit === '70.00')).toBe(false);
    expect(mine.items.length).toBe(18);
    const other = await http().get(`/api/v1/reports/journal?clinicId=${OTHER_CLINIC}`).set(auth(tokens.exampleOnly));
    expect(other.status).toBe(404);
    const foreign = await http()
      .get(`/api/v1/reports/journal?clinicId=${STRANGER_CLINIC}`)
      .set(auth(tokens.accountant));
    expect(foreign.status).toBe(404);
  });

  it("the organization's chart names the accounts; another organization's codes do not leak", async () => {
    const defaults = await http().get('/api/v1/accounting/accounts').set(auth(tokens.accountant));
    expect(defaults.status).toBe(200);
    expect(defaults.body.accounts).toHaveLength(9);
    expect(defaults.body.accounts[3]).toEqual({
      key: 'patient_receivables',
      code: '1200',
      name: 'Patient receivables',
      custom: false,
    });
    const put = await http()
      .put('/api/v1/accounting/accounts')
      .set(auth(tokens.stranger))
      .send({
        accounts: [
          { key: 'patient_receivables', code: '120', name: 'Alıcılar' },
          { key: 'treatment_revenue', code: '600', name: 'Yurt İçi Satışlar' },
        ],
      });
    expect(put.status).toBe(200);
    expect(put.body.accounts.find((a: { key: string }) => a.key === 'patient_receivables')).toEqual({
      key: 'patient_receivables',
      code: '120',
      name: 'Alıcılar',
      custom: true,
    });
    const strangers = await journal('', tokens.stranger);
    expect(strangers.items.map((l) => `${l.accountCode} ${l.accountName} ${l.debit} ${l.credit}`)).toEqual([
      '120 Alıcılar 90.00 0.00',
      '600 Yurt İçi Satışlar 0.00 90.00',
    ]);
    // ours keeps the default chart
    const ours = await journal(`clinicId=${EXAMPLE_CLINIC}`);
    expect(ours.items.filter((l) => l.accountCode === '120' || l.accountName === 'Alıcılar')).toEqual([]);
    expect((await http().get('/api/v1/accounting/accounts').set(auth(tokens.accountant))).body).toEqual(defaults.body);
    // ours changed: the export uses the current chart at once
    const mine = await http()
      .put('/api/v1/accounting/accounts')
      .set(auth(tokens.admin))
      .send({ accounts: [{ key: 'cash', code: '100', name: 'Kasa' }] });
    expect(mine.status).toBe(200);
    const renamed = await journal(`clinicId=${EXAMPLE_CLINIC}&from=2026-03-10&to=2026-03-10`);
    expect(renamed.items.map((l) => `${l.accountCode} ${l.accountName}`)).toEqual([
      '100 Kasa',
      '1200 Patient receivables',
    ]);
    const strangersAgain = await journal('', tokens.stranger);
    expect(strangersAgain.items.some((l) => l.accountCode === '100')).toBe(false);
  });

  it('bad input is a 400 naming the field; roles per the matrix', async () => {
    const field = async (path: string, method: 'get' | 'put' = 'get', body?: object) => {
      const res = await http()[method](`/api/v1${path}`).set(auth(tokens.accountant)).send(body);
      expect(res.status).toBe(400);
      return JSON.stringify(res.body);
    };
    expect(await field('/reports/journal?format=pdf')).toContain('format');
    expect(await field('/reports/journal?format=csv&delimiter=tab')).toContain('delimiter');
    expect(await field('/reports/journal?from=2026-02-30')).toContain('from');
    expect(await field('/reports/journal?from=2026-05-01&to=2026-04-01')).toContain('"to"');
    expect(await field('/reports/journal?clinicId=nope')).toContain('clinicId');
    expect(await field('/reports/journal?page=2')).toContain('page');
    expect(await field('/accounting/accounts', 'put', {})).toContain('accounts');
    expect(await field('/accounting/accounts', 'put', { accounts: [{ key: 'x', code: '1', name: 'n' }] })).toContain(
      'accounts.0.key',
    );
    expect(
      await field('/accounting/accounts', 'put', { accounts: [{ key: 'cash', code: 'a b', name: 'n' }] }),
    ).toContain('accounts.0.code');
    expect(await field('/accounting/accounts', 'put', { accounts: [{ key: 'cash', code: '1', name: '' }] })).toContain(
      'accounts.0.name',
    );
    expect(
      await field('/accounting/accounts', 'put', {
        accounts: [
          { key: 'cash', code: '1', name: 'a' },
          { key: 'cash', code: '2', name: 'b' },
        ],
      }),
    ).toContain('accounts.1.key');
    expect((await http().get('/api/v1/reports/journal').set(auth(tokens.reception))).status).toBe(403);
    expect(
      (
        await http()
          .put('/api/v1/accounting/accounts')
          .set(auth(tokens.reception))
          .send({ accounts: [{ key: 'cash', code: '1', name: 'a' }] })
      ).status,
    ).toBe(403);
    expect((await http().get('/api/v1/reports/journal')).status).toBe(401);
  });
});
