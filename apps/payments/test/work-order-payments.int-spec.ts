// Work-order payments (DOMAIN.md A): payments alone, called over NATS RPC with a caller context as the gateway does,
// against real PostgreSQL and NATS. work-orders is played on the test's bus: its work orders are published as its
// events (payments keeps a copy) and get-work-order is answered by a stub for one whose event has not arrived. Each
// change must leave exactly one row change, one audit entry and one outbox event (published to the PAYMENTS stream)
// in one transaction. Which role may call which route is the gateway's (apps/gateway/test/role-matrix.int-spec.ts).

import {
  CallerContext,
  ClinicSubjects,
  ClinicView,
  EventEnvelope,
  WorkOrderPaymentSubjects,
  WorkOrderPaymentView,
} from '@dental/contracts';
import { startService } from '@dental/platform';
import {
  aCaller,
  aLabPayment,
  eventually,
  RpcAnswer,
  ServiceUnderTest,
  serviceUnderTest,
  TestBus,
  TestWorld,
  WorkOrdersStub,
} from '@dental/testing';
import { createHash, randomUUID } from 'node:crypto';
import { paymentsService } from '../src/payments.definition';

jest.setTimeout(60_000);

const EVENT_TYPES = [
  'payments.work-order-payment.recorded',
  'payments.work-order-payment.updated',
  'payments.work-order-payment.deleted',
];

interface AuditEntry {
  id: string;
  entity: string;
  entityId: string;
  action: 'created' | 'updated' | 'deleted';
  userId: string;
  at: string;
  before: WorkOrderPaymentView | null;
  after: WorkOrderPaymentView | null;
}

