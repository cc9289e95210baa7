// Payables aging (DOMAIN.md D): reporting and the gateway as the built processes on real PostgreSQL and NATS. The
// events of work-orders (labs, work orders with their plans) and payments (clinics, work-order payments) are put on
// JetStream as their outbox relays do; the report is read through GET /reports/payables-aging, as JSON and as files
// (parsed back), and through `reporting.query.payables-aging`.
import {
  EventEnvelope,
  PAYABLES_AGING_BUCKETS,
  PayablesAgingAnswer,
  PayablesAgingBuckets,
  PayablesAgingLayouts,
  PayablesAgingSubjects,
  WorkOrderSnapshotV1,
} from '@dental/contracts';
import { Bus, caller, GatewayClient, PayablesEvents, testNats, TestWorld } from '@dental/testing';
import { DateTime } from 'luxon';
import { randomBytes, randomUUID } from 'node:crypto';
import { NatsConnection } from 'nats';
import request from 'supertest';
// The report's route lives in the gateway; starting it here is test wiring, not app coupling.
import { consumersCaughtUp, ServiceStack, startServices } from './support/service-stack';
import { linesInOrder, pdfCells, pdfPages, readCsv, readXlsx } from './support/report-readers';

jest.setTimeout(120_000);

const ADMIN = { email: 'admin@example.com', password: 'first-admin-password' };
const ORGANIZATION_NAME = 'Smile Dental Group';
const D = '2026-06-30';
const BIG = 520; // work orders of one lab: more than one chunk (500) of the gateway's drill-down

type Json = Omit<PayablesAgingAnswer, 'clinicName' | 'locale' | 'labName' | 'nextCursor'>;

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** Buckets as decimal strings, the ones not named 0.00. */
function buckets(b: Partial<PayablesAgingBuckets>): PayablesAgingBuckets {
  return Object.fromEntries(PAYABLES_AGING_BUCKETS.map((k) => [k, b[k] ?? '0.00'])) as PayablesAgingBuckets;
}

