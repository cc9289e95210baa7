// A work order's patientId is a patient of the work order's organization and clinic: work-orders keeps a copy of the
// patients from patient-accounts' events and asks patient-accounts only for a patient not known here yet. A random
// id, another clinic's or another organization's patient is a 404 naming patientId, and nothing is stored.
// Real PostgreSQL and NATS; payments, patient-accounts, work-orders and the gateway in this process.
import { startService } from '@dental/platform';
import { eventually, TestWorld } from '@dental/testing';
import { MikroORM } from '@mikro-orm/core';
import { INestApplication } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
// The services these routes need; importing their definitions is test wiring.
/* eslint-disable @nx/enforce-module-boundaries */
import { gatewayService } from '../../gateway/src/gateway.definition';
import { patientAccountsService } from '../../patient-accounts/src/patient-accounts.definition';
import { paymentsService } from '../../payments/src/payments.definition';
/* eslint-enable @nx/enforce-module-boundaries */
import { workOrdersService } from '../src/work-orders.definition';

jest.setTimeout(90_000);

type Body = Record<string, unknown>;
const ADMIN = { email: 'admin@example.com', password: 'first-admin-password' };

describe("a work order's patient (integration: gateway, payments, patient-accounts, work-orders)", () => {
  const world = new TestWorld();
  const apps: INestApplication[] = [];
  let gateway: INestApplication;
  let workOrders: INestApplication;
  let accounts: INestApplication;
  let admin: string;
  let otherAdmin: string;
  let clinicId: string;
  let otherClinicId: string;
  let labId: string;

  const http = () => request(gateway.getHttpServer());
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const db = async <T = Body>(sql: string, params: unknown[] = []): Promise<T[]> =>
    (await workOrders.get(MikroORM).em.fork().getConnection().execute(sql, params)) as T[];
  const orders = async () => (await db<{ n: number }>('select count(*)::int as n from work_order'))[0].n;

  async function login(email: string, password: string): Promise<string> {
    const res = await http().post('/api/v1/auth/login').send({ email, password });
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  }

  async function created(path: string, body: Body, token = admin): Promise<Body & { id: string }> {
    const res = await http().post(`/api/v1${path}`).set(auth(token)).send(body);
    expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 201, body: expect.anything() });
    return res.body;
  }

  /** A patient once patient-accounts knows the clinic (from payments' clinic event). */
  const patient = (clinic: string, token = admin) =>
    eventually(() => created('/patients', { clinicId: clinic, firstName: 'Ali', lastName: 'Yılmaz' }, token));

  const order = (patientId: string | undefined, clinic = clinicId) =>
    http()
      .post('/api/v1/work-orders')
      .set(auth(admin))
      .send({
        clinicId: clinic,
        labId,
        ...(patientId !== undefined ? { patientId } : {}),
        description: 'Zirconia crown 26',
        documentedDate: '2026-11-21',
        paymentPlan: { totalAmount: '1000.00', paymentMethod: 'cash', dueDate: '2026-12-21' },
      });

  function expectPatientNotFound(res: request.Response): void {
    expect({ status: res.status, body: res.body }).toEqual({
      status: 404,
      body: {
        statusCode: 404,
        error: 'Not Found',
        code: 'PATIENT.NOT_FOUND',
        message: expect.stringMatching(/^patientId: /),
        details: [{ field: 'patientId', reasons: [expect.any(String)] }],
      },
    });
  }

  beforeAll(async () => {
    const env = (service: string, extra: Record<string, string> = {}) =>
      world.env(service, { RPC_TIMEOUT_MS: '5000', ...extra });
    apps.push((await startService(paymentsService, env('payments'))).app);
    accounts = (await startService(patientAccountsService, env('patient-accounts'))).app;
    apps.push(accounts);
    workOrders = (await startService(workOrdersService, env('work-orders'))).app;
    apps.push(workOrders);
    gateway = (
      await startService(
        gatewayService,
        env('gateway', {
          JWT_SECRET: randomBytes(32).toString('hex'),
          ADMIN_EMAIL: ADMIN.email,
          ADMIN_PASSWORD: ADMIN.password,
          LOGIN_RATE_LIMIT: '1000',
        }),
      )
    ).app;
    apps.push(gateway);
    admin = await login(ADMIN.email, ADMIN.password);
    clinicId = await eventually(async () => {
      const res = await http().get('/api/v1/clinics').set(auth(admin));
      expect(res.body.items).toHaveLength(1);
      return res.body.items[0].id as string;
    });
    otherClinicId = (await created('/clinics', { name: 'Uptown Dental', currency: 'EUR' })).id;
    labId = (await created('/labs', { name: 'Smile Lab' })).id;
    // a second organization, as a later sign-up would make it
    const orgId = randomUUID();
    const gw = gateway.get(MikroORM).em.fork().getConnection();
    await gw.execute('insert into organization (id, name) values (?, ?)', [orgId, 'Other Chain']);
    await gw.execute(
      'insert into app_user (id, organization_id, email, name, password_hash, roles) values (?, ?, ?, ?, ?, ?)',
      [randomUUID(), orgId, 'admin@other.example.com', 'Other', await hash('other-password-1'), '{admin}'],
    );
    otherAdmin = await login('admin@other.example.com', 'other-password-1');
  });

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await world.cleanup();
  });

  it("learns patients from patient-accounts' events and takes a patient of the same clinic", async () => {
    const p = await patient(clinicId);
    await eventually(async () => {
      expect(await db('select organization_id, clinic_id from known_patient where id = ?', [p.id])).toEqual([
        { organization_id: p.organizationId, clinic_id: clinicId },
      ]);
    });
    const res = await order(p.id);
    expect({ status: res.status, patientId: res.body.patientId }).toEqual({ status: 201, patientId: p.id });
  });

  it('asks patient-accounts for a patient whose event has not arrived yet, and keeps the answer', async () => {
    const p = await patient(clinicId);
    // as if the event were still on the way
    await eventually(async () => expect(await db('select id from known_patient where id = ?', [p.id])).toHaveLength(1));
    await db('delete from known_patient where id = ?', [p.id]);
    const res = await order(p.id);
    expect({ status: res.status, patientId: res.body.patientId }).toEqual({ status: 201, patientId: p.id });
    expect(await db('select clinic_id from known_patient where id = ?', [p.id])).toEqual([{ clinic_id: clinicId }]);
  });

  it("refuses a random id, another clinic's and another organization's patient with a 404 naming patientId; stores nothing", async () => {
    const otherClinicPatient = await patient(otherClinicId);
    const otherClinicId2 = (await created('/clinics', { name: 'Other Chain Clinic', currency: 'EUR' }, otherAdmin)).id;
    const foreign = await patient(otherClinicId2, otherAdmin);
    await eventually(async () =>
      expect(
        await db('select id from known_patient where id in (?, ?)', [otherClinicPatient.id, foreign.id]),
      ).toHaveLength(2),
    );
    const before = await orders();
    for (const patientId of [randomUUID(), otherClinicPatient.id, foreign.id])
      expectPatientNotFound(await order(patientId));
    // the same when work-orders has to ask patient-accounts (nothing known here)
    await db('delete from known_patient where id in (?, ?)', [otherClinicPatient.id, foreign.id]);
    for (const patientId of [otherClinicPatient.id, foreign.id]) expectPatientNotFound(await order(patientId));
    // another organization's patient is not remembered from the answer of a caller who may not see it
    expect(await db('select id from known_patient where id = ?', [foreign.id])).toEqual([]);
    expect(await orders()).toBe(before);
  });

  it('a null patientId is a 400 naming it; without a patient a work order is fine', async () => {
    const res = await order(null as unknown as string);
    expect({ status: res.status, message: res.body.message }).toEqual({
      status: 400,
      message: expect.stringMatching(/^patientId: /),
    });
    const without = await order(undefined);
    expect({ status: without.status, patientId: without.body.patientId }).toEqual({ status: 201, patientId: null });
  });
});
