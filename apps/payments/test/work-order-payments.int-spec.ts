// Work-order payments (DOMAIN.md A) through the gateway's public API, against real PostgreSQL and NATS: payments,
// work-orders and the gateway run in this process; nothing is mocked. Each change must leave exactly one row
// change, one audit entry and one outbox event (published to the PAYMENTS stream) in one transaction.

import { EventEnvelope, WorkOrderPaymentView } from '@dental/contracts';
import { BusNaming } from '@dental/messaging';
import { startService } from '@dental/platform';
import { eventually, TestWorld, testNats } from '@dental/testing';
import { MikroORM } from '@mikro-orm/core';
import { INestApplication } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
// These tests drive payments through the gateway and need work-orders behind it; importing the services'
// definitions (and the gateway's identity entities, to seed a second organization) is test wiring, not app coupling.
/* eslint-disable @nx/enforce-module-boundaries */
import { gatewayService } from '../../gateway/src/gateway.definition';
import { Organization } from '../../gateway/src/identity/organization.entity';
import { User } from '../../gateway/src/identity/user.entity';
import { workOrdersService } from '../../work-orders/src/work-orders.definition';
/* eslint-enable @nx/enforce-module-boundaries */
import { paymentsService } from '../src/payments.definition';

jest.setTimeout(60_000);

const ADMIN = { email: 'admin@example.com', password: 'first-admin-password' };
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

interface Login {
  id: string;
  token: string;
}

