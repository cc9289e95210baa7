// The public contract (/work/shared/API.md) route by route: the six built services as processes, called over HTTP
// as an integrator would, checking the shapes API.md writes: field names, money as decimal strings, dates as
// YYYY-MM-DD, paged lists, the error body and its status codes, Idempotency-Key replay and the OpenAPI document.
import { hashPassword } from '@dental/auth';
import { eventually, TestWorld } from '@dental/testing';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  expectError as expectApiError,
  GatewayClient,
  JsonAnswer,
  specClient,
  specLogin,
} from './support/gateway-client';
import { ensureBuilt, startWholeStack, WholeStack } from '@dental/testing';

jest.setTimeout(120_000);

const settle = { timeoutMs: 30_000, intervalMs: 250 };
const MONEY = /^-?\d+\.\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const money = expect.stringMatching(MONEY);
const date = expect.stringMatching(DATE);
const uuid = expect.stringMatching(UUID);

/** Every route of API.md, as method + path with `:params`. */
const API_ROUTES = [
  'POST /auth/login',
  'GET /me',
  'GET /clinics',
  'POST /clinics',
  'PUT /clinics/:id/payment-settings',
  'GET /labs',
  'POST /labs',
  'GET /labs/:id',
  'PATCH /labs/:id',
  'GET /work-orders',
  'POST /work-orders',
  'GET /work-orders/:id',
  'PATCH /work-orders/:id',
  'POST /work-orders/:id/payments',
  'PATCH /work-orders/:id/payments/:paymentId',
  'DELETE /work-orders/:id/payments/:paymentId',
  'GET /finance/labs',
  'GET /finance/work-orders',
  'GET /finance/labs/export',
  'GET /finance/work-orders/export',
  'GET /physicians',
  'POST /physicians',
  'GET /patients',
  'POST /patients',
  'GET /patients/:id',
  'GET /patients/:id/account',
  'POST /patients/:id/treatments',
  'PATCH /patients/:id/treatments/:treatmentId',
  'DELETE /patients/:id/treatments/:treatmentId',
  'POST /patients/:id/treatment-plans',
  'POST /patients/:id/treatment-plans/:planId/copy-to-treatments',
  'POST /patients/:id/invoices',
  'DELETE /patients/:id/invoices/:invoiceId',
  'POST /patients/:id/payments',
  'PATCH /patients/:id/payments/:paymentId',
  'DELETE /patients/:id/payments/:paymentId',
  'GET /patients/:id/payments/:paymentId/receipt.pdf',
  'GET /patients/:id/payments.pdf',
  'POST /patients/:id/account-closures',
  'DELETE /patients/:id/account-closures/latest',
  'GET /patients/:id/balance-distribution',
  'POST /patients/:id/contracts',
  'GET /patients/:id/contracts/:contractId',
  'POST /families',
  'GET /families/:id/account',
  'PUT /patients/:id/family',
  'POST /patients/:id/alerts',
  'GET /alerts',
  'PATCH /alerts/:id',
  'GET /reports/account-book',
  'GET /reports/progress-payments',
  // DOMAIN.md D (issue 14)
  'GET /reports/receivables-aging',
  'GET /reports/payables-aging',
  'GET /reports/balances',
  'GET /reports/case-profit',
  'PUT /clinics/:id/progress-settings',
  'PUT /work-orders/:id/treatments',
];

const cents = (m: string) => BigInt(m.replace('.', ''));
const decimal = (c: bigint) => {
  const sign = c < 0n ? '-' : '';
  const abs = c < 0n ? -c : c;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
};
const sum = (values: string[]) => decimal(values.reduce((a, v) => a + cents(v), 0n));

/** API.md's error body: `{ statusCode, error, message, code, details? }` and no other key, with this status. */
function expectError(res: JsonAnswer, status: number, field?: string) {
  expectApiError(res, status);
  expect(res.body.error).toEqual(expect.any(String));
  for (const key of Object.keys(res.body)) expect(['statusCode', 'error', 'message', 'code', 'details']).toContain(key);
  if (field) expect(`${res.body.message} ${JSON.stringify(res.body.details ?? '')}`).toContain(field);
}

/** A paged list: `{ items, total, page, pageSize }`. */
function expectPaged(res: JsonAnswer) {
  expect(res.status).toBe(200);
  expect(res.body).toEqual(
    expect.objectContaining({
      items: expect.any(Array),
      total: expect.any(Number),
      page: expect.any(Number),
      pageSize: expect.any(Number),
    }),
  );
}

