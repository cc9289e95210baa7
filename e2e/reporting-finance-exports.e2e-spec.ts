// The Finance routes of the gateway (API.md) with reporting behind them, both as the built processes, on real
// PostgreSQL and NATS: roles, the JSON tabs, and the CSV, XLSX and PDF exports, which must hold the same rows and
// totals as the JSON for the same filters, pulled from reporting in keyset chunks.
import {
  FinanceLabsAnswer,
  FinanceSubjects,
  FinanceWorkOrderRow,
  FinanceWorkOrdersAnswer,
  PaymentMethod,
  PaymentStatus,
} from '@dental/contracts';
import { Bus, Events, GatewayClient, testNats, TestWorld } from '@dental/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { NatsConnection } from 'nats';
import request from 'supertest';
import { consumersCaughtUp, ServiceStack, startServices } from './support/service-stack';
import { linesInOrder, pdfCells, pdfPages, readCsv, ReadReport, readXlsx } from './support/report-readers';

jest.setTimeout(120_000);

const ADMIN = { email: 'admin@example.com', password: 'first-admin-password' };
const ORGANIZATION_NAME = 'Smile Dental Group';
const LAB_TITLES = ['Dental lab', 'Work orders', 'Paid', 'Total', 'Outstanding'];
const WORK_ORDER_TITLES = [
  'Work order #',
  'Dental lab',
  'Payment method',
  'Paid',
  'Total',
  'Outstanding',
  'Status',
  'Documented date',
];
const LAB_KINDS = ['text', 'count', 'money', 'money', 'money'];
const WORK_ORDER_KINDS = ['text', 'text', 'text', 'money', 'money', 'money', 'text', 'date'];
const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;
const BULK = 4100;

// How the exports name codes, in the words of the screen (the gateway's finance-labels).
const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  cash: 'Cash',
  card: 'Card',
  bank_transfer: 'Bank transfer',
  check: 'Check',
  other: 'Other',
};
const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  unpaid: 'Unpaid',
  partially_paid: 'Partially paid',
  paid: 'Paid',
  overpaid: 'Overpaid',
};

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

const workOrderCells = (r: FinanceWorkOrderRow) => [
  r.number,
  r.labName,
  PAYMENT_METHOD_LABELS[r.paymentMethod],
  r.paidAmount,
  r.totalAmount,
  r.outstandingAmount,
  PAYMENT_STATUS_LABELS[r.paymentStatus],
  r.documentedDate,
];

// the gateway's chunk (EXPORT_CHUNK_SIZE in its finance-export.service): the bulk lab's work orders take three
const CHUNK = 2000;