describe('work-order payments (integration: gateway + work-orders + payments, real PostgreSQL + NATS)', () => {
  const world = new TestWorld();
  const naming = new BusNaming(world.busPrefix);
  const apps: INestApplication[] = [];
  let gateway: INestApplication;
  let payments: INestApplication;
  let nc: NatsConnection;
  let admin: Login;
  let accountant: Login;
  let labManager: Login;
  let reception: Login;
  let mainClinicId: string;
  let labId: string;

  const http = () => request(gateway.getHttpServer());
  const auth = (who: Login | string) => ({ authorization: `Bearer ${typeof who === 'string' ? who : who.token}` });
  const paymentsPath = (workOrderId: string, paymentId?: string) =>
    `/api/v1/work-orders/${workOrderId}/payments${paymentId ? `/${paymentId}` : ''}`;

  /** Raw SQL on the payments database: what is really stored. */
  async function paymentsDb<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return payments.get(MikroORM).em.fork().getConnection().execute<T[]>(sql, params);
  }

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
    const jsm = await nc.jetstreamManager();
    const stream = naming.stream('PAYMENTS');
    const { state } = await jsm.streams.info(stream);
    const found: EventEnvelope<WorkOrderPaymentView>[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
      const msg = await jsm.streams.getMessage(stream, { seq });
      const envelope = msg.json<EventEnvelope<WorkOrderPaymentView>>();
      if (EVENT_TYPES.includes(envelope.type) && envelope.payload.id === paymentId) found.push(envelope);
    }
    return found;
  }

  async function list(
    workOrderId: string,
    who: Login = admin,
  ): Promise<{ items: WorkOrderPaymentView[]; audit: AuditEntry[] }> {
    const res = await http().get(paymentsPath(workOrderId)).set(auth(who));
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { items: expect.any(Array), audit: expect.any(Array) },
    });
    return res.body;
  }

  async function login(email: string, password: string): Promise<string> {
    const res = await http().post('/api/v1/auth/login').send({ email, password });
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  }

  async function createUser(roles: string[], clinicIds?: string[]): Promise<Login> {
    const email = `${roles.join('-')}-${randomUUID().slice(0, 8)}@example.com`;
    const res = await http()
      .post('/api/v1/users')
      .set(auth(admin))
      .send({ email, name: email, password: 'user-password-1', roles, ...(clinicIds ? { clinicIds } : {}) });
    expect(res.status).toBe(201);
    return { id: res.body.id, token: await login(email, 'user-password-1') };
  }

  async function createClinic(token: string, name: string, currency = 'EUR'): Promise<string> {
    const res = await http().post('/api/v1/clinics').set(auth(token)).send({ name, currency });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function createLab(token: string, name: string): Promise<string> {
    const res = await http().post('/api/v1/labs').set(auth(token)).send({ name });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 201,
      body: expect.objectContaining({ id: expect.any(String), name }),
    });
    return res.body.id;
  }

  async function createWorkOrder(
    token: string,
    clinicId: string,
    lab: string,
    totalAmount = '1000.00',
  ): Promise<{ id: string; currency: string }> {
    const res = await http()
      .post('/api/v1/work-orders')
      .set(auth(token))
      .send({
        clinicId,
        labId: lab,
        description: 'Zirconia crown 26',
        documentedDate: '2026-11-21',
        paymentPlan: { totalAmount, paymentMethod: 'bank_transfer', dueDate: '2026-12-21' },
      });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 201,
      body: expect.objectContaining({ id: expect.any(String), clinicId }),
    });
    return { id: res.body.id, currency: res.body.currency };
  }

  const record = (workOrderId: string, body: object, who: Login | string = accountant) =>
    http().post(paymentsPath(workOrderId)).set(auth(who)).send(body);

  async function recorded(workOrderId: string, body: object, who: Login = accountant): Promise<WorkOrderPaymentView> {
    const res = await record(workOrderId, body, who);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 201,
      body: expect.objectContaining({ workOrderId, revision: 1, deleted: false }),
    });
    return res.body;
  }

  beforeAll(async () => {
    nc = await testNats();
    payments = (await startService(paymentsService, world.env('payments'))).app;
    apps.push(payments);
    apps.push((await startService(workOrdersService, world.env('work-orders'))).app);
    gateway = (
      await startService(
        gatewayService,
        world.env('gateway', {
          JWT_SECRET: randomUUID() + randomUUID(),
          ADMIN_EMAIL: ADMIN.email,
          ADMIN_PASSWORD: ADMIN.password,
          LOGIN_RATE_LIMIT: '1000',
        }),
      )
    ).app;
    apps.push(gateway);
    const adminToken = await login(ADMIN.email, ADMIN.password);
    const me = await http().get('/api/v1/me').set(auth(adminToken));
    admin = { id: me.body.id, token: adminToken };
    // The first clinic is created in the background once `payments` answers.
    mainClinicId = await eventually(async () => {
      const res = await http().get('/api/v1/clinics').set(auth(admin));
      expect(res.body.items).toHaveLength(1);
      return res.body.items[0].id as string;
    });
    accountant = await createUser(['accountant']);
    labManager = await createUser(['lab-manager']);
    reception = await createUser(['reception']);
    labId = await createLab(admin.token, 'Smile Lab');
  });

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await nc?.close();
    await world.cleanup();
  });

  describe('a payment from recording to deletion', () => {
    let workOrderId: string;
    let payment: WorkOrderPaymentView;
    let edited: WorkOrderPaymentView;

    beforeAll(async () => {
      workOrderId = (await createWorkOrder(admin.token, mainClinicId, labId)).id;
    });

    it('records it with the work order’s clinic, lab and currency, audited as created by the accountant', async () => {
      const res = await record(workOrderId, {
        date: '2026-11-25',
        amount: '400.00',
        method: 'bank_transfer',
        reference: 'TR-1001',
        note: 'first part',
      });
      expect(res.status).toBe(201);
      payment = res.body;
      expect(payment).toEqual({
        id: expect.any(String),
        organizationId: expect.any(String),
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
          userId: accountant.id,
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
      const res = await http()
        .patch(paymentsPath(workOrderId, payment.id))
        .set(auth(labManager))
        .send({ reason: 'entry_error', amount: '450.50', note: null, method: 'cash' });
      expect(res.status).toBe(200);
      edited = res.body;
      expect(edited).toEqual({ ...payment, amount: '450.50', note: null, method: 'cash', revision: 2 });

      const { items, audit } = await list(workOrderId);
      expect(items).toEqual([edited]);
      expect(audit.map((a) => a.action)).toEqual(['updated', 'created']);
      expect(audit[0]).toEqual(
        expect.objectContaining({
          entityId: payment.id,
          userId: labManager.id,
          before: payment,
          after: edited,
          reason: 'entry_error',
          memo: null,
        }),
      );
      expect(await stored(workOrderId)).toEqual({ payments: 1, audit: 2, events: 2 });
    });

    it('an edit that changes nothing makes no revision, no audit entry and no event', async () => {
      const res = await http()
        .patch(paymentsPath(workOrderId, payment.id))
        .set(auth(accountant))
        .send({ reason: 'entry_error', amount: '450.5', method: 'cash' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(edited);
      expect(await stored(workOrderId)).toEqual({ payments: 1, audit: 2, events: 2 });
    });

    it('deletes it: 200 with the last revision marked deleted; the row stays but no longer counts', async () => {
      const res = await http()
        .delete(`${paymentsPath(workOrderId, payment.id)}?reason=entry_error`)
        .set(auth(accountant));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...edited, revision: 3, deleted: true });

      const { items, audit } = await list(workOrderId);
      expect(items).toEqual([]);
      expect(audit.map((a) => a.action)).toEqual(['deleted', 'updated', 'created']);
      expect(audit[0]).toEqual(
        expect.objectContaining({
          entityId: payment.id,
          userId: accountant.id,
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
      const edit = await http()
        .patch(paymentsPath(workOrderId, payment.id))
        .set(auth(accountant))
        .send({ reason: 'entry_error', amount: '1.00' });
      expect({ status: edit.status, code: edit.body.code }).toEqual({
        status: 404,
        code: 'WORK_ORDER_PAYMENT.NOT_FOUND',
      });
      const again = await http()
        .delete(`${paymentsPath(workOrderId, payment.id)}?reason=entry_error`)
        .set(auth(accountant));
      expect({ status: again.status, code: again.body.code }).toEqual({
        status: 404,
        code: 'WORK_ORDER_PAYMENT.NOT_FOUND',
      });
      expect(await stored(workOrderId)).toEqual({ payments: 1, audit: 3, events: 3 });
    });

    it('published one event per change, with the full snapshot, who made it, why, and a growing revision', async () => {
      const correction = { reason: 'entry_error', memo: null };
      const expected = [
        { type: 'payments.work-order-payment.recorded', payload: { ...payment, changedBy: accountant.id } },
        { type: 'payments.work-order-payment.updated', payload: { ...edited, changedBy: labManager.id, correction } },
        {
          type: 'payments.work-order-payment.deleted',
          payload: { ...edited, revision: 3, deleted: true, changedBy: accountant.id, correction },
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
      workOrderId = (await createWorkOrder(admin.token, mainClinicId, labId)).id;
    });

    it('a negative amount is a refund from the lab to the clinic', async () => {
      const refund = await recorded(workOrderId, {
        date: '2026-11-26',
        amount: '-150.00',
        method: 'bank_transfer',
        note: 'remake refunded',
      });
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
      const res = await record(workOrderId, { date: '2026-11-26', amount, method: 'cash' });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'REQUEST.VALIDATION' });
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['amount']);
      expect(await stored(workOrderId)).toEqual(before);
    });

    it.each(['0', '0.00', '-0.00'])('a zero amount (%p) is a 422, and nothing is stored', async (amount) => {
      const before = await stored(workOrderId);
      const res = await record(workOrderId, { date: '2026-11-26', amount, method: 'cash' });
      expect({ status: res.status, code: res.body.code }).toEqual({
        status: 422,
        code: 'WORK_ORDER_PAYMENT.ZERO_AMOUNT',
      });
      expect(await stored(workOrderId)).toEqual(before);
    });

    it('an edit to a zero or malformed amount is refused and the payment stays as it was', async () => {
      const payment = await recorded(workOrderId, { date: '2026-11-27', amount: '80.00', method: 'card' });
      const before = await stored(workOrderId);
      const zero = await http()
        .patch(paymentsPath(workOrderId, payment.id))
        .set(auth(accountant))
        .send({ reason: 'entry_error', amount: '0.00' });
      expect({ status: zero.status, code: zero.body.code }).toEqual({
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
        const res = await http()
          .patch(paymentsPath(workOrderId, payment.id))
          .set(auth(accountant))
          .send({ reason: 'entry_error', ...body });
        expect({ body, status: res.status, fields: res.body.details?.map((d: { field: string }) => d.field) }).toEqual({
          body,
          status: 400,
          fields: Object.keys(body),
        });
      }
      expect(await stored(workOrderId)).toEqual(before);
      expect((await list(workOrderId)).items.find((p) => p.id === payment.id)).toEqual(payment);
    });

    it('the amount must fit the work order’s currency: a JPY work order takes no decimals', async () => {
      const yenClinic = await createClinic(admin.token, 'Tokyo Dental', 'JPY');
      const yenOrder = await createWorkOrder(admin.token, yenClinic, labId, '50000');
      expect(yenOrder.currency).toBe('JPY');
      const res = await record(yenOrder.id, { date: '2026-11-26', amount: '12.50', method: 'cash' });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'REQUEST.VALIDATION' });
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['amount']);
      expect(await stored(yenOrder.id)).toEqual({ payments: 0, audit: 0, events: 0 });
      const yen = await recorded(yenOrder.id, { date: '2026-11-26', amount: '12500', method: 'cash' });
      expect(yen).toEqual(expect.objectContaining({ amount: '12500', currency: 'JPY', clinicId: yenClinic }));
    });

    it('lists payments by date, then in the order they were recorded', async () => {
      const order = (await createWorkOrder(admin.token, mainClinicId, labId)).id;
      const late = await recorded(order, { date: '2026-12-05', amount: '10.00', method: 'cash' });
      const earlyA = await recorded(order, { date: '2026-12-01', amount: '20.00', method: 'cash' });
      const earlyB = await recorded(order, { date: '2026-12-01', amount: '30.00', method: 'cash' });
      expect((await list(order)).items.map((p) => p.id)).toEqual([earlyA.id, earlyB.id, late.id]);
    });
  });

  describe('which work order', () => {
    it('an unknown work order is a 404 and nothing is stored', async () => {
      const unknown = randomUUID();
      const res = await record(unknown, { date: '2026-11-26', amount: '10.00', method: 'cash' });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'WORK_ORDER.NOT_FOUND' });
      expect(await stored(unknown)).toEqual({ payments: 0, audit: 0, events: 0 });
    });

    it('ids that are not uuids are a 400', async () => {
      const workOrderId = (await createWorkOrder(admin.token, mainClinicId, labId)).id;
      expect((await record('not-a-uuid', { date: '2026-11-26', amount: '10.00', method: 'cash' })).status).toBe(400);
      expect(
        (
          await http()
            .patch(paymentsPath(workOrderId, '42'))
            .set(auth(accountant))
            .send({ reason: 'entry_error', amount: '1.00' })
        ).status,
      ).toBe(400);
      expect(
        (
          await http()
            .delete(`${paymentsPath(workOrderId, 'nope')}?reason=entry_error`)
            .set(auth(accountant))
        ).status,
      ).toBe(400);
    });

    it('a payment id under another work order is a 404', async () => {
      const first = (await createWorkOrder(admin.token, mainClinicId, labId)).id;
      const second = (await createWorkOrder(admin.token, mainClinicId, labId)).id;
      const payment = await recorded(first, { date: '2026-11-26', amount: '10.00', method: 'cash' });
      const res = await http()
        .patch(paymentsPath(second, payment.id))
        .set(auth(accountant))
        .send({ reason: 'entry_error', amount: '11.00' });
      expect({ status: res.status, code: res.body.code }).toEqual({
        status: 404,
        code: 'WORK_ORDER_PAYMENT.NOT_FOUND',
      });
      expect(
        (
          await http()
            .delete(`${paymentsPath(second, payment.id)}?reason=entry_error`)
            .set(auth(accountant))
        ).status,
      ).toBe(404);
    });

    it('a user restricted to one clinic gets 404 for the payments of another clinic', async () => {
      const branch = await createClinic(admin.token, 'Branch Clinic');
      const branchOrder = (await createWorkOrder(admin.token, branch, labId)).id;
      const payment = await recorded(branchOrder, { date: '2026-11-26', amount: '10.00', method: 'cash' });
      const restricted = await createUser(['accountant'], [mainClinicId]);
      const before = await stored(branchOrder);
      expect(
        (await record(branchOrder, { date: '2026-11-26', amount: '10.00', method: 'cash' }, restricted)).status,
      ).toBe(404);
      expect(
        (
          await http()
            .patch(paymentsPath(branchOrder, payment.id))
            .set(auth(restricted))
            .send({ reason: 'entry_error', amount: '11.00' })
        ).status,
      ).toBe(404);
      expect(
        (
          await http()
            .delete(`${paymentsPath(branchOrder, payment.id)}?reason=entry_error`)
            .set(auth(restricted))
        ).status,
      ).toBe(404);
      expect((await http().get(paymentsPath(branchOrder)).set(auth(restricted))).status).toBe(404);
      expect(await stored(branchOrder)).toEqual(before);
    });

    describe('another organization', () => {
      let other: string;
      let otherOrder: string;

      beforeAll(async () => {
        // A second organization, as a later sign-up would make it: straight into the gateway's database.
        const em = gateway.get(MikroORM).em.fork();
        const org = em.create(Organization, { name: 'Chain Two', firstClinicId: null });
        await em.flush();
        em.create(User, {
          organizationId: org.id,
          email: 'admin@chain-two.example.com',
          name: 'Chain Two Admin',
          passwordHash: await hash('chain-two-password'),
          roles: ['admin'],
          clinicIds: null,
        });
        await em.flush();
        other = await login('admin@chain-two.example.com', 'chain-two-password');
        const clinic = await createClinic(other, 'Chain Two Clinic');
        otherOrder = (await createWorkOrder(other, clinic, await createLab(other, 'Chain Two Lab'))).id;
      });

      it('its work order is a 404 for us, and nothing is stored', async () => {
        const res = await record(otherOrder, { date: '2026-11-26', amount: '10.00', method: 'cash' }, admin.token);
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'WORK_ORDER.NOT_FOUND' });
        expect(await stored(otherOrder)).toEqual({ payments: 0, audit: 0, events: 0 });
      });

      it('its payments can be neither seen, edited nor deleted by us, nor ours by it', async () => {
        const theirs = await recorded(
          otherOrder,
          { date: '2026-11-26', amount: '70.00', method: 'cash' },
          { id: '', token: other },
        );
        expect(
          (
            await http()
              .patch(paymentsPath(otherOrder, theirs.id))
              .set(auth(admin))
              .send({ reason: 'entry_error', amount: '1.00' })
          ).status,
        ).toBe(404);
        expect(
          (
            await http()
              .delete(`${paymentsPath(otherOrder, theirs.id)}?reason=entry_error`)
              .set(auth(admin))
          ).status,
        ).toBe(404);
        expect((await http().get(paymentsPath(otherOrder)).set(auth(admin))).status).toBe(404);

        const ourOrder = (await createWorkOrder(admin.token, mainClinicId, labId)).id;
        const ours = await recorded(ourOrder, { date: '2026-11-26', amount: '30.00', method: 'cash' });
        expect(
          (
            await http()
              .patch(paymentsPath(ourOrder, ours.id))
              .set(auth(other))
              .send({ reason: 'entry_error', amount: '1.00' })
          ).status,
        ).toBe(404);
        expect(
          (
            await http()
              .delete(`${paymentsPath(ourOrder, ours.id)}?reason=entry_error`)
              .set(auth(other))
          ).status,
        ).toBe(404);
        expect((await list(otherOrder, { id: '', token: other })).items).toEqual([theirs]);
        expect((await list(ourOrder)).items).toEqual([ours]);
      });
    });
  });

  describe('roles', () => {
    it('accountant, lab manager and admin may; reception may not (403) and no token is a 401', async () => {
      const workOrderId = (await createWorkOrder(admin.token, mainClinicId, labId)).id;
      const body = { date: '2026-11-26', amount: '5.00', method: 'cash' };
      for (const who of [accountant, labManager, admin])
        expect((await record(workOrderId, body, who)).status).toBe(201);
      const payment = (await list(workOrderId)).items[0];
      const before = await stored(workOrderId);
      expect((await record(workOrderId, body, reception)).status).toBe(403);
      expect(
        (
          await http()
            .patch(paymentsPath(workOrderId, payment.id))
            .set(auth(reception))
            .send({ reason: 'entry_error', amount: '1.00' })
        ).status,
      ).toBe(403);
      expect(
        (
          await http()
            .delete(`${paymentsPath(workOrderId, payment.id)}?reason=entry_error`)
            .set(auth(reception))
        ).status,
      ).toBe(403);
      expect((await http().post(paymentsPath(workOrderId)).send(body)).status).toBe(401);
      expect(await stored(workOrderId)).toEqual(before);
    });
  });

  describe('Idempotency-Key', () => {
    it('a replay answers the same payment and stores one row, one audit entry and one event', async () => {
      const workOrderId = (await createWorkOrder(admin.token, mainClinicId, labId)).id;
      const key = randomUUID();
      const body = { date: '2026-11-26', amount: '250.00', method: 'card', reference: 'POS-7' };
      const first = await http()
        .post(paymentsPath(workOrderId))
        .set(auth(accountant))
        .set('Idempotency-Key', key)
        .send(body);
      const replay = await http()
        .post(paymentsPath(workOrderId))
        .set(auth(accountant))
        .set('Idempotency-Key', key)
        .send(body);
      expect(first.status).toBe(201);
      expect({ status: replay.status, body: replay.body, replayed: replay.headers['idempotent-replay'] }).toEqual({
        status: 201,
        body: first.body,
        replayed: 'true',
      });
      expect(await stored(workOrderId)).toEqual({ payments: 1, audit: 1, events: 1 });
      const other = await http()
        .post(paymentsPath(workOrderId))
        .set(auth(accountant))
        .set('Idempotency-Key', key)
        .send({ ...body, amount: '251.00' });
      expect(other.status).toBe(409);
      expect(await stored(workOrderId)).toEqual({ payments: 1, audit: 1, events: 1 });
    });
  });

  describe('concurrent edits', () => {
    it('two edits of one payment at once both apply, one after the other: no update is lost', async () => {
      const workOrderId = (await createWorkOrder(admin.token, mainClinicId, labId)).id;
      const payment = await recorded(workOrderId, { date: '2026-11-26', amount: '100.00', method: 'cash' });
      const [a, b] = await Promise.all([
        http()
          .patch(paymentsPath(workOrderId, payment.id))
          .set(auth(accountant))
          .send({ reason: 'entry_error', amount: '111.00' }),
        http()
          .patch(paymentsPath(workOrderId, payment.id))
          .set(auth(labManager))
          .send({ reason: 'entry_error', note: 'checked with the lab' }),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect([a.body.revision, b.body.revision].sort()).toEqual([2, 3]);

      const { items, audit } = await list(workOrderId);
      expect(items).toEqual([{ ...payment, amount: '111.00', note: 'checked with the lab', revision: 3 }]);
      const [second, first] = audit;
      expect(audit.map((e) => e.action)).toEqual(['updated', 'updated', 'created']);
      // each edit saw the other's result: the chain of before/after has no gap
      expect(first.before).toEqual(payment);
      expect(second.before).toEqual(first.after);
      expect(second.after).toEqual(items[0]);
      const revisions = (await outboxEvents(payment.id)).map((e) => e.envelope.payload.revision);
      expect(revisions).toEqual([1, 2, 3]);
    });
  });
});
