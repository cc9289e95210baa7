// Lab payables end to end (DOMAIN.md A): labs, work orders and their payments through the gateway's public API, with
// the six built services running as processes; the Finance view (reporting's read models, fed by events) and its
// exports must show exactly what was entered.
import { hashPassword } from '@dental/auth';
import {
  FinanceLabRow,
  FinanceWorkOrderRow,
  PaymentMethod,
  PaymentStatus,
  WORK_ORDER_SORT_FIELDS,
} from '@dental/contracts';
import { formatMoney } from '@dental/exports';
import { eventually, TestWorld } from '@dental/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  cents,
  FinanceFilters,
  labsTab,
  OrderFacts,
  sortedByKey,
  sortKey,
  workOrderRow,
  workOrdersTab,
} from './support/finance-oracle';
import { FileAnswer, GatewayClient, specClient, specLogin } from './support/gateway-client';
import { parseCsv, pdfText, readXlsx } from '@dental/testing';
import { ensureBuilt, startWholeStack, WholeStack } from '@dental/testing';

jest.setTimeout(120_000);

/** The read model follows events: poll, never time. */
const settle = { timeoutMs: 30_000, intervalMs: 200 };
type Key = 'WO-1' | 'WO-2' | 'WO-3' | 'WO-4' | 'WO-5';
type TabQuery = FinanceFilters & { page?: number; pageSize?: number; sort?: string };

const GENERATED = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/;
const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;
// the words of the screen, as the reports show codes
const METHOD_LABELS: Record<PaymentMethod, string> = {
  cash: 'Cash',
  card: 'Card',
  bank_transfer: 'Bank transfer',
  check: 'Check',
  other: 'Other',
};
const STATUS_LABELS: Record<PaymentStatus, string> = {
  unpaid: 'Unpaid',
  partially_paid: 'Partially paid',
  paid: 'Paid',
  overpaid: 'Overpaid',
};

