// A lab case linked to its patient's treatments (DOMAIN.md D "Case profit"): PUT /work-orders/:id/treatments replaces
// the linked set after checking every treatment against work-orders' copy of patient-accounts' treatments (or, for one
// not copied yet, the patient's account basis). Another patient's treatment is a 409, an unknown or another
// organization's a 404, both naming treatmentIds, and nothing is stored then. Real PostgreSQL and NATS; payments,
// patient-accounts, work-orders and the gateway in this process.
import { EventEnvelope, WorkOrderTreatmentsView } from '@dental/contracts';
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

jest.setTimeout(120_000);

type Body = Record<string, unknown>;
const ADMIN = { email: 'admin@example.com', password: 'first-admin-password' };

describe("a lab case's treatments (integration: gateway, payments, patient-accounts, work-orders)", () => {
  const world = new TestWorld();
  const apps: INestApplication[] = [];
  let gateway: INestApplication;
  let workOrders: INestApplication;
  let admin: string;
  let otherAdmin: string;
  let clinicId: string;
  let labId: string;
  let patient1: string;
  let t1a: string; // patient 1's
  let t1b: string; // patient 1's
  let t2: string; // patient 2's, same clinic
  let t3: string; // patient 3's, another clinic of the organization
  let tForeign: string; // another organization's
  let caseId: string; // a work order of patient 1
  let noPatientId: string; // a work order without a patient

  const http = () => request(gateway.getHttpServer());
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const db = async <T = Body>(sql: string, params: unknown[] = []): Promise<T[]> =>
    (await workOrders.get(MikroORM).em.fork().getConnection().execute(sql, params)) as T[];

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

  const patient = (clinic: string, token = admin) =>
    eventually(
      async () => (await created('/patients', { clinicId: clinic, firstName: 'Ali', lastName: 'Kaya' }, token)).id,
    );

  const treatment = async (patientId: string, amount: string, token = admin) =>
    (await created(`/patients/${patientId}/treatments`, { procedure: 'Crown', date: '2026-06-10', amount }, token)).id;

  const workOrder = (clinic: string, lab: string, patientId: string | undefined, token = admin) =>
    eventually(
      async () =>
        (
          await created(
            '/work-orders',
            {
              clinicId: clinic,
              labId: lab,
              ...(patientId ? { patientId } : {}),
              description: 'Zirconia crown 26',
              documentedDate: '2026-06-11',
              paymentPlan: { totalAmount: '150.00', paymentMethod: 'cash', dueDate: '2026-07-11' },
            },
            token,
          )
        ).id,
    );

  const link = (workOrderId: string, body: unknown, token = admin) =>
    http()
      .put(`/api/v1/work-orders/${workOrderId}/treatments`)
      .set(auth(token))
      .send(body as object);

  /** What a link change writes: links, the revision, audit entries, events. */
  const stored = async () =>
    (
      await db<{ links: string; revision: number; audit: number; events: number }>(
        `select (select coalesce(string_agg(treatment_id::text, ',' order by treatment_id), '')
                   from work_order_treatment where work_order_id = ?) as links,
                (select links_revision from work_order where id = ?) as revision,
                (select count(*) from work_order_audit where work_order_id = ?)::int as audit,
                (select count(*) from outbox_event where type = 'work-orders.work-order.treatments-linked')::int as events`,
        [caseId, caseId, caseId],
      )
    )[0];

  function expectRefused(res: request.Response, status: number, code: string): void {
    expect({ status: res.status, body: res.body }).toEqual({
      status,
      body: expect.objectContaining({
        statusCode: status,
        code,
        details: [expect.objectContaining({ field: 'treatmentIds' })],
      }),
    });
  }

  beforeAll(async () => {
    const env = (service: string, extra: Record<string, string> = {}) =>
      world.env(service, { RPC_TIMEOUT_MS: '5000', ...extra });
    apps.push((await startService(paymentsService, env('payments'))).app);
    apps.push((await startService(patientAccountsService, env('patient-accounts'))).app);
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
    const otherClinicId = (await created('/clinics', { name: 'Uptown Dental', currency: 'EUR' })).id;
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
    const foreignClinicId = (await created('/clinics', { name: 'Foreign Dental', currency: 'EUR' }, otherAdmin)).id;

    patient1 = await patient(clinicId);
    t1a = await treatment(patient1, '600.00');
    t1b = await treatment(patient1, '400.00');
    t2 = await treatment(await patient(clinicId), '300.00');
    t3 = await treatment(await patient(otherClinicId), '200.00');
    tForeign = await treatment(await patient(foreignClinicId, otherAdmin), '100.00', otherAdmin);
    caseId = await workOrder(clinicId, labId, patient1);
    noPatientId = await workOrder(clinicId, labId, undefined);
    // the copy of the treatments follows patient-accounts' events
    await eventually(async () =>
      expect(
        (
          await db<{ n: number }>('select count(*)::int as n from known_treatment where id = any(?::uuid[])', [
            `{${[t1a, t1b, t2, t3, tForeign].join(',')}}`,
          ])
        )[0].n,
      ).toBe(5),
    );
  });

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await world.cleanup();
  });

  it("links the patient's treatments (duplicates once), with an audit entry and an event; the same set again changes nothing", async () => {
    const res = await link(caseId, { treatmentIds: [t1b, t1a, t1b.toUpperCase()] });
    const expected: WorkOrderTreatmentsView = {
      workOrderId: caseId,
      organizationId: expect.any(String),
      clinicId,
      labId,
      patientId: patient1,
      treatmentIds: [t1a, t1b].sort(),
      linksRevision: 1,
    };
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: expected });
    expect(await stored()).toEqual({ links: [t1a, t1b].sort().join(','), revision: 1, audit: 2, events: 1 });
    const [event] = await db<{ envelope: EventEnvelope<WorkOrderTreatmentsView> }>(
      `select envelope from outbox_event where type = 'work-orders.work-order.treatments-linked' order by seq`,
    );
    expect(event.envelope).toEqual(expect.objectContaining({ clinicId, payload: res.body }));
    const details = await http().get(`/api/v1/work-orders/${caseId}`).set(auth(admin));
    expect(details.body.audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'updated',
          before: { treatmentIds: [] },
          after: { treatmentIds: [t1a, t1b].sort() },
        }),
      ]),
    );

    const again = await link(caseId, { treatmentIds: [t1a, t1b] });
    expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: expected });
    expect(await stored()).toEqual({ links: [t1a, t1b].sort().join(','), revision: 1, audit: 2, events: 1 });
  });

  it('replaces the set: one treatment, then none', async () => {
    const one = await link(caseId, { treatmentIds: [t1b] });
    expect({ status: one.status, ids: one.body.treatmentIds, rev: one.body.linksRevision }).toEqual({
      status: 200,
      ids: [t1b],
      rev: 2,
    });
    const none = await link(caseId, { treatmentIds: [] });
    expect({ status: none.status, ids: none.body.treatmentIds, rev: none.body.linksRevision }).toEqual({
      status: 200,
      ids: [],
      rev: 3,
    });
    expect(await stored()).toEqual({ links: '', revision: 3, audit: 4, events: 3 });
  });

  it.each([
    ["another patient's treatment of the clinic", () => [t1a, t2]],
    ["a treatment of another clinic's patient", () => [t3]],
  ])('%s is a 409 naming treatmentIds, storing nothing', async (_what, ids) => {
    const before = await stored();
    expectRefused(await link(caseId, { treatmentIds: ids() }), 409, 'WORK_ORDER.TREATMENT_OF_OTHER_PATIENT');
    expect(await stored()).toEqual(before);
  });

  it('a work order without a patient takes no treatment (409), but may be emptied', async () => {
    expectRefused(await link(noPatientId, { treatmentIds: [t1a] }), 409, 'WORK_ORDER.TREATMENT_OF_OTHER_PATIENT');
    const empty = await link(noPatientId, { treatmentIds: [] });
    expect({ status: empty.status, ids: empty.body.treatmentIds }).toEqual({ status: 200, ids: [] });
  });

  it.each([
    ["another organization's treatment", () => [t1a, tForeign]],
    ['an id that is no treatment', () => [randomUUID()]],
  ])('%s is a 404 naming treatmentIds, storing nothing', async (_what, ids) => {
    const before = await stored();
    expectRefused(await link(caseId, { treatmentIds: ids() }), 404, 'TREATMENT.NOT_FOUND');
    expect(await stored()).toEqual(before);
  });

  it("another organization's work order is a 404", async () => {
    const res = await link(caseId, { treatmentIds: [] }, otherAdmin);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'WORK_ORDER.NOT_FOUND' });
  });

  it.each([
    ['missing', {}],
    ['not a list', { treatmentIds: 'abc' }],
    ['not uuids', { treatmentIds: ['not-a-uuid'] }],
    ['more than 100', { treatmentIds: Array.from({ length: 101 }, () => randomUUID()) }],
  ])('treatmentIds %s is a 400 naming it, storing nothing', async (_what, body) => {
    const before = await stored();
    const res = await link(caseId, body);
    expect({ status: res.status, fields: (res.body.details ?? []).map((d: { field: string }) => d.field) }).toEqual({
      status: 400,
      fields: ['treatmentIds'],
    });
    expect(await stored()).toEqual(before);
  });

  it("a treatment not in work-orders' copy yet is found in the patient's account", async () => {
    await db('delete from known_treatment where id = ?', [t1a]);
    const res = await link(caseId, { treatmentIds: [t1a] });
    expect({ status: res.status, ids: res.body.treatmentIds }).toEqual({ status: 200, ids: [t1a] });
    expect(await db('select patient_id, clinic_id from known_treatment where id = ?', [t1a])).toEqual([
      { patient_id: patient1, clinic_id: clinicId },
    ]);
  });
});
