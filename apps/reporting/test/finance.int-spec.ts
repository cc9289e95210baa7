// The Finance view's queries (DOMAIN.md A) on reporting's read models, against real PostgreSQL and NATS: the worked
// example, every filter alone and combined, tenancy, currencies, validation, paging and sorting. Events are put on
// JetStream directly, as the work-orders and payments outbox relays would.
import { FinanceSubjects, PAYMENT_STATUSES, WORK_ORDER_SORT_FIELDS } from '@dental/contracts';
import { Bus, caller, Events, testNats, TestWorld } from '@dental/testing';
import { randomUUID } from 'node:crypto';
import { NatsConnection } from 'nats';
import {
  ModelFilters,
  ModelWorkOrder,
  cents,
  labRows,
  select,
  sortRows,
  totalsOf,
  workOrderRow,
} from './support/finance-model';
import { caughtUp, RunningReporting, startReporting } from './support/finance-world';

jest.setTimeout(60_000);

describe('Finance queries (integration, real PostgreSQL + NATS)', () => {
  const world = new TestWorld();
  let reporting: RunningReporting;
  let nc: NatsConnection;
  let bus: Bus;

  // The worked example: Smile Lab WO-1 1000.00 paid 400.00, WO-2 250.00 paid 250.00; Bright Lab WO-3 600.00 unpaid;
  // plus WO-4, cancelled, which Finance leaves out unless asked.
  const ORG = randomUUID();
  const C1 = randomUUID();
  const C2 = randomUUID();
  const ev = new Events(ORG);
  const smile = ev.lab('Smile Lab');
  const bright = ev.lab('Bright Lab');
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
  const wo4 = ev.workOrder({
    clinicId: C2,
    labId: smile.payload.id,
    number: 'WO-000004',
    total: '300.00',
    method: 'cash',
    date: '2026-02-20',
  });
  const events = [
    smile,
    bright,
    wo1,
    wo2,
    wo3,
    wo4,
    ev.payment({ workOrder: wo1, amount: '300.00' }),
    ev.payment({ workOrder: wo1, amount: '100.00' }),
    ev.payment({ workOrder: wo2, amount: '250.00' }),
    ev.payment({ workOrder: wo4, amount: '50.00' }),
    ev.workOrderUpdate(wo4, { status: 'cancelled' }),
  ];
  const model: ModelWorkOrder[] = [
    { wo: wo1, paid: '400.00', cancelled: false, labName: 'Smile Lab' },
    { wo: wo2, paid: '250.00', cancelled: false, labName: 'Smile Lab' },
    { wo: wo3, paid: '0.00', cancelled: false, labName: 'Bright Lab' },
    { wo: wo4, paid: '50.00', cancelled: true, labName: 'Smile Lab' },
  ].map(({ wo, paid, cancelled, labName }) => ({
    id: wo.payload.id,
    number: wo.payload.number,
    clinicId: wo.payload.clinicId,
    labId: wo.payload.labId,
    labName,
    method: wo.payload.paymentPlan.paymentMethod,
    date: wo.payload.documentedDate,
    cancelled,
    total: cents(wo.payload.paymentPlan.totalAmount),
    paid: cents(paid),
  }));
  const accountant = caller(ORG);

  beforeAll(async () => {
    reporting = await startReporting(world);
    nc = await testNats();
    bus = new Bus(nc, world.busPrefix);
    await bus.publish(events);
    await caughtUp(reporting.app);
  });

  afterAll(async () => {
    await reporting?.close();
    await nc?.close();
    await world.cleanup();
  });

  async function expectBoth(filters: ModelFilters) {
    const { paymentStatus, ...labFilters } = filters;
    const expected = select(model, filters);
    if (!paymentStatus) {
      expect(await bus.labs(labFilters, accountant)).toEqual({
        items: labRows(expected),
        totals: totalsOf(expected),
        currency: 'EUR',
      });
    }
    const page = await bus.workOrders({ ...filters, pageSize: 500 }, accountant);
    expect(page).toEqual({
      items: sortRows(expected.map(workOrderRow), '-documentedDate'),
      totals: totalsOf(expected),
      total: expected.length,
      page: 1,
      pageSize: 500,
      currency: 'EUR',
      nextCursor: null,
    });
  }

  it('answers the worked example of DOMAIN.md exactly', async () => {
    expect(await bus.labs({}, accountant)).toEqual({
      items: [
        {
          labId: bright.payload.id,
          labName: 'Bright Lab',
          workOrderCount: 1,
          paidAmount: '0.00',
          totalAmount: '600.00',
          outstandingAmount: '600.00',
        },
        {
          labId: smile.payload.id,
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
  });

  it('Work Orders tab with status partially_paid: WO-1 only', async () => {
    const answer = await bus.workOrders({ paymentStatus: 'partially_paid' }, accountant);
    expect(answer).toEqual({
      items: [
        {
          workOrderId: wo1.payload.id,
          number: 'WO-000001',
          labId: smile.payload.id,
          labName: 'Smile Lab',
          paymentMethod: 'bank_transfer',
          paidAmount: '400.00',
          totalAmount: '1000.00',
          outstandingAmount: '600.00',
          paymentStatus: 'partially_paid',
          documentedDate: '2026-01-10',
        },
      ],
      totals: { workOrderCount: 1, paidAmount: '400.00', totalAmount: '1000.00', outstandingAmount: '600.00' },
      total: 1,
      page: 1,
      pageSize: 50,
      currency: 'EUR',
      nextCursor: null,
    });
    expect((await bus.workOrders({ paymentStatus: 'paid' }, accountant)).items.map((i) => i.number)).toEqual([
      'WO-000002',
    ]);
    expect((await bus.workOrders({ paymentStatus: 'unpaid' }, accountant)).items.map((i) => i.number)).toEqual([
      'WO-000003',
    ]);
    expect((await bus.workOrders({ paymentStatus: 'overpaid' }, accountant)).items).toEqual([]);
  });

  it('leaves cancelled work orders out unless includeCancelled=true', async () => {
    const withCancelled = await bus.labs({ includeCancelled: true }, accountant);
    expect(withCancelled.totals).toEqual({
      workOrderCount: 4,
      paidAmount: '700.00',
      totalAmount: '2150.00',
      outstandingAmount: '1450.00',
    });
    expect(withCancelled.items.find((i) => i.labName === 'Smile Lab')).toEqual(
      expect.objectContaining({
        workOrderCount: 3,
        paidAmount: '700.00',
        totalAmount: '1550.00',
        outstandingAmount: '850.00',
      }),
    );
    const rows = await bus.workOrders({ includeCancelled: true }, accountant);
    expect(rows.items.map((i) => i.number)).toEqual(['WO-000003', 'WO-000004', 'WO-000002', 'WO-000001']);
    expect((await bus.workOrders({}, accountant)).items.map((i) => i.number)).not.toContain('WO-000004');
  });

  const filterCases: Array<[string, ModelFilters]> = [
    ['no filter', {}],
    ['whole months', { from: '2026-02-01', to: '2026-03-31' }],
    ['partial months at both edges, all in', { from: '2026-01-05', to: '2026-03-25' }],
    ['partial months at both edges, edges out', { from: '2026-01-11', to: '2026-03-19' }],
    ['one day', { from: '2026-01-10', to: '2026-01-10' }],
    ['inside one month', { from: '2026-02-10', to: '2026-02-25' }],
    ['from only', { from: '2026-02-16' }],
    ['to only', { to: '2026-02-15' }],
    ['a period with nothing', { from: '2025-01-01', to: '2025-12-31' }],
    ['lab', { labId: smile.payload.id }],
    ['other lab', { labId: bright.payload.id }],
    ['payment method', { paymentMethod: 'card' }],
    ['payment method of a cancelled and an open one', { paymentMethod: 'cash' }],
    ['payment method nobody used', { paymentMethod: 'check' }],
    ['clinic', { clinicId: C1 }],
    ['other clinic', { clinicId: C2 }],
    ['clinic with cancelled', { clinicId: C2, includeCancelled: true }],
    ['clinic + method + month', { clinicId: C1, paymentMethod: 'bank_transfer', from: '2026-01-01', to: '2026-01-31' }],
    [
      'lab + cancelled + month',
      { labId: smile.payload.id, includeCancelled: true, from: '2026-02-01', to: '2026-02-28' },
    ],
    ['lab + clinic + cancelled', { labId: smile.payload.id, clinicId: C2, includeCancelled: true }],
    ['lab + partial period', { labId: smile.payload.id, from: '2026-01-15', to: '2026-03-31' }],
    [
      'everything',
      {
        labId: smile.payload.id,
        clinicId: C1,
        paymentMethod: 'card',
        from: '2026-02-01',
        to: '2026-02-15',
        includeCancelled: true,
      },
    ],
  ];

  it.each(filterCases)('filter: %s, alone and with each payment status', async (_, filters) => {
    await expectBoth(filters);
    for (const paymentStatus of PAYMENT_STATUSES) await expectBoth({ ...filters, paymentStatus });
  });

  describe('tenancy', () => {
    it('a caller limited to some clinics sees only theirs; another clinic is not found', async () => {
      const clinicOne = caller(ORG, [C1]);
      const expected = select(model, { clinicId: C1 });
      expect(await bus.labs({}, clinicOne)).toEqual({
        items: labRows(expected),
        totals: totalsOf(expected),
        currency: 'EUR',
      });
      expect((await bus.workOrders({ includeCancelled: true }, clinicOne)).items.map((i) => i.number)).toEqual([
        'WO-000002',
        'WO-000001',
      ]);
      for (const subject of [FinanceSubjects.labs, FinanceSubjects.workOrders]) {
        const reply = await bus.ask(subject, { clinicId: C2 }, clinicOne);
        expect(reply).toEqual({ ok: false, error: expect.objectContaining({ status: 404, code: 'CLINIC.NOT_FOUND' }) });
      }
      const none = await bus.labs({}, caller(ORG, []));
      expect(none).toEqual({
        items: [],
        totals: { workOrderCount: 0, paidAmount: '0.00', totalAmount: '0.00', outstandingAmount: '0.00' },
        currency: 'EUR',
      });
    });

    it('another organization sees nothing of it, and its clinics and labs are not found', async () => {
      const stranger = caller(randomUUID());
      expect((await bus.labs({}, stranger)).items).toEqual([]);
      expect(await bus.workOrders({}, stranger)).toEqual(expect.objectContaining({ items: [], total: 0 }));
      expect(await bus.ask(FinanceSubjects.labs, { clinicId: C1 }, stranger)).toEqual({
        ok: false,
        error: expect.objectContaining({ status: 404, code: 'CLINIC.NOT_FOUND' }),
      });
      expect(await bus.ask(FinanceSubjects.workOrders, { labId: smile.payload.id }, stranger)).toEqual({
        ok: false,
        error: expect.objectContaining({ status: 404, code: 'LAB.NOT_FOUND' }),
      });
    });
  });

  describe('currencies', () => {
    const MIXED = randomUUID();
    const eur = randomUUID();
    const tryClinic = randomUUID();
    const mixed = new Events(MIXED);
    const lab = mixed.lab('Istanbul Lab');
    const inEuro = mixed.workOrder({
      clinicId: eur,
      labId: lab.payload.id,
      number: 'WO-000001',
      total: '100.00',
      currency: 'EUR',
    });
    const inLira = mixed.workOrder({
      clinicId: tryClinic,
      labId: lab.payload.id,
      number: 'WO-000002',
      total: '2500.50',
      currency: 'TRY',
    });

    beforeAll(async () => {
      await bus.publish([lab, inEuro, inLira, mixed.payment({ workOrder: inLira, amount: '500.25' })]);
      await caughtUp(reporting.app);
    });

    it('several currencies in one answer are a 422 asking for a clinic; one clinic answers in its currency', async () => {
      const who = caller(MIXED);
      for (const subject of [FinanceSubjects.labs, FinanceSubjects.workOrders]) {
        const reply = await bus.ask(subject, {}, who);
        expect(reply).toEqual({
          ok: false,
          error: {
            status: 422,
            code: 'FINANCE.MIXED_CURRENCIES',
            message: expect.stringMatching(/clinic/),
            details: { currencies: ['EUR', 'TRY'] },
          },
        });
      }
      expect(await bus.labs({ clinicId: tryClinic }, who)).toEqual({
        items: [
          {
            labId: lab.payload.id,
            labName: 'Istanbul Lab',
            workOrderCount: 1,
            paidAmount: '500.25',
            totalAmount: '2500.50',
            outstandingAmount: '2000.25',
          },
        ],
        totals: { workOrderCount: 1, paidAmount: '500.25', totalAmount: '2500.50', outstandingAmount: '2000.25' },
        currency: 'TRY',
      });
      expect(await bus.workOrders({ clinicId: eur }, who)).toEqual(
        expect.objectContaining({ currency: 'EUR', total: 1 }),
      );
      // filters that leave one currency need no clinic
      expect((await bus.workOrders({ paymentStatus: 'partially_paid' }, who)).currency).toBe('TRY');
      // an empty answer still says its currency: the clinic's
      expect((await bus.labs({ clinicId: tryClinic, paymentMethod: 'check' }, who)).currency).toBe('TRY');
    });
  });

  describe('validation', () => {
    it.each([
      [FinanceSubjects.labs, { paymentStatus: 'paid' }, 'paymentStatus'],
      [FinanceSubjects.labs, { from: '2026-02-30' }, 'from'],
      [FinanceSubjects.labs, { labId: 'not-a-uuid' }, 'labId'],
      [FinanceSubjects.labs, { paymentMethod: 'bitcoin' }, 'paymentMethod'],
      [FinanceSubjects.labs, { from: '2026-03-02', to: '2026-03-01' }, 'from'],
      [FinanceSubjects.workOrders, { sort: 'clinicId' }, 'sort'],
      [FinanceSubjects.workOrders, { pageSize: 501 }, 'pageSize'],
      [FinanceSubjects.workOrders, { page: 0 }, 'page'],
      [FinanceSubjects.workOrders, { after: 'garbage' }, 'after'],
      [FinanceSubjects.workOrders, { from: '2026-03-02', to: '2026-03-01' }, 'from'],
    ])('%s with %p is a 400 naming %s', async (subject, payload, field) => {
      const reply = await bus.ask(subject, payload, accountant);
      expect(reply.ok).toBe(false);
      if (reply.ok) return;
      expect(reply.error.status).toBe(400);
      expect((reply.error.details as { field: string }[]).map((d) => d.field)).toContain(field);
    });

    it('a cursor made for another sort is a 400', async () => {
      const first = await bus.workOrders({ pageSize: 1, sort: 'number' }, accountant);
      expect(first.nextCursor).toEqual(expect.any(String));
      const reply = await bus.ask(
        FinanceSubjects.workOrders,
        { pageSize: 1, sort: '-number', after: first.nextCursor },
        accountant,
      );
      expect(reply).toEqual({
        ok: false,
        error: expect.objectContaining({ status: 400, code: 'FINANCE.INVALID_CURSOR' }),
      });
    });
  });

  describe('paging and sorting', () => {
    const PAGED = randomUUID();
    const clinic = randomUUID();
    const paged = new Events(PAGED);
    const labs = ['Alpha Lab', 'Bright Lab', 'Smile Lab'].map((name) => paged.lab(name));
    const methods = ['cash', 'card', 'bank_transfer', 'check', 'other'] as const;
    // 13 work orders with ties in every column but the number, all four payment statuses and a refund
    const plans = [
      ['100.00', '0.00'],
      ['100.00', '100.00'],
      ['250.00', '50.00'],
      ['250.00', '300.00'],
      ['80.00', '0.00'],
      ['999.99', '999.99'],
      ['100.00', '50.00'],
      ['40.00', '-10.00'],
      ['250.00', '0.00'],
      ['1200.00', '600.00'],
      ['75.50', '75.50'],
      ['100.00', '100.00'],
      ['10.00', '0.00'],
    ] as const;
    const wos = plans.map(([total], i) =>
      paged.workOrder({
        clinicId: clinic,
        labId: labs[i % 3].payload.id,
        number: `WO-${String(100 - i).padStart(6, '0')}`,
        total,
        method: methods[i % 5],
        date: `2026-0${1 + (i % 4)}-${String(10 + (i % 3)).padStart(2, '0')}`,
      }),
    );
    const who = caller(PAGED);
    const rows = () =>
      plans.map(([total, paid], i) =>
        workOrderRow({
          id: wos[i].payload.id,
          number: wos[i].payload.number,
          clinicId: clinic,
          labId: labs[i % 3].payload.id,
          labName: labs[i % 3].payload.name,
          method: methods[i % 5],
          date: wos[i].payload.documentedDate,
          cancelled: false,
          total: cents(total),
          paid: cents(paid),
        }),
      );

    beforeAll(async () => {
      const payments = plans.flatMap(([, paid], i) =>
        paid === '0.00' ? [] : [paged.payment({ workOrder: wos[i], amount: paid })],
      );
      await bus.publish([...labs, ...wos, ...payments]);
      await caughtUp(reporting.app);
    });

    const sorts = WORK_ORDER_SORT_FIELDS.flatMap((f) => [f, `-${f}`]);

    it.each(sorts)(
      'sort %s: pages of 4 and keyset chunks give the expected order; totals cover the whole set',
      async (sort) => {
        const expected = sortRows(rows(), sort);
        const allTotals = totalsOf(plans.map(([total, paid]) => ({ total: cents(total), paid: cents(paid) })));
        const byPage = [];
        for (let page = 1; page <= 4; page++) {
          const answer = await bus.workOrders({ sort, page, pageSize: 4 }, who);
          expect(answer).toEqual(
            expect.objectContaining({ total: 13, page, pageSize: 4, totals: allTotals, currency: 'EUR' }),
          );
          expect(answer.nextCursor === null).toBe(page === 4);
          byPage.push(...answer.items);
        }
        expect(byPage).toEqual(expected);

        const byCursor = [];
        let after: string | undefined;
        for (let i = 0; i < 10; i++) {
          const answer = await bus.workOrders({ sort, pageSize: 5, ...(after ? { after } : {}) }, who);
          byCursor.push(...answer.items);
          if (!answer.nextCursor) break;
          after = answer.nextCursor;
        }
        expect(byCursor).toEqual(expected);
      },
    );

    it('a page past the end is empty and still carries the totals', async () => {
      const answer = await bus.workOrders({ page: 9, pageSize: 4 }, who);
      expect(answer).toEqual(expect.objectContaining({ items: [], total: 13, page: 9, nextCursor: null }));
      expect(answer.totals.workOrderCount).toBe(13);
    });
  });
});
