// Labs and work orders through the gateway's public API, against real PostgreSQL and NATS: payments (clinics and
// work-order payments), work-orders and the gateway run in this process, each on its own database; nothing is mocked.
import { EventEnvelope, LabSnapshotV1, WorkOrderEvents, WorkOrderSnapshotV1 } from '@dental/contracts';
import { startService } from '@dental/platform';
import { eventually, testNats, TestWorld } from '@dental/testing';
import { MikroORM } from '@mikro-orm/core';
import { INestApplication } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { NatsConnection } from 'nats';
import { randomBytes, randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import request from 'supertest';
// The gateway and payments are the services these routes need; importing their definitions is test wiring.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { gatewayService } from '../../gateway/src/gateway.definition';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { paymentsService } from '../../payments/src/payments.definition';
import { workOrdersService } from '../src/work-orders.definition';

jest.setTimeout(60_000);

const SECRET = randomBytes(32).toString('hex');
const ADMIN = { email: 'admin@example.com', password: 'first-admin-password' };
const PASSWORD = 'user-password-1';

interface Clinic {
  id: string;
  organizationId: string;
  currency: string;
}

type Body = Record<string, unknown>;

/** The error body of API.md: `{ statusCode, error, message, code, details? }`. */
function expectError(res: request.Response, status: number, code?: string): void {
  expect({ status: res.status, body: res.body }).toEqual({
    status,
    body: expect.objectContaining({
      statusCode: status,
      error: STATUS_CODES[status],
      message: expect.stringMatching(/\S/),
      code: code ?? expect.stringMatching(/^[A-Z_]+\.[A-Z_]+$/),
    }),
  });
}

/** The fields a 400 names in its details. */
function fieldsOf(res: request.Response): string[] {
  expect(Array.isArray(res.body.details)).toBe(true);
  return (res.body.details as { field: string }[]).map((d) => d.field);
}

describe('work orders (integration, through the gateway)', () => {
  const world = new TestWorld();
  const apps: INestApplication[] = [];
  let gateway: INestApplication;
  let workOrders: INestApplication;
  let nc: NatsConnection;
  let admin: string;
  let labManager: string;
  let reception: string;
  let mainClinic: Clinic;
  let uptown: Clinic;
  let smileLab: Body;

  const http = () => request(gateway.getHttpServer());
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  /** SQL on the work-orders database. */
  const db = async <T = Body>(sql: string, params: unknown[] = []): Promise<T[]> =>
    (await workOrders.get(MikroORM).em.fork().getConnection().execute(sql, params)) as T[];
  const gatewayDb = (sql: string, params: unknown[] = []) =>
    gateway.get(MikroORM).em.fork().getConnection().execute(sql, params);

  async function login(email: string, password: string): Promise<string> {
    const res = await http().post('/api/v1/auth/login').send({ email, password });
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  }

  async function createUser(roles: string[], clinicIds?: string[]): Promise<string> {
    const email = `${roles.join('-')}-${randomBytes(3).toString('hex')}@example.com`;
    const res = await http()
      .post('/api/v1/users')
      .set(auth(admin))
      .send({ email, name: email, password: PASSWORD, roles, clinicIds });
    expect(res.status).toBe(201);
    return login(email, PASSWORD);
  }

  async function createClinic(token: string, name: string, currency = 'EUR'): Promise<Clinic> {
    const res = await http().post('/api/v1/clinics').set(auth(token)).send({ name, currency });
    expect(res.status).toBe(201);
    return res.body as Clinic;
  }

  /** Waits until work-orders has learnt the clinic from `payments.clinic.created`. */
  async function known(clinic: Clinic): Promise<void> {
    await eventually(async () => {
      expect(await db('select id, organization_id, currency from clinic where id = ?', [clinic.id])).toEqual([
        { id: clinic.id, organization_id: clinic.organizationId, currency: clinic.currency },
      ]);
    });
  }

  async function createLab(token: string, name: string): Promise<Body> {
    const res = await http()
      .post('/api/v1/labs')
      .set(auth(token))
      .send({ name, email: `${name.replace(/\W/g, '').toLowerCase()}@labs.example.com` });
    expect(res.status).toBe(201);
    return res.body as Body;
  }

  const order = (over: Body = {}, plan: Body = {}): Body => ({
    clinicId: mainClinic.id,
    labId: smileLab.id,
    description: 'Zirconia crown 26',
    documentedDate: '2026-11-21',
    ...over,
    paymentPlan: { totalAmount: '1000.00', paymentMethod: 'bank_transfer', dueDate: '2026-12-21', ...plan },
  });

  const post = (body: Body, token = labManager, key?: string) => {
    const req = http().post('/api/v1/work-orders').set(auth(token));
    return (key ? req.set('idempotency-key', key) : req).send(body);
  };

  /** Everything a failed create must leave untouched in the work-orders database. */
  const stored = async () =>
    (
      await db(`select
        (select count(*) from work_order)::int as orders,
        (select count(*) from work_order_installment)::int as installments,
        (select count(*) from work_order_audit)::int as audit,
        (select count(*) from outbox_event)::int as events,
        (select count(*) from clinic)::int as clinics,
        (select coalesce(json_agg(json_build_array(organization_id, last_number) order by organization_id), '[]') from work_order_counter) as counters`)
    )[0];

  /** The outbox rows of one aggregate, oldest first, once the relay published them. */
  async function publishedEvents<P>(entityId: string): Promise<EventEnvelope<P>[]> {
    return eventually(async () => {
      const rows = await db<{ envelope: EventEnvelope<P>; published_at: Date | null }>(
        "select envelope, published_at from outbox_event where envelope->'payload'->>'id' = ? order by seq",
        [entityId],
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((r) => r.published_at === null)).toEqual([]);
      return rows.map((r) => r.envelope);
    });
  }

  beforeAll(async () => {
    const env = (service: string, extra: Record<string, string> = {}) =>
      world.env(service, { RPC_TIMEOUT_MS: '3000', ...extra });
    apps.push((await startService(paymentsService, env('payments'))).app);
    workOrders = (await startService(workOrdersService, env('work-orders'))).app;
    apps.push(workOrders);
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
    nc = await testNats();
    admin = await login(ADMIN.email, ADMIN.password);
    mainClinic = await eventually(async () => {
      const res = await http().get('/api/v1/clinics').set(auth(admin));
      expect(res.body.items).toHaveLength(1);
      return res.body.items[0] as Clinic;
    });
    uptown = await createClinic(admin, 'Uptown Dental');
    labManager = await createUser(['lab-manager']);
    reception = await createUser(['reception']);
    await known(mainClinic);
    smileLab = await createLab(labManager, 'Smile Lab');
  });

  afterAll(async () => {
    await nc?.close();
    for (const app of apps.reverse()) await app.close();
    await world.cleanup();
  });

  describe('labs', () => {
    it('creates a lab in the organization and publishes its snapshot', async () => {
      const res = await http()
        .post('/api/v1/labs')
        .set(auth(labManager))
        .send({ name: 'Bright Lab', phone: '+90 212 000 00 00' });
      expect({ status: res.status, body: res.body }).toEqual({
        status: 201,
        body: {
          id: expect.any(String),
          organizationId: mainClinic.organizationId,
          name: 'Bright Lab',
          email: null,
          phone: '+90 212 000 00 00',
          active: true,
        },
      });
      const get = await http().get(`/api/v1/labs/${res.body.id}`).set(auth(reception));
      expect({ status: get.status, body: get.body }).toEqual({ status: 200, body: res.body });
      const [event] = await publishedEvents<LabSnapshotV1>(res.body.id);
      expect(event).toEqual(
        expect.objectContaining({
          type: WorkOrderEvents.labCreated,
          organizationId: mainClinic.organizationId,
          clinicId: null,
          payload: { ...res.body, revision: 1 },
        }),
      );
    });

    it('updates name, e-mail, phone and active; each change is a new revision', async () => {
      const lab = await createLab(labManager, 'Ceramic Lab');
      const patch = (body: Body) => http().patch(`/api/v1/labs/${lab.id}`).set(auth(labManager)).send(body);
      const renamed = await patch({ name: 'Ceramic Lab Istanbul', email: null });
      expect({ status: renamed.status, body: renamed.body }).toEqual({
        status: 200,
        body: { ...lab, name: 'Ceramic Lab Istanbul', email: null },
      });
      const inactive = await patch({ active: false, phone: '123' });
      expect(inactive.body).toEqual({ ...lab, name: 'Ceramic Lab Istanbul', email: null, phone: '123', active: false });
      // the same values again: nothing changes, no new revision
      expect((await patch({ active: false })).status).toBe(200);
      const events = await publishedEvents<LabSnapshotV1>(lab.id as string);
      expect(events.map((e) => [e.type, e.payload.revision, e.payload.active])).toEqual([
        [WorkOrderEvents.labCreated, 1, true],
        [WorkOrderEvents.labUpdated, 2, true],
        [WorkOrderEvents.labUpdated, 3, false],
      ]);
    });

    it('lists active and inactive labs; ?active filters', async () => {
      const lab = await createLab(labManager, 'Retired Lab');
      expect((await http().patch(`/api/v1/labs/${lab.id}`).set(auth(labManager)).send({ active: false })).status).toBe(
        200,
      );
      const names = async (query: string) => {
        const res = await http().get(`/api/v1/labs${query}`).set(auth(reception));
        expect(res.status).toBe(200);
        expect(res.body.total).toBe(res.body.items.length);
        return (res.body.items as Body[]).map((l) => l.name);
      };
      expect(await names('')).toEqual(expect.arrayContaining(['Retired Lab', 'Smile Lab']));
      expect(await names('?active=true')).toContain('Smile Lab');
      expect(await names('?active=true')).not.toContain('Retired Lab');
      expect(await names('?active=false')).toContain('Retired Lab');
      expect(await names('?active=false')).not.toContain('Smile Lab');
      const bad = await http().get('/api/v1/labs?active=maybe').set(auth(reception));
      expectError(bad, 400, 'REQUEST.VALIDATION');
      expect(fieldsOf(bad)).toEqual(['active']);
    });

    it('a second lab with the same name is a 409; a blank name a 400', async () => {
      expectError(
        await http().post('/api/v1/labs').set(auth(labManager)).send({ name: 'smile lab' }),
        409,
        'LAB.NAME_TAKEN',
      );
      const blank = await http().post('/api/v1/labs').set(auth(labManager)).send({ name: '   ' });
      expectError(blank, 400, 'REQUEST.VALIDATION');
      expect(fieldsOf(blank)).toEqual(['name']);
      for (const field of ['name', 'active']) {
        const nulled = await http()
          .patch(`/api/v1/labs/${smileLab.id}`)
          .set(auth(labManager))
          .send({ [field]: null });
        expectError(nulled, 400, 'REQUEST.VALIDATION');
        expect(fieldsOf(nulled)).toEqual([field]);
      }
      expect((await http().get(`/api/v1/labs/${smileLab.id}`).set(auth(labManager))).body).toEqual(smileLab);
    });

    it('reception may read labs but not write them; unknown ids are 404, malformed ones 400', async () => {
      expectError(
        await http().post('/api/v1/labs').set(auth(reception)).send({ name: 'Not Allowed Lab' }),
        403,
        'AUTH.FORBIDDEN',
      );
      expectError(
        await http().patch(`/api/v1/labs/${smileLab.id}`).set(auth(reception)).send({ active: false }),
        403,
        'AUTH.FORBIDDEN',
      );
      expectError(await http().get(`/api/v1/labs/${randomUUID()}`).set(auth(reception)), 404, 'LAB.NOT_FOUND');
      expectError(await http().get('/api/v1/labs/not-a-uuid').set(auth(reception)), 400);
      expect((await http().get(`/api/v1/labs/${smileLab.id}`).set(auth(reception))).body.active).toBe(true);
    });
  });

  describe('creating work orders', () => {
    let first: Body;

    it('with one due date: WO-000001, draft, one installment of the total in the clinic currency', async () => {
      // without a patient (its patientId must be a patient of the clinic: work-order-patient.int-spec.ts)
      const res = await post(order({}, { totalAmount: '1000' }));
      expect(res.status).toBe(201);
      first = res.body;
      expect(first).toEqual({
        id: expect.any(String),
        organizationId: mainClinic.organizationId,
        clinicId: mainClinic.id,
        labId: smileLab.id,
        patientId: null,
        number: 'WO-000001',
        description: 'Zirconia crown 26',
        documentedDate: '2026-11-21',
        status: 'draft',
        currency: 'EUR',
        paymentPlan: {
          totalAmount: '1000.00',
          paymentMethod: 'bank_transfer',
          installments: [{ number: 1, dueDate: '2026-12-21', amount: '1000.00' }],
        },
        revision: 1,
        createdAt: expect.any(String),
      });
      const [event] = await publishedEvents<WorkOrderSnapshotV1>(first.id as string);
      expect(event).toEqual(
        expect.objectContaining({
          type: WorkOrderEvents.workOrderCreated,
          organizationId: mainClinic.organizationId,
          clinicId: mainClinic.id,
          payload: first,
        }),
      );
    });

    it('with installments: WO-000002, numbered by due date', async () => {
      const res = await post(
        order(
          { labId: smileLab.id, description: 'Bridge 34-36' },
          {
            totalAmount: '1250.50',
            paymentMethod: 'card',
            dueDate: undefined,
            installments: [
              { dueDate: '2027-01-15', amount: '625.25' },
              { dueDate: '2026-12-15', amount: '625.25' },
            ],
          },
        ),
      );
      expect(res.status).toBe(201);
      expect(res.body).toEqual(
        expect.objectContaining({
          number: 'WO-000002',
          patientId: null,
          paymentPlan: {
            totalAmount: '1250.50',
            paymentMethod: 'card',
            installments: [
              { number: 1, dueDate: '2026-12-15', amount: '625.25' },
              { number: 2, dueDate: '2027-01-15', amount: '625.25' },
            ],
          },
        }),
      );
      const get = await http().get(`/api/v1/work-orders/${first.id}`).set(auth(reception));
      expect(get.status).toBe(200);
      expect(get.body.number).toBe('WO-000001');
    });

    it('another organization counts from WO-000001, and sees nothing of the first', async () => {
      // A second organization, as a later sign-up would make it: straight into the gateway's database.
      const orgId = randomUUID();
      await gatewayDb('insert into organization (id, name) values (?, ?)', [orgId, 'Chain Two']);
      await gatewayDb(
        'insert into app_user (id, organization_id, email, name, password_hash, roles) values (?, ?, ?, ?, ?, ?)',
        [
          randomUUID(),
          orgId,
          'admin@chain-two.example.com',
          'Chain Two Admin',
          await hash('chain-two-password'),
          '{admin}',
        ],
      );
      const other = await login('admin@chain-two.example.com', 'chain-two-password');
      const clinic = await createClinic(other, 'Chain Two Clinic');
      const lab = await createLab(other, 'Smile Lab'); // the same name is fine in another organization
      const res = await post(order({ clinicId: clinic.id, labId: lab.id }), other);
      expect(res.status).toBe(201);
      expect(res.body).toEqual(
        expect.objectContaining({ number: 'WO-000001', organizationId: orgId, clinicId: clinic.id }),
      );

      expectError(await http().get(`/api/v1/work-orders/${first.id}`).set(auth(other)), 404, 'WORK_ORDER.NOT_FOUND');
      expectError(
        await http().patch(`/api/v1/work-orders/${first.id}`).set(auth(other)).send({ status: 'cancelled' }),
        404,
        'WORK_ORDER.NOT_FOUND',
      );
      expectError(await http().get(`/api/v1/labs/${smileLab.id}`).set(auth(other)), 404, 'LAB.NOT_FOUND');
      const list = await http().get('/api/v1/work-orders').set(auth(other));
      expect((list.body.items as Body[]).map((w) => w.id)).toEqual([res.body.id]);
      const labs = await http().get('/api/v1/labs').set(auth(other));
      expect((labs.body.items as Body[]).map((l) => l.id)).toEqual([lab.id]);
      // and the first organization keeps counting on its own
      const next = await post(order());
      expect(next.body.number).toBe('WO-000003');
    });

    it('a clinic whose event has not arrived is asked of payments, then remembered', async () => {
      const late = await createClinic(admin, 'Late Clinic');
      await known(late);
      await db('delete from clinic where id = ?', [late.id]); // as if payments.clinic.created were still on its way
      const res = await post(order({ clinicId: late.id }));
      expect(res.status).toBe(201);
      expect(res.body).toEqual(expect.objectContaining({ clinicId: late.id, currency: 'EUR' }));
      expect(await db('select organization_id, currency from clinic where id = ?', [late.id])).toEqual([
        { organization_id: mainClinic.organizationId, currency: 'EUR' },
      ]);
    });
  });

  describe('a bad work order is a clear 4xx and stores nothing', () => {
    let otherOrgLab: string;
    let otherOrgClinic: string;
    let inactiveLab: string;
    let yenClinic: string;
    let uptownOnly: string;

    beforeAll(async () => {
      const [row] = await db<{ lab: string; clinic: string }>(
        'select l.id as lab, c.id as clinic from lab l, clinic c where l.organization_id <> ? and c.organization_id <> ? limit 1',
        [mainClinic.organizationId, mainClinic.organizationId],
      );
      if (!row) throw new Error('the other organization is made by the test above');
      otherOrgLab = row.lab;
      otherOrgClinic = row.clinic;
      inactiveLab = (await createLab(labManager, 'Sleeping Lab')).id as string;
      expect(
        (await http().patch(`/api/v1/labs/${inactiveLab}`).set(auth(labManager)).send({ active: false })).status,
      ).toBe(200);
      const yen = await createClinic(admin, 'Tokyo Dental', 'JPY');
      await known(yen);
      yenClinic = yen.id;
      await known(uptown);
      uptownOnly = await createUser(['lab-manager'], [uptown.id]);
      // the relay has caught up, so the outbox only changes if a case below adds to it
      await eventually(async () =>
        expect(await db('select id from outbox_event where published_at is null')).toEqual([]),
      );
    });

    const installments = {
      dueDate: undefined,
      installments: [
        { dueDate: '2026-12-01', amount: '600.00' },
        { dueDate: '2027-01-01', amount: '300.00' },
      ],
    };
    const cases: [string, () => Body, number, string, string[] | undefined][] = [
      [
        'installments that do not sum to the total',
        () => order({}, installments),
        422,
        'WORK_ORDER.INSTALLMENTS_MISMATCH',
        undefined,
      ],
      [
        'a documented date that does not exist (2026-02-30)',
        () => order({ documentedDate: '2026-02-30' }),
        400,
        'REQUEST.VALIDATION',
        ['documentedDate'],
      ],
      [
        'a due date that does not exist (2026-02-30)',
        () => order({}, { dueDate: '2026-02-30' }),
        400,
        'REQUEST.VALIDATION',
        ['paymentPlan.dueDate'],
      ],
      [
        'a negative total',
        () => order({}, { totalAmount: '-1000.00' }),
        400,
        'REQUEST.VALIDATION',
        ['paymentPlan.totalAmount'],
      ],
      [
        'a zero total',
        () => order({}, { totalAmount: '0.00' }),
        400,
        'REQUEST.VALIDATION',
        ['paymentPlan.totalAmount'],
      ],
      ['"12.345"', () => order({}, { totalAmount: '12.345' }), 400, 'REQUEST.VALIDATION', ['paymentPlan.totalAmount']],
      ['"1e3"', () => order({}, { totalAmount: '1e3' }), 400, 'REQUEST.VALIDATION', ['paymentPlan.totalAmount']],
      ['""', () => order({}, { totalAmount: '' }), 400, 'REQUEST.VALIDATION', ['paymentPlan.totalAmount']],
      [
        'a number instead of a string',
        () => order({}, { totalAmount: 1000 }),
        400,
        'REQUEST.VALIDATION',
        ['paymentPlan.totalAmount'],
      ],
      [
        'a zero installment',
        () =>
          order(
            {},
            {
              dueDate: undefined,
              installments: [
                { dueDate: '2026-12-01', amount: '1000.00' },
                { dueDate: '2027-01-01', amount: '0' },
              ],
            },
          ),
        400,
        'REQUEST.VALIDATION',
        ['paymentPlan.installments.1.amount'],
      ],
      [
        'both a due date and installments',
        () => order({}, { installments: [{ dueDate: '2026-12-01', amount: '1000.00' }] }),
        400,
        'REQUEST.VALIDATION',
        ['paymentPlan.dueDate', 'paymentPlan.installments'],
      ],
      [
        'neither a due date nor installments',
        () => order({}, { dueDate: undefined }),
        400,
        'REQUEST.VALIDATION',
        ['paymentPlan.dueDate', 'paymentPlan.installments'],
      ],
      [
        'yen with decimals',
        () => order({ clinicId: yenClinic }, { totalAmount: '1000.50' }),
        400,
        'REQUEST.VALIDATION',
        ['paymentPlan.totalAmount'],
      ],
      [
        'an unknown payment method',
        () => order({}, { paymentMethod: 'barter' }),
        400,
        'REQUEST.VALIDATION',
        ['paymentPlan.paymentMethod'],
      ],
      ['an unknown lab', () => order({ labId: randomUUID() }), 404, 'LAB.NOT_FOUND', undefined],
      ["another organization's lab", () => order({ labId: otherOrgLab }), 404, 'LAB.NOT_FOUND', undefined],
      ['an inactive lab', () => order({ labId: inactiveLab }), 422, 'WORK_ORDER.LAB_INACTIVE', undefined],
      ['an unknown clinic', () => order({ clinicId: randomUUID() }), 404, 'CLINIC.NOT_FOUND', undefined],
      ["another organization's clinic", () => order({ clinicId: otherOrgClinic }), 404, 'CLINIC.NOT_FOUND', undefined],
      ['a malformed clinic id', () => order({ clinicId: 'clinic-1' }), 400, 'REQUEST.VALIDATION', ['clinicId']],
    ];

    it.each(cases)('%s', async (_, body, status, code, fields) => {
      const before = await stored();
      const res = await post(body());
      expectError(res, status, code);
      if (fields) expect(fieldsOf(res).sort()).toEqual([...fields].sort());
      if (fields) for (const f of fields) expect(res.body.message).toContain(f);
      expect(await stored()).toEqual(before);
    });

    it('the mismatch names expected, actual and the difference', async () => {
      const res = await post(order({}, installments));
      expectError(res, 422, 'WORK_ORDER.INSTALLMENTS_MISMATCH');
      expect(res.body.details).toEqual({ expected: '1000.00', actual: '900.00', difference: '100.00' });
    });

    it('a clinic the user may not see is a 404, one they may see works', async () => {
      const before = await stored();
      expectError(await post(order(), uptownOnly), 404, 'CLINIC.NOT_FOUND');
      expect(await stored()).toEqual(before);
      const ok = await post(order({ clinicId: uptown.id }), uptownOnly);
      expect(ok.status).toBe(201);
      expect((await stored()).orders).toBe((before.orders as number) + 1);
    });

    it('reception may not create work orders', async () => {
      const before = await stored();
      expectError(await post(order(), reception), 403, 'AUTH.FORBIDDEN');
      expect(await stored()).toEqual(before);
    });
  });

  describe('Idempotency-Key', () => {
    it('the same key and body answer the same work order; another body is a 409', async () => {
      const key = randomUUID();
      const body = order({ description: 'Idempotent crown' });
      const firstTry = await post(body, labManager, key);
      expect(firstTry.status).toBe(201);
      const before = await stored();
      const replay = await post(body, labManager, key);
      expect({ status: replay.status, body: replay.body }).toEqual({ status: 201, body: firstTry.body });
      expect(replay.headers['idempotent-replay']).toBe('true');
      expectError(
        await post({ ...body, description: 'Another crown' }, labManager, key),
        409,
        'IDEMPOTENCY.KEY_REUSED',
      );
      expect(await stored()).toEqual(before);
      const list = await http().get('/api/v1/work-orders?pageSize=500').set(auth(admin));
      expect((list.body.items as Body[]).filter((w) => w.description === 'Idempotent crown')).toHaveLength(1);
    });
  });

  describe('changing a work order', () => {
    let wo: Body;

    beforeAll(async () => {
      wo = (await post(order({ description: 'Veneers 11-21' }))).body;
    });

    const patch = (body: Body, token = labManager, id = wo.id) =>
      http().patch(`/api/v1/work-orders/${id}`).set(auth(token)).send(body);

    it('PATCH status and description: a new revision, an audit entry and an event', async () => {
      const res = await patch({ status: 'sent', description: 'Veneers 11-21, shade A2' });
      expect({ status: res.status, body: res.body }).toEqual({
        status: 200,
        body: { ...wo, status: 'sent', description: 'Veneers 11-21, shade A2', revision: 2 },
      });
      const events = await publishedEvents<WorkOrderSnapshotV1>(wo.id as string);
      expect(events.map((e) => [e.type, e.payload.revision, e.payload.status])).toEqual([
        [WorkOrderEvents.workOrderCreated, 1, 'draft'],
        [WorkOrderEvents.workOrderUpdated, 2, 'sent'],
      ]);
      expect(events[1].payload).toEqual(res.body);
      // the event reached JetStream: the WORK_ORDERS stream holds it under its id
      const jsm = await nc.jetstreamManager();
      const stored = await jsm.streams.getMessage(`${world.busPrefix.toUpperCase()}_WORK_ORDERS`, {
        last_by_subj: `${world.busPrefix}.${WorkOrderEvents.workOrderUpdated}`,
      });
      expect(stored.json<EventEnvelope>()).toEqual(events[1]);
    });

    it('a cancelled work order can be re-opened; every step is audited', async () => {
      expect((await patch({ status: 'cancelled' })).body.status).toBe('cancelled');
      const reopened = await patch({ status: 'in_progress' });
      expect(reopened.body).toEqual(expect.objectContaining({ status: 'in_progress', revision: 4 }));
      const same = await patch({ status: 'in_progress' });
      expect(same.body.revision).toBe(4); // nothing changed: no revision, no audit entry
      const [row] = await db<{ audit: Body[] }>(
        "select json_agg(json_build_object('action', action, 'before', before, 'after', after) order by created_at) as audit from work_order_audit where work_order_id = ?",
        [wo.id],
      );
      expect(row.audit).toEqual([
        expect.objectContaining({ action: 'created', before: null }),
        {
          action: 'updated',
          before: { status: 'draft', description: 'Veneers 11-21' },
          after: { status: 'sent', description: 'Veneers 11-21, shade A2' },
        },
        { action: 'updated', before: { status: 'sent' }, after: { status: 'cancelled' } },
        { action: 'updated', before: { status: 'cancelled' }, after: { status: 'in_progress' } },
      ]);
    });

    it('bad changes are 400, 403 or 404 and change nothing', async () => {
      const before = await stored();
      const badStatus = await patch({ status: 'lost' });
      expectError(badStatus, 400, 'REQUEST.VALIDATION');
      expect(fieldsOf(badStatus)).toEqual(['status']);
      expect(fieldsOf(await patch({ description: '' }))).toEqual(['description']);
      expect(fieldsOf(await patch({ totalAmount: '5.00' }))).toEqual(['totalAmount']);
      expect(fieldsOf(await patch({ status: null, description: null }))).toEqual(['status', 'description']);
      expectError(await patch({ status: 'sent' }, reception), 403, 'AUTH.FORBIDDEN');
      expectError(await patch({ status: 'sent' }, labManager, randomUUID()), 404, 'WORK_ORDER.NOT_FOUND');
      expectError(await patch({ status: 'sent' }, labManager, 'WO-000001'), 400);
      expect(await stored()).toEqual(before);
    });
  });

  describe('listing work orders', () => {
    it('pages newest first and filters by clinic, lab and status', async () => {
      const all = await http().get('/api/v1/work-orders?pageSize=500').set(auth(reception));
      expect(all.status).toBe(200);
      const [{ n }] = await db<{ n: number }>('select count(*)::int as n from work_order where organization_id = ?', [
        mainClinic.organizationId,
      ]);
      expect({
        total: all.body.total,
        page: all.body.page,
        pageSize: all.body.pageSize,
        count: all.body.items.length,
      }).toEqual({ total: n, page: 1, pageSize: 500, count: n });
      const numbers = (all.body.items as Body[]).map((w) => w.number as string);
      expect(numbers).toEqual([...numbers].sort().reverse());

      const page2 = await http().get('/api/v1/work-orders?page=2&pageSize=2').set(auth(reception));
      expect({ total: page2.body.total, page: page2.body.page, pageSize: page2.body.pageSize }).toEqual({
        total: n,
        page: 2,
        pageSize: 2,
      });
      expect((page2.body.items as Body[]).map((w) => w.number)).toEqual(numbers.slice(2, 4));

      const filter = async (query: string) =>
        (await http().get(`/api/v1/work-orders?pageSize=500&${query}`).set(auth(reception))).body.items as Body[];
      expect((await filter(`clinicId=${uptown.id}`)).map((w) => w.clinicId)).toEqual([uptown.id]);
      expect((await filter('status=in_progress')).map((w) => w.description)).toEqual(['Veneers 11-21, shade A2']);
      expect((await filter(`labId=${smileLab.id}`)).length).toBe(n);
      expect(await filter(`labId=${randomUUID()}`)).toEqual([]);
      for (const bad of ['page=0', 'pageSize=501', 'status=lost', 'clinicId=x', 'sort=number']) {
        expectError(await http().get(`/api/v1/work-orders?${bad}`).set(auth(reception)), 400, 'REQUEST.VALIDATION');
      }
    });

    it('a user sees only the work orders of their clinics', async () => {
      const uptownOnly = await createUser(['reception'], [uptown.id]);
      const list = await http().get('/api/v1/work-orders').set(auth(uptownOnly));
      expect((list.body.items as Body[]).map((w) => w.clinicId)).toEqual([uptown.id]);
      // a filter naming a clinic the user may not see is the 404 every route answers (never an empty page)
      expectError(
        await http().get(`/api/v1/work-orders?clinicId=${mainClinic.id}`).set(auth(uptownOnly)),
        404,
        'TENANT.CLINIC_NOT_FOUND',
      );
      const [main] = (await http().get(`/api/v1/work-orders?clinicId=${mainClinic.id}&pageSize=1`).set(auth(admin)))
        .body.items as Body[];
      expectError(
        await http().get(`/api/v1/work-orders/${main.id}`).set(auth(uptownOnly)),
        404,
        'WORK_ORDER.NOT_FOUND',
      );
    });
  });

  describe('the details page (GET /work-orders/:id, composed with payments)', () => {
    it('plan, covered installments, payments, paid, outstanding, status, overdue and one audit trail', async () => {
      const created = await post(
        order(
          { description: 'Implant crown 46' },
          {
            totalAmount: '1000.00',
            dueDate: undefined,
            installments: [
              { dueDate: '2020-01-10', amount: '500.00' },
              { dueDate: '2999-12-10', amount: '500.00' },
            ],
          },
        ),
      );
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const pay = (body: Body) => http().post(`/api/v1/work-orders/${id}/payments`).set(auth(labManager)).send(body);
      const p1 = await pay({ date: '2026-11-02', amount: '300.00', method: 'cash' });
      expect(p1.status).toBe(201);
      const p2 = await pay({ date: '2026-11-03', amount: '100.00', method: 'card', reference: 'R-1' });
      expect(p2.status).toBe(201);
      const gone = await pay({ date: '2026-11-04', amount: '999.00', method: 'cash' });
      expect(gone.status).toBe(201);
      expect(
        (
          await http()
            .delete(`/api/v1/work-orders/${id}/payments/${gone.body.id}?reason=entry_error`)
            .set(auth(labManager))
        ).status,
      ).toBe(200);
      expect(
        (await http().patch(`/api/v1/work-orders/${id}`).set(auth(labManager)).send({ status: 'sent' })).status,
      ).toBe(200);

      const res = await http().get(`/api/v1/work-orders/${id}`).set(auth(reception));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          id,
          number: created.body.number,
          status: 'sent',
          revision: 2,
          paymentPlan: created.body.paymentPlan,
          paidAmount: '400.00',
          outstandingAmount: '600.00',
          paymentStatus: 'partially_paid',
          overdue: true,
          asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        }),
      );
      expect(res.body.installments).toEqual([
        {
          number: 1,
          dueDate: '2020-01-10',
          amount: '500.00',
          coveredAmount: '400.00',
          remainingAmount: '100.00',
          overdue: true,
        },
        {
          number: 2,
          dueDate: '2999-12-10',
          amount: '500.00',
          coveredAmount: '0.00',
          remainingAmount: '500.00',
          overdue: false,
        },
      ]);
      expect((res.body.payments as Body[]).map((p) => [p.id, p.amount])).toEqual([
        [p1.body.id, '300.00'],
        [p2.body.id, '100.00'],
      ]);
      const audit = res.body.audit as { entity: string; action: string; at: string }[];
      expect(audit.map((a) => a.at)).toEqual([...audit.map((a) => a.at)].sort().reverse());
      expect(audit.filter((a) => a.entity === 'work-order').map((a) => a.action)).toEqual(['updated', 'created']);
      expect(audit.filter((a) => a.entity !== 'work-order').length).toBeGreaterThanOrEqual(4); // 3 recorded, 1 deleted
      expect(audit[0]).toEqual(
        expect.objectContaining({
          entity: 'work-order',
          action: 'updated',
          before: { status: 'draft' },
          after: { status: 'sent' },
        }),
      );

      // overpaid: outstanding turns negative, a credit
      expect((await pay({ date: '2026-11-05', amount: '700.00', method: 'bank_transfer' })).status).toBe(201);
      const overpaid = await http().get(`/api/v1/work-orders/${id}`).set(auth(reception));
      expect([
        overpaid.body.paidAmount,
        overpaid.body.outstandingAmount,
        overpaid.body.paymentStatus,
        overpaid.body.overdue,
      ]).toEqual(['1100.00', '-100.00', 'overpaid', false]);
    });

    it('an unknown or malformed id is a 404 or 400', async () => {
      expectError(
        await http().get(`/api/v1/work-orders/${randomUUID()}`).set(auth(reception)),
        404,
        'WORK_ORDER.NOT_FOUND',
      );
      expectError(await http().get('/api/v1/work-orders/WO-000001').set(auth(reception)), 400);
    });
  });
});
