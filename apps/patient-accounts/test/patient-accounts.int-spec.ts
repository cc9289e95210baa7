// Physicians, patients, families, treatments, plans and invoices through the gateway's public API, against real
// PostgreSQL and NATS: payments (clinics), patient-accounts and the gateway run in this process; nothing is mocked.
import { EventEnvelope, PatientAccountEvents, TreatmentSnapshotV1 } from '@dental/contracts';
import { startService } from '@dental/platform';
import { eventually, TestWorld } from '@dental/testing';
import { MikroORM } from '@mikro-orm/core';
import { INestApplication } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
// The gateway and payments are the services these routes need; importing their definitions is test wiring.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { gatewayService } from '../../gateway/src/gateway.definition';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { paymentsService } from '../../payments/src/payments.definition';
import { patientAccountsService } from '../src/patient-accounts.definition';

jest.setTimeout(60_000);

const SECRET = randomBytes(32).toString('hex');
const ADMIN = { email: 'admin@example.com', password: 'first-admin-password' };
const PASSWORD = 'user-password-1';

type Body = Record<string, unknown>;

interface Clinic {
  id: string;
  organizationId: string;
  currency: string;
}

function expectError(res: request.Response, status: number, code?: string): void {
  expect({ status: res.status, body: res.body }).toEqual({
    status,
    body: expect.objectContaining({
      statusCode: status,
      message: expect.stringMatching(/\S/),
      code: code ?? expect.stringMatching(/^[A-Z_]+\.[A-Z_]+$/),
    }),
  });
}