describe('Finance routes and exports through the gateway (e2e: reporting and the gateway as built)', () => {
  const world = new TestWorld();
  let stack: ServiceStack;
  let nc: NatsConnection;
  let bus: Bus;
  const tokens: Record<'admin' | 'accountant' | 'labManager' | 'reception', string> = {
    admin: '',
    accountant: '',
    labManager: '',
    reception: '',
  };
  let organizationId: string;
  const C1 = randomUUID();
  const C2 = randomUUID();
  const C3 = randomUUID();
  let smileLabId: string;

  const http = () => request(stack.gatewayUrl);
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  const login = (email: string, password: string) => new GatewayClient(stack.gatewayUrl).login(email, password);

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
    const me = await http().get('/api/v1/me').set(auth(tokens.admin));
    organizationId = me.body.organization.id;
    for (const [key, roles] of [
      ['accountant', ['accountant']],
      ['labManager', ['lab-manager']],
      ['reception', ['reception']],
    ] as const) {
      const email = `${key.toLowerCase()}@example.com`;
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
    const smile = ev.lab('Smile Lab');
    const bright = ev.lab('Bright Lab');
    const bulkLab = ev.lab('Bulk "Lab", Ltd');
    smileLabId = smile.payload.id;
    const wo1 = ev.workOrder({
      clinicId: C1,
      labId: smile.payload.id,
      number: 'WO-000001',
      total: '1000.00',
      method: 'bank_transfer',
      date: '2026-01-10',
    });
    const wo2 = ev.workOrder({
      clinicId: C1,
      labId: smile.payload.id,
      number: 'WO-000002',
      total: '250.00',
      method: 'card',
      date: '2026-02-15',
    });
    const wo3 = ev.workOrder({
      clinicId: C2,
      labId: bright.payload.id,
      number: 'WO-000003',
      total: '600.00',
      method: 'cash',
      date: '2026-03-20',
    });
    // cancelled, in another currency: left out unless asked, and then the answer mixes currencies
    const inLira = ev.workOrder({
      clinicId: C3,
      labId: bright.payload.id,
      number: 'WO-000004',
      total: '900.00',
      currency: 'TRY',
      date: '2026-03-01',
    });
    const bulk = Array.from({ length: BULK }, (_, i) =>
      ev.workOrder({
        clinicId: C2,
        labId: bulkLab.payload.id,
        number: `WO-1${String(i).padStart(5, '0')}`,
        total: `${100 + (i % 37)}.${String(i % 100).padStart(2, '0')}`,
        method: (['cash', 'card', 'check'] as const)[i % 3],
        date: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      }),
    );
    await bus.publish([
      smile,
      bright,
      bulkLab,
      wo1,
      wo2,
      wo3,
      inLira,
      ev.workOrderUpdate(inLira, { status: 'cancelled' }),
      ev.payment({ workOrder: wo1, amount: '400.00' }),
      ev.payment({ workOrder: wo2, amount: '250.00' }),
      ...bulk,
      ...bulk.filter((_, i) => i % 4 === 0).map((wo, i) => ev.payment({ workOrder: wo, amount: `${i % 50}.25` })),
    ]);
    await consumersCaughtUp(world);
  });

  afterAll(async () => {
    await stack?.stop();
    await nc?.close();
    await world.cleanup();
  });

  describe('roles and input', () => {
    const routes = [
      '/finance/labs',
      '/finance/work-orders',
      '/finance/labs/export?format=csv',
      '/finance/work-orders/export?format=csv',
    ];

    it.each(routes)(
      '%s: accountant, lab manager and admin may; reception may not; no token is a 401',
      async (route) => {
        for (const who of ['admin', 'accountant', 'labManager'] as const) {
          expect((await http().get(`/api/v1${route}`).set(auth(tokens[who]))).status).toBe(200);
        }
        const forbidden = await http().get(`/api/v1${route}`).set(auth(tokens.reception));
        expect({ status: forbidden.status, code: forbidden.body.code }).toEqual({
          status: 403,
          code: 'AUTH.FORBIDDEN',
        });
        expect((await http().get(`/api/v1${route}`)).status).toBe(401);
      },
    );

    it.each(['/finance/labs/export', '/finance/work-orders/export'])(
      '%s: another format, or none, is a 400 naming format',
      async (route) => {
        for (const query of ['?format=docx', '?format=CSV', '']) {
          const res = await http().get(`/api/v1${route}${query}`).set(auth(tokens.accountant));
          expect(res.status).toBe(400);
          expect(res.headers['content-type']).toMatch(/^application\/json/);
          expect((res.body.details as { field: string }[]).map((d) => d.field)).toEqual(['format']);
        }
      },
    );

    it('bad filters are 400s naming the field, on the tabs and the exports alike', async () => {
      for (const route of ['/finance/labs', '/finance/labs/export?format=pdf&']) {
        const sep = route.includes('?') ? '' : '?';
        const res = await http()
          .get(`/api/v1${route}${sep}from=2026-13-01&paymentMethod=bitcoin`)
          .set(auth(tokens.accountant));
        expect(res.status).toBe(400);
        expect((res.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(['from', 'paymentMethod']);
      }
      const status = await http().get('/api/v1/finance/labs?paymentStatus=paid').set(auth(tokens.accountant));
      expect(status.status).toBe(400);
    });

    it('a set in several currencies is a 422 as JSON, before any file starts', async () => {
      for (const route of ['/finance/labs?', '/finance/work-orders/export?format=xlsx&']) {
        const res = await http().get(`/api/v1${route}includeCancelled=true`).set(auth(tokens.accountant));
        expect(res.status).toBe(422);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.headers['content-disposition']).toBeUndefined();
        expect(res.body).toEqual(
          expect.objectContaining({ code: 'FINANCE.MIXED_CURRENCIES', details: { currencies: ['EUR', 'TRY'] } }),
        );
      }
    });
  });

  it('GET /finance/labs and /finance/work-orders answer the worked example', async () => {
    const labs = await http().get('/api/v1/finance/labs?from=2026-01-01&to=2026-12-31').set(auth(tokens.accountant));
    expect(labs.status).toBe(200);
    expect(labs.body).toEqual({
      items: [
        {
          labId: expect.any(String),
          labName: 'Bright Lab',
          workOrderCount: 1,
          paidAmount: '0.00',
          totalAmount: '600.00',
          outstandingAmount: '600.00',
        },
        {
          labId: smileLabId,
          labName: 'Smile Lab',
          workOrderCount: 2,
          paidAmount: '650.00',
          totalAmount: '1250.00',
          outstandingAmount: '600.00',
        },
      ],
      totals: { workOrderCount: 3, paidAmount: '650.00', totalAmount: '1850.00', outstandingAmount: '1200.00' },
      currency: 'EUR',
    });
    const partially = await http()
      .get(
        '/api/v1/finance/work-orders?from=2026-01-01&paymentStatus=partially_paid&page=1&pageSize=10&sort=-outstandingAmount',
      )
      .set(auth(tokens.labManager));
    expect(partially.status).toBe(200);
    expect(partially.body).toEqual(
      expect.objectContaining({
        total: 1,
        page: 1,
        pageSize: 10,
        items: [expect.objectContaining({ number: 'WO-000001', paidAmount: '400.00', outstandingAmount: '600.00' })],
      }),
    );
  });

  async function download(path: string): Promise<{ res: request.Response; bytes: Buffer; day: string[] }> {
    const before = new Date().toISOString().slice(0, 10);
    const res = await http().get(`/api/v1${path}`).set(auth(tokens.accountant)).buffer(true).parse(binary);
    const after = new Date().toISOString().slice(0, 10);
    expect(res.status).toBe(200);
    return { res, bytes: res.body as Buffer, day: [before, after] };
  }

  async function read(format: 'csv' | 'xlsx' | 'pdf', bytes: Buffer, titles: string[]): Promise<ReadReport | string> {
    if (format === 'csv') return readCsv(bytes, titles);
    if (format === 'xlsx') return readXlsx(bytes, titles);
    return (await pdfPages(bytes)).join('\n');
  }

  /** The report header: organization, tab, the given filter lines, when it was made and the currency. */
  function expectHeader(report: ReadReport | string, title: string, filters: Array<[string, string]>) {
    if (typeof report === 'string') {
      const flat = report.replace(/\s+/g, ' ');
      expect(flat).toContain(ORGANIZATION_NAME);
      expect(flat).toContain(title);
      for (const [label, value] of filters) expect(flat).toContain(`${label}: ${value}`);
      expect(flat).toMatch(/Generated \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC · Amounts in EUR/);
      return;
    }
    expect(report.header.get('Organization')).toBe(ORGANIZATION_NAME);
    expect(report.header.get('Report')).toBe(title);
    for (const [label, value] of filters) expect([label, report.header.get(label)]).toEqual([label, value]);
    expect(report.header.get('Generated')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    expect(report.header.get('Currency')).toBe('EUR');
  }

  function expectTable(
    report: ReadReport | string,
    titles: string[],
    kinds: string[],
    rows: string[][],
    totals: string[],
  ) {
    if (typeof report === 'string') {
      // the PDF's amounts with the sign, as English writes them: no clinic's locale is known here (no `payments`)
      const printed = (r: string[]) => pdfCells(r, kinds, 'EUR', 'en');
      expect(linesInOrder(report, [titles, ...rows.map(printed), printed(totals)])).toEqual({ ok: true });
      return;
    }
    expect(report.titles).toEqual(titles);
    expect(report.rows).toEqual(rows);
    expect(report.totals).toEqual(totals);
  }

  const labFilterCases: Array<[string, string, Array<[string, string]>]> = [
    [
      'no filter',
      '',
      [
        ['Period', 'All dates'],
        ['Dental lab', 'All labs'],
        ['Payment method', 'All methods'],
        ['Clinic', 'All clinics'],
        ['Cancelled work orders', 'Left out'],
      ],
    ],
    ['a period', 'from=2026-01-01&to=2026-12-31', [['Period', '2026-01-01 to 2026-12-31']]],
    [
      'method and clinic',
      'paymentMethod=card&clinicId=' + C2,
      [
        ['Payment method', 'Card'],
        ['Clinic', C2],
      ],
    ],
  ];

  describe.each(['csv', 'xlsx', 'pdf'] as const)('%s', (format) => {
    it.each(labFilterCases)(
      'Dental Labs export, %s: the rows and totals of the JSON, with the header',
      async (_, filters, headerLines) => {
        const json = (await http().get(`/api/v1/finance/labs?${filters}`).set(auth(tokens.accountant)))
          .body as FinanceLabsAnswer;
        const { res, bytes, day } = await download(`/finance/labs/export?format=${format}&${filters}`);
        expect(res.headers['content-type']).toBe(CONTENT_TYPES[format]);
        expect(day.map((d) => `attachment; filename="finance-labs-${d}.${format}"`)).toContain(
          res.headers['content-disposition'],
        );
        const report = await read(format, bytes, LAB_TITLES);
        expectHeader(report, 'Finance: Dental Labs', headerLines);
        expect(json.items.length).toBeGreaterThan(0);
        expectTable(
          report,
          LAB_TITLES,
          LAB_KINDS,
          json.items.map((i) => [
            i.labName,
            String(i.workOrderCount),
            i.paidAmount,
            i.totalAmount,
            i.outstandingAmount,
          ]),
          [
            'Total',
            String(json.totals.workOrderCount),
            json.totals.paidAmount,
            json.totals.totalAmount,
            json.totals.outstandingAmount,
          ],
        );
      },
    );

    it.each([
      [`everything, in ${CHUNK}-row keyset chunks`, 'sort=number', 3],
      [
        'a lab, a status and a period, sorted by outstanding',
        `labId=${'SMILE'}&paymentStatus=paid&from=2026-01-01&sort=-outstandingAmount`,
        1,
      ],
      [
        'the bulk lab by method, sorted by documented date',
        'paymentMethod=check&clinicId=' + C2 + '&sort=documentedDate',
        1,
      ],
    ])('Work Orders export, %s: the rows in order and totals of the JSON', async (_, rawFilters, requests) => {
      const filters = rawFilters.replace('SMILE', smileLabId);
      const pages: FinanceWorkOrdersAnswer[] = [];
      for (let page = 1; ; page++) {
        const answer = (
          await http()
            .get(`/api/v1/finance/work-orders?${filters}&page=${page}&pageSize=500`)
            .set(auth(tokens.accountant))
        ).body as FinanceWorkOrdersAnswer;
        pages.push(answer);
        if (page * 500 >= answer.total) break;
      }
      const rows = pages.flatMap((p) => p.items);
      expect(rows).toHaveLength(pages[0].total);
      // the gateway's chunk requests to reporting, seen on the bus (a subscriber outside reporting's queue group)
      const subject = bus.naming.rpc(FinanceSubjects.workOrdersExportChunk);
      const seen: { chunkSize: number; after?: string }[] = [];
      const spy = nc.subscribe(subject, {
        callback: (err, msg) => {
          if (!err) seen.push(JSON.parse(Buffer.from(msg.data).toString('utf8')));
        },
      });
      await nc.flush();
      try {
        const { res, bytes, day } = await download(
          `/finance/work-orders/export?format=${format}&${filters}&page=3&pageSize=7`,
        );
        await nc.flush();
        const chunks = seen;
        expect(chunks).toHaveLength(requests);
        expect(chunks.map((c) => [c.chunkSize, c.after === undefined])).toEqual(chunks.map((_, i) => [CHUNK, i === 0]));
        expect(res.headers['content-type']).toBe(CONTENT_TYPES[format]);
        expect(day.map((d) => `attachment; filename="finance-work-orders-${d}.${format}"`)).toContain(
          res.headers['content-disposition'],
        );
        const report = await read(format, bytes, WORK_ORDER_TITLES);
        expectHeader(report, 'Finance: Work Orders', [['Cancelled work orders', 'Left out']]);
        const t = pages[0].totals;
        expectTable(report, WORK_ORDER_TITLES, WORK_ORDER_KINDS, rows.map(workOrderCells), [
          'Total',
          `${t.workOrderCount} work orders`,
          '',
          t.paidAmount,
          t.totalAmount,
          t.outstandingAmount,
          '',
          '',
        ]);
      } finally {
        spy.unsubscribe();
      }
    });
  });

  it('the export header names the filters of the Work Orders tab', async () => {
    const { bytes } = await download(
      `/finance/work-orders/export?format=csv&labId=${smileLabId}&paymentStatus=partially_paid&includeCancelled=true&sort=-paidAmount`,
    );
    const report = readCsv(bytes, WORK_ORDER_TITLES);
    expect(Object.fromEntries(report.header)).toEqual({
      Organization: ORGANIZATION_NAME,
      Report: 'Finance: Work Orders',
      Period: 'All dates',
      'Dental lab': 'Smile Lab',
      'Payment method': 'All methods',
      Clinic: 'All clinics',
      'Payment status': 'Partially paid',
      'Cancelled work orders': 'Included',
      'Sorted by': 'Paid, descending',
      Generated: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/),
      Currency: 'EUR',
    });
    expect(report.rows.map((r) => r[0])).toEqual(['WO-000001']);
  });

  it('a client that goes away mid-download leaves the gateway serving', async () => {
    const address = { port: Number(new URL(stack.gatewayUrl).port) };
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: address.port,
          path: '/api/v1/finance/work-orders/export?format=pdf&sort=number',
          headers: auth(tokens.accountant),
        },
        (res) => {
          expect(res.statusCode).toBe(200);
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        },
      );
      req.on('error', (e) => (/socket hang up|aborted/.test(e.message) ? undefined : reject(e)));
      req.end();
    });
    const labs = await http().get('/api/v1/finance/labs').set(auth(tokens.accountant));
    expect(labs.status).toBe(200);
  });
});