describe('payables aging (e2e: reporting and the gateway as built)', () => {
  const world = new TestWorld();
  let stack: ServiceStack;
  let nc: NatsConnection;
  let bus: Bus;
  let ev: PayablesEvents;
  let organizationId: string;
  const tokens = { admin: '', accountant: '', reception: '', labManager: '' };
  const CLINIC_A = randomUUID(); // Europe/Istanbul, en
  const CLINIC_B = randomUUID(); // Pacific/Kiritimati (UTC+14), tr
  const LAB = {
    example: randomUUID(),
    refund: randomUUID(),
    single: randomUUID(),
    edit: randomUUID(),
    busy: randomUUID(),
  };
  const FOREIGN = { org: randomUUID(), clinic: randomUUID(), lab: randomUUID() };
  const orders: Record<string, EventEnvelope<WorkOrderSnapshotV1>> = {};
  const ids: Record<string, string> = {};

  const http = () => request(stack.gatewayUrl);
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  const login = (email: string, password: string) => new GatewayClient(stack.gatewayUrl).login(email, password);

  async function aging(query: string, token = tokens.accountant): Promise<Json> {
    const res = await http().get(`/api/v1/reports/payables-aging?${query}`).set(auth(token));
    expect([res.status, res.body.message]).toEqual([200, undefined]);
    return res.body as Json;
  }

  async function download(query: string): Promise<Buffer> {
    const res = await http()
      .get(`/api/v1/reports/payables-aging?${query}`)
      .set(auth(tokens.accountant))
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="payables-aging-\d{4}-\d{2}-\d{2}\./);
    return res.body as Buffer;
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
      ['labManager', ['lab-manager']],
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
    ev = new PayablesEvents(organizationId);
    const wo = (
      number: string,
      spec: Omit<Parameters<PayablesEvents['plan']>[0], 'number' | 'clinicId'> & { clinicId?: string },
    ) => {
      const e = ev.plan({ clinicId: CLINIC_A, number, ...spec });
      ids[number] = e.payload.id;
      orders[number] = e;
      return e;
    };

    // Example Lab: the DOMAIN.md example; a cancelled one; one documented after D; one paid only after D
    const example = wo('WO-000001', {
      labId: LAB.example,
      date: '2026-04-01',
      installments: [
        ['2026-04-10', '300.00'],
        ['2026-05-10', '300.00'],
        ['2026-06-10', '300.00'],
      ],
    });
    const cancelled = wo('WO-000002', {
      labId: LAB.example,
      date: '2026-03-01',
      installments: [['2026-03-15', '500.00']],
      status: 'cancelled',
    });
    const documentedLater = wo('WO-000003', {
      labId: LAB.example,
      date: '2026-07-01',
      installments: [['2026-07-15', '400.00']],
    });
    const paidLater = wo('WO-000004', {
      labId: LAB.example,
      date: '2026-05-20',
      installments: [['2026-06-01', '300.00']],
    });

    // Refund Lab: paid 600.00 then refunded 200.00; an overpaid one
    const refunded = wo('WO-000005', {
      labId: LAB.refund,
      date: '2026-04-01',
      installments: [
        ['2026-05-01', '300.00'],
        ['2026-06-01', '300.00'],
      ],
    });
    const overpaid = wo('WO-000006', {
      labId: LAB.refund,
      date: '2026-04-01',
      installments: [['2026-05-01', '200.00']],
    });

    // Single Lab (clinic B): a plan with one due date, 135 days past due; installments not due (one due exactly on D)
    const single = wo('WO-000007', {
      clinicId: CLINIC_B,
      labId: LAB.single,
      date: '2026-02-01',
      installments: [['2026-02-15', '1000.00']],
    });
    const notDue = wo('WO-000008', {
      clinicId: CLINIC_B,
      labId: LAB.single,
      date: '2026-06-01',
      installments: [
        ['2026-06-30', '300.00'],
        ['2026-08-01', '400.00'],
      ],
    });

    // Edit Lab: a plan edited, a work order cancelled later, a payment deleted and one moved after D, out of order
    const replanned = wo('WO-000009', {
      labId: LAB.edit,
      date: '2026-02-20',
      installments: [['2026-03-01', '500.00']],
    });
    const replan = ev.replan(replanned, {
      installments: [
        ['2026-06-20', '250.00'],
        ['2026-07-20', '250.00'],
      ],
    });
    const laterCancelled = wo('WO-000010', {
      labId: LAB.edit,
      date: '2026-04-01',
      installments: [['2026-05-01', '100.00']],
    });
    const cancel = ev.replan(laterCancelled, { status: 'cancelled' });
    const edited = wo('WO-000011', { labId: LAB.edit, date: '2026-05-01', installments: [['2026-06-01', '300.00']] });
    const deleted = ev.paid(edited, '100.00', '2026-05-15');
    const deleteIt = ev.paymentUpdate(deleted, { deleted: true });
    const moved = ev.paid(edited, '200.00', '2026-06-01');
    const moveIt = ev.paymentUpdate(moved, {});
    moveIt.payload.date = '2026-07-02';

    // Busy Lab (clinic B): BIG work orders of 10.00 each, 29 days past due
    const busy = Array.from({ length: BIG }, (_, i) =>
      wo(`WO-1${String(i).padStart(5, '0')}`, {
        clinicId: CLINIC_B,
        labId: LAB.busy,
        date: '2026-05-01',
        installments: [['2026-06-01', '10.00']],
      }),
    );

    // another organization: its lab and work order are not ours
    const foreign = new PayablesEvents(FOREIGN.org);
    const foreignOrder = foreign.plan({
      clinicId: FOREIGN.clinic,
      labId: FOREIGN.lab,
      number: 'WO-000001',
      date: '2026-04-01',
      installments: [['2026-04-10', '999.00']],
    });

    await bus.publish([
      ev.clinic(CLINIC_A, 'Downtown Dental'),
      ev.clinic(CLINIC_B, 'Kadıköy Diş', 'Pacific/Kiritimati', 'tr'),
      foreign.clinic(FOREIGN.clinic, 'Elsewhere Dental'),
      ev.lab('Example Lab', LAB.example),
      ev.lab('Refund Lab', LAB.refund),
      ev.lab('Single Lab', LAB.single),
      ev.lab('Edit Lab', LAB.edit),
      ev.lab('Busy Lab', LAB.busy),
      foreign.lab('Elsewhere Lab', FOREIGN.lab),
      // a payment before its work order
      ev.paid(example, '350.00', '2026-04-05'),
      example,
      cancelled,
      documentedLater,
      paidLater,
      ev.paid(paidLater, '300.00', '2026-07-05'),
      refunded,
      ev.paid(refunded, '600.00', '2026-04-20'),
      ev.paid(refunded, '-200.00', '2026-06-15'),
      overpaid,
      ev.paid(overpaid, '250.00', '2026-04-20'),
      single,
      ev.paid(single, '100.00', '2026-03-01'),
      notDue,
      // newer revisions first, then the older ones
      replan,
      replanned,
      cancel,
      laterCancelled,
      edited,
      deleteIt,
      deleted,
      moveIt,
      moved,
      ...busy,
      foreignOrder,
      foreign.paid(foreignOrder, '1.00', '2026-04-11'),
    ]);
    // redelivered past JetStream's de-duplication: the older revisions again
    await bus.publish([replanned, laterCancelled, deleted, moved], () => randomUUID());
    await consumersCaughtUp(world);
  });

  afterAll(async () => {
    await stack?.stop();
    await nc?.close();
    await world.cleanup();
  });

  const LABS_AT_D = {
    busy: { labId: LAB.busy, labName: 'Busy Lab', buckets: buckets({ '1-30': '5200.00' }), total: '5200.00' },
    edit: {
      labId: LAB.edit,
      labName: 'Edit Lab',
      buckets: buckets({ not_due: '250.00', '1-30': '550.00' }),
      total: '800.00',
    },
    example: {
      labId: LAB.example,
      labName: 'Example Lab',
      buckets: buckets({ '1-30': '600.00', '31-60': '250.00' }),
      total: '850.00',
    },
    refund: { labId: LAB.refund, labName: 'Refund Lab', buckets: buckets({ '1-30': '200.00' }), total: '200.00' },
    single: {
      labId: LAB.single,
      labName: 'Single Lab',
      buckets: buckets({ not_due: '700.00', '91+': '900.00' }),
      total: '1600.00',
    },
  };

  it('the DOMAIN.md example as of 2026-06-30: 31-60 250.00 (51 days), 1-30 300.00 (20 days), total 550.00', async () => {
    const answer = await aging(`labId=${LAB.example}&asOf=${D}`);
    const [lab] = answer.items;
    expect(lab.workOrders![0]).toEqual({
      workOrderId: ids['WO-000001'],
      number: 'WO-000001',
      documentedDate: '2026-04-01',
      buckets: buckets({ '31-60': '250.00', '1-30': '300.00' }),
      total: '550.00',
    });
  });

  it('every lab owed something, by name, with the totals: each rule of the aging in one figure', async () => {
    const answer = await aging(`asOf=${D}`);
    expect(answer).toEqual({
      asOf: D,
      currency: 'EUR',
      clinicId: null,
      labId: null,
      items: [LABS_AT_D.busy, LABS_AT_D.edit, LABS_AT_D.example, LABS_AT_D.refund, LABS_AT_D.single],
      totals: {
        buckets: buckets({ not_due: '950.00', '1-30': '6550.00', '31-60': '250.00', '91+': '900.00' }),
        total: '8650.00',
      },
    });
    // the lab-manager has the Finance view's access; reception has not
    expect((await aging(`asOf=${D}`, tokens.labManager)).totals.total).toBe('8650.00');
    const refused = await http().get(`/api/v1/reports/payables-aging?asOf=${D}`).set(auth(tokens.reception));
    expect([refused.status, refused.body.code]).toEqual([403, 'AUTH.FORBIDDEN']);
  });

  it('the drill-down of a lab: its work orders owed something, by number (cancelled, later and overpaid ones left out)', async () => {
    const example = await aging(`labId=${LAB.example}&asOf=${D}`);
    expect(example.labId).toBe(LAB.example);
    expect(example.items).toEqual([
      {
        ...LABS_AT_D.example,
        workOrders: [
          {
            workOrderId: ids['WO-000001'],
            number: 'WO-000001',
            documentedDate: '2026-04-01',
            buckets: buckets({ '31-60': '250.00', '1-30': '300.00' }),
            total: '550.00',
          },
          // paid in full, but on 2026-07-05: as of D it is 29 days past due
          {
            workOrderId: ids['WO-000004'],
            number: 'WO-000004',
            documentedDate: '2026-05-20',
            buckets: buckets({ '1-30': '300.00' }),
            total: '300.00',
          },
        ],
      },
    ]);
    expect(example.totals).toEqual({ buckets: LABS_AT_D.example.buckets, total: LABS_AT_D.example.total });

    // 600.00 paid, 200.00 refunded: the second installment is 200.00 short; the overpaid one is not listed
    const refund = await aging(`labId=${LAB.refund}&asOf=${D}`);
    expect(refund.items[0].workOrders).toEqual([
      expect.objectContaining({ number: 'WO-000005', buckets: buckets({ '1-30': '200.00' }), total: '200.00' }),
    ]);

    // one due date (135 days past due, 100.00 paid); installments due on D (0 days past due) and after it: not due
    const single = await aging(`labId=${LAB.single}&asOf=${D}`);
    expect(single.items[0].workOrders!.map((w) => [w.number, w.buckets, w.total])).toEqual([
      ['WO-000007', buckets({ '91+': '900.00' }), '900.00'],
      ['WO-000008', buckets({ not_due: '700.00' }), '700.00'],
    ]);

    // the edited plan (a newer revision arrived first) and the moves of payments; the cancelled one is out
    const edit = await aging(`labId=${LAB.edit}&asOf=${D}`);
    expect(edit.items[0].workOrders!.map((w) => [w.number, w.buckets, w.total])).toEqual([
      ['WO-000009', buckets({ '1-30': '250.00', not_due: '250.00' }), '500.00'],
      ['WO-000011', buckets({ '1-30': '300.00' }), '300.00'],
    ]);
    // on 2026-07-02 the moved payment of 200.00 counts: 100.00 left, 31 days past due
    const edit2 = await aging(`labId=${LAB.edit}&asOf=2026-07-02`);
    expect(edit2.items[0].workOrders!.find((w) => w.number === 'WO-000011')).toEqual(
      expect.objectContaining({ buckets: buckets({ '31-60': '100.00' }), total: '100.00' }),
    );
    // a lab owed nothing: no row, zero totals
    const none = await aging(`labId=${LAB.refund}&asOf=2026-04-30`);
    expect(none.items).toEqual([]);
    expect(none.totals).toEqual({ buckets: buckets({}), total: '0.00' });
  });

  it('work orders documented after D count from their date on; payments after D count from theirs', async () => {
    const july = await aging(`labId=${LAB.example}&asOf=2026-07-20`);
    expect(july.items[0].workOrders!.map((w) => [w.number, w.buckets])).toEqual([
      ['WO-000001', buckets({ '61-90': '250.00', '31-60': '300.00' })],
      ['WO-000003', buckets({ '1-30': '400.00' })],
    ]);
    // the day before WO-000004's payment it is still owed; on the day of it, not
    const before = await aging(`labId=${LAB.example}&asOf=2026-07-04`);
    expect(before.items[0].workOrders!.map((w) => w.number)).toEqual(['WO-000001', 'WO-000003', 'WO-000004']);
    const on = await aging(`labId=${LAB.example}&asOf=2026-07-05`);
    expect(on.items[0].workOrders!.map((w) => w.number)).toEqual(['WO-000001', 'WO-000003']);
  });

  it("per clinic: only that clinic's work orders; per lab: that lab only", async () => {
    const b = await aging(`clinicId=${CLINIC_B}&asOf=${D}`);
    expect(b.clinicId).toBe(CLINIC_B);
    expect(b.items).toEqual([LABS_AT_D.busy, LABS_AT_D.single]);
    expect(b.totals).toEqual({
      buckets: buckets({ not_due: '700.00', '1-30': '5200.00', '91+': '900.00' }),
      total: '6800.00',
    });
    const a = await aging(`clinicId=${CLINIC_A}&asOf=${D}`);
    expect(a.items).toEqual([LABS_AT_D.edit, LABS_AT_D.example, LABS_AT_D.refund]);
    expect(a.totals.total).toBe('1850.00');
    // a lab of the other clinic, filtered by this clinic: nothing
    const neither = await aging(`clinicId=${CLINIC_A}&labId=${LAB.single}&asOf=${D}`);
    expect(neither.items).toEqual([]);
    // a caller limited to clinic A sees clinic A only, with or without the filter
    const limited = await bus.ask<PayablesAgingAnswer>(
      PayablesAgingSubjects.aging,
      { asOf: D },
      caller(organizationId, [CLINIC_A]),
    );
    expect(limited.ok && limited.data.items.map((i) => i.labName)).toEqual(['Edit Lab', 'Example Lab', 'Refund Lab']);
  });

  it("the default date is today in the clinic's time zone; organization-wide, the latest of its clinics' todays", async () => {
    const kiritimati = () => DateTime.now().setZone('Pacific/Kiritimati').toISODate()!;
    const before = kiritimati();
    const b = await aging(`clinicId=${CLINIC_B}`);
    const all = await aging('');
    expect([before, kiritimati()]).toContain(b.asOf);
    expect([before, kiritimati()]).toContain(all.asOf);
    const istanbul = DateTime.now().setZone('Europe/Istanbul').toISODate()!;
    const a = await aging(`clinicId=${CLINIC_A}`);
    expect([istanbul, DateTime.now().setZone('Europe/Istanbul').toISODate()]).toContain(a.asOf);
  });

  it('the drill-down comes in keyset pages over the bus; the gateway joins them (more than one chunk)', async () => {
    const who = caller(organizationId);
    const pages: PayablesAgingAnswer[] = [];
    for (let after: string | null | undefined; after !== null;) {
      const reply = await bus.ask<PayablesAgingAnswer>(
        PayablesAgingSubjects.aging,
        { labId: LAB.edit, asOf: D, pageSize: 1, ...(after ? { after } : {}) },
        who,
      );
      if (!reply.ok) throw new Error(reply.error.message);
      pages.push(reply.data);
      after = reply.data.nextCursor;
    }
    expect(pages.map((p) => p.items[0].workOrders!.map((w) => w.number))).toEqual([['WO-000009'], ['WO-000011']]);
    for (const p of pages) expect(p.totals.total).toBe('800.00');
    const bad = await bus.ask(PayablesAgingSubjects.aging, { labId: LAB.edit, after: 'not-a-cursor' }, who);
    expect(bad).toEqual({
      ok: false,
      error: expect.objectContaining({ status: 400, details: [expect.objectContaining({ field: 'after' })] }),
    });

    const busy = await aging(`labId=${LAB.busy}&asOf=${D}`);
    const numbers = busy.items[0].workOrders!.map((w) => w.number);
    expect(numbers).toHaveLength(BIG);
    expect(numbers).toEqual([...numbers].sort());
    expect(new Set(numbers).size).toBe(BIG);
    expect(busy.items[0].total).toBe('5200.00');
  });

  it.each(['csv', 'xlsx', 'pdf'] as const)(
    'the %s file holds the JSON rows and totals, with the as-of date and the filters in the header',
    async (format) => {
      const titles = PayablesAgingLayouts.labColumns('en').map((c) => c.title);
      const json = await aging(`asOf=${D}`);
      const rows = json.items.map((r) => PayablesAgingLayouts.labCells(r));
      const totals = PayablesAgingLayouts.totalsCells(json.totals, 'en', titles.length);
      const file = await download(`asOf=${D}&format=${format}`);

      const woTitles = PayablesAgingLayouts.workOrderColumns('en').map((c) => c.title);
      const busyJson = await aging(`labId=${LAB.busy}&asOf=${D}`);
      const woRows = busyJson.items[0].workOrders!.map((r) => PayablesAgingLayouts.workOrderCells(r));
      const woTotals = PayablesAgingLayouts.totalsCells(busyJson.totals, 'en', woTitles.length);
      const busyFile = await download(`labId=${LAB.busy}&asOf=${D}&format=${format}`);

      if (format === 'pdf') {
        const text = (await pdfPages(file)).join('\n');
        expect(text).toContain(ORGANIZATION_NAME);
        expect(text.replace(/\s+/g, ' ')).toContain(`As of: ${D}`);
        // clinics of both locales in scope: the amounts as English writes them, with the sign
        const labKinds = PayablesAgingLayouts.labColumns('en');
        const printed = (r: string[]) => pdfCells(r, labKinds, 'EUR', 'en');
        expect(linesInOrder(text, [titles, ...rows.map(printed), printed(totals)])).toEqual({ ok: true });
        expect(text).toContain(`€${json.totals.total.replace(/\B(?=(\d{3})+\.)/g, ',')}`);
        const busyText = (await pdfPages(busyFile)).join('\n');
        expect(busyText.replace(/\s+/g, ' ')).toContain('Dental lab: Busy Lab');
        const woKinds = PayablesAgingLayouts.workOrderColumns('en');
        const woPrinted = (r: string[]) => pdfCells(r, woKinds, 'EUR', 'en');
        expect(linesInOrder(busyText, [...woRows.map(woPrinted), woPrinted(woTotals)])).toEqual({ ok: true });
        return;
      }
      const read = format === 'csv' ? readCsv : readXlsx;
      const report = await read(file, titles);
      expect(report.header.get('Organization')).toBe(ORGANIZATION_NAME);
      expect(report.header.get('Report')).toBe('Payables Aging');
      expect(report.header.get('As of')).toBe(D);
      expect(report.header.get('Clinic')).toBe('All clinics');
      expect(report.header.get('Dental lab')).toBe('All labs');
      expect(report.header.get('Currency')).toBe('EUR');
      expect(report.rows).toEqual(rows);
      expect(report.totals).toEqual(totals);
      const busyReport = await read(busyFile, woTitles);
      expect(busyReport.header.get('Dental lab')).toBe('Busy Lab');
      expect(busyReport.rows).toHaveLength(BIG);
      expect(busyReport.rows).toEqual(woRows);
      expect(busyReport.totals).toEqual(woTotals);
    },
  );

  it('a clinic whose locale is tr gets a Turkish file', async () => {
    const titles = PayablesAgingLayouts.labColumns('tr').map((c) => c.title);
    const json = await aging(`clinicId=${CLINIC_B}&asOf=${D}`);
    const report = readCsv(await download(`clinicId=${CLINIC_B}&asOf=${D}&format=csv`), titles);
    expect(report.header.get('Report')).toBe('Borç Yaşlandırma');
    expect(report.header.get('Tarih itibarıyla')).toBe(D);
    expect(report.header.get('Klinik')).toBe('Kadıköy Diş');
    expect(report.header.get('Laboratuvar')).toBe('Tüm laboratuvarlar');
    expect(report.rows).toEqual(json.items.map((r) => PayablesAgingLayouts.labCells(r)));
    expect(report.totals).toEqual(PayablesAgingLayouts.totalsCells(json.totals, 'tr', titles.length));
    expect(report.totals[0]).toBe('Toplam');
  });

  it("bad input is a 400 naming the field; another organization's lab or clinic is a 404", async () => {
    for (const [query, field] of [
      ['asOf=2026-02-30', 'asOf'],
      ['asOf=yesterday', 'asOf'],
      ['labId=smile', 'labId'],
      ['clinicId=42', 'clinicId'],
      ['format=docx', 'format'],
      ['groupBy=day', 'groupBy'],
    ]) {
      const res = await http().get(`/api/v1/reports/payables-aging?${query}`).set(auth(tokens.accountant));
      expect([query, res.status, res.body.code]).toEqual([query, 400, 'REQUEST.VALIDATION']);
      expect(res.body.details).toEqual([expect.objectContaining({ field })]);
    }
    const lab = await http().get(`/api/v1/reports/payables-aging?labId=${FOREIGN.lab}`).set(auth(tokens.accountant));
    expect([lab.status, lab.body.code]).toEqual([404, 'LAB.NOT_FOUND']);
    const clinic = await bus.ask(PayablesAgingSubjects.aging, { clinicId: FOREIGN.clinic }, caller(organizationId));
    expect(clinic).toEqual({ ok: false, error: expect.objectContaining({ status: 404, code: 'CLINIC.NOT_FOUND' }) });
    // and its figures are nowhere in ours
    const theirs = await bus.ask<PayablesAgingAnswer>(PayablesAgingSubjects.aging, { asOf: D }, caller(FOREIGN.org));
    expect(theirs.ok && theirs.data.totals.total).toBe('998.00');
  });

  it('several currencies in scope are a 422 asking for a clinic filter', async () => {
    const org = new PayablesEvents(randomUUID());
    const [eur, usd, lab] = [randomUUID(), randomUUID(), randomUUID()];
    await bus.publish([
      org.lab('Two Currency Lab', lab),
      org.plan({
        clinicId: eur,
        labId: lab,
        number: 'WO-000001',
        date: '2026-01-01',
        installments: [['2026-01-10', '5.00']],
      }),
      org.plan({
        clinicId: usd,
        labId: lab,
        number: 'WO-000002',
        date: '2026-01-01',
        installments: [['2026-01-10', '7.00']],
        currency: 'USD',
      }),
    ]);
    await consumersCaughtUp(world);
    const who = caller(org.organizationId);
    const mixed = await bus.ask(PayablesAgingSubjects.aging, { asOf: D }, who);
    expect(mixed).toEqual({
      ok: false,
      error: expect.objectContaining({ status: 422, code: 'FINANCE.MIXED_CURRENCIES' }),
    });
    const one = await bus.ask<PayablesAgingAnswer>(PayablesAgingSubjects.aging, { asOf: D, clinicId: usd }, who);
    expect(one.ok && [one.data.currency, one.data.totals.buckets['91+']]).toEqual(['USD', '7.00']);
  });

  // last: it adds money and work orders dated after D
  it('as of a past date the figures stay the same after later-dated payments and work orders arrive', async () => {
    const before = await aging(`asOf=${D}`);
    const drillBefore = await aging(`labId=${LAB.example}&asOf=${D}`);
    await bus.publish([
      ev.paid(orders['WO-000001'], '550.00', '2026-07-10'),
      ev.paid(orders['WO-000007'], '900.00', '2026-07-01'),
      ev.plan({
        clinicId: CLINIC_A,
        labId: LAB.example,
        number: 'WO-000012',
        date: '2026-07-01',
        installments: [['2026-06-01', '123.00']],
      }),
    ]);
    await consumersCaughtUp(world);
    expect(await aging(`asOf=${D}`)).toEqual(before);
    expect(await aging(`labId=${LAB.example}&asOf=${D}`)).toEqual(drillBefore);
    // and they did arrive: as of 2026-07-10 WO-000001 is paid, WO-000007 too, WO-000012 is owed
    const after = await aging(`labId=${LAB.example}&asOf=2026-07-10`);
    expect(after.items[0].workOrders!.map((w) => w.number)).toEqual(['WO-000003', 'WO-000012']);
    const single = await aging(`labId=${LAB.single}&asOf=2026-07-10`);
    expect(single.items[0].workOrders!.map((w) => w.number)).toEqual(['WO-000008']);
  });
});