describe('patient accounts (integration, through the gateway)', () => {
  const world = new TestWorld();
  const apps: INestApplication[] = [];
  let gateway: INestApplication;
  let accounts: INestApplication;
  let admin: string;
  let reception: string;
  let labManager: string;
  let mainClinic: Clinic;
  let uptown: Clinic;
  let other: string;
  let otherClinic: Clinic;
  let physician: Body;
  let uptownPhysician: Body;
  let patient: Body;

  const http = () => request(gateway.getHttpServer());
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const db = async <T = Body>(sql: string, params: unknown[] = []): Promise<T[]> =>
    (await accounts.get(MikroORM).em.fork().getConnection().execute(sql, params)) as T[];
  const gatewayDb = (sql: string, params: unknown[] = []) =>
    gateway.get(MikroORM).em.fork().getConnection().execute(sql, params);

  async function login(email: string, password: string): Promise<string> {
    const res = await http().post('/api/v1/auth/login').send({ email, password });
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  }

  async function createUser(roles: string[]): Promise<string> {
    const email = `${roles.join('-')}-${randomBytes(3).toString('hex')}@example.com`;
    const res = await http()
      .post('/api/v1/users')
      .set(auth(admin))
      .send({ email, name: email, password: PASSWORD, roles });
    expect(res.status).toBe(201);
    return login(email, PASSWORD);
  }

  async function createClinic(token: string, name: string): Promise<Clinic> {
    const res = await http().post('/api/v1/clinics').set(auth(token)).send({ name, currency: 'EUR' });
    expect(res.status).toBe(201);
    return res.body as Clinic;
  }

  const post = (path: string, body: Body, token = reception) =>
    http().post(`/api/v1${path}`).set(auth(token)).send(body);

  async function created(path: string, body: Body, token = reception): Promise<Body> {
    const res = await post(path, body, token);
    expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: expect.anything() });
    return res.body as Body;
  }

  const treatment = (over: Body = {}): Body => ({
    physicianId: physician.id,
    procedure: 'Composite filling',
    tooth: '26',
    date: '2026-11-21',
    amount: '600.00',
    ...over,
  });

  /** Everything a refused request must leave untouched. */
  const stored = async () =>
    (
      await db(`select
        (select count(*) from physician)::int as physicians,
        (select count(*) from patient)::int as patients,
        (select count(*) from family)::int as families,
        (select json_agg(json_build_array(id, revision, invoice_id, deleted_at) order by id) from treatment) as treatments,
        (select count(*) from treatment_audit)::int as audit,
        (select count(*) from treatment_plan_item)::int as planItems,
        (select json_agg(json_build_array(id, cancelled_at) order by id) from invoice) as invoices,
        (select count(*) from outbox_event)::int as events`)
    )[0];

  beforeAll(async () => {
    const env = (service: string, extra: Record<string, string> = {}) =>
      world.env(service, { RPC_TIMEOUT_MS: '3000', ...extra });
    apps.push((await startService(paymentsService, env('payments'))).app);
    accounts = (await startService(patientAccountsService, env('patient-accounts'))).app;
    apps.push(accounts);
    gateway = (
      await startService(
        gatewayService,
        env('gateway', {
          JWT_SECRET: SECRET,
          ADMIN_EMAIL: ADMIN.email,
          ADMIN_PASSWORD: ADMIN.password,
          LOGIN_RATE_LIMIT: '1000',
        }),
      )
    ).app;
    apps.push(gateway);
    admin = await login(ADMIN.email, ADMIN.password);
    mainClinic = await eventually(async () => {
      const res = await http().get('/api/v1/clinics').set(auth(admin));
      expect(res.body.items).toHaveLength(1);
      return res.body.items[0] as Clinic;
    });
    uptown = await createClinic(admin, 'Uptown Dental');
    reception = await createUser(['reception']);
    labManager = await createUser(['lab-manager']);

    // A second organization, as a later sign-up would make it: straight into the gateway's database.
    const orgId = randomUUID();
    await gatewayDb('insert into organization (id, name) values (?, ?)', [orgId, 'Chain Two']);
    await gatewayDb(
      'insert into app_user (id, organization_id, email, name, password_hash, roles) values (?, ?, ?, ?, ?, ?)',
      [randomUUID(), orgId, 'admin@chain-two.example.com', 'Chain Two', await hash('chain-two-password'), '{admin}'],
    );
    other = await login('admin@chain-two.example.com', 'chain-two-password');
    otherClinic = await createClinic(other, 'Chain Two Clinic');

    // The main clinic is learnt from `payments.clinic.created`.
    await eventually(async () => {
      expect(await db('select currency from clinic where id = ?', [mainClinic.id])).toEqual([{ currency: 'EUR' }]);
    });
    // physicians (with their commission) are set up by the books, not the front desk (README "Who may do what")
    physician = await created(
      '/physicians',
      { clinicId: mainClinic.id, name: 'Dr. A', commissionPercent: '30' },
      admin,
    );
    uptownPhysician = await created('/physicians', { clinicId: uptown.id, name: 'Dr. Uptown' }, admin);
    patient = await created('/patients', { clinicId: mainClinic.id, firstName: 'Ali', lastName: 'Yılmaz' });
  });

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await world.cleanup();
  });

  describe('physicians, patients and families', () => {
    it('creates a physician with a commission stored scaled, and lists them', async () => {
      expect(physician).toEqual({
        id: expect.any(String),
        organizationId: mainClinic.organizationId,
        clinicId: mainClinic.id,
        name: 'Dr. A',
        commissionPercent: '30.00',
      });
      expect(await db('select commission_scaled from physician where id = ?', [physician.id])).toEqual([
        { commission_scaled: '300000' },
      ]);
      const list = await http().get('/api/v1/physicians').set(auth(labManager));
      expect(list.status).toBe(200);
      expect((list.body.items as Body[]).map((p) => p.name)).toEqual(['Dr. A', 'Dr. Uptown']);
      const filtered = await http().get(`/api/v1/physicians?clinicId=${uptown.id}`).set(auth(reception));
      expect((filtered.body.items as Body[]).map((p) => p.id)).toEqual([uptownPhysician.id]);
    });

    it('creates, gets and lists patients with the clinic currency', async () => {
      expect(patient).toEqual({
        id: expect.any(String),
        organizationId: mainClinic.organizationId,
        clinicId: mainClinic.id,
        firstName: 'Ali',
        lastName: 'Yılmaz',
        phone: null,
        email: null,
        familyId: null,
        currency: 'EUR',
      });
      const got = await http().get(`/api/v1/patients/${patient.id}`).set(auth(reception));
      expect({ status: got.status, body: got.body }).toEqual({ status: 200, body: patient });
      // a lab manager never sees patients' contact data
      expectError(await http().get(`/api/v1/patients/${patient.id}`).set(auth(labManager)), 403);
      const list = await http().get('/api/v1/patients').set(auth(reception));
      expect((list.body.items as Body[]).map((p) => p.id)).toContain(patient.id);
    });

    it('groups patients of clinics of one organization in a family, and takes them out again', async () => {
      const family = await created('/families', { name: 'Yılmaz family' });
      const sister = await created('/patients', {
        clinicId: uptown.id,
        firstName: 'Ayşe',
        lastName: 'Yılmaz',
        email: 'ayse@example.com',
        familyId: family.id,
      });
      expect(sister.familyId).toBe(family.id);
      const put = await http()
        .put(`/api/v1/patients/${patient.id}/family`)
        .set(auth(reception))
        .send({ familyId: family.id });
      expect({ status: put.status, familyId: put.body.familyId }).toEqual({ status: 200, familyId: family.id });
      const out = await http()
        .put(`/api/v1/patients/${sister.id}/family`)
        .set(auth(reception))
        .send({ familyId: null });
      expect({ status: out.status, familyId: out.body.familyId }).toEqual({ status: 200, familyId: null });
      // another organization's family is not found, and nothing changes
      const foreignFamily = await created('/families', { name: 'Other family' }, other);
      expectError(
        await http()
          .put(`/api/v1/patients/${sister.id}/family`)
          .set(auth(reception))
          .send({ familyId: foreignFamily.id }),
        404,
        'FAMILY.NOT_FOUND',
      );
      expect((await db('select family_id from patient where id = ?', [sister.id]))[0]).toEqual({ family_id: null });
    });

    it('refuses bad input and other organizations, storing nothing', async () => {
      const before = await stored();
      const cases: [string, Body, number, string?][] = [
        ['/physicians', { clinicId: mainClinic.id, name: 'Dr. X', commissionPercent: '101' }, 400],
        ['/physicians', { clinicId: mainClinic.id, name: 'Dr. X', commissionPercent: '-1' }, 400],
        ['/physicians', { clinicId: otherClinic.id, name: 'Dr. X' }, 404, 'CLINIC.NOT_FOUND'],
        ['/patients', { clinicId: mainClinic.id, firstName: ' ', lastName: 'X' }, 400],
        ['/patients', { clinicId: mainClinic.id, firstName: 'A', lastName: 'X', email: 'nope' }, 400],
        ['/patients', { clinicId: randomUUID(), firstName: 'A', lastName: 'X' }, 404],
        ['/patients', { clinicId: mainClinic.id, firstName: 'A', lastName: 'X', familyId: randomUUID() }, 404],
        ['/families', { name: '' }, 400],
        ['/families', { name: 'Yılmaz\u0000' }, 400],
        ['/patients', { clinicId: mainClinic.id, firstName: 'A\u0000', lastName: 'X' }, 400],
        ['/physicians', { clinicId: mainClinic.id, name: 'Dr.\u0000X' }, 400],
      ];
      // physicians are the books' to set up: their cases as an admin, reception's refusal checked on its own
      for (const [path, body, status, code] of cases)
        expectError(await post(path, body, path === '/physicians' ? admin : reception), status, code);
      for (const token of [labManager, reception])
        expectError(await post('/physicians', { clinicId: mainClinic.id, name: 'Dr. X' }, token), 403);
      expectError(await http().get(`/api/v1/patients/${patient.id}`).set(auth(other)), 404, 'PATIENT.NOT_FOUND');
      expectError(await http().get('/api/v1/patients/not-a-uuid').set(auth(reception)), 400);
      const theirs = await http().get('/api/v1/patients').set(auth(other));
      expect(theirs.body.items).toEqual([]);
      expect(await stored()).toEqual(before);
    });
  });

  describe('treatments', () => {
    it('records a treatment with an audit row and a published snapshot', async () => {
      const t = await created(`/patients/${patient.id}/treatments`, treatment());
      expect(t).toEqual({
        id: expect.any(String),
        organizationId: mainClinic.organizationId,
        clinicId: mainClinic.id,
        patientId: patient.id,
        physicianId: physician.id,
        procedure: 'Composite filling',
        tooth: '26',
        date: '2026-11-21',
        amount: '600.00',
        currency: 'EUR',
        copiedFromPlanning: false,
        planItemId: null,
        invoiceId: null,
        invoiceNumber: null,
        deleted: false,
        revision: 1,
      });
      expect(
        await db('select action, user_id is not null as who from treatment_audit where treatment_id = ?', [t.id]),
      ).toEqual([{ action: 'created', who: true }]);
      const events = await eventually(async () => {
        const rows = await db<{ envelope: EventEnvelope<TreatmentSnapshotV1>; published_at: Date | null }>(
          "select envelope, published_at from outbox_event where envelope->'payload'->>'id' = ? order by seq",
          [t.id],
        );
        expect(rows.map((r) => r.published_at !== null)).toEqual([true]);
        return rows.map((r) => r.envelope);
      });
      expect(events[0]).toEqual(
        expect.objectContaining({ type: PatientAccountEvents.treatmentCreated, clinicId: mainClinic.id, payload: t }),
      );
    });

    it('edits a treatment (new revision, audit of what changed) and deletes it', async () => {
      const t = await created(`/patients/${patient.id}/treatments`, treatment({ amount: '100' }));
      expect(t.amount).toBe('100.00');
      const res = await http()
        .patch(`/api/v1/patients/${patient.id}/treatments/${t.id}`)
        .set(auth(reception))
        .send({ reason: 'entry_error', amount: '120.50', tooth: null });
      expect({ status: res.status, body: res.body }).toEqual({
        status: 200,
        body: expect.objectContaining({ amount: '120.50', tooth: null, revision: 2 }),
      });
      expect(
        await db("select before, after from treatment_audit where treatment_id = ? and action = 'updated'", [t.id]),
      ).toEqual([{ before: { amount: '100.00', tooth: '26' }, after: { amount: '120.50', tooth: null } }]);
      const del = await http()
        .delete(`/api/v1/patients/${patient.id}/treatments/${t.id}?reason=entry_error`)
        .set(auth(reception));
      expect({ status: del.status, deleted: del.body.deleted, revision: del.body.revision }).toEqual({
        status: 200,
        deleted: true,
        revision: 3,
      });
      expect(
        (
          await db(
            "select envelope->>'type' as type from outbox_event where envelope->'payload'->>'id' = ? order by seq",
            [t.id],
          )
        ).map((r) => r.type),
      ).toEqual([
        PatientAccountEvents.treatmentCreated,
        PatientAccountEvents.treatmentUpdated,
        PatientAccountEvents.treatmentDeleted,
      ]);
      expectError(
        await http()
          .delete(`/api/v1/patients/${patient.id}/treatments/${t.id}?reason=entry_error`)
          .set(auth(reception)),
        404,
      );
    });

    it.each<[string, () => Body, number]>([
      ['a negative amount', () => treatment({ amount: '-5.00' }), 400],
      ['a zero amount', () => treatment({ amount: '0' }), 400],
      ['a malformed amount', () => treatment({ amount: '12.345' }), 400],
      ['a number for an amount', () => treatment({ amount: 600 }), 400],
      ['an impossible date', () => treatment({ date: '2026-02-30' }), 400],
      ['a date in year 0 (not a PostgreSQL date)', () => treatment({ date: '0000-06-01' }), 400],
      ['a NUL character in the procedure', () => treatment({ procedure: 'Crown\u0000' }), 400],
      ['an empty procedure', () => treatment({ procedure: '' }), 400],
      ['a blank procedure', () => treatment({ procedure: '   ' }), 400],
      ['an unknown physician', () => treatment({ physicianId: randomUUID() }), 404],
      ["another clinic's physician", () => treatment({ physicianId: uptownPhysician.id }), 422],
    ])('refuses %s and stores nothing', async (_name, body, status) => {
      const before = await stored();
      expectError(await post(`/patients/${patient.id}/treatments`, body()), status);
      expect(await stored()).toEqual(before);
    });

    it('may be written by reception, physicians and accountants, not by a lab manager', async () => {
      const before = await stored();
      expectError(await post(`/patients/${patient.id}/treatments`, treatment(), labManager), 403);
      expect(await stored()).toEqual(before);
      const doctor = await createUser(['physician']);
      expect((await post(`/patients/${patient.id}/treatments`, treatment(), doctor)).status).toBe(201);
    });

    it('answers a repeated Idempotency-Key with the first treatment, and 409 for another body', async () => {
      const key = randomUUID();
      const send = (body: Body) =>
        http()
          .post(`/api/v1/patients/${patient.id}/treatments`)
          .set(auth(reception))
          .set('idempotency-key', key)
          .send(body);
      const first = await send(treatment({ amount: '77.00' }));
      const again = await send(treatment({ amount: '77.00' }));
      expect([first.status, again.status, again.body.id]).toEqual([201, 201, first.body.id]);
      expect((await send(treatment({ amount: '78.00' }))).status).toBe(409);
      expect(await db('select count(*)::int as n from treatment where amount_minor = 7700')).toEqual([{ n: 1 }]);
    });

    it('a clinic whose event has not arrived is asked of payments, then remembered', async () => {
      const late = await createClinic(admin, 'Late Clinic');
      await eventually(async () => {
        expect(await db('select id from clinic where id = ?', [late.id])).toHaveLength(1);
      });
      await db('delete from clinic where id = ?', [late.id]); // as if payments.clinic.created were still on its way
      const p = await created('/patients', { clinicId: late.id, firstName: 'Late', lastName: 'Comer' });
      expect(p).toEqual(expect.objectContaining({ clinicId: late.id, currency: 'EUR' }));
      expect(await db('select organization_id, currency from clinic where id = ?', [late.id])).toEqual([
        { organization_id: mainClinic.organizationId, currency: 'EUR' },
      ]);
    });

    it("another organization's patient or treatment is not found", async () => {
      const t = await created(`/patients/${patient.id}/treatments`, treatment());
      const before = await stored();
      expectError(await post(`/patients/${patient.id}/treatments`, treatment(), other), 404, 'PATIENT.NOT_FOUND');
      expectError(
        await http()
          .patch(`/api/v1/patients/${patient.id}/treatments/${t.id}`)
          .set(auth(other))
          .send({ reason: 'entry_error', amount: '1' }),
        404,
      );
      expectError(
        await http().delete(`/api/v1/patients/${patient.id}/treatments/${t.id}?reason=entry_error`).set(auth(other)),
        404,
      );
      const theirPatient = await created(
        '/patients',
        { clinicId: otherClinic.id, firstName: 'B', lastName: 'C' },
        other,
      );
      expectError(
        await http()
          .patch(`/api/v1/patients/${theirPatient.id}/treatments/${t.id}`)
          .set(auth(other))
          .send({ reason: 'entry_error', amount: '1' }),
        404,
        'TREATMENT.NOT_FOUND',
      );
      // only their own patient (and its patient.created event) was stored
      expect(await stored()).toEqual({
        ...before,
        patients: Number(before.patients) + 1,
        events: Number(before.events) + 1,
      });
    });
  });

  describe('treatment plans', () => {
    it('copies plan items to treatments flagged as copied, each item once', async () => {
      const plan = await created(`/patients/${patient.id}/treatment-plans`, {
        items: [
          { physicianId: physician.id, procedure: 'Root canal 36', tooth: '36', amount: '400.00' },
          { procedure: 'Cleaning', amount: '50' },
        ],
      });
      expect(plan).toEqual(expect.objectContaining({ totalAmount: '450.00', currency: 'EUR' }));
      const items = plan.items as Body[];
      expect(items.map((i) => [i.procedure, i.amount, i.treatmentId])).toEqual([
        ['Root canal 36', '400.00', null],
        ['Cleaning', '50.00', null],
      ]);
      const first = await created(`/patients/${patient.id}/treatment-plans/${plan.id}/copy-to-treatments`, {
        itemIds: [items[0].id],
        date: '2026-11-22',
      });
      expect(first).toEqual([
        expect.objectContaining({
          procedure: 'Root canal 36',
          amount: '400.00',
          date: '2026-11-22',
          copiedFromPlanning: true,
          planItemId: items[0].id,
          physicianId: physician.id,
        }),
      ]);
      const before = await stored();
      expectError(
        await post(`/patients/${patient.id}/treatment-plans/${plan.id}/copy-to-treatments`, {
          itemIds: [items[0].id],
          date: '2026-11-22',
        }),
        409,
        'TREATMENT_PLAN.ITEM_ALREADY_COPIED',
      );
      expect(await stored()).toEqual(before);
      // without itemIds: every item not copied yet
      const rest = await created(`/patients/${patient.id}/treatment-plans/${plan.id}/copy-to-treatments`, {
        date: '2026-11-23',
      });
      expect((rest as unknown as Body[]).map((t) => [t.procedure, t.copiedFromPlanning])).toEqual([['Cleaning', true]]);
      expectError(
        await post(`/patients/${patient.id}/treatment-plans/${plan.id}/copy-to-treatments`, { date: '2026-11-23' }),
        409,
      );
    });

    it('refuses bad plans and foreign plans, storing nothing', async () => {
      const before = await stored();
      expectError(await post(`/patients/${patient.id}/treatment-plans`, { items: [] }), 400);
      expectError(
        await post(`/patients/${patient.id}/treatment-plans`, { items: [{ procedure: 'X', amount: '-1' }] }),
        400,
      );
      expectError(
        await post(`/patients/${patient.id}/treatment-plans/${randomUUID()}/copy-to-treatments`, {
          date: '2026-11-22',
        }),
        404,
        'TREATMENT_PLAN.NOT_FOUND',
      );
      expectError(
        await post(`/patients/${patient.id}/treatment-plans`, { items: [{ procedure: 'X', amount: '1' }] }, other),
        404,
      );
      expect(await stored()).toEqual(before);
    });
  });

  describe('invoices', () => {
    it('numbers invoices per organization, locks invoiced treatments until the invoice is cancelled', async () => {
      const p = await created('/patients', { clinicId: mainClinic.id, firstName: 'Can', lastName: 'Öz' });
      const a = await created(`/patients/${p.id}/treatments`, treatment({ amount: '600.00' }));
      const b = await created(`/patients/${p.id}/treatments`, treatment({ amount: '400.00', physicianId: undefined }));
      const inv = await created(`/patients/${p.id}/invoices`, { treatmentIds: [a.id, b.id] });
      expect(inv).toEqual(
        expect.objectContaining({ number: 'INV-000001', totalAmount: '1000.00', currency: 'EUR', cancelled: false }),
      );
      const treatments = await db('select invoice_number from treatment where id in (?, ?)', [a.id, b.id]);
      expect(treatments).toEqual([{ invoice_number: 'INV-000001' }, { invoice_number: 'INV-000001' }]);

      const before = await stored();
      expectError(
        await http()
          .patch(`/api/v1/patients/${p.id}/treatments/${a.id}`)
          .set(auth(reception))
          .send({ reason: 'entry_error', amount: '1.00' }),
        409,
        'TREATMENT.INVOICED',
      );
      expectError(
        await http().delete(`/api/v1/patients/${p.id}/treatments/${a.id}?reason=entry_error`).set(auth(reception)),
        409,
        'TREATMENT.INVOICED',
      );
      expectError(await post(`/patients/${p.id}/invoices`, { treatmentIds: [a.id] }), 409, 'TREATMENT.INVOICED');
      expectError(await post(`/patients/${patient.id}/invoices`, { treatmentIds: [b.id] }), 404, 'TREATMENT.NOT_FOUND');
      expectError(await post(`/patients/${p.id}/invoices`, { treatmentIds: [a.id] }, other), 404);
      expectError(
        await http().delete(`/api/v1/patients/${p.id}/invoices/${inv.id}?reason=entry_error`).set(auth(other)),
        404,
      );
      expect(await stored()).toEqual(before);

      const cancel = await http()
        .delete(`/api/v1/patients/${p.id}/invoices/${inv.id}?reason=entry_error`)
        .set(auth(reception));
      expect({ status: cancel.status, cancelled: cancel.body.cancelled }).toEqual({ status: 200, cancelled: true });
      const edit = await http()
        .patch(`/api/v1/patients/${p.id}/treatments/${a.id}`)
        .set(auth(reception))
        .send({ reason: 'entry_error', amount: '650.00' });
      expect({ status: edit.status, invoiceId: edit.body.invoiceId, amount: edit.body.amount }).toEqual({
        status: 200,
        invoiceId: null,
        amount: '650.00',
      });
      const next = await created(`/patients/${p.id}/invoices`, { treatmentIds: [a.id] });
      expect(next).toEqual(expect.objectContaining({ number: 'INV-000002', totalAmount: '650.00' }));
      const del = await http()
        .delete(`/api/v1/patients/${p.id}/invoices/${next.id}?reason=entry_error`)
        .set(auth(reception));
      expect(del.status).toBe(200);
      const gone = await http()
        .delete(`/api/v1/patients/${p.id}/treatments/${a.id}?reason=entry_error`)
        .set(auth(reception));
      expect(gone.status).toBe(200);

      // another organization counts from INV-000001
      const theirPatient = await created(
        '/patients',
        { clinicId: otherClinic.id, firstName: 'D', lastName: 'E' },
        other,
      );
      const theirs = await created(
        `/patients/${theirPatient.id}/treatments`,
        treatment({ physicianId: undefined }),
        other,
      );
      const theirInvoice = await created(`/patients/${theirPatient.id}/invoices`, { treatmentIds: [theirs.id] }, other);
      expect(theirInvoice.number).toBe('INV-000001');
    });
  });

  describe('listing patients', () => {
    // Last names differ in their first letter, so the expected order holds under any collation.
    const lastNames = ['Akşit', 'Demir', 'Kaya', 'Yılmaz'];
    let chain: Clinic;
    let family: Body;
    let expected: string[];
    let ids: string[];
    const list = (query: Record<string, string | number>, token = reception) =>
      http().get('/api/v1/patients').query(query).set(auth(token));
    const idsOf = (res: request.Response) => (res.body.items as Body[]).map((p) => p.id);

    beforeAll(async () => {
      chain = await createClinic(admin, 'Chain Search Clinic');
      family = await created('/families', { name: 'Search family' });
      ids = [];
      for (let i = 0; i < 120; i++) {
        const n = String(i).padStart(3, '0');
        const p = await created('/patients', {
          clinicId: chain.id,
          firstName: `Hasta${n}`,
          lastName: lastNames[i % 4],
          phone: `+90 532 000 0${n}`,
          email: `p${n}@clinic.example`,
          ...(i < 3 ? { familyId: family.id } : {}),
        });
        ids.push(p.id as string);
      }
      // by last name, then first name (Hasta000..Hasta119 sort the same as their numbers)
      expected = ids
        .map((id, i) => ({ id, i }))
        .sort((a, b) => (a.i % 4) - (b.i % 4) || a.i - b.i)
        .map((x) => x.id);
    });

    it('answers pages of 50 by default, ordered by last name, first name, id', async () => {
      const first = await list({ clinicId: chain.id });
      expect({
        status: first.status,
        total: first.body.total,
        page: first.body.page,
        size: first.body.pageSize,
      }).toEqual({ status: 200, total: 120, page: 1, size: 50 });
      expect(first.body.items[0]).toEqual(
        expect.objectContaining({ id: expected[0], firstName: 'Hasta000', lastName: 'Akşit', currency: 'EUR' }),
      );
      const second = await list({ clinicId: chain.id, page: 2 });
      const third = await list({ clinicId: chain.id, page: 3, pageSize: 50 });
      expect(idsOf(third)).toHaveLength(20);
      expect([...idsOf(first), ...idsOf(second), ...idsOf(third)]).toEqual(expected);
      const all = await list({ clinicId: chain.id, pageSize: 500 });
      expect({ total: all.body.total, pageSize: all.body.pageSize, ids: idsOf(all) }).toEqual({
        total: 120,
        pageSize: 500,
        ids: expected,
      });
      const past = await list({ clinicId: chain.id, page: 4 });
      expect({ status: past.status, items: past.body.items, total: past.body.total }).toEqual({
        status: 200,
        items: [],
        total: 120,
      });
      const family3 = await list({ clinicId: chain.id, familyId: family.id as string });
      expect(idsOf(family3).sort()).toEqual(ids.slice(0, 3).sort());
    });

    it('finds patients by name, phone or e-mail, ignoring case and accents', async () => {
      const yilmaz = ids.filter((_, i) => i % 4 === 3);
      for (const q of ['yilmaz', 'YILMAZ', 'Yılmaz', 'yılmaz']) {
        const res = await list({ clinicId: chain.id, q, pageSize: 500 });
        expect({ q, total: res.body.total, ids: idsOf(res).sort() }).toEqual({ q, total: 30, ids: [...yilmaz].sort() });
      }
      const aksit = await list({ clinicId: chain.id, q: 'AKSIT', pageSize: 10, page: 2 });
      expect({ total: aksit.body.total, ids: idsOf(aksit) }).toEqual({
        total: 30,
        ids: expected.filter((id) => ids.indexOf(id) % 4 === 0).slice(10, 20),
      });
      const found = async (q: string) => idsOf(await list({ clinicId: chain.id, q, pageSize: 500 }));
      expect(await found('hasta007 yilmaz')).toEqual([ids[7]]); // every word must match
      expect(await found('yilmaz hasta007')).toEqual([ids[7]]);
      expect(await found('hasta007 kaya')).toEqual([]);
      expect(await found('5320000042')).toEqual([ids[42]]); // the phone without spaces
      expect(await found('000 0042')).toEqual([ids[42]]); // the phone as written
      expect(await found('P042@Clinic.example')).toEqual([ids[42]]);
      expect(await found('%')).toEqual([]); // LIKE wildcards are plain characters
      expect(await found('hasta_07')).toEqual([]);
      expect(await found('   ')).toHaveLength(120); // only spaces: no filter
    });

    it("never lists another organization's patients, nor a clinic the caller may not see", async () => {
      const theirs = await created(
        '/patients',
        { clinicId: otherClinic.id, firstName: 'Hasta007', lastName: 'Yılmaz' },
        other,
      );
      const mine = await list({ q: 'hasta007 yilmaz', pageSize: 500 }, admin);
      expect(idsOf(mine)).toEqual([ids[7]]);
      // another organization's clinic as a filter: the 404 every route answers, nothing of it listed
      expectError(await list({ clinicId: chain.id }, other), 404, 'TENANT.CLINIC_NOT_FOUND');
      expect(idsOf(await list({ q: 'hasta007' }, other))).toEqual([theirs.id]);
    });

    it('refuses a bad page, pageSize or filter with 400 naming the field', async () => {
      const cases: [Record<string, string>, string][] = [
        [{ page: '0' }, 'page'],
        [{ page: 'two' }, 'page'],
        [{ page: '1.5' }, 'page'],
        [{ pageSize: '0' }, 'pageSize'],
        [{ pageSize: '501' }, 'pageSize'],
        [{ pageSize: 'many' }, 'pageSize'],
        [{ clinicId: 'not-a-uuid' }, 'clinicId'],
        [{ familyId: 'not-a-uuid' }, 'familyId'],
        [{ q: 'x'.repeat(101) }, 'q'],
        [{ q: 'a\u0000b' }, 'q'],
      ];
      for (const [query, field] of cases) {
        const res = await list(query);
        expectError(res, 400, 'REQUEST.VALIDATION');
        expect({ query, fields: (res.body.details as { field: string }[]).map((d) => d.field) }).toEqual({
          query,
          fields: [field],
        });
      }
    });
  });
});
