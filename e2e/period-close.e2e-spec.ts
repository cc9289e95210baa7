// Period close (DOMAIN.md E) across the real services through the gateway's HTTP API: after a close through D every
// money record, treatment, invoice, account closure and work order dated on or before D is refused with 409
// PERIOD.CLOSED by the service that owns it (payments, patient-accounts, work-orders), records after D still go in, a
// clinic's close leaves another clinic alone, writes racing a close either commit before it or are refused, the
// reports as of D stay byte for byte the same, and only an admin reopens, with a reason.
// Real PostgreSQL and NATS; gateway, payments, patient-accounts, work-orders and reporting as the built processes.
import { PeriodClosureListView, PeriodClosureView } from '@dental/contracts';
import { eventually } from '@dental/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Body, MoneyToReportsWorld } from './support/money-to-reports-world';

jest.setTimeout(300_000);

const EVENTS = { timeoutMs: 60_000, intervalMs: 250 }; // events cross services on a shared machine
const D = '2026-10-31';
const REASON = { reason: 'entry_error' };

describe('period close (e2e: gateway + payments + patient-accounts + work-orders + reporting)', () => {
  const w = new MoneyToReportsWorld();
  let clinicA: string;
  let clinicB: string;
  let adminId: string;
  let labId: string;
  const ids = {
    patientA: '',
    patientB: '',
    racer: '',
    paidClosed: '', // a payment dated before D
    paidOpen: '', // a payment dated after D
    treatmentClosed: '',
    treatmentOpen: '',
    treatmentInvoiced: '',
    invoice: '',
    workOrder: '',
    workOrderPayment: '',
  };
  let closure: PeriodClosureView;

  const send = (method: 'post' | 'patch' | 'delete' | 'get', path: string, body?: Body, token = w.admin) => {
    const req = w.http()[method](`/api/v1${path}`).set(w.auth(token));
    return body === undefined ? req : req.send(body);
  };
  const refusedClosed = async (res: request.Test | Promise<request.Response>, what: string, date?: string) => {
    const answer = await res;
    expect({ what, status: answer.status, code: answer.body.code, details: answer.body.details }).toEqual({
      what,
      status: 409,
      code: 'PERIOD.CLOSED',
      details: { through: D, date: date ?? expect.any(String) },
    });
    expect(answer.body.message).toContain(D);
  };
  const accepted = async (res: request.Test | Promise<request.Response>, status: number, what: string) => {
    const answer = await res;
    expect({ what, status: answer.status, body: answer.body }).toEqual({ what, status, body: expect.anything() });
    return answer.body as Body & { id: string };
  };
  const pay = (patientId: string, date: string, amount = '10.00') =>
    send('post', `/patients/${patientId}/payments`, { date, amount, paymentType: 'cash' });
  const treatment = (patientId: string, date: string, amount = '100.00') =>
    send('post', `/patients/${patientId}/treatments`, { procedure: 'Filling', date, amount });
  const workOrder = (clinicId: string, documentedDate: string) =>
    send('post', '/work-orders', {
      clinicId,
      labId,
      description: 'Zirconia crown 26',
      documentedDate,
      paymentPlan: { totalAmount: '300.00', paymentMethod: 'cash', dueDate: documentedDate },
    });
  const accountBook = (from: string, to: string) =>
    send('get', `/reports/account-book?clinicId=${clinicA}&from=${from}&to=${to}&groupBy=day`, undefined, w.accountant);
  const aging = () => send('get', `/reports/receivables-aging?clinicId=${clinicA}&asOf=${D}`, undefined, w.accountant);

  beforeAll(async () => {
    await w.start({ rpcTimeoutMs: 30_000 });
    clinicA = (await w.get<{ items: { id: string }[] }>('/clinics')).items[0].id;
    clinicB = (await w.created<{ id: string }>('/clinics', { name: 'Second clinic', currency: 'EUR' })).id;
    adminId = (await w.get<{ id: string }>('/me')).id;
    labId = (await w.created<{ id: string }>('/labs', { name: 'Smile Lab' })).id;
    ids.patientA = (
      await w.created<{ id: string }>('/patients', { clinicId: clinicA, firstName: 'Ayşe', lastName: 'Closed' })
    ).id;
    // patient-accounts and work-orders learn the second clinic from payments' clinic event
    ids.patientB = await eventually(
      async () =>
        (await w.created<{ id: string }>('/patients', { clinicId: clinicB, firstName: 'Can', lastName: 'Open' })).id,
      EVENTS,
    );
    ids.racer = (
      await w.created<{ id: string }>('/patients', { clinicId: clinicB, firstName: 'Rana', lastName: 'Race' })
    ).id;

    // the closed part of clinic A, recorded before the close
    ids.treatmentClosed = (await accepted(treatment(ids.patientA, '2026-10-10', '500.00'), 201, 'treatment')).id;
    ids.treatmentInvoiced = (await accepted(treatment(ids.patientA, '2026-10-12', '150.00'), 201, 'treatment')).id;
    ids.treatmentOpen = (await accepted(treatment(ids.patientA, '2026-11-05', '80.00'), 201, 'treatment')).id;
    ids.invoice = (
      await accepted(
        send('post', `/patients/${ids.patientA}/invoices`, { treatmentIds: [ids.treatmentInvoiced] }),
        201,
        'invoice',
      )
    ).id;
    ids.paidClosed = (await accepted(pay(ids.patientA, '2026-10-15', '200.00'), 201, 'payment')).id;
    ids.paidOpen = (await accepted(pay(ids.patientA, '2026-11-03', '20.00'), 201, 'payment')).id;
    ids.workOrder = (
      await eventually(async () => accepted(workOrder(clinicA, '2026-10-05'), 201, 'work order'), EVENTS)
    ).id;
    ids.workOrderPayment = (
      await accepted(
        send('post', `/work-orders/${ids.workOrder}/payments`, {
          date: '2026-10-20',
          amount: '100.00',
          method: 'cash',
        }),
        201,
        'work-order payment',
      )
    ).id;
    // work-orders must know clinic B too (the later open-period check there)
    await eventually(async () => accepted(workOrder(clinicB, '2026-11-01'), 201, 'work order in B'), EVENTS);
    // reporting has every record of October before the close is taken
    await eventually(async () => {
      const book = (await accountBook('2026-10-01', D)).body;
      expect(book.totals).toEqual(expect.objectContaining({ labPayments: '100.00' }));
      expect(JSON.stringify(book.totals)).toContain('200.00');
      const row = (await aging()).body.items.find((r: { patientId: string }) => r.patientId === ids.patientA);
      expect(row?.total).toBe('450.00'); // 500 + 150 − 200 as of D
    }, EVENTS);
  }, 600_000);

  afterAll(() => w.stop());

  it('an accountant closes clinic A through D; a clinic that is not theirs is a 404 and a date is required', async () => {
    await accepted(
      send('post', '/period-closures', { clinicId: randomUUID(), through: D }, w.accountant),
      404,
      'other clinic',
    );
    expect(
      (await send('post', '/period-closures', { clinicId: randomUUID(), through: D }, w.accountant)).body.code,
    ).toBe('TENANT.CLINIC_NOT_FOUND');
    const noDate = await send('post', '/period-closures', { clinicId: clinicA }, w.accountant);
    expect({ status: noDate.status, message: noDate.body.message }).toEqual({
      status: 400,
      message: expect.stringContaining('through'),
    });
    const key = randomUUID();
    const res = send('post', '/period-closures', { clinicId: clinicA, through: D }, w.accountant).set(
      'idempotency-key',
      key,
    );
    closure = (await accepted(res, 201, 'close')) as unknown as PeriodClosureView;
    expect(closure).toEqual({
      id: expect.any(String),
      clinicId: clinicA,
      through: D,
      createdAt: expect.any(String),
      createdBy: expect.any(String),
      reopenedAt: null,
      reopenedBy: null,
      reopenReason: null,
      reopenMemo: null,
    });
    // the same key again: the same closure, not a second one
    const again = await send('post', '/period-closures', { clinicId: clinicA, through: D }, w.accountant).set(
      'idempotency-key',
      key,
    );
    expect({ status: again.status, id: again.body.id }).toEqual({ status: 201, id: closure.id });
    const list = (await accepted(
      send('get', `/period-closures?clinicId=${clinicA}`, undefined, w.accountant),
      200,
      'list',
    )) as unknown as PeriodClosureListView;
    expect(list.items.filter((c) => c.id === closure.id)).toHaveLength(1);
  });

  it('refuses every kind of record dated on or before D with 409 PERIOD.CLOSED, in each service', async () => {
    const p = ids.patientA;
    // payments: received money
    await refusedClosed(pay(p, D), 'new payment dated D', D);
    await refusedClosed(
      send('patch', `/patients/${p}/payments/${ids.paidClosed}`, { amount: '210.00', ...REASON }),
      'edit',
      '2026-10-15',
    );
    await refusedClosed(
      send('delete', `/patients/${p}/payments/${ids.paidClosed}?reason=entry_error`),
      'delete',
      '2026-10-15',
    );
    await refusedClosed(
      send('patch', `/patients/${p}/payments/${ids.paidOpen}`, { date: '2026-10-30', ...REASON }),
      'move an open payment into the closed period',
      '2026-10-30',
    );
    // patient-accounts: treatments, plans copied, invoices, account closures
    await refusedClosed(treatment(p, '2026-10-01'), 'new treatment', '2026-10-01');
    await refusedClosed(
      send('patch', `/patients/${p}/treatments/${ids.treatmentClosed}`, { amount: '550.00', ...REASON }),
      'edit treatment',
    );
    await refusedClosed(
      send('delete', `/patients/${p}/treatments/${ids.treatmentClosed}?reason=entry_error`),
      'delete treatment',
    );
    await refusedClosed(
      send('patch', `/patients/${p}/treatments/${ids.treatmentOpen}`, { date: '2026-10-29', ...REASON }),
      'move an open treatment into the closed period',
      '2026-10-29',
    );
    const plan = await accepted(
      send('post', `/patients/${p}/treatment-plans`, { items: [{ procedure: 'Crown', amount: '40.00' }] }),
      201,
      'plan',
    );
    await refusedClosed(
      send('post', `/patients/${p}/treatment-plans/${plan.id}/copy-to-treatments`, { date: '2026-10-30' }),
      'copy a plan into the closed period',
      '2026-10-30',
    );
    await refusedClosed(
      send('post', `/patients/${p}/invoices`, { treatmentIds: [ids.treatmentClosed] }),
      'invoice a treatment dated before D',
      '2026-10-10',
    );
    await refusedClosed(
      send('delete', `/patients/${p}/invoices/${ids.invoice}?reason=entry_error`),
      'cancel the invoice of a treatment dated before D',
      '2026-10-12',
    );
    await refusedClosed(
      send('post', `/patients/${p}/account-closures`, { mode: 'past', date: '2026-10-31', ...REASON }),
      'close the account through D',
      D,
    );
    // work-orders: a work order dated before D, or cancelling one (its lab cost leaves the books)
    await refusedClosed(workOrder(clinicA, '2026-10-31'), 'new work order', D);
    await refusedClosed(
      send('patch', `/work-orders/${ids.workOrder}`, { status: 'cancelled' }),
      'cancel work order',
      '2026-10-05',
    );
    await accepted(
      send('patch', `/work-orders/${ids.workOrder}`, { status: 'sent' }),
      200,
      'production status is not money',
    );
    // payments: lab payments
    const wo = ids.workOrder;
    await refusedClosed(
      send('post', `/work-orders/${wo}/payments`, { date: '2026-10-25', amount: '50.00', method: 'cash' }),
      'new lab payment',
      '2026-10-25',
    );
    await refusedClosed(
      send('patch', `/work-orders/${wo}/payments/${ids.workOrderPayment}`, { amount: '120.00', ...REASON }),
      'edit lab payment',
      '2026-10-20',
    );
    await refusedClosed(
      send('delete', `/work-orders/${wo}/payments/${ids.workOrderPayment}?reason=entry_error`),
      'delete lab payment',
      '2026-10-20',
    );
  });

  it('takes records dated after D, and clinic B is not closed by the close of clinic A', async () => {
    const p = ids.patientA;
    await accepted(pay(p, '2026-11-01', '30.00'), 201, 'payment after D');
    await accepted(
      send('patch', `/patients/${p}/payments/${ids.paidOpen}`, { note: 'kept', ...REASON }),
      200,
      'edit open payment',
    );
    await accepted(treatment(p, '2026-11-01'), 201, 'treatment after D');
    await accepted(
      send('patch', `/patients/${p}/treatments/${ids.treatmentOpen}`, { amount: '90.00', ...REASON }),
      200,
      'edit open treatment',
    );
    await accepted(
      send('post', `/patients/${p}/invoices`, { treatmentIds: [ids.treatmentOpen] }),
      201,
      'invoice an open treatment',
    );
    await accepted(workOrder(clinicA, '2026-11-01'), 201, 'work order after D');
    await accepted(
      send('post', `/work-orders/${ids.workOrder}/payments`, { date: '2026-11-02', amount: '50.00', method: 'cash' }),
      201,
      'lab payment after D (a correction is a new record in the open period)',
    );
    // clinic B
    await accepted(treatment(ids.patientB, '2026-10-10'), 201, 'treatment in clinic B');
    await accepted(pay(ids.patientB, '2026-10-10'), 201, 'payment in clinic B');
    await accepted(workOrder(clinicB, '2026-10-10'), 201, 'work order in clinic B');
  });

  it('keeps the Account Book and the receivables aging as of D byte for byte the same', async () => {
    const bookBefore = await accountBook('2026-10-01', D);
    const agingBefore = await aging();
    expect([bookBefore.status, agingBefore.status]).toEqual([200, 200]);
    // more refused attempts, and more records in the open period
    await refusedClosed(pay(ids.patientA, '2026-10-31', '999.00'), 'payment dated D', D);
    await refusedClosed(treatment(ids.patientA, '2026-10-31', '999.00'), 'treatment dated D', D);
    await accepted(pay(ids.patientA, '2026-11-10', '77.00'), 201, 'open-period payment');
    await accepted(treatment(ids.patientA, '2026-11-10', '66.00'), 201, 'open-period treatment');
    // reporting has seen the open-period records
    await eventually(async () => {
      expect(JSON.stringify((await accountBook('2026-11-10', '2026-11-10')).body.totals)).toContain('77.00');
    }, EVENTS);
    const bookAfter = await accountBook('2026-10-01', D);
    const agingAfter = await aging();
    expect(bookAfter.text).toBe(bookBefore.text);
    expect(agingAfter.text).toBe(agingBefore.text);
  });

  it('writes racing a close either commit before it or are refused, never a 5xx; none gets in after it', async () => {
    const racer = ids.racer;
    const countClosed = async () => {
      const res = await send('get', `/patients/${racer}/payments`);
      expect(res.status).toBe(200);
      return (res.body.items as { date: string; deleted: boolean }[]).filter((x) => x.date <= D && !x.deleted).length;
    };
    const writes = Array.from({ length: 20 }, (_, i) =>
      pay(racer, `2026-10-${String(1 + i).padStart(2, '0')}`, '5.00').set('idempotency-key', randomUUID()),
    );
    const close = send('post', '/period-closures', { clinicId: clinicB, through: D }, w.accountant);
    const [closed, ...answers] = await Promise.all([close, ...writes]);
    expect(closed.status).toBe(201);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.code).toBe('PERIOD.CLOSED');
    const committed = await countClosed();
    // every 201 is a stored record, every 409 stored nothing
    expect(committed).toBe(statuses.filter((s) => s === 201).length);
    const late = await Promise.all(
      Array.from({ length: 5 }, (_, i) => pay(racer, `2026-10-2${i}`, '5.00').set('idempotency-key', randomUUID())),
    );
    expect(late.map((a) => [a.status, a.body.code])).toEqual(late.map(() => [409, 'PERIOD.CLOSED']));
    expect(await countClosed()).toBe(committed);
  });

  it('only an admin reopens, with a reason; the write is taken again and the list shows who and why', async () => {
    const noReason = await send('delete', `/period-closures/latest?clinicId=${clinicA}`);
    expect({ status: noReason.status, message: noReason.body.message }).toEqual({
      status: 400,
      message: expect.stringContaining('reason'),
    });
    const otherNoMemo = await send('delete', `/period-closures/latest?clinicId=${clinicA}&reason=other`);
    expect(otherNoMemo.status).toBe(400);
    const accountant = await send(
      'delete',
      `/period-closures/latest?clinicId=${clinicA}&reason=entry_error`,
      undefined,
      w.accountant,
    );
    expect({ status: accountant.status, code: accountant.body.code }).toEqual({ status: 403, code: 'AUTH.FORBIDDEN' });
    await refusedClosed(pay(ids.patientA, D), 'still closed', D);

    const reopened = await accepted(
      send(
        'delete',
        `/period-closures/latest?clinicId=${clinicA}&reason=other&memo=${encodeURIComponent('October bank statement came late')}`,
      ),
      200,
      'reopen',
    );
    expect(reopened).toEqual(
      expect.objectContaining({
        id: closure.id,
        reopenedAt: expect.any(String),
        reopenedBy: adminId,
        reopenReason: 'other',
        reopenMemo: 'October bank statement came late',
      }),
    );
    await accepted(pay(ids.patientA, D), 201, 'a payment dated D after the reopen');
    const list = (await accepted(
      send('get', '/period-closures', undefined, w.accountant),
      200,
      'list',
    )) as unknown as PeriodClosureListView;
    expect(list.items.find((c) => c.id === closure.id)).toEqual(reopened);
    const createdAt = list.items.map((c) => c.createdAt);
    expect(createdAt).toEqual([...createdAt].sort().reverse());
    // clinic B's close still holds; nothing of clinic A is left to reopen
    await refusedClosed(pay(ids.racer, '2026-10-30'), 'clinic B still closed', '2026-10-30');
    const none = await send('delete', `/period-closures/latest?clinicId=${clinicA}&reason=entry_error`);
    expect({ status: none.status, code: none.body.code }).toEqual({ status: 404, code: 'PERIOD.NO_OPEN_CLOSURE' });
  });

  it('an all-clinics close locks every clinic, and is reopened without a clinicId', async () => {
    const all = await accepted(send('post', '/period-closures', { through: '2026-09-30' }), 201, 'close every clinic');
    expect(all.clinicId).toBeNull();
    const refused = await treatment(ids.patientA, '2026-09-15');
    expect({ status: refused.status, code: refused.body.code, details: refused.body.details }).toEqual({
      status: 409,
      code: 'PERIOD.CLOSED',
      details: { through: '2026-09-30', date: '2026-09-15' },
    });
    const reopened = await accepted(send('delete', '/period-closures/latest?reason=entry_error'), 200, 'reopen all');
    expect(reopened).toEqual(expect.objectContaining({ id: all.id, clinicId: null, reopenReason: 'entry_error' }));
    await accepted(treatment(ids.patientA, '2026-09-15'), 201, 'clinic A after the reopen');
  });
});