describe('work-order payments (integration: payments alone, work-orders stubbed on the bus)', () => {
  const world = new TestWorld();
  let payments: ServiceUnderTest;
  let bus: TestBus;
  let workOrders: WorkOrdersStub;
  const organizationId = randomUUID();
  const admin: CallerContext = aCaller(organizationId);
  const accountant: CallerContext = aCaller(organizationId, { roles: ['accountant'] });
  const labManager: CallerContext = aCaller(organizationId, { roles: ['lab-manager'] });
  let mainClinicId: string;
  const labId = randomUUID();

  const rpc = <T>(subject: string, payload: unknown, who: CallerContext, idempotencyKey?: string) =>
    bus.request<T>(
      subject,
      payload,
      { ...who, correlationId: randomUUID() },
      {
        timeoutMs: 20_000,
        idempotency: idempotencyKey
          ? { key: idempotencyKey, hash: createHash('sha256').update(JSON.stringify(payload)).digest('hex') }
          : undefined,
      },
    );

  /** Raw SQL on the payments database: what is really stored. */
  const paymentsDb = <T>(sql: string, params: unknown[] = []): Promise<T[]> => payments.db<T>(sql, params);

  /** Everything a payment change writes; a rejected request must leave all three as they were. */
  async function stored(workOrderId: string) {
    const [row] = await paymentsDb<{ payments: string; audit: string; events: string }>(
      `select (select count(*) from work_order_payment where work_order_id = ?) as payments,
              (select count(*) from audit_entry a join work_order_payment p on p.id = a.entity_id where p.work_order_id = ?) as audit,
              (select count(*) from outbox_event where type like 'payments.work-order-payment.%' and envelope->'payload'->>'workOrderId' = ?) as events`,
      [workOrderId, workOrderId, workOrderId],
    );
    return { payments: Number(row.payments), audit: Number(row.audit), events: Number(row.events) };
  }

  /** The events of one payment as the outbox holds them, in the order they were written. */
  async function outboxEvents(
    paymentId: string,
  ): Promise<{ envelope: EventEnvelope<WorkOrderPaymentView>; published: boolean }[]> {
    const rows = await paymentsDb<{ envelope: EventEnvelope<WorkOrderPaymentView>; published_at: Date | null }>(
      `select envelope, published_at from outbox_event where envelope->'payload'->>'id' = ? order by seq`,
      [paymentId],
    );
    return rows.map((r) => ({ envelope: r.envelope, published: r.published_at !== null }));
  }

  /** The events of one payment as JetStream holds them in the PAYMENTS stream. */
  async function streamEvents(paymentId: string): Promise<EventEnvelope<WorkOrderPaymentView>[]> {
    const jsm = await bus.nc.jetstreamManager();
    const stream = bus.naming.stream('PAYMENTS');
    const { state } = await jsm.streams.info(stream);
    const found: EventEnvelope<WorkOrderPaymentView>[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
      const msg = await jsm.streams.getMessage(stream, { seq });
      const envelope = msg.json<EventEnvelope<WorkOrderPaymentView>>();
      if (EVENT_TYPES.includes(envelope.type) && envelope.payload.id === paymentId) found.push(envelope);
    }
    return found;
  }

  /** The reply's status (200 for an answer) and its error code, as the gateway would map them. */
  const outcome = (reply: RpcAnswer<unknown>) =>
    reply.ok ? { status: 200, code: undefined } : { status: reply.error.status, code: reply.error.code };
  const fields = (reply: RpcAnswer<unknown>) =>
    reply.ok ? [] : ((reply.error.details ?? []) as { field: string }[]).map((d) => d.field);

  async function list(
    workOrderId: string,
    who: CallerContext = admin,
  ): Promise<{ items: WorkOrderPaymentView[]; audit: AuditEntry[] }> {
    const reply = await rpc<{ items: WorkOrderPaymentView[]; audit: AuditEntry[] }>(
      WorkOrderPaymentSubjects.list,
      { workOrderId },
      who,
    );
    expect(reply).toEqual({ ok: true, data: { items: expect.any(Array), audit: expect.any(Array) } });
    return (reply as { data: { items: WorkOrderPaymentView[]; audit: AuditEntry[] } }).data;
  }

  async function createClinic(who: CallerContext, name: string, currency = 'EUR'): Promise<string> {
    return (await bus.call<ClinicView>(ClinicSubjects.create, { name, currency }, who)).id;
  }

  /** A work order of work-orders, published as its event and taken into payments' copy. */
  async function createWorkOrder(
    who: CallerContext,
    clinicId: string,
    lab = labId,
    currency = 'EUR',
  ): Promise<{ id: string; currency: string }> {
    const { workOrder, event } = await workOrders.workOrder({
      organizationId: who.organizationId,
      clinicId,
      labId: lab,
      currency,
    });
    await payments.consumed(event!.id);
    return { id: workOrder.id, currency: workOrder.currency };
  }

  const record = (workOrderId: string, body: object, who: CallerContext = accountant, key?: string) =>
    rpc<WorkOrderPaymentView>(WorkOrderPaymentSubjects.record, { workOrderId, ...body }, who, key);

  const update = (workOrderId: string, paymentId: string, body: object, who: CallerContext = accountant) =>
    rpc<WorkOrderPaymentView>(
      WorkOrderPaymentSubjects.update,
      { workOrderId, paymentId, reason: 'entry_error', ...body },
      who,
    );

  const remove = (workOrderId: string, paymentId: string, who: CallerContext = accountant) =>
    rpc<WorkOrderPaymentView>(WorkOrderPaymentSubjects.delete, { workOrderId, paymentId, reason: 'entry_error' }, who);

  async function recorded(
    workOrderId: string,
    body: object,
    who: CallerContext = accountant,
  ): Promise<WorkOrderPaymentView> {
    const reply = await record(workOrderId, body, who);
    expect(reply).toEqual({
      ok: true,
      data: expect.objectContaining({ workOrderId, revision: 1, deleted: false }),
    });
    return (reply as { data: WorkOrderPaymentView }).data;
  }

  const cash = (amount: string, date = '2026-11-26') => aLabPayment(amount).on(date).by('cash').build();

  beforeAll(async () => {
    bus = await TestBus.connect(world);
    workOrders = new WorkOrdersStub(bus).answer();
    payments = serviceUnderTest((await startService(paymentsService, world.env('payments'))).app);
    mainClinicId = await createClinic(admin, 'Main Clinic');
  });

  afterAll(async () => {
    await payments?.close();
    await bus?.close();
    await world.cleanup();
  });

  describe('a payment from recording to deletion', () => {
    let workOrderId: string;
    let payment: WorkOrderPaymentView;
    let edited: WorkOrderPaymentView;

    beforeAll(async () => {
      workOrderId = (await createWorkOrder(admin, mainClinicId)).id;
    });

    it('records it with the work order’s clinic, lab and currency, audited as created by the accountant', async () => {
      payment = await recorded(
        workOrderId,
        aLabPayment('400.00').on('2026-11-25').withReference('TR-1001').withNote('first part').build(),
      );
      expect(payment).toEqual({
        id: expect.any(String),
        organizationId,
        clinicId: mainClinicId,
        workOrderId,
        labId,
        date: '2026-11-25',
        amount: '400.00',
        currency: 'EUR',
        method: 'bank_transfer',
        reference: 'TR-1001',
        note: 'first part',
        revision: 1,
        deleted: false,
      });
      const [row] = await paymentsDb<Record<string, unknown>>(
        'select amount_minor, currency, revision, deleted_at from work_order_payment where id = ?',
        [payment.id],
      );
      expect(row).toEqual({ amount_minor: '40000', currency: 'EUR', revision: 1, deleted_at: null });

      const { items, audit } = await list(workOrderId);
      expect(items).toEqual([payment]);
      expect(audit).toEqual([
        {
          id: expect.any(String),
          entity: 'work_order_payment',
          entityId: payment.id,
          action: 'created',
          userId: accountant.userId,
          at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
          before: null,
          after: payment,
          reason: null,
          memo: null,
        },
      ]);
      expect(await stored(workOrderId)).toEqual({ payments: 1, audit: 1, events: 1 });
    });

    it('edits it: the audit keeps the values before and after, and who changed them', async () => {
      const reply = await update(workOrderId, payment.id, { amount: '450.50', note: null, method: 'cash' }, labManager);
      expect(reply.ok).toBe(true);
      edited = (reply as { data: WorkOrderPaymentView }).data;
      expect(edited).toEqual({ ...payment, amount: '450.50', note: null, method: 'cash', revision: 2 });

      const { items, audit } = await list(workOrderId);
      expect(items).toEqual([edited]);
      expect(audit.map((a) => a.action)).toEqual(['updated', 'created']);
      expect(audit[0]).toEqual(
        expect.objectContaining({
          entityId: payment.id,
          userId: labManager.userId,
          before: payment,
          after: edited,
          reason: 'entry_error',
          memo: null,
        }),
      );
      expect(await stored(workOrderId)).toEqual({ payments: 1, audit: 2, events: 2 });
    });

    it('an edit that changes nothing makes no revision, no audit entry and no event', async () => {
      const reply = await update(workOrderId, payment.id, { amount: '450.5', method: 'cash' });
      expect(reply).toEqual({ ok: true, data: edited });
      expect(await stored(workOrderId)).toEqual({ payments: 1, audit: 2, events: 2 });
    });

    it('deletes it: answered with the last revision marked deleted; the row stays but no longer counts', async () => {
      const reply = await remove(workOrderId, payment.id);
      expect(reply).toEqual({ ok: true, data: { ...edited, revision: 3, deleted: true } });

      const { items, audit } = await list(workOrderId);
      expect(items).toEqual([]);
      expect(audit.map((a) => a.action)).toEqual(['deleted', 'updated', 'created']);
      expect(audit[0]).toEqual(
        expect.objectContaining({
          entityId: payment.id,
          userId: accountant.userId,
          before: edited,
          after: null,
          reason: 'entry_error',
        }),
      );
      const [row] = await paymentsDb(
        'select deleted_at is not null as deleted, revision from work_order_payment where id = ?',
        [payment.id],
      );
      expect(row).toEqual({ deleted: true, revision: 3 });
      expect(await stored(workOrderId)).toEqual({ payments: 1, audit: 3, events: 3 });
    });

    it('a deleted payment cannot be edited or deleted again: 404, and nothing is written', async () => {
      const notFound = { status: 404, code: 'WORK_ORDER_PAYMENT.NOT_FOUND' };
      expect(outcome(await update(workOrderId, payment.id, { amount: '1.00' }))).toEqual(notFound);
      expect(outcome(await remove(workOrderId, payment.id))).toEqual(notFound);
      expect(await stored(workOrderId)).toEqual({ payments: 1, audit: 3, events: 3 });
    });

    it('published one event per change, with the full snapshot, who made it, why, and a growing revision', async () => {
      const correction = { reason: 'entry_error', memo: null };
      const expected = [
        { type: 'payments.work-order-payment.recorded', payload: { ...payment, changedBy: accountant.userId } },
        {
          type: 'payments.work-order-payment.updated',
          payload: { ...edited, changedBy: labManager.userId, correction },
        },
        {
          type: 'payments.work-order-payment.deleted',
          payload: { ...edited, revision: 3, deleted: true, changedBy: accountant.userId, correction },
        },
      ].map((e) =>
        expect.objectContaining({ ...e, organizationId: payment.organizationId, clinicId: mainClinicId, version: 1 }),
      );
      const outbox = await eventually(async () => {
        const events = await outboxEvents(payment.id);
        expect(events.map((e) => e.published)).toEqual([true, true, true]);
        return events.map((e) => e.envelope);
      });
      expect(outbox).toEqual(expected);
      // what reached JetStream: the same envelopes, once each, in order
      expect(await streamEvents(payment.id)).toEqual(outbox);
    });
  });

  describe('amounts', () => {
    let workOrderId: string;

    beforeAll(async () => {
      workOrderId = (await createWorkOrder(admin, mainClinicId)).id;
    });

    it('a negative amount is a refund from the lab to the clinic', async () => {
      const refund = await recorded(
        workOrderId,
        aLabPayment('-150.00').on('2026-11-26').withNote('remake refunded').build(),
      );
      expect(refund).toEqual(expect.objectContaining({ amount: '-150.00', currency: 'EUR' }));
      const [row] = await paymentsDb<{ amount_minor: string }>(
        'select amount_minor from work_order_payment where id = ?',
        [refund.id],
      );
      expect(row.amount_minor).toBe('-15000');
      expect((await list(workOrderId)).items).toEqual([refund]);
    });

    it.each([
      ['"12.345" (three decimals)', '12.345'],
      ['"1e3" (an exponent)', '1e3'],
      ['"" (empty)', ''],
      ['"abc"', 'abc'],
      ['"1,50" (a decimal comma)', '1,50'],
      ['a JSON number', 12.5],
      ['null', null],
    ])('%s is a 400 naming amount, and nothing is stored', async (_, amount) => {
      const before = await stored(workOrderId);
      const reply = await record(workOrderId, { ...cash('1.00'), amount });
      expect(outcome(reply)).toEqual({ status: 400, code: 'REQUEST.VALIDATION' });
      expect(fields(reply)).toEqual(['amount']);
      expect(await stored(workOrderId)).toEqual(before);
    });

    it.each(['0', '0.00', '-0.00'])('a zero amount (%p) is a 422, and nothing is stored', async (amount) => {
      const before = await stored(workOrderId);
      expect(outcome(await record(workOrderId, cash(amount)))).toEqual({
        status: 422,
        code: 'WORK_ORDER_PAYMENT.ZERO_AMOUNT',
      });
      expect(await stored(workOrderId)).toEqual(before);
    });

    it('an edit to a zero or malformed amount is refused and the payment stays as it was', async () => {
      const payment = await recorded(workOrderId, aLabPayment('80.00').on('2026-11-27').by('card').build());
      const before = await stored(workOrderId);
      expect(outcome(await update(workOrderId, payment.id, { amount: '0.00' }))).toEqual({
        status: 422,
        code: 'WORK_ORDER_PAYMENT.ZERO_AMOUNT',
      });
      for (const body of [
        { amount: '1e3' },
        { amount: '12.345' },
        { amount: null },
        { date: null },
        { method: 'crypto' },
        { date: '2026-02-30' },
      ]) {
        const reply = await update(workOrderId, payment.id, body);
        expect({ body, status: outcome(reply).status, fields: fields(reply) }).toEqual({
          body,
          status: 400,
          fields: Object.keys(body),
        });
      }
      expect(await stored(workOrderId)).toEqual(before);
      expect((await list(workOrderId)).items.find((p) => p.id === payment.id)).toEqual(payment);
    });

    it('the amount must fit the work order’s currency: a JPY work order takes no decimals', async () => {
      const yenClinic = await createClinic(admin, 'Tokyo Dental', 'JPY');
      const yenOrder = await createWorkOrder(admin, yenClinic, labId, 'JPY');
      expect(yenOrder.currency).toBe('JPY');
      const reply = await record(yenOrder.id, cash('12.50'));
      expect(outcome(reply)).toEqual({ status: 400, code: 'REQUEST.VALIDATION' });
      expect(fields(reply)).toEqual(['amount']);
      expect(await stored(yenOrder.id)).toEqual({ payments: 0, audit: 0, events: 0 });
      const yen = await recorded(yenOrder.id, cash('12500'));
      expect(yen).toEqual(expect.objectContaining({ amount: '12500', currency: 'JPY', clinicId: yenClinic }));
    });

    it('lists payments by date, then in the order they were recorded', async () => {
      const order = (await createWorkOrder(admin, mainClinicId)).id;
      const late = await recorded(order, cash('10.00', '2026-12-05'));
      const earlyA = await recorded(order, cash('20.00', '2026-12-01'));
      const earlyB = await recorded(order, cash('30.00', '2026-12-01'));
      expect((await list(order)).items.map((p) => p.id)).toEqual([earlyA.id, earlyB.id, late.id]);
    });
  });

  describe('which work order', () => {
    it('an unknown work order is a 404 (work-orders does not know it either) and nothing is stored', async () => {
      const unknown = randomUUID();
      expect(outcome(await record(unknown, cash('10.00')))).toEqual({ status: 404, code: 'WORK_ORDER.NOT_FOUND' });
      expect(workOrders.calls.map((c) => c.payload)).toContainEqual({ workOrderId: unknown });
      expect(await stored(unknown)).toEqual({ payments: 0, audit: 0, events: 0 });
    });

    it('a work order whose event has not arrived is asked of work-orders, then kept in the copy', async () => {
      const { workOrder } = await workOrders.workOrder(
        { organizationId, clinicId: mainClinicId, labId },
        { publish: false },
      );
      const p = await recorded(workOrder.id, cash('15.00'));
      expect(p).toEqual(expect.objectContaining({ clinicId: mainClinicId, labId, currency: 'EUR' }));
      expect(
        await paymentsDb('select clinic_id, lab_id, revision from known_work_order where id = ?', [workOrder.id]),
      ).toEqual([{ clinic_id: mainClinicId, lab_id: labId, revision: 1 }]);
    });

    it('ids that are not uuids are a 400', async () => {
      const workOrderId = (await createWorkOrder(admin, mainClinicId)).id;
      expect(outcome(await record('not-a-uuid', cash('10.00'))).status).toBe(400);
      expect(outcome(await update(workOrderId, '42', { amount: '1.00' })).status).toBe(400);
      expect(outcome(await remove(workOrderId, 'nope')).status).toBe(400);
    });

    it('a payment id under another work order is a 404', async () => {
      const first = (await createWorkOrder(admin, mainClinicId)).id;
      const second = (await createWorkOrder(admin, mainClinicId)).id;
      const payment = await recorded(first, cash('10.00'));
      expect(outcome(await update(second, payment.id, { amount: '11.00' }))).toEqual({
        status: 404,
        code: 'WORK_ORDER_PAYMENT.NOT_FOUND',
      });
      expect(outcome(await remove(second, payment.id)).status).toBe(404);
    });

    it('a user restricted to one clinic gets 404 for the payments of another clinic', async () => {
      const branch = await createClinic(admin, 'Branch Clinic');
      const branchOrder = (await createWorkOrder(admin, branch)).id;
      const payment = await recorded(branchOrder, cash('10.00'));
      const restricted = aCaller(organizationId, { roles: ['accountant'], clinicIds: [mainClinicId] });
      const before = await stored(branchOrder);
      expect(outcome(await record(branchOrder, cash('10.00'), restricted)).status).toBe(404);
      expect(outcome(await update(branchOrder, payment.id, { amount: '11.00' }, restricted)).status).toBe(404);
      expect(outcome(await remove(branchOrder, payment.id, restricted)).status).toBe(404);
      // payments lists only what the caller may see (the 404 for the work order itself is the gateway's, from work-orders)
      expect(await list(branchOrder, restricted)).toEqual({ items: [], audit: [] });
      expect(await stored(branchOrder)).toEqual(before);
    });

    describe('another organization', () => {
      const other: CallerContext = aCaller(randomUUID());
      let otherOrder: string;

      beforeAll(async () => {
        const clinic = await createClinic(other, 'Chain Two Clinic');
        otherOrder = (await createWorkOrder(other, clinic, randomUUID())).id;
      });

      it('its work order is a 404 for us, and nothing is stored', async () => {
        expect(outcome(await record(otherOrder, cash('10.00'), admin))).toEqual({
          status: 404,
          code: 'WORK_ORDER.NOT_FOUND',
        });
        expect(await stored(otherOrder)).toEqual({ payments: 0, audit: 0, events: 0 });
      });

      it('its payments can be neither seen, edited nor deleted by us, nor ours by it', async () => {
        const theirs = await recorded(otherOrder, cash('70.00'), other);
        expect(outcome(await update(otherOrder, theirs.id, { amount: '1.00' }, admin)).status).toBe(404);
        expect(outcome(await remove(otherOrder, theirs.id, admin)).status).toBe(404);
        expect(await list(otherOrder, admin)).toEqual({ items: [], audit: [] });

        const ourOrder = (await createWorkOrder(admin, mainClinicId)).id;
        const ours = await recorded(ourOrder, cash('30.00'));
        expect(outcome(await update(ourOrder, ours.id, { amount: '1.00' }, other)).status).toBe(404);
        expect(outcome(await remove(ourOrder, ours.id, other)).status).toBe(404);
        expect((await list(otherOrder, other)).items).toEqual([theirs]);
        expect((await list(ourOrder)).items).toEqual([ours]);
      });
    });
  });

  describe('Idempotency-Key (sent on by the gateway)', () => {
    it('a replay answers the same payment and stores one row, one audit entry and one event', async () => {
      const workOrderId = (await createWorkOrder(admin, mainClinicId)).id;
      const key = randomUUID();
      const body = aLabPayment('250.00').on('2026-11-26').by('card').withReference('POS-7').build();
      const first = await record(workOrderId, body, accountant, key);
      const replay = await record(workOrderId, body, accountant, key);
      expect(first.ok).toBe(true);
      expect(replay).toEqual({ ...first, replayed: true });
      expect(await stored(workOrderId)).toEqual({ payments: 1, audit: 1, events: 1 });
      const another = await record(workOrderId, { ...body, amount: '251.00' }, accountant, key);
      expect(outcome(another).status).toBe(409);
      expect(await stored(workOrderId)).toEqual({ payments: 1, audit: 1, events: 1 });
    });
  });

  describe('concurrent edits', () => {
    it('two edits of one payment at once both apply, one after the other: no update is lost', async () => {
      const workOrderId = (await createWorkOrder(admin, mainClinicId)).id;
      const payment = await recorded(workOrderId, cash('100.00'));
      const [a, b] = await Promise.all([
        update(workOrderId, payment.id, { amount: '111.00' }),
        update(workOrderId, payment.id, { note: 'checked with the lab' }, labManager),
      ]);
      expect([a.ok, b.ok]).toEqual([true, true]);
      const revisions = [a, b].map((r) => (r as { data: WorkOrderPaymentView }).data.revision);
      expect(revisions.sort()).toEqual([2, 3]);

      const { items, audit } = await list(workOrderId);
      expect(items).toEqual([{ ...payment, amount: '111.00', note: 'checked with the lab', revision: 3 }]);
      const [second, first] = audit;
      expect(audit.map((e) => e.action)).toEqual(['updated', 'updated', 'created']);
      // each edit saw the other's result: the chain of before/after has no gap
      expect(first.before).toEqual(payment);
      expect(second.before).toEqual(first.after);
      expect(second.after).toEqual(items[0]);
      const outboxRevisions = (await outboxEvents(payment.id)).map((e) => e.envelope.payload.revision);
      expect(outboxRevisions).toEqual([1, 2, 3]);
    });
  });
});