/** A report cell as a spreadsheet holds it: amounts and counts as numbers, the rest as text, blanks as nothing. */
function sheetValue(text: string, kind: string): string | number | null {
  if (text === '') return null;
  return (kind === 'money' || kind === 'count') && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

function trimTrailingBlanks<T>(row: (T | null)[]): (T | null)[] {
  const out = [...row];
  while (out.length && (out[out.length - 1] === null || out[out.length - 1] === '')) out.pop();
  return out;
}

const byId = (rows: FinanceWorkOrderRow[]) => [...rows].sort((a, b) => a.workOrderId.localeCompare(b.workOrderId));

describe('Finance through the gateway, every service a process (e2e)', () => {
  const world = new TestWorld();
  let whole: WholeStack | undefined;
  let admin: GatewayClient;
  let mainClinicId: string;
  let uptownClinicId: string;
  const lab = { smile: { id: '', name: 'Smile Lab' }, bright: { id: '', name: 'Bright Lab' } };
  const orders = new Map<Key, OrderFacts>();
  const paymentIds = new Map<string, string>();

  const order = (key: Key) => orders.get(key)!;
  const filtersQuery = (f: TabQuery): Record<string, string | number | undefined> => ({
    ...f,
    includeCancelled: f.includeCancelled === undefined ? undefined : String(f.includeCancelled),
  });

  async function createLab(client: GatewayClient, name: string): Promise<string> {
    const res = await client.call('POST', '/labs', { name });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function createOrder(
    key: Key,
    o: {
      clinicId: string;
      lab: { id: string; name: string };
      total: string;
      method: PaymentMethod;
      documentedDate: string;
      dueDate?: string;
      installments?: { dueDate: string; amount: string }[];
    },
  ): Promise<void> {
    const res = await admin.create('/work-orders', {
      clinicId: o.clinicId,
      labId: o.lab.id,
      description: `${key}: zirconia crown`,
      documentedDate: o.documentedDate,
      paymentPlan: {
        totalAmount: o.total,
        paymentMethod: o.method,
        ...(o.installments ? { installments: o.installments } : { dueDate: o.dueDate }),
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        number: expect.stringMatching(/^WO-\d{6}$/),
        clinicId: o.clinicId,
        labId: o.lab.id,
      }),
    );
    orders.set(key, {
      id: res.body.id,
      number: res.body.number,
      clinicId: o.clinicId,
      labId: o.lab.id,
      labName: o.lab.name,
      paymentMethod: o.method,
      documentedDate: o.documentedDate,
      total: cents(o.total),
      paid: 0n,
      cancelled: false,
    });
  }

  /** Records a payment (negative = a refund) and keeps its id under `name`. */
  async function pay(
    name: string,
    key: Key,
    amount: string,
    method: PaymentMethod,
    date = '2026-03-10',
  ): Promise<void> {
    const res = await admin.create(`/work-orders/${order(key).id}/payments`, { date, amount, method, reference: name });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(
      expect.objectContaining({ id: expect.any(String), workOrderId: order(key).id, amount, method, deleted: false }),
    );
    paymentIds.set(name, res.body.id);
    order(key).paid += cents(amount);
  }

  async function financeLabs(client: GatewayClient, f: FinanceFilters = {}) {
    const res = await client.get('/finance/labs', filtersQuery(f));
    expect({ filters: f, status: res.status, body: res.body }).toEqual({
      filters: f,
      status: 200,
      body: expect.anything(),
    });
    return res.body;
  }

  async function financeWorkOrders(client: GatewayClient, q: TabQuery = {}) {
    const res = await client.get('/finance/work-orders', filtersQuery(q));
    expect({ query: q, status: res.status, body: res.body }).toEqual({
      query: q,
      status: 200,
      body: expect.anything(),
    });
    return res.body;
  }

  /** Both tabs for these filters answer what the oracle works out from the orders entered. */
  async function expectFinance(
    f: FinanceFilters,
    client: GatewayClient = admin,
    universe: OrderFacts[] = [...orders.values()],
  ): Promise<void> {
    const { paymentStatus, ...labFilters } = f;
    if (paymentStatus === undefined) {
      const labs = await financeLabs(client, labFilters);
      expect({ filters: f, items: labs.items, totals: labs.totals, currency: labs.currency }).toEqual({
        filters: f,
        ...labsTab(universe, f),
        currency: 'EUR',
      });
    }
    const tab = await financeWorkOrders(client, { ...f, pageSize: 500 });
    const expected = workOrdersTab(universe, f);
    expect({
      filters: f,
      items: byId(tab.items),
      totals: tab.totals,
      total: tab.total,
      page: tab.page,
      pageSize: tab.pageSize,
    }).toEqual({
      filters: f,
      items: byId(expected.rows),
      totals: expected.totals,
      total: expected.rows.length,
      page: 1,
      pageSize: 500,
    });
  }

  /** Every filter on its own and several combined, both tabs; the first waits for the read model. */
  async function expectEveryFilter(): Promise<void> {
    const smile = lab.smile.id;
    const bright = lab.bright.id;
    const filters: FinanceFilters[] = [
      {},
      { includeCancelled: true },
      // whole months only (month buckets), then edges of months, single days and open ends
      { from: '2026-02-01', to: '2026-03-31' },
      { from: '2026-02-01', to: '2026-03-31', includeCancelled: true },
      { from: '2026-01-16', to: '2026-03-10' },
      { from: '2026-01-15', to: '2026-01-15' },
      { from: '2026-03-06' },
      { to: '2026-02-10' },
      { from: '2026-04-01' },
      { labId: bright },
      { labId: smile, includeCancelled: true },
      { paymentMethod: 'cash' },
      { paymentMethod: 'check' },
      { paymentMethod: 'check', includeCancelled: true },
      { clinicId: uptownClinicId },
      { clinicId: mainClinicId },
      { clinicId: mainClinicId, includeCancelled: true },
      { clinicId: mainClinicId, labId: smile, from: '2026-02-01', paymentMethod: 'cash' },
      { clinicId: uptownClinicId, labId: smile },
      { from: '2026-01-01', to: '2026-02-28', labId: smile, includeCancelled: true },
      { paymentStatus: 'unpaid' },
      { paymentStatus: 'unpaid', includeCancelled: true },
      { paymentStatus: 'partially_paid' },
      { paymentStatus: 'paid' },
      { paymentStatus: 'overpaid' },
      { paymentStatus: 'paid', labId: smile },
      { paymentStatus: 'overpaid', clinicId: uptownClinicId },
      { paymentStatus: 'overpaid', clinicId: mainClinicId },
      { paymentStatus: 'partially_paid', from: '2026-02-01' },
      { paymentStatus: 'unpaid', paymentMethod: 'check', includeCancelled: true, from: '2026-02-25', to: '2026-02-25' },
    ];
    await eventually(() => expectFinance(filters[0]), settle);
    for (const f of filters) await expectFinance(f);
  }

  beforeAll(async () => {
    await ensureBuilt((line) => process.stdout.write(`${line}\n`));
    whole = await startWholeStack(world);
    admin = await specLogin(whole.gatewayUrl, whole.admin);
    // the first clinic is created in the background once `payments` answers
    mainClinicId = await eventually(
      async () => {
        const res = await admin.get('/clinics');
        expect(res.status).toBe(200);
        expect(res.body.items.map((c: { name: string }) => c.name)).toEqual(['Main Clinic']);
        return res.body.items[0].id as string;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
  }, 300_000);

  afterAll(async () => {
    try {
      await whole?.stop();
    } finally {
      await world.cleanup();
    }
  });

  it('shows the worked example of DOMAIN.md: per lab, totals, and WO-1 alone as partially paid', async () => {
    lab.smile.id = await createLab(admin, lab.smile.name);
    lab.bright.id = await createLab(admin, lab.bright.name);
    await createOrder('WO-1', {
      clinicId: mainClinicId,
      lab: lab.smile,
      total: '1000.00',
      method: 'bank_transfer',
      documentedDate: '2026-01-15',
      installments: [
        { dueDate: '2026-02-01', amount: '600.00' },
        { dueDate: '2026-03-01', amount: '400.00' },
      ],
    });
    await createOrder('WO-2', {
      clinicId: mainClinicId,
      lab: lab.smile,
      total: '250.00',
      method: 'cash',
      documentedDate: '2026-02-10',
      dueDate: '2026-02-20',
    });
    await createOrder('WO-3', {
      clinicId: mainClinicId,
      lab: lab.bright,
      total: '600.00',
      method: 'card',
      documentedDate: '2026-03-05',
      dueDate: '2026-03-31',
    });
    await pay('wo1-first', 'WO-1', '300.00', 'bank_transfer');
    await pay('wo1-second', 'WO-1', '100.00', 'cash');
    await pay('wo2-full', 'WO-2', '250.00', 'cash');

    const workedExample = {
      items: [
        {
          labId: lab.bright.id,
          labName: 'Bright Lab',
          workOrderCount: 1,
          paidAmount: '0.00',
          totalAmount: '600.00',
          outstandingAmount: '600.00',
        },
        {
          labId: lab.smile.id,
          labName: 'Smile Lab',
          workOrderCount: 2,
          paidAmount: '650.00',
          totalAmount: '1250.00',
          outstandingAmount: '600.00',
        },
      ],
      totals: { workOrderCount: 3, paidAmount: '650.00', totalAmount: '1850.00', outstandingAmount: '1200.00' },
    };
    // the oracle that the later tests rely on agrees with the domain's own figures
    expect(labsTab(orders.values(), {})).toEqual(workedExample);

    await eventually(async () => {
      const labs = await financeLabs(admin);
      expect(labs).toEqual({ ...workedExample, currency: 'EUR' });
    }, settle);

    const partially = await financeWorkOrders(admin, { paymentStatus: 'partially_paid' });
    expect(partially).toEqual(
      expect.objectContaining({
        items: [
          {
            workOrderId: order('WO-1').id,
            number: order('WO-1').number,
            labId: lab.smile.id,
            labName: 'Smile Lab',
            paymentMethod: 'bank_transfer',
            paidAmount: '400.00',
            totalAmount: '1000.00',
            outstandingAmount: '600.00',
            paymentStatus: 'partially_paid',
            documentedDate: '2026-01-15',
          },
        ],
        totals: { workOrderCount: 1, paidAmount: '400.00', totalAmount: '1000.00', outstandingAmount: '600.00' },
        total: 1,
        page: 1,
      }),
    );
    expect([order('WO-1'), order('WO-2'), order('WO-3')].map((o) => o.number)).toEqual([
      'WO-000001',
      'WO-000002',
      'WO-000003',
    ]);
  });

  it('filters both tabs by period, lab, payment method, clinic, payment status and cancelled orders, alone and combined', async () => {
    const uptown = await admin.call('POST', '/clinics', {
      name: 'Uptown Dental',
      currency: 'EUR',
      timeZone: 'Europe/Istanbul',
      locale: 'tr',
    });
    expect(uptown.status).toBe(201);
    uptownClinicId = uptown.body.id;
    await createOrder('WO-4', {
      clinicId: uptownClinicId,
      lab: lab.bright,
      total: '200.00',
      method: 'cash',
      documentedDate: '2026-03-20',
      dueDate: '2026-04-01',
    });
    await pay('wo4-over', 'WO-4', '300.00', 'cash');
    await createOrder('WO-5', {
      clinicId: mainClinicId,
      lab: lab.smile,
      total: '150.00',
      method: 'check',
      documentedDate: '2026-02-25',
      dueDate: '2026-03-15',
    });
    const cancel = await admin.call('PATCH', `/work-orders/${order('WO-5').id}`, { status: 'cancelled' });
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
    order('WO-5').cancelled = true;

    // the figures by hand, before the oracle takes over
    await eventually(async () => {
      const labs = await financeLabs(admin, { includeCancelled: true });
      expect(labs.totals).toEqual({
        workOrderCount: 5,
        paidAmount: '950.00',
        totalAmount: '2200.00',
        outstandingAmount: '1250.00',
      });
      expect(
        labs.items.map((r: { labName: string; workOrderCount: number; outstandingAmount: string }) => [
          r.labName,
          r.workOrderCount,
          r.outstandingAmount,
        ]),
      ).toEqual([
        ['Bright Lab', 2, '500.00'],
        ['Smile Lab', 3, '750.00'],
      ]);
      // WO-5 is cancelled: left out unless asked for
      expect((await financeLabs(admin)).totals).toEqual({
        workOrderCount: 4,
        paidAmount: '950.00',
        totalAmount: '2050.00',
        outstandingAmount: '1100.00',
      });
    }, settle);
    expect((await financeLabs(admin, { clinicId: uptownClinicId })).items).toEqual([
      {
        labId: lab.bright.id,
        labName: 'Bright Lab',
        workOrderCount: 1,
        paidAmount: '300.00',
        totalAmount: '200.00',
        outstandingAmount: '-100.00',
      },
    ]);
    const numbers = async (q: FinanceFilters) =>
      ((await financeWorkOrders(admin, { ...q, sort: 'number' })).items as FinanceWorkOrderRow[]).map((r) => r.number);
    expect(await numbers({ paymentStatus: 'unpaid' })).toEqual([order('WO-3').number]);
    expect(await numbers({ paymentStatus: 'unpaid', includeCancelled: true })).toEqual([
      order('WO-3').number,
      order('WO-5').number,
    ]);
    expect(await numbers({ paymentStatus: 'paid' })).toEqual([order('WO-2').number]);
    expect(await numbers({ paymentStatus: 'overpaid' })).toEqual([order('WO-4').number]);
    expect(await numbers({ from: '2026-02-01', to: '2026-02-28', includeCancelled: true })).toEqual([
      order('WO-2').number,
      order('WO-5').number,
    ]);

    await expectEveryFilter();

    // a cancelled order may be re-opened: it counts again, and stops counting once cancelled again
    const reopened = await admin.call('PATCH', `/work-orders/${order('WO-5').id}`, { status: 'sent' });
    expect(reopened.status).toBe(200);
    order('WO-5').cancelled = false;
    await eventually(() => expectFinance({ labId: lab.smile.id }), settle);
    expect((await financeLabs(admin)).totals.workOrderCount).toBe(5);
    expect((await admin.call('PATCH', `/work-orders/${order('WO-5').id}`, { status: 'cancelled' })).status).toBe(200);
    order('WO-5').cancelled = true;
    await eventually(() => expectFinance({ labId: lab.smile.id }), settle);
    await expectFinance({});
  });

  it('renames a lab in both tabs when the lab is renamed', async () => {
    const renamed = await admin.call('PATCH', `/labs/${lab.bright.id}`, { name: 'Bright Dental Lab' });
    expect(renamed.status).toBe(200);
    for (const o of orders.values()) if (o.labId === lab.bright.id) o.labName = 'Bright Dental Lab';
    await eventually(async () => {
      await expectFinance({ includeCancelled: true });
      expect((await financeLabs(admin)).items.map((r: FinanceLabRow) => r.labName)).toEqual([
        'Bright Dental Lab',
        'Smile Lab',
      ]);
    }, settle);
    expect((await admin.call('PATCH', `/labs/${lab.bright.id}`, { name: 'Bright Lab' })).status).toBe(200);
    for (const o of orders.values()) if (o.labId === lab.bright.id) o.labName = 'Bright Lab';
    await eventually(() => expectFinance({ includeCancelled: true }), settle);
  });

  it('sorts the Work Orders tab by every column both ways, pages through it, and answers 400 naming a bad query field', async () => {
    const all = workOrdersTab(orders.values(), {});
    for (const field of WORK_ORDER_SORT_FIELDS) {
      for (const sort of [field, `-${field}`]) {
        const tab = await financeWorkOrders(admin, { sort, pageSize: 500 });
        const expected = sortedByKey(all.rows, sort);
        expect({ sort, keys: tab.items.map((r: FinanceWorkOrderRow) => sortKey(r, field)) }).toEqual({
          sort,
          keys: expected.map((r) => sortKey(r, field)),
        });
        expect(byId(tab.items)).toEqual(byId(expected));
      }
    }
    const byOutstanding = await financeWorkOrders(admin, { sort: '-outstandingAmount' });
    expect(byOutstanding.items.map((r: FinanceWorkOrderRow) => r.outstandingAmount)).toEqual([
      '600.00',
      '600.00',
      '0.00',
      '-100.00',
    ]);

    const pages = [];
    for (const page of [1, 2, 3]) pages.push(await financeWorkOrders(admin, { sort: 'number', pageSize: 2, page }));
    expect(pages.map((p) => p.items.map((r: FinanceWorkOrderRow) => r.number))).toEqual([
      [order('WO-1').number, order('WO-2').number],
      [order('WO-3').number, order('WO-4').number],
      [],
    ]);
    for (const [i, p] of pages.entries()) {
      // every page counts and sums the whole filtered set
      expect({ total: p.total, page: p.page, pageSize: p.pageSize, totals: p.totals }).toEqual({
        total: 4,
        page: i + 1,
        pageSize: 2,
        totals: all.totals,
      });
    }
    const whole = await financeWorkOrders(admin, { sort: '-outstandingAmount', includeCancelled: true, pageSize: 500 });
    const paged = [];
    for (const page of [1, 2])
      paged.push(
        ...(await financeWorkOrders(admin, { sort: '-outstandingAmount', includeCancelled: true, pageSize: 3, page }))
          .items,
      );
    expect(paged).toEqual(whole.items);
    expect(paged).toHaveLength(5);

    for (const [query, field] of [
      [{ sort: 'dueDate' }, 'sort'],
      [{ pageSize: 501 }, 'pageSize'],
      [{ page: 0 }, 'page'],
      [{ paymentStatus: 'late' }, 'paymentStatus'],
      [{ paymentMethod: 'bitcoin' }, 'paymentMethod'],
      [{ from: '2026-02-30' }, 'from'],
      [{ from: '2026-03-01', to: '2026-02-01' }, 'from'],
      [{ labId: 'smile' }, 'labId'],
      [{ includeCancelled: 'maybe' }, 'includeCancelled'],
    ] as const) {
      const res = await admin.get('/finance/work-orders', query);
      expect({ query, status: res.status, message: res.body?.message }).toEqual({
        query,
        status: 400,
        message: expect.stringContaining(field),
      });
    }
    const badLabs = await admin.get('/finance/labs', { to: '2026-13-01' });
    expect({ status: badLabs.status, message: badLabs.body?.message }).toEqual({
      status: 400,
      message: expect.stringContaining('to'),
    });
  });

  it('follows an edited and a deleted payment, and a refund reduces what was paid', async () => {
    const edited = await admin.call(
      'PATCH',
      `/work-orders/${order('WO-1').id}/payments/${paymentIds.get('wo1-second')}`,
      { amount: '150.00', reason: 'entry_error' },
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toEqual(expect.objectContaining({ amount: '150.00', revision: 2, deleted: false }));
    order('WO-1').paid += 5000n;
    await eventually(async () => {
      const [wo1] = (await financeWorkOrders(admin, { labId: lab.smile.id, paymentStatus: 'partially_paid' })).items;
      expect([wo1.number, wo1.paidAmount, wo1.outstandingAmount]).toEqual([order('WO-1').number, '450.00', '550.00']);
    }, settle);
    expect((await financeLabs(admin, { labId: lab.smile.id })).items[0]).toEqual(
      expect.objectContaining({ paidAmount: '700.00', outstandingAmount: '550.00' }),
    );

    const deleted = await admin.call(
      'DELETE',
      `/work-orders/${order('WO-1').id}/payments/${paymentIds.get('wo1-first')}?reason=duplicate`,
    );
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual(
      expect.objectContaining({ id: paymentIds.get('wo1-first'), amount: '300.00', deleted: true }),
    );
    order('WO-1').paid -= 30000n;
    // paid goes down by the deleted 300.00
    await eventually(async () => {
      expect((await financeLabs(admin, { labId: lab.smile.id })).items).toEqual([
        {
          labId: lab.smile.id,
          labName: 'Smile Lab',
          workOrderCount: 2,
          paidAmount: '400.00',
          totalAmount: '1250.00',
          outstandingAmount: '850.00',
        },
      ]);
    }, settle);

    await pay('wo2-refund', 'WO-2', '-50.00', 'cash', '2026-03-12');
    await eventually(async () => {
      const [wo2] = (await financeWorkOrders(admin, { labId: lab.smile.id, paymentMethod: 'cash' })).items;
      expect(wo2).toEqual(workOrderRow(order('WO-2')));
      expect([wo2.paidAmount, wo2.outstandingAmount, wo2.paymentStatus]).toEqual(['200.00', '50.00', 'partially_paid']);
    }, settle);
    expect((await financeLabs(admin)).totals).toEqual({
      workOrderCount: 4,
      paidAmount: '650.00',
      totalAmount: '2050.00',
      outstandingAmount: '1400.00',
    });

    // nothing of the earlier figures is left behind anywhere: every filter agrees again
    await expectEveryFilter();
  });

  it('shows a payment in Finance once its POST has returned, once even when the POST is repeated', async () => {
    const before = (await financeLabs(admin, { labId: lab.bright.id })).totals.paidAmount;
    expect(before).toBe('300.00');
    const body = { date: '2026-03-10', amount: '75.00', method: 'card', reference: 'wo3-part' };
    const key = { 'idempotency-key': randomUUID() };
    const first = await admin.call('POST', `/work-orders/${order('WO-3').id}/payments`, body, key);
    expect(first.status).toBe(201);
    order('WO-3').paid += 7500n;
    await eventually(async () => {
      expect((await financeLabs(admin, { labId: lab.bright.id })).totals.paidAmount).toBe('375.00');
      expect((await financeWorkOrders(admin, { paymentStatus: 'partially_paid', labId: lab.bright.id })).items).toEqual(
        [workOrderRow(order('WO-3'))],
      );
    }, settle);
    // a client retrying the same POST gets the same payment back, and Finance still counts it once
    const again = await admin.call('POST', `/work-orders/${order('WO-3').id}/payments`, body, key);
    expect({ status: again.status, id: again.body.id, replay: again.headers.get('idempotent-replay') }).toEqual({
      status: 201,
      id: first.body.id,
      replay: 'true',
    });
    const listed = await admin.get(`/work-orders/${order('WO-3').id}/payments`);
    expect(listed.body.items.map((p: { id: string }) => p.id)).toEqual([first.body.id]);
    await expectFinance({ labId: lab.bright.id });
  });

  it('GET /work-orders/:id agrees with the Finance row of every order', async () => {
    const rows: FinanceWorkOrderRow[] = (await financeWorkOrders(admin, { includeCancelled: true, pageSize: 500 }))
      .items;
    expect(rows).toHaveLength(orders.size);
    for (const [key, facts] of orders) {
      const details = await admin.get(`/work-orders/${facts.id}`);
      expect(details.status).toBe(200);
      const row = rows.find((r) => r.workOrderId === facts.id)!;
      expect({ key, row }).toEqual({ key, row: workOrderRow(facts) });
      expect({
        key,
        number: details.body.number,
        labId: details.body.labId,
        documentedDate: details.body.documentedDate,
        paymentMethod: details.body.paymentPlan.paymentMethod,
        totalAmount: details.body.paymentPlan.totalAmount,
        paidAmount: details.body.paidAmount,
        outstandingAmount: details.body.outstandingAmount,
        paymentStatus: details.body.paymentStatus,
      }).toEqual({
        key,
        number: row.number,
        labId: row.labId,
        documentedDate: row.documentedDate,
        paymentMethod: row.paymentMethod,
        totalAmount: row.totalAmount,
        paidAmount: row.paidAmount,
        outstandingAmount: row.outstandingAmount,
        paymentStatus: row.paymentStatus,
      });
      const listed = details.body.payments.reduce((sum: bigint, p: { amount: string }) => sum + cents(p.amount), 0n);
      expect({ key, listed }).toEqual({ key, listed: facts.paid });
    }
    const wo1 = await admin.get(`/work-orders/${order('WO-1').id}`);
    expect(
      wo1.body.installments.map((i: { amount: string; coveredAmount: string; remainingAmount: string }) => [
        i.amount,
        i.coveredAmount,
        i.remainingAmount,
      ]),
    ).toEqual([
      ['600.00', '150.00', '450.00'],
      ['400.00', '0.00', '400.00'],
    ]);
    expect(wo1.body.audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['created', 'updated', 'deleted']),
    );
    expect((await admin.get(`/work-orders/${order('WO-5').id}`)).body.status).toBe('cancelled');
  });

  describe('Generate Report through the gateway: the tab with its filters, as CSV, XLSX and PDF', () => {
    const labsQuery = (): TabQuery => ({
      clinicId: mainClinicId,
      from: '2026-01-01',
      to: '2026-03-31',
      includeCancelled: true,
    });
    const workOrdersQuery = (): TabQuery => ({
      from: '2026-01-01',
      to: '2026-03-31',
      paymentStatus: 'partially_paid',
      includeCancelled: true,
      sort: '-outstandingAmount',
    });

    /** The file's header lines: what, for whom, with which filters, when, in which currency. */
    const labsHeader = (): [string, string][] => [
      ['Organization', 'Smile Chain'],
      ['Report', 'Finance: Dental Labs'],
      ['Period', '2026-01-01 to 2026-03-31'],
      ['Dental lab', 'All labs'],
      ['Payment method', 'All methods'],
      ['Clinic', 'Main Clinic'],
      ['Cancelled work orders', 'Included'],
    ];
    const workOrdersHeader = (): [string, string][] => [
      ['Organization', 'Smile Chain'],
      ['Report', 'Finance: Work Orders'],
      ['Period', '2026-01-01 to 2026-03-31'],
      ['Dental lab', 'All labs'],
      ['Payment method', 'All methods'],
      ['Clinic', 'All clinics'],
      ['Payment status', 'Partially paid'],
      ['Cancelled work orders', 'Included'],
      ['Sorted by', 'Outstanding, descending'],
    ];

    /** The tab as JSON for the same filters, as the report's rows and totals row (cells as text). */
    async function labsReport(client: GatewayClient = admin) {
      const { paymentStatus: _, sort: __, ...filters } = labsQuery();
      const tab = await financeLabs(client, filters);
      expect(tab.items.length).toBeGreaterThan(1);
      return {
        titles: ['Dental lab', 'Work orders', 'Paid', 'Total', 'Outstanding'],
        kinds: ['text', 'count', 'money', 'money', 'money'],
        rows: tab.items.map((r: FinanceLabRow) => [
          r.labName,
          String(r.workOrderCount),
          r.paidAmount,
          r.totalAmount,
          r.outstandingAmount,
        ]),
        totals: [
          'Total',
          String(tab.totals.workOrderCount),
          tab.totals.paidAmount,
          tab.totals.totalAmount,
          tab.totals.outstandingAmount,
        ],
      };
    }

    async function workOrdersReport(client: GatewayClient = admin, query: TabQuery = workOrdersQuery()) {
      const tab = await financeWorkOrders(client, { ...query, pageSize: 500 });
      return {
        titles: [
          'Work order #',
          'Dental lab',
          'Payment method',
          'Paid',
          'Total',
          'Outstanding',
          'Status',
          'Documented date',
        ],
        kinds: ['text', 'text', 'text', 'money', 'money', 'money', 'text', 'date'],
        rows: tab.items.map((r: FinanceWorkOrderRow) => [
          r.number,
          r.labName,
          METHOD_LABELS[r.paymentMethod],
          r.paidAmount,
          r.totalAmount,
          r.outstandingAmount,
          STATUS_LABELS[r.paymentStatus],
          r.documentedDate,
        ]),
        totals: [
          'Total',
          `${tab.totals.workOrderCount} work orders`,
          '',
          tab.totals.paidAmount,
          tab.totals.totalAmount,
          tab.totals.outstandingAmount,
          '',
          '',
        ],
      };
    }
    type Report = Awaited<ReturnType<typeof labsReport>>;

    async function download(path: string, query: TabQuery, format: string, client: GatewayClient = admin) {
      const res = await client.download(path, { ...filtersQuery(query), format });
      expect({
        path,
        format,
        status: res.status,
        body: res.status === 200 ? '(file)' : res.body.toString('utf8'),
      }).toEqual({ path, format, status: 200, body: '(file)' });
      return res;
    }

    function expectFileHeaders(res: FileAnswer, base: string, format: 'csv' | 'xlsx' | 'pdf', generatedDay: string) {
      expect(res.headers.get('content-type')).toBe(CONTENT_TYPES[format]);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${base}-${generatedDay}.${format}"`);
    }

    /** CSV: the header lines, a blank line, the column titles, the rows, the totals row. */
    function expectCsv(res: FileAnswer, base: string, header: [string, string][], report: Report) {
      expect(res.body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const rows = parseCsv(res.body.toString('utf8'));
      const generated = rows.find((r) => r[0] === 'Generated')?.[1] ?? '';
      expect(generated).toMatch(GENERATED);
      expect(rows).toEqual([
        ...header,
        ['Generated', generated],
        ['Currency', 'EUR'],
        [''],
        report.titles,
        ...report.rows,
        report.totals,
      ]);
      expectFileHeaders(res, base, 'csv', generated.slice(0, 10));
    }

    /** XLSX: the same layout in one sheet; amounts and counts are numbers a spreadsheet can sum, the totals row bold. */
    async function expectXlsx(
      res: FileAnswer,
      base: string,
      sheetName: string,
      header: [string, string][],
      report: Report,
    ) {
      const sheets = await readXlsx(res.body);
      expect(sheets.map((s) => s.name)).toEqual([sheetName]);
      const values = sheets[0].rows.map((r) => r.map((c) => c.value));
      const generated = String(values.find((r) => r[0] === 'Generated')?.[1] ?? '');
      expect(generated).toMatch(GENERATED);
      const asCells = (row: string[]) => row.map((text, i) => sheetValue(text, report.kinds[i]));
      const trimmed = values.map((r) => trimTrailingBlanks(r));
      expect(trimmed).toEqual([
        ...header,
        ['Generated', generated],
        ['Currency', 'EUR'],
        [],
        report.titles,
        ...report.rows.map(asCells),
        trimTrailingBlanks(asCells(report.totals)),
      ]);
      const dataRows = sheets[0].rows.slice(header.length + 4);
      for (const row of dataRows) {
        row.forEach((cell, i) => {
          if (report.kinds[i] === 'money' && cell.value !== null)
            expect({ cell, shown: cell.numFmt }).toEqual({ cell, shown: '#,##0.00' });
        });
      }
      const totalsRow = sheets[0].rows[sheets[0].rows.length - 1];
      expect(totalsRow[0]).toEqual(expect.objectContaining({ value: 'Total', bold: true }));
      expectFileHeaders(res, base, 'xlsx', generated.slice(0, 10));
    }

    /**
     * PDF: the organization, the tab, the filters, when, then each row and the totals row as lines of text, the
     * amounts as `locale` writes them with the sign (the JSON's decimals through the writer's formatMoney).
     */
    async function expectPdf(
      res: FileAnswer,
      base: string,
      title: string,
      header: [string, string][],
      report: Report,
      locale: string,
    ) {
      expect(res.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const pdf = await pdfText(res.body);
      expect(pdf.pages).toBe(1);
      expect(pdf.info.Title).toBe(title);
      const lines = pdf.text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
      const flat = lines.join(' ');
      expect(lines[0]).toContain('Smile Chain');
      expect(lines).toContain(title);
      for (const [label, value] of header.slice(2)) expect(flat).toContain(`${label}: ${value}`);
      const generated = /Generated (\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC)/.exec(flat)?.[1] ?? '';
      expect(generated).toMatch(GENERATED);
      expect(flat).toContain('Amounts in EUR');
      const asLine = (cells: string[]) => cells.filter((c) => c !== '').join(' ');
      const printed = (cells: string[]) =>
        asLine(cells.map((c, i) => (report.kinds[i] === 'money' && c !== '' ? formatMoney(c, 'EUR', locale) : c)));
      const titleAt = lines.indexOf(asLine(report.titles));
      expect(titleAt).toBeGreaterThan(0);
      // the rows in the tab's order, then the totals row, and nothing else in the table
      expect(lines.slice(titleAt + 1).filter((l) => l && !/^-- \d+ of \d+ --$/.test(l))).toEqual([
        ...report.rows.map(printed),
        printed(report.totals),
      ]);
      expectFileHeaders(res, base, 'pdf', generated.slice(0, 10));
    }

    it('exports the Dental Labs tab with its filters: the same rows and totals as the JSON, in each format', async () => {
      const report = await labsReport();
      expect(report.rows.map((r: string[]) => r[0])).toEqual(['Bright Lab', 'Smile Lab']);
      expectCsv(await download('/finance/labs/export', labsQuery(), 'csv'), 'finance-labs', labsHeader(), report);
      await expectXlsx(
        await download('/finance/labs/export', labsQuery(), 'xlsx'),
        'finance-labs',
        'Finance Dental Labs',
        labsHeader(),
        report,
      );
      await expectPdf(
        await download('/finance/labs/export', labsQuery(), 'pdf'),
        'finance-labs',
        'Finance: Dental Labs',
        labsHeader(),
        report,
        'en', // Main Clinic's locale
      );
      // Uptown Dental writes Turkish: its euros print as "€1.234,50"
      const uptown = { ...labsQuery(), clinicId: uptownClinicId };
      const uptownTab = await financeLabs(admin, { ...uptown });
      const uptownPdf = await pdfText((await download('/finance/labs/export', uptown, 'pdf')).body);
      expect(uptownPdf.text).toContain(formatMoney(uptownTab.totals.totalAmount, 'EUR', 'tr'));
      expect(formatMoney(uptownTab.totals.totalAmount, 'EUR', 'tr')).toMatch(/^€\d{1,3}(\.\d{3})*,\d{2}$/);
    });

    it('exports the Work Orders tab with its filters, status and sort: the same rows and totals as the JSON, in each format', async () => {
      const report = await workOrdersReport();
      expect(report.rows.map((r: string[]) => [r[0], r[5]])).toEqual([
        [order('WO-1').number, '850.00'],
        [order('WO-3').number, '525.00'],
        [order('WO-2').number, '50.00'],
      ]);
      const path = '/finance/work-orders/export';
      expectCsv(await download(path, workOrdersQuery(), 'csv'), 'finance-work-orders', workOrdersHeader(), report);
      // the screen's paging is passed on as it is and ignored: the file holds the whole filtered set
      const paged = { ...workOrdersQuery(), page: 2, pageSize: 1 };
      expectCsv(await download(path, paged, 'csv'), 'finance-work-orders', workOrdersHeader(), report);
      await expectXlsx(
        await download(path, workOrdersQuery(), 'xlsx'),
        'finance-work-orders',
        'Finance Work Orders',
        workOrdersHeader(),
        report,
      );
      await expectPdf(
        await download(path, workOrdersQuery(), 'pdf'),
        'finance-work-orders',
        'Finance: Work Orders',
        workOrdersHeader(),
        report,
        'en', // all clinics, Main Clinic (en) and Uptown Dental (tr): English
      );
    });

    it('answers 400 naming format for an unknown or missing format, and for a bad filter', async () => {
      for (const path of ['/finance/labs/export', '/finance/work-orders/export']) {
        for (const query of [{ format: 'doc' }, {}, { format: 'csv', from: 'yesterday' }]) {
          const res = await admin.get(path, query);
          const field = 'from' in query ? 'from' : 'format';
          expect({ path, query, status: res.status, message: res.body?.message }).toEqual({
            path,
            query,
            status: 400,
            message: expect.stringContaining(field),
          });
          expect(res.headers.get('content-type')).toContain('application/json');
        }
      }
    });
  });

  it('keeps Finance to the roles that may see it and to the caller\u2019s organization and clinics', async () => {
    const gatewayUrl = whole!.gatewayUrl;
    const users = [
      {
        email: 'rita.reception@example.com',
        name: 'Rita Reception',
        password: 'reception-password',
        roles: ['reception'],
      },
      {
        email: 'pam.physician@example.com',
        name: 'Dr. Pam Physician',
        password: 'physician-password',
        roles: ['physician'],
      },
      {
        email: 'luke.labs@example.com',
        name: 'Luke Lab Manager',
        password: 'lab-manager-password',
        roles: ['lab-manager'],
      },
      {
        email: 'uma.uptown@example.com',
        name: 'Uma Uptown',
        password: 'uptown-password',
        roles: ['accountant'],
        clinicIds: [uptownClinicId],
      },
    ];
    for (const u of users) expect((await admin.call('POST', '/users', u)).status).toBe(201);
    const financePaths = [
      '/finance/labs',
      '/finance/work-orders',
      '/finance/labs/export?format=csv',
      '/finance/work-orders/export?format=csv',
    ];
    const anonymous = specClient(gatewayUrl);
    for (const path of financePaths)
      expect({ path, status: (await anonymous.call('GET', path)).status }).toEqual({ path, status: 401 });
    for (const user of users.slice(0, 2)) {
      const client = await specLogin(gatewayUrl, user);
      for (const path of financePaths) {
        const res = await client.call('GET', path);
        expect({ user: user.roles, path, status: res.status }).toEqual({ user: user.roles, path, status: 403 });
      }
    }
    const labManager = await specLogin(gatewayUrl, users[2]);
    await expectFinance({ includeCancelled: true }, labManager);
    expect((await labManager.download('/finance/labs/export', { format: 'csv' })).status).toBe(200);

    // a user of one clinic sees that clinic's orders only; another clinic is not found
    const uptownUser = await specLogin(gatewayUrl, users[3]);
    const uptownOnly = [...orders.values()].filter((o) => o.clinicId === uptownClinicId);
    expect(uptownOnly.map((o) => o.number)).toEqual([order('WO-4').number]);
    await expectFinance({}, uptownUser, uptownOnly);
    await expectFinance({ includeCancelled: true, paymentMethod: 'cash' }, uptownUser, uptownOnly);
    const uptownCsv = parseCsv(
      (
        await uptownUser.download('/finance/work-orders/export', { format: 'csv', includeCancelled: 'true' })
      ).body.toString('utf8'),
    );
    expect(uptownCsv.slice(uptownCsv.findIndex((r) => r[0] === 'Work order #') + 1).map((r) => r[0])).toEqual([
      order('WO-4').number,
      'Total',
    ]);
    expect((await uptownUser.get('/finance/labs', { clinicId: mainClinicId })).status).toBe(404);
    expect((await uptownUser.get('/finance/work-orders', { clinicId: mainClinicId })).status).toBe(404);

    // a second organization: the API has no way to create one, so it is seeded in the gateway's database
    const otherOrgId = randomUUID();
    const other = { email: 'owner@other-chain.example', password: 'other-chain-password' };
    const db = new Client({ connectionString: world.databaseUrl('gateway') });
    await db.connect();
    try {
      await db.query('insert into organization (id, name) values ($1, $2)', [otherOrgId, 'Other Chain']);
      await db.query(
        'insert into app_user (id, organization_id, email, name, password_hash, roles) values ($1, $2, $3, $4, $5, $6)',
        [randomUUID(), otherOrgId, other.email, 'Other Owner', await hashPassword(other.password), ['admin']],
      );
    } finally {
      await db.end();
    }
    const otherAdmin = await specLogin(gatewayUrl, other);
    const nothing = { workOrderCount: 0, paidAmount: '0.00', totalAmount: '0.00', outstandingAmount: '0.00' };
    expect(await financeLabs(otherAdmin, { includeCancelled: true })).toEqual({
      items: [],
      totals: nothing,
      currency: 'EUR',
    });
    expect(await financeWorkOrders(otherAdmin, { includeCancelled: true })).toEqual(
      expect.objectContaining({ items: [], totals: nothing, total: 0 }),
    );
    for (const path of [
      `/finance/labs?labId=${lab.smile.id}`,
      `/finance/work-orders?clinicId=${mainClinicId}`,
      `/work-orders/${order('WO-1').id}`,
      `/labs/${lab.smile.id}`,
    ]) {
      const res = await otherAdmin.call('GET', path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    const foreignPayment = await otherAdmin.create(`/work-orders/${order('WO-1').id}/payments`, {
      date: '2026-03-10',
      amount: '999.00',
      method: 'cash',
    });
    expect(foreignPayment.status).toBe(404);

    // its own lab and work order, with the same lab name, stay its own
    const otherClinic = await otherAdmin.call('POST', '/clinics', { name: 'Other Clinic', currency: 'EUR' });
    expect(otherClinic.status).toBe(201);
    const otherLab = await createLab(otherAdmin, 'Smile Lab');
    const otherOrder = await otherAdmin.create('/work-orders', {
      clinicId: otherClinic.body.id,
      labId: otherLab,
      description: 'bridge',
      documentedDate: '2026-02-14',
      paymentPlan: { totalAmount: '999.00', paymentMethod: 'cash', dueDate: '2026-03-01' },
    });
    expect(otherOrder.status).toBe(201);
    expect(otherOrder.body.number).toBe('WO-000001');
    expect(
      (
        await otherAdmin.create(`/work-orders/${otherOrder.body.id}/payments`, {
          date: '2026-02-20',
          amount: '99.00',
          method: 'cash',
        })
      ).status,
    ).toBe(201);
    await eventually(async () => {
      expect((await financeLabs(otherAdmin)).items).toEqual([
        {
          labId: otherLab,
          labName: 'Smile Lab',
          workOrderCount: 1,
          paidAmount: '99.00',
          totalAmount: '999.00',
          outstandingAmount: '900.00',
        },
      ]);
    }, settle);
    const otherCsv = parseCsv(
      (await otherAdmin.download('/finance/labs/export', { format: 'csv' })).body.toString('utf8'),
    );
    expect(otherCsv[0]).toEqual(['Organization', 'Other Chain']);
    expect(otherCsv.slice(otherCsv.findIndex((r) => r[0] === 'Dental lab' && r[1] === 'Work orders') + 1)).toEqual([
      ['Smile Lab', '1', '99.00', '999.00', '900.00'],
      ['Total', '1', '99.00', '999.00', '900.00'],
    ]);
    // the first organization's figures did not move
    await expectFinance({});
    await expectFinance({ includeCancelled: true });
    expect((await admin.get('/finance/labs', { labId: otherLab })).status).toBe(404);
  });
});