function isPdf(file: { status: number; headers: Headers; body: Buffer }) {
  expect(file.status).toBe(200);
  expect(file.headers.get('content-type')).toContain('application/pdf');
  expect(file.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
}

describe('API.md, every route through the built stack (e2e)', () => {
  const world = new TestWorld();
  let whole: WholeStack | undefined;
  let admin: GatewayClient;
  let today: string;
  const ids = {
    mainClinic: '',
    uptown: '',
    lab: '',
    workOrder: '',
    labPayment: '',
    physicianA: '',
    physicianB: '',
    patient: '',
    closing: '',
    plan: '',
    planItem: '',
    cardPayment: '',
    cashPayment: '',
    contract: '',
    family: '',
    alert: '',
  };

  beforeAll(async () => {
    await ensureBuilt();
    whole = await startWholeStack(world);
  }, 240_000);

  afterAll(async () => {
    try {
      await whole?.stop();
    } finally {
      await world.cleanup();
    }
  });

  it('health answers without a token', async () => {
    for (const path of ['/health/live', '/health/ready'])
      expect({ path, status: (await fetch(`${whole!.gatewayUrl}${path}`)).status }).toEqual({ path, status: 200 });
  });

  it('POST /auth/login, GET /me; 400 names the field, 401 without a valid token', async () => {
    const anonymous = specClient(whole!.gatewayUrl);
    const login = await anonymous.call('POST', '/auth/login', whole!.admin);
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ accessToken: expect.any(String), expiresIn: expect.any(Number) });
    expectError(await anonymous.call('POST', '/auth/login', { email: whole!.admin.email }), 400, 'password');
    expectError(await anonymous.call('POST', '/auth/login', { ...whole!.admin, password: 'wrong-password' }), 401);
    expectError(await anonymous.call('GET', '/me'), 401);
    expectError(await specClient(whole!.gatewayUrl, { token: 'not-a-jwt' }).call('GET', '/me'), 401);

    admin = await specLogin(whole!.gatewayUrl, whole!.admin);
    const me = await admin.get('/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual(expect.objectContaining({ email: whole!.admin.email, roles: ['admin'] }));
  });

  it('clinics: list, create, payment settings', async () => {
    const main = await eventually(async () => {
      const res = await admin.get('/clinics');
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      return res.body.items[0];
    }, settle);
    ids.mainClinic = main.id;
    expect(main).toEqual(expect.objectContaining({ id: uuid, name: 'Main Clinic', currency: 'EUR' }));

    expectError(await admin.call('POST', '/clinics', { name: 'No currency' }), 400, 'currency');
    const created = await admin.call('POST', '/clinics', { name: 'Uptown Dental', currency: 'EUR' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(
      expect.objectContaining({ id: uuid, name: 'Uptown Dental', currency: 'EUR', bankChargePercent: null }),
    );
    ids.uptown = created.body.id;
    const set = await admin.call('PUT', `/clinics/${ids.uptown}/payment-settings`, { bankChargePercent: '2.50' });
    expect(set.status).toBe(200);
    expect(set.body.bankChargePercent).toBe('2.50');
    expectError(
      await admin.call('PUT', `/clinics/${ids.uptown}/payment-settings`, { bankChargePercent: 'lots' }),
      400,
      'bankChargePercent',
    );
    expectError(await admin.call('PUT', `/clinics/${randomUUID()}/payment-settings`, { bankChargePercent: '0' }), 404);
  });

  it('labs and work orders: create, read, change, pay; 422 when installments do not sum; Idempotency-Key', async () => {
    expectError(await admin.call('POST', '/labs', {}), 400, 'name');
    const lab = await admin.call('POST', '/labs', { name: 'Smile Lab', email: 'lab@example.com' });
    expect(lab.status).toBe(201);
    expect(lab.body).toEqual(expect.objectContaining({ id: uuid, name: 'Smile Lab', email: 'lab@example.com' }));
    ids.lab = lab.body.id;
    expect((await admin.get('/labs')).body.items.map((l: { id: string }) => l.id)).toContain(ids.lab);
    expect((await admin.get(`/labs/${ids.lab}`)).body).toEqual(expect.objectContaining({ id: ids.lab }));
    const patched = await admin.call('PATCH', `/labs/${ids.lab}`, { phone: '+90 555 000 0000' });
    expect(patched.status).toBe(200);
    expect(patched.body.phone).toBe('+90 555 000 0000');
    expectError(await admin.get(`/labs/${randomUUID()}`), 404);

    const order = {
      clinicId: ids.mainClinic,
      labId: ids.lab,
      description: 'zirconia crown',
      documentedDate: '2026-02-01',
      paymentPlan: { totalAmount: '300.00', paymentMethod: 'cash', dueDate: '2026-03-01' },
    };
    const key = randomUUID();
    const first = await admin.call('POST', '/work-orders', order, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.body).toEqual(expect.objectContaining({ id: uuid, number: expect.stringMatching(/^WO-\d+$/) }));
    ids.workOrder = first.body.id;
    const replay = await admin.call('POST', '/work-orders', order, { 'idempotency-key': key });
    expect({ status: replay.status, body: replay.body }).toEqual({ status: first.status, body: first.body });
    expectError(
      await admin.call('POST', '/work-orders', { ...order, description: 'other' }, { 'idempotency-key': key }),
      409,
    );
    expectError(
      await admin.create('/work-orders', {
        ...order,
        paymentPlan: {
          totalAmount: '300.00',
          paymentMethod: 'cash',
          installments: [
            { dueDate: '2026-03-01', amount: '100.00' },
            { dueDate: '2026-04-01', amount: '100.00' },
          ],
        },
      }),
      422,
    );
    expectError(await admin.create('/work-orders', { ...order, documentedDate: '01/02/2026' }), 400, 'documentedDate');

    expectPaged(await admin.get('/work-orders'));
    const pay = await admin.create(`/work-orders/${ids.workOrder}/payments`, {
      date: '2026-02-10',
      amount: '120.00',
      method: 'cash',
    });
    expect(pay.status).toBe(201);
    ids.labPayment = pay.body.id ?? pay.body.payments?.[0]?.id;
    expect(ids.labPayment).toEqual(uuid);
    const details = await admin.get(`/work-orders/${ids.workOrder}`);
    expect(details.status).toBe(200);
    expect(details.body).toEqual(
      expect.objectContaining({
        paidAmount: '120.00',
        outstandingAmount: '180.00',
        paymentStatus: 'partially_paid',
        payments: expect.any(Array),
        audit: expect.any(Array),
      }),
    );
    const changed = await admin.call('PATCH', `/work-orders/${ids.workOrder}/payments/${ids.labPayment}`, {
      amount: '150.00',
      reason: 'entry_error',
    });
    expect(changed.status).toBe(200);
    expect((await admin.get(`/work-orders/${ids.workOrder}`)).body.paidAmount).toBe('150.00');
    expect((await admin.call('PATCH', `/work-orders/${ids.workOrder}`, { description: 'two crowns' })).status).toBe(
      200,
    );
    const extra = await admin.create(`/work-orders/${ids.workOrder}/payments`, {
      date: '2026-02-11',
      amount: '1.00',
      method: 'card',
    });
    const extraId = extra.body.id ?? extra.body.payments?.find((p: { amount: string }) => p.amount === '1.00')?.id;
    expect([200, 204]).toContain(
      (await admin.call('DELETE', `/work-orders/${ids.workOrder}/payments/${extraId}?reason=duplicate`)).status,
    );
  });

  it('finance: labs, work orders (paged) and their exports', async () => {
    await eventually(async () => {
      const labs = await admin.get('/finance/labs');
      expect(labs.status).toBe(200);
      expect(labs.body.items).toEqual([
        expect.objectContaining({
          labId: ids.lab,
          labName: 'Smile Lab',
          workOrderCount: 1,
          paidAmount: '150.00',
          totalAmount: '300.00',
          outstandingAmount: '150.00',
        }),
      ]);
      expect(labs.body.totals).toEqual(expect.objectContaining({ paidAmount: '150.00' }));
    }, settle);
    const rows = await admin.get('/finance/work-orders', { page: 1, pageSize: 10 });
    expectPaged(rows);
    expect(rows.body.items[0]).toEqual(
      expect.objectContaining({
        workOrderId: ids.workOrder,
        number: expect.any(String),
        labId: ids.lab,
        labName: 'Smile Lab',
        paymentMethod: 'cash',
        paidAmount: '150.00',
        totalAmount: '300.00',
        outstandingAmount: '150.00',
        paymentStatus: 'partially_paid',
        documentedDate: '2026-02-01',
      }),
    );
    expectError(await admin.get('/finance/work-orders', { pageSize: 'many' }), 400, 'pageSize');
    for (const path of ['/finance/labs/export', '/finance/work-orders/export']) {
      const file = await admin.download(path, { format: 'csv' });
      expect({ path, status: file.status }).toEqual({ path, status: 200 });
    }
  });

  it('physicians and patients', async () => {
    expectError(await admin.call('POST', '/physicians', { clinicId: ids.uptown }), 400, 'name');
    const a = await admin.call('POST', '/physicians', {
      clinicId: ids.uptown,
      name: 'Dr. Aylin',
      commissionPercent: '40',
    });
    expect(a.status).toBe(201);
    expect(a.body).toEqual(expect.objectContaining({ id: uuid, clinicId: ids.uptown, name: 'Dr. Aylin' }));
    expect(a.body.commissionPercent).toMatch(/^40(\.0+)?$/);
    ids.physicianA = a.body.id;
    const b = await admin.call('POST', '/physicians', { clinicId: ids.uptown, name: 'Dr. Burak' });
    expect(b.status).toBe(201);
    ids.physicianB = b.body.id;
    const physicians = await admin.get('/physicians', { clinicId: ids.uptown });
    expect(physicians.status).toBe(200);
    expect(physicians.body.items.map((p: { name: string }) => p.name).sort()).toEqual(['Dr. Aylin', 'Dr. Burak']);

    expectError(await admin.call('POST', '/patients', { clinicId: ids.uptown, firstName: 'Ayşe' }), 400, 'lastName');
    const patient = await admin.call('POST', '/patients', {
      clinicId: ids.uptown,
      firstName: 'Ayşe',
      lastName: 'Yılmaz',
      phone: '+90 555 111 2233',
      email: 'ayse@example.com',
    });
    expect(patient.status).toBe(201);
    expect(patient.body).toEqual(
      expect.objectContaining({
        id: uuid,
        clinicId: ids.uptown,
        firstName: 'Ayşe',
        lastName: 'Yılmaz',
        phone: '+90 555 111 2233',
        email: 'ayse@example.com',
        familyId: null,
      }),
    );
    ids.patient = patient.body.id;
    // a work order's details name its patient and who did what (the page shows names, not ids)
    const labCase = await admin.create('/work-orders', {
      clinicId: ids.uptown,
      labId: ids.lab,
      patientId: ids.patient,
      description: 'bridge',
      documentedDate: '2026-03-02',
      paymentPlan: { totalAmount: '200.00', paymentMethod: 'cash', dueDate: '2026-04-01' },
    });
    expect(labCase.status).toBe(201);
    const caseDetails = await admin.get(`/work-orders/${labCase.body.id}`);
    const adminName = (await admin.get('/me')).body.name;
    expect([caseDetails.body.patientName, caseDetails.body.audit.map((a: { userName: string }) => a.userName)]).toEqual(
      ['Ayşe Yılmaz', [adminName]],
    );
    const closing = await admin.call('POST', '/patients', {
      clinicId: ids.mainClinic,
      firstName: 'Can',
      lastName: 'Er',
    });
    expect(closing.status).toBe(201);
    ids.closing = closing.body.id;

    const list = await admin.get('/patients', { clinicId: ids.uptown });
    expectPaged(list);
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([ids.patient]);
    const found = await admin.get('/patients', { q: 'AYSE yilmaz 5551112233', page: '1', pageSize: '10' });
    expect({ ids: found.body.items.map((p: { id: string }) => p.id), page: found.body.page }).toEqual({
      ids: [ids.patient],
      page: 1,
    });
    expectError(await admin.get('/patients', { pageSize: '501' }), 400, 'pageSize');
    expect((await admin.get(`/patients/${ids.patient}`)).body).toEqual(patient.body);
    expectError(await admin.get(`/patients/${randomUUID()}`), 404);
    expectError(await admin.get('/patients/not-a-uuid'), 400, 'id');
  });

  it('treatments, plans copied to treatments, invoices; 409 for an invoiced treatment', async () => {
    const path = `/patients/${ids.patient}/treatments`;
    expectError(
      await admin.create(path, {
        physicianId: ids.physicianA,
        procedure: 'Filling',
        date: '2026-03-01',
        amount: '1,5',
      }),
      400,
      'amount',
    );
    const a = await admin.create(path, {
      physicianId: ids.physicianA,
      procedure: 'Root canal',
      tooth: '16',
      date: '2026-03-01',
      amount: '600.00',
    });
    expect(a.status).toBe(201);
    expect(a.body).toEqual(
      expect.objectContaining({
        id: uuid,
        patientId: ids.patient,
        physicianId: ids.physicianA,
        procedure: 'Root canal',
        tooth: '16',
        date: '2026-03-01',
        amount: '600.00',
      }),
    );
    const b = await admin.create(path, {
      physicianId: ids.physicianB,
      procedure: 'Filling',
      date: '2026-03-01',
      amount: '350.00',
    });
    expect(b.status).toBe(201);
    const edited = await admin.call('PATCH', `${path}/${b.body.id}`, { amount: '400.00', reason: 'price_change' });
    expect(edited.status).toBe(200);
    expect(edited.body.amount).toBe('400.00');
    const gone = await admin.create(path, { procedure: 'Cleaning', date: '2026-03-01', amount: '80.00' });
    expect([200, 204]).toContain((await admin.call('DELETE', `${path}/${gone.body.id}?reason=entry_error`)).status);
    expectError(await admin.call('DELETE', `${path}/${randomUUID()}?reason=entry_error`), 404);

    const plan = await admin.create(`/patients/${ids.patient}/treatment-plans`, {
      items: [{ physicianId: ids.physicianA, procedure: 'Crown', tooth: '16', amount: '500.00' }],
    });
    expect(plan.status).toBe(201);
    expect(plan.body).toEqual(
      expect.objectContaining({ id: uuid, items: [expect.objectContaining({ id: uuid, amount: '500.00' })] }),
    );
    ids.plan = plan.body.id;
    const copied = await admin.create(`/patients/${ids.patient}/treatment-plans/${ids.plan}/copy-to-treatments`, {
      date: '2026-03-02',
    });
    expect(copied.status).toBe(201);
    // the plans listed with each item's treatment once copied
    const plans = await admin.get(`/patients/${ids.patient}/treatment-plans`);
    expect(plans.status).toBe(200);
    expect(plans.body.items).toEqual([
      expect.objectContaining({ id: ids.plan, items: [expect.objectContaining({ treatmentId: copied.body[0].id })] }),
    ]);
    expectError(await admin.get(`/patients/${randomUUID()}/treatment-plans`), 404);
    expectError(
      await admin.create(`/patients/${ids.patient}/treatment-plans/${ids.plan}/copy-to-treatments`, {}),
      400,
      'date',
    );

    const invoice = await admin.create(`/patients/${ids.patient}/invoices`, { treatmentIds: [a.body.id] });
    expect(invoice.status).toBe(201);
    expect(invoice.body).toEqual(expect.objectContaining({ id: uuid }));
    expectError(await admin.call('PATCH', `${path}/${a.body.id}`, { amount: '1.00', reason: 'price_change' }), 409);
    expectError(await admin.call('DELETE', `${path}/${a.body.id}?reason=entry_error`), 409);
    expect([200, 204]).toContain(
      (await admin.call('DELETE', `/patients/${ids.patient}/invoices/${invoice.body.id}?reason=entry_error`)).status,
    );
    expect((await admin.call('PATCH', `${path}/${a.body.id}`, { tooth: '17', reason: 'entry_error' })).status).toBe(
      200,
    );
  });

  it('POST /patients/:id/payments answers the stored record; card + 2.50 % bank charge; Idempotency-Key replay', async () => {
    const path = `/patients/${ids.patient}/payments`;
    const card = { date: '2026-03-05', amount: '1000.00', paymentType: 'card', note: 'first visit' };
    const key = randomUUID();
    const first = await admin.call('POST', path, card, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.body).toEqual(
      expect.objectContaining({
        id: uuid,
        receiptNumber: expect.stringMatching(/^\d+$/),
        amount: '1025.00',
        bankCost: '25.00',
        paymentType: 'card',
        date: '2026-03-05',
        patientId: ids.patient,
        note: 'first visit',
      }),
    );
    ids.cardPayment = first.body.id;
    const replay = await admin.call('POST', path, card, { 'idempotency-key': key });
    expect({ status: replay.status, body: replay.body }).toEqual({ status: 201, body: first.body });
    expectError(await admin.call('POST', path, { ...card, amount: '999.00' }, { 'idempotency-key': key }), 409);

    expectError(await admin.create(path, { ...card, amount: 'ten' }), 400, 'amount');
    expectError(await admin.create(path, { ...card, paymentType: 'barter' }), 400, 'paymentType');
    expectError(await admin.create(path, { ...card, date: '2026-13-40' }), 400, 'date');
    expectError(await admin.create(path, { ...card, bankCost: '5.00' }), 400, 'bankCost');
    expectError(await admin.create(`/patients/${randomUUID()}/payments`, card), 404);

    const refund = await admin.create(path, { date: '2026-03-08', amount: '100.00', paymentType: 'refund' });
    expect(refund.status).toBe(201);
    expect(refund.body).toEqual(expect.objectContaining({ amount: '-100.00', paymentType: 'refund', bankCost: null }));
    expect(cents(refund.body.receiptNumber)).toBeGreaterThan(cents(first.body.receiptNumber));

    const check = await admin.create(path, { date: '2026-03-09', amount: '50.00', paymentType: 'check' });
    const edited = await admin.call('PATCH', `${path}/${check.body.id}`, {
      amount: '55.00',
      note: 'cheque 7',
      reason: 'entry_error',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toEqual(expect.objectContaining({ id: check.body.id, amount: '55.00', note: 'cheque 7' }));
    const deleted = await admin.call('DELETE', `${path}/${check.body.id}?reason=duplicate`);
    expect([200, 204]).toContain(deleted.status);
    expectError(await admin.call('PATCH', `${path}/${randomUUID()}`, { amount: '1.00', reason: 'entry_error' }), 404);

    isPdf(await admin.download(`${path}/${ids.cardPayment}/receipt.pdf`));
    isPdf(await admin.download(`/patients/${ids.patient}/payments.pdf`));
  });

  it('POST and GET /patients/:id/contracts: installments with coverage, receivable and overdue', async () => {
    const page = await admin.get(`/patients/${ids.patient}/account`);
    today = page.body.today ?? new Date().toISOString().slice(0, 10);
    const path = `/patients/${ids.patient}/contracts`;
    const firstDueDate = nextMonth(today);
    const body = { totalAmount: '1000.00', downPayment: '200.00', installmentCount: 4, firstDueDate };
    expectError(await admin.create(path, { ...body, firstDueDate: undefined }), 400, 'firstDueDate');
    expectError(await admin.create(path, { ...body, installmentCount: 0 }), 400, 'installmentCount');
    const key = randomUUID();
    const created = await admin.call('POST', path, body, { 'idempotency-key': key });
    expect(created.status).toBe(201);
    const replay = await admin.call('POST', path, body, { 'idempotency-key': key });
    expect({ status: replay.status, body: replay.body }).toEqual({ status: 201, body: created.body });
    expectError(await admin.call('POST', path, { ...body, installmentCount: 5 }, { 'idempotency-key': key }), 409);
    expect(created.body).toEqual(
      expect.objectContaining({
        id: uuid,
        totalAmount: '1000.00',
        downPayment: '200.00',
        receivableAmount: '1000.00',
        overdueAmount: '0.00',
      }),
    );
    const installments = created.body.installments;
    expect(installments.map((i: { number: number }) => i.number)).toEqual([0, 1, 2, 3, 4]);
    for (const i of installments)
      expect(i).toEqual(
        expect.objectContaining({
          number: expect.any(Number),
          dueDate: date,
          amount: money,
          coveredAmount: '0.00',
          remainingAmount: i.amount,
          status: expect.any(String),
        }),
      );
    expect(installments[0]).toEqual(expect.objectContaining({ dueDate: today, amount: '200.00' }));
    expect(installments[1]).toEqual(expect.objectContaining({ dueDate: firstDueDate, amount: '200.00' }));
    expect(sum(installments.map((i: { amount: string }) => i.amount))).toBe('1000.00');
    ids.contract = created.body.id;

    const cash = await admin.create(`/patients/${ids.patient}/payments`, {
      date: today,
      amount: '300.00',
      paymentType: 'cash',
      contractId: ids.contract,
    });
    expect(cash.status).toBe(201);
    expect(cash.body).toEqual(expect.objectContaining({ contractId: ids.contract, amount: '300.00', bankCost: null }));
    ids.cashPayment = cash.body.id;

    const read = await admin.get(`${path}/${ids.contract}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(
      expect.objectContaining({
        id: ids.contract,
        totalAmount: '1000.00',
        downPayment: '200.00',
        receivableAmount: '700.00',
        overdueAmount: '0.00',
      }),
    );
    expect(
      read.body.installments.map((i: { coveredAmount: string; remainingAmount: string }) => [
        i.coveredAmount,
        i.remainingAmount,
      ]),
    ).toEqual([
      ['200.00', '0.00'],
      ['100.00', '100.00'],
      ['0.00', '200.00'],
      ['0.00', '200.00'],
      ['0.00', '200.00'],
    ]);
    expectError(await admin.get(`${path}/${randomUUID()}`), 404);
  });

  it('GET /patients/:id/balance-distribution', async () => {
    const res = await eventually(async () => {
      const r = await admin.get(`/patients/${ids.patient}/balance-distribution`);
      expect(r.status).toBe(200);
      // the Bank Cost treatment (from the card payment's event) makes the Clinic row
      expect(r.body.items).toHaveLength(3);
      return r;
    }, settle);
    expect(Object.keys(res.body)).toEqual(['items']);
    for (const row of res.body.items)
      expect(Object.keys(row).sort()).toEqual(
        ['allocatedAmount', 'name', 'physicianId', 'remainingAmount', 'sharePercent', 'treatmentAmount'].sort(),
      );
    const byName = Object.fromEntries(res.body.items.map((r: { name: string }) => [r.name, r]));
    expect(byName['Dr. Aylin']).toEqual(
      expect.objectContaining({ physicianId: ids.physicianA, treatmentAmount: '1100.00' }),
    );
    expect(byName['Dr. Burak']).toEqual(
      expect.objectContaining({ physicianId: ids.physicianB, treatmentAmount: '400.00' }),
    );
    expect(byName.Clinic).toEqual(expect.objectContaining({ physicianId: null, treatmentAmount: '25.00' }));
    // received: 1025.00 card + 300.00 cash − 100.00 refund
    expect(sum(res.body.items.map((r: { allocatedAmount: string }) => r.allocatedAmount))).toBe('1225.00');
    expect(sum(res.body.items.map((r: { remainingAmount: string }) => r.remainingAmount))).toBe('300.00');
    for (const row of res.body.items) {
      expect(row.sharePercent).toMatch(/^\d+(\.\d+)?$/);
      expect(decimal(cents(row.treatmentAmount) - cents(row.allocatedAmount))).toBe(row.remainingAmount);
    }
    expectError(
      await admin.get(`/patients/${ids.patient}/balance-distribution`, { showPaid: 'maybe' }),
      400,
      'showPaid',
    );
  });

  it('families and alerts', async () => {
    expectError(await admin.call('POST', '/families', {}), 400, 'name');
    const family = await admin.call('POST', '/families', { name: 'Yılmaz' });
    expect(family.status).toBe(201);
    expect(family.body).toEqual(expect.objectContaining({ id: uuid, name: 'Yılmaz' }));
    ids.family = family.body.id;
    const joined = await admin.call('PUT', `/patients/${ids.patient}/family`, { familyId: ids.family });
    expect(joined.status).toBe(200);
    expect(joined.body.familyId).toBe(ids.family);
    const account = await admin.get(`/families/${ids.family}/account`);
    expect(account.status).toBe(200);
    expect(account.body.members).toEqual([
      expect.objectContaining({ patientId: ids.patient, treatmentTotal: money, receivedTotal: '1225.00' }),
    ]);
    expectError(await admin.get(`/families/${randomUUID()}/account`), 404);

    expectError(await admin.create(`/patients/${ids.patient}/alerts`, { amount: '300.00' }), 400, 'date');
    const alert = await admin.call('POST', `/patients/${ids.patient}/alerts`, {
      date: today,
      amount: '300.00',
      note: 'call about the crown',
    });
    expect(alert.status).toBe(201);
    expect(alert.body).toEqual(
      expect.objectContaining({
        id: uuid,
        patientId: ids.patient,
        date: today,
        amount: '300.00',
        note: 'call about the crown',
      }),
    );
    ids.alert = alert.body.id;
    const due = await admin.get('/alerts', { clinicId: ids.uptown, due: 'today' });
    expect(due.status).toBe(200);
    expect(due.body.items.map((a: { id: string }) => a.id)).toEqual([ids.alert]);
    expectError(await admin.get('/alerts', { due: 'someday' }), 400, 'due');
    expectError(await admin.call('PATCH', `/alerts/${randomUUID()}`, { done: true }), 404);
  });

  it('GET /patients/:id/account: the whole page as API.md writes it', async () => {
    const res = await eventually(async () => {
      const r = await admin.get(`/patients/${ids.patient}/account`);
      expect(r.status).toBe(200);
      expect(r.body.treatments).toHaveLength(4);
      return r;
    }, settle);
    const page = res.body;
    expect(page).toEqual(
      expect.objectContaining({
        patient: expect.objectContaining({ id: ids.patient, firstName: 'Ayşe', familyId: ids.family }),
        treatments: expect.any(Array),
        receivedMoney: expect.any(Array),
        summary: expect.objectContaining({
          treatmentTotal: '1525.00',
          receivedTotal: '1225.00',
          unpaid: '300.00',
          receivedMore: '0.00',
        }),
        balanceDistribution: expect.any(Array),
        contracts: [expect.objectContaining({ id: ids.contract, receivableAmount: '700.00', overdueAmount: '0.00' })],
        family: expect.objectContaining({ members: [expect.objectContaining({ patientId: ids.patient })] }),
        alerts: [expect.objectContaining({ id: ids.alert })],
        closures: [],
      }),
    );
    for (const t of page.treatments) expect(t).toEqual(expect.objectContaining({ id: uuid, date, amount: money }));
    expect(page.treatments.map((t: { amount: string }) => t.amount).sort()).toEqual(
      ['25.00', '400.00', '500.00', '600.00'].sort(),
    );
    expect(page.receivedMoney.map((p: { amount: string; paymentType: string }) => [p.paymentType, p.amount])).toEqual([
      ['card', '1025.00'],
      ['refund', '-100.00'],
      ['cash', '300.00'],
    ]);
    for (const p of page.receivedMoney)
      expect(p).toEqual(expect.objectContaining({ id: uuid, receiptNumber: expect.any(String), date }));
    expect(page.balanceDistribution).toEqual(
      (await admin.get(`/patients/${ids.patient}/balance-distribution`)).body.items,
    );
    expect(page.contracts[0].installments).toHaveLength(5);
    expectError(await admin.get(`/patients/${randomUUID()}/account`), 404);
    expectError(await admin.get('/patients/nope/account'), 400, 'id');

    const done = await admin.call('PATCH', `/alerts/${ids.alert}`, { done: true });
    expect(done.status).toBe(200);
    expect(done.body).toEqual(expect.objectContaining({ id: ids.alert, status: expect.any(String) }));
    expect((await admin.get(`/patients/${ids.patient}/account`)).body.alerts).toEqual([]);
  });

  it('account closures: 409 for money and treatments in a closed account; undo the latest', async () => {
    const path = `/patients/${ids.closing}`;
    const t = await admin.create(`${path}/treatments`, {
      procedure: 'Extraction',
      date: '2026-01-10',
      amount: '100.00',
    });
    expect(t.status).toBe(201);
    expect(
      (await admin.create(`${path}/payments`, { date: '2026-01-15', amount: '40.00', paymentType: 'cash' })).status,
    ).toBe(201);
    expectError(
      await admin.call('POST', `${path}/account-closures`, { mode: 'past', reason: 'patient_request' }),
      400,
      'date',
    );
    expectError(
      await admin.call('POST', `${path}/account-closures`, { mode: 'later', reason: 'patient_request' }),
      400,
      'mode',
    );
    const closed = await admin.call('POST', `${path}/account-closures`, {
      mode: 'past',
      date: '2026-01-31',
      reason: 'patient_request',
    });
    expect(closed.status).toBe(201);
    expect(closed.body).toEqual(
      expect.objectContaining({
        id: uuid,
        patientId: ids.closing,
        mode: 'past',
        date: '2026-01-31',
        treatmentTotal: '100.00',
        receivedTotal: '40.00',
        writtenOffAmount: '60.00',
      }),
    );
    expectError(
      await admin.create(`${path}/payments`, { date: '2026-01-20', amount: '5.00', paymentType: 'cash' }),
      409,
    );
    expectError(
      await admin.create(`${path}/treatments`, { procedure: 'X-ray', date: '2026-01-20', amount: '5.00' }),
      409,
    );
    expectError(
      await admin.call('PATCH', `${path}/treatments/${t.body.id}`, { amount: '1.00', reason: 'price_change' }),
      409,
    );
    expectError(
      await admin.call('POST', `${path}/account-closures`, {
        mode: 'past',
        date: '2026-01-31',
        reason: 'patient_request',
      }),
      409,
    );
    const page = await admin.get(`${path}/account`, { showPaid: 'true' });
    expect(page.body.closures).toEqual([expect.objectContaining({ id: closed.body.id })]);
    expect(page.body.summary).toEqual(
      expect.objectContaining({ treatmentTotal: '0.00', receivedTotal: '0.00', unpaid: '0.00', receivedMore: '0.00' }),
    );
    const undone = await admin.call('DELETE', `${path}/account-closures/latest?reason=entry_error`);
    expect(undone.status).toBe(200);
    expect(undone.body).toEqual(expect.objectContaining({ id: closed.body.id, date: '2026-01-31' }));
    expectError(await admin.call('DELETE', `${path}/account-closures/latest?reason=entry_error`), 404);
    expect(
      (await admin.create(`${path}/payments`, { date: '2026-01-20', amount: '5.00', paymentType: 'cash' })).status,
    ).toBe(201);
  });

  it('reports: account book and progress payments', async () => {
    const book = await eventually(async () => {
      const r = await admin.get('/reports/account-book', {
        clinicId: ids.uptown,
        from: '2026-01-01',
        to: today,
        groupBy: 'month',
      });
      expect(r.status).toBe(200);
      expect(r.body.totals).toEqual(expect.objectContaining({ netTurnover: '1200.00' }));
      return r;
    }, settle);
    expect(book.body.items.length).toBeGreaterThan(0);
    for (const row of book.body.items)
      expect(row).toEqual(
        expect.objectContaining({
          period: expect.stringMatching(/^\d{4}-\d{2}$/),
          receivedByType: expect.any(Object),
          refunds: money,
          bankExpenses: money,
          labPayments: money,
          netTurnover: money,
        }),
      );
    const march = book.body.items.find((r: { period: string }) => r.period === '2026-03');
    expect(march).toEqual(expect.objectContaining({ refunds: '-100.00', bankExpenses: '25.00', labPayments: '0.00' }));
    expect(march.receivedByType).toEqual(expect.objectContaining({ card: '1025.00' }));
    expect(book.body.totals).toEqual(
      expect.objectContaining({
        refunds: '-100.00',
        bankExpenses: '25.00',
        labPayments: '0.00',
        netTurnover: '1200.00',
      }),
    );
    expectError(await admin.get('/reports/account-book', { clinicId: ids.uptown, groupBy: 'week' }), 400, 'groupBy');
    expectError(await admin.get('/reports/account-book', { clinicId: ids.uptown, from: '2026-1-1' }), 400, 'from');
    expect((await admin.download('/reports/account-book', { clinicId: ids.uptown, format: 'csv' })).status).toBe(200);

    const progress = await eventually(async () => {
      const r = await admin.get('/reports/progress-payments', { clinicId: ids.uptown, from: '2026-01-01', to: today });
      expect(r.status).toBe(200);
      expect(sum(r.body.items.map((i: { collectedAmount: string }) => i.collectedAmount))).toBe('1225.00');
      return r;
    }, settle);
    for (const row of progress.body.items)
      expect(row).toEqual(
        expect.objectContaining({ name: expect.any(String), collectedAmount: money, earnedAmount: money }),
      );
    const aylin = progress.body.items.find((r: { physicianId: string }) => r.physicianId === ids.physicianA);
    expect(aylin.commissionPercent).toMatch(/^40(\.0+)?$/);
    expect(aylin.earnedAmount).toBe(decimal((cents(aylin.collectedAmount) * 40n + 50n) / 100n));
    expect(progress.body.totals).toEqual(expect.objectContaining({ collectedAmount: '1225.00', earnedAmount: money }));
    isPdf(await admin.download('/reports/progress-payments', { clinicId: ids.uptown, format: 'pdf' }));
  });

  it('403 for a role that may not; 404 for another clinic or organization', async () => {
    const users = {
      reception: { email: 'rita@example.com', name: 'Rita', password: 'reception-password', roles: ['reception'] },
      labs: { email: 'luke@example.com', name: 'Luke', password: 'lab-manager-password', roles: ['lab-manager'] },
      main: {
        email: 'mia@example.com',
        name: 'Mia',
        password: 'main-clinic-password',
        roles: ['accountant'],
        clinicIds: [ids.mainClinic],
      },
    };
    for (const u of Object.values(users)) expect((await admin.call('POST', '/users', u)).status).toBe(201);
    const reception = await specLogin(whole!.gatewayUrl, users.reception);
    expectError(
      await reception.call('POST', `/patients/${ids.patient}/account-closures`, {
        mode: 'now',
        reason: 'patient_request',
      }),
      403,
    );
    expectError(await reception.get('/reports/account-book', { clinicId: ids.uptown }), 403);
    expect((await reception.get(`/patients/${ids.patient}/account`)).status).toBe(200);
    const labs = await specLogin(whole!.gatewayUrl, users.labs);
    expectError(await labs.get(`/patients/${ids.patient}/account`), 403);
    expectError(
      await labs.create(`/patients/${ids.patient}/payments`, { date: today, amount: '1.00', paymentType: 'cash' }),
      403,
    );
    const main = await specLogin(whole!.gatewayUrl, users.main);
    // a second organization: the API has no way to create one, so it is seeded in the gateway's database
    const other = { email: 'owner@other-chain.example', password: 'other-chain-password' };
    const db = new Client({ connectionString: world.databaseUrl('gateway') });
    await db.connect();
    try {
      const orgId = randomUUID();
      await db.query('insert into organization (id, name) values ($1, $2)', [orgId, 'Other Chain']);
      await db.query(
        'insert into app_user (id, organization_id, email, name, password_hash, roles) values ($1, $2, $3, $4, $5, $6)',
        [randomUUID(), orgId, other.email, 'Other Owner', await hashPassword(other.password), ['admin']],
      );
    } finally {
      await db.end();
    }
    const stranger = await specLogin(whole!.gatewayUrl, other);
    const p = `/patients/${ids.patient}`;
    for (const [method, path, body] of [
      ['GET', p],
      ['GET', `${p}/account`],
      ['GET', `${p}/balance-distribution`],
      ['GET', `${p}/contracts/${ids.contract}`],
      ['POST', `${p}/payments`, { date: today, amount: '1.00', paymentType: 'cash' }],
      ['PATCH', `${p}/payments/${ids.cashPayment}`, { note: 'mine now', reason: 'entry_error' }],
      [
        'POST',
        `${p}/contracts`,
        { totalAmount: '10.00', downPayment: '0.00', installmentCount: 1, firstDueDate: today },
      ],
      ['POST', `${p}/account-closures`, { mode: 'now', reason: 'patient_request' }],
      ['POST', `${p}/alerts`, { date: today }],
      ['PATCH', `/alerts/${ids.alert}`, { done: true }],
      ['GET', `/families/${ids.family}/account`],
      ['PUT', `${p}/family`, { familyId: null }],
    ] as [string, string, unknown?][]) {
      const res = await stranger.call(method, path, body);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
      expectError(res, 404);
    }
    const book = await stranger.get('/reports/account-book', { clinicId: ids.uptown });
    expect(book.status).toBe(404);
    expectError(await main.get(`/patients/${ids.patient}/account`), 404);
    expectError(await main.get(`/patients/${ids.patient}/contracts/${ids.contract}`), 404);
    expectError(await main.get(`/patients/${ids.patient}/payments/${ids.cardPayment}/receipt.pdf`), 404);
  });

  it('OpenAPI at /api/docs-json lists every route of API.md', async () => {
    const res = await fetch(`${whole!.gatewayUrl}/api/docs-json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    const listed = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths))
      for (const method of Object.keys(ops))
        listed.add(`${method.toUpperCase()} ${path.replace(/^\/api\/v1/, '').replace(/\{[^}]+\}/g, ':')}`);
    const missing = API_ROUTES.filter((r) => !listed.has(r.replace(/:[A-Za-z]+/g, ':')));
    expect(missing).toEqual([]);
  });
});

/** The same day of the next month (the first installment's due date). */
function nextMonth(day: string): string {
  return DateTime.fromISO(day, { zone: 'utc' }).plus({ months: 1 }).toISODate()!;
}
