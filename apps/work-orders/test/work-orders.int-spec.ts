// Labs and work orders: work-orders alone, called over NATS RPC with a caller context as the gateway does, against real
// PostgreSQL and NATS. Its neighbour payments is played on the test's bus (PaymentsStub): its clinics are published as
// `payments.clinic.created` and its get-clinic answered for one whose event has not arrived. Which role may call which
// route is the gateway's (apps/gateway/test/role-matrix.int-spec.ts); the details page composed with payments is the
// stack's flow (e2e/lab-case-details.e2e-spec.ts).
import {
  CallerContext,
  ClinicView,
  EventEnvelope,
  LabSnapshotV1,
  WorkOrderEvents,
  WorkOrderSnapshotV1,
  WorkOrderSubjects,
} from '@dental/contracts';
import { startService } from '@dental/platform';
import {
  aCaller,
  aClinicSnapshot,
  aWorkOrder,
  eventually,
  PaymentsStub,
  RpcAnswer,
  ServiceUnderTest,
  serviceUnderTest,
  TestBus,
  TestWorld,
} from '@dental/testing';
import { createHash, randomUUID } from 'node:crypto';
import { workOrdersService } from '../src/work-orders.definition';

jest.setTimeout(60_000);

type Body = Record<string, unknown>;
type Reply = RpcAnswer<Body>;

/** A refusal in the service's error shape: `{ status, code, message, details? }`. */
function expectError(reply: Reply, status: number, code?: string): void {
  expect(reply).toEqual({
    ok: false,
    error: expect.objectContaining({
      status,
      message: expect.stringMatching(/\S/),
      code: code ?? expect.stringMatching(/^[A-Z_]+\.[A-Z_]+$/),
    }),
  });
}

/** The fields a 400 names in its details. */
function fieldsOf(reply: Reply): string[] {
  expect(reply.ok).toBe(false);
  const details = (reply as { error: { details?: unknown } }).error.details;
  expect(Array.isArray(details)).toBe(true);
  return (details as { field: string }[]).map((d) => d.field);
}

/** The answer of a request that must succeed. */
function data<T = Body>(reply: RpcAnswer<unknown>): T {
  expect(reply).toEqual({ ok: true, data: expect.anything() });
  return (reply as { data: T }).data;
}

describe('work orders (integration: work-orders alone, payments stubbed on the bus)', () => {
  const world = new TestWorld();
  let workOrders: ServiceUnderTest;
  let bus: TestBus;
  let payments: PaymentsStub;
  const organizationId = randomUUID();
  const admin: CallerContext = aCaller(organizationId);
  const labManager: CallerContext = aCaller(organizationId, { roles: ['lab-manager'] });
  const reception: CallerContext = aCaller(organizationId, { roles: ['reception'] });
  let mainClinic: ClinicView;
  let uptown: ClinicView;
  let smileLab: Body;

  const call = <T = Body>(subject: string, payload: unknown, who: CallerContext = labManager, key?: string) =>
    bus.request<T>(
      subject,
      payload,
      { ...who, correlationId: randomUUID() },
      {
        timeoutMs: 20_000,
        idempotency: key
          ? { key, hash: createHash('sha256').update(JSON.stringify(payload)).digest('hex') }
          : undefined,
      },
    );
  /** SQL on the work-orders database. */
  const db = <T = Body>(sql: string, params: unknown[] = []): Promise<T[]> => workOrders.db<T>(sql, params);

  /** A clinic of payments, announced by its `payments.clinic.created` event. */
  async function createClinic(who: CallerContext, name: string, currency = 'EUR'): Promise<ClinicView> {
    return payments.addClinic(aClinicSnapshot({ organizationId: who.organizationId, name, currency }));
  }

  /** Waits until work-orders has learnt the clinic from `payments.clinic.created`. */
  async function known(clinic: ClinicView): Promise<void> {
    await eventually(async () => {
      expect(await db('select id, organization_id, currency from clinic where id = ?', [clinic.id])).toEqual([
        { id: clinic.id, organization_id: clinic.organizationId, currency: clinic.currency },
      ]);
    });
  }

  async function createLab(who: CallerContext, name: string): Promise<Body> {
    return data(
      await call(
        WorkOrderSubjects.createLab,
        { name, email: `${name.replace(/\W/g, '').toLowerCase()}@labs.example.com` },
        who,
      ),
    );
  }

  const order = (over: Body = {}, plan: Body = {}): Body =>
    aWorkOrder()
      .forClinic(mainClinic.id)
      .atLab(smileLab.id as string)
      .with(over, plan)
      .build();

  const post = (body: Body, who = labManager, key?: string) => call(WorkOrderSubjects.createWorkOrder, body, who, key);

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
    bus = await TestBus.connect(world);
    payments = new PaymentsStub(bus);
    workOrders = serviceUnderTest(
      (await startService(workOrdersService, world.env('work-orders', { RPC_TIMEOUT_MS: '3000' }))).app,
    );
    mainClinic = await createClinic(admin, 'Main Clinic');
    uptown = await createClinic(admin, 'Uptown Dental');
    await known(mainClinic);
    smileLab = await createLab(labManager, 'Smile Lab');
  });

  afterAll(async () => {
    await workOrders?.close();
    await bus?.close();
    await world.cleanup();
  });

  describe('labs', () => {
    it('creates a lab in the organization and publishes its snapshot', async () => {
      const reply = await call(WorkOrderSubjects.createLab, { name: 'Bright Lab', phone: '+90 212 000 00 00' });
      const lab = data(reply);
      expect(lab).toEqual({
        id: expect.any(String),
        organizationId,
        name: 'Bright Lab',
        email: null,
        phone: '+90 212 000 00 00',
        active: true,
      });
      expect(await call(WorkOrderSubjects.getLab, { labId: lab.id }, reception)).toEqual({ ok: true, data: lab });
      const [event] = await publishedEvents<LabSnapshotV1>(lab.id as string);
      expect(event).toEqual(
        expect.objectContaining({
          type: WorkOrderEvents.labCreated,
          organizationId,
          clinicId: null,
          payload: { ...lab, revision: 1 },
        }),
      );
    });

    it('updates name, e-mail, phone and active; each change is a new revision', async () => {
      const lab = await createLab(labManager, 'Ceramic Lab');
      const patch = (body: Body) => call(WorkOrderSubjects.updateLab, { labId: lab.id, ...body });
      expect(await patch({ name: 'Ceramic Lab Istanbul', email: null })).toEqual({
        ok: true,
        data: { ...lab, name: 'Ceramic Lab Istanbul', email: null },
      });
      expect(data(await patch({ active: false, phone: '123' }))).toEqual({
        ...lab,
        name: 'Ceramic Lab Istanbul',
        email: null,
        phone: '123',
        active: false,
      });
      // the same values again: nothing changes, no new revision
      expect((await patch({ active: false })).ok).toBe(true);
      const events = await publishedEvents<LabSnapshotV1>(lab.id as string);
      expect(events.map((e) => [e.type, e.payload.revision, e.payload.active])).toEqual([
        [WorkOrderEvents.labCreated, 1, true],
        [WorkOrderEvents.labUpdated, 2, true],
        [WorkOrderEvents.labUpdated, 3, false],
      ]);
    });

    it('lists active and inactive labs; active filters', async () => {
      const lab = await createLab(labManager, 'Retired Lab');
      expect((await call(WorkOrderSubjects.updateLab, { labId: lab.id, active: false })).ok).toBe(true);
      const names = async (query: Body) => {
        const list = data<{ items: Body[]; total: number }>(await call(WorkOrderSubjects.listLabs, query, reception));
        expect(list.total).toBe(list.items.length);
        return list.items.map((l) => l.name);
      };
      expect(await names({})).toEqual(expect.arrayContaining(['Retired Lab', 'Smile Lab']));
      expect(await names({ active: true })).toContain('Smile Lab');
      expect(await names({ active: true })).not.toContain('Retired Lab');
      expect(await names({ active: false })).toContain('Retired Lab');
      expect(await names({ active: false })).not.toContain('Smile Lab');
      const bad = await call(WorkOrderSubjects.listLabs, { active: 'maybe' }, reception);
      expectError(bad, 400, 'REQUEST.VALIDATION');
      expect(fieldsOf(bad)).toEqual(['active']);
    });

    it('a second lab with the same name is a 409; a blank name a 400', async () => {
      expectError(await call(WorkOrderSubjects.createLab, { name: 'smile lab' }), 409, 'LAB.NAME_TAKEN');
      const blank = await call(WorkOrderSubjects.createLab, { name: '   ' });
      expectError(blank, 400, 'REQUEST.VALIDATION');
      expect(fieldsOf(blank)).toEqual(['name']);
      for (const field of ['name', 'active']) {
        const nulled = await call(WorkOrderSubjects.updateLab, { labId: smileLab.id, [field]: null });
        expectError(nulled, 400, 'REQUEST.VALIDATION');
        expect(fieldsOf(nulled)).toEqual([field]);
      }
      expect(await call(WorkOrderSubjects.getLab, { labId: smileLab.id })).toEqual({ ok: true, data: smileLab });
    });

    it('unknown lab ids are 404, malformed ones 400', async () => {
      expectError(await call(WorkOrderSubjects.getLab, { labId: randomUUID() }, reception), 404, 'LAB.NOT_FOUND');
      expectError(await call(WorkOrderSubjects.getLab, { labId: 'not-a-uuid' }, reception), 400);
      expect(data(await call(WorkOrderSubjects.getLab, { labId: smileLab.id }, reception)).active).toBe(true);
    });
  });

  describe('creating work orders', () => {
    let first: Body;

    it('with one due date: WO-000001, draft, one installment of the total in the clinic currency', async () => {
      // without a patient (its patientId must be a patient of the clinic: work-order-patient.int-spec.ts)
      first = data(await post(order({}, { totalAmount: '1000' })));
      expect(first).toEqual({
        id: expect.any(String),
        organizationId,
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
          organizationId,
          clinicId: mainClinic.id,
          payload: first,
        }),
      );
    });

    it('with installments: WO-000002, numbered by due date', async () => {
      const created = data(
        await post(
          aWorkOrder()
            .forClinic(mainClinic.id)
            .atLab(smileLab.id as string)
            .describedAs('Bridge 34-36')
            .withTotal('1250.50')
            .paidBy('card')
            .withInstallments([
              { dueDate: '2027-01-15', amount: '625.25' },
              { dueDate: '2026-12-15', amount: '625.25' },
            ])
            .build(),
        ),
      );
      expect(created).toEqual(
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
      expect(data(await call(WorkOrderSubjects.getWorkOrder, { workOrderId: first.id }, reception)).number).toBe(
        'WO-000001',
      );
    });

    it('another organization counts from WO-000001, and sees nothing of the first', async () => {
      const other = aCaller(randomUUID());
      const clinic = await createClinic(other, 'Chain Two Clinic');
      const lab = await createLab(other, 'Smile Lab'); // the same name is fine in another organization
      const theirs = data(await post(order({ clinicId: clinic.id, labId: lab.id }), other));
      expect(theirs).toEqual(
        expect.objectContaining({ number: 'WO-000001', organizationId: other.organizationId, clinicId: clinic.id }),
      );

      expectError(
        await call(WorkOrderSubjects.getWorkOrder, { workOrderId: first.id }, other),
        404,
        'WORK_ORDER.NOT_FOUND',
      );
      expectError(
        await call(WorkOrderSubjects.updateWorkOrder, { workOrderId: first.id, status: 'cancelled' }, other),
        404,
        'WORK_ORDER.NOT_FOUND',
      );
      expectError(await call(WorkOrderSubjects.getLab, { labId: smileLab.id }, other), 404, 'LAB.NOT_FOUND');
      const list = data<{ items: Body[] }>(await call(WorkOrderSubjects.listWorkOrders, {}, other));
      expect(list.items.map((w) => w.id)).toEqual([theirs.id]);
      const labs = data<{ items: Body[] }>(await call(WorkOrderSubjects.listLabs, {}, other));
      expect(labs.items.map((l) => l.id)).toEqual([lab.id]);
      // and the first organization keeps counting on its own
      expect(data(await post(order())).number).toBe('WO-000003');
    });

    it('a clinic whose event has not arrived is asked of payments, then remembered', async () => {
      // payments knows the clinic, its payments.clinic.created is still on its way
      const late = await payments.addClinic(aClinicSnapshot({ organizationId, name: 'Late Clinic' }), {
        announce: false,
      });
      const asked = payments.clinicCalls.calls.length;
      const created = data(await post(order({ clinicId: late.id })));
      expect(created).toEqual(expect.objectContaining({ clinicId: late.id, currency: 'EUR' }));
      expect(payments.clinicCalls.calls.slice(asked).map((c) => c.payload)).toEqual([{ clinicId: late.id }]);
      expect(await db('select organization_id, currency from clinic where id = ?', [late.id])).toEqual([
        { organization_id: organizationId, currency: 'EUR' },
      ]);
    });
  });

  describe('a bad work order is a clear 4xx and stores nothing', () => {
    let otherOrgLab: string;
    let otherOrgClinic: string;
    let inactiveLab: string;
    let yenClinic: string;
    const uptownOnly = aCaller(organizationId, { roles: ['lab-manager'] });

    beforeAll(async () => {
      const [row] = await db<{ lab: string; clinic: string }>(
        'select l.id as lab, c.id as clinic from lab l, clinic c where l.organization_id <> ? and c.organization_id <> ? limit 1',
        [organizationId, organizationId],
      );
      if (!row) throw new Error('the other organization is made by the test above');
      otherOrgLab = row.lab;
      otherOrgClinic = row.clinic;
      inactiveLab = (await createLab(labManager, 'Sleeping Lab')).id as string;
      expect((await call(WorkOrderSubjects.updateLab, { labId: inactiveLab, active: false })).ok).toBe(true);
      const yen = await createClinic(admin, 'Tokyo Dental', 'JPY');
      await known(yen);
      yenClinic = yen.id;
      await known(uptown);
      uptownOnly.clinicIds = [uptown.id];
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
      const reply = await post(body());
      expectError(reply, status, code);
      if (fields) expect(fieldsOf(reply).sort()).toEqual([...fields].sort());
      if (fields) for (const f of fields) expect((reply as { error: { message: string } }).error.message).toContain(f);
      expect(await stored()).toEqual(before);
    });

    it('the mismatch names expected, actual and the difference', async () => {
      const reply = await post(order({}, installments));
      expectError(reply, 422, 'WORK_ORDER.INSTALLMENTS_MISMATCH');
      expect((reply as { error: { details: unknown } }).error.details).toEqual({
        expected: '1000.00',
        actual: '900.00',
        difference: '100.00',
      });
    });

    it('a clinic the user may not see is a 404, one they may see works', async () => {
      const before = await stored();
      expectError(await post(order(), uptownOnly), 404, 'CLINIC.NOT_FOUND');
      expect(await stored()).toEqual(before);
      expect((await post(order({ clinicId: uptown.id }), uptownOnly)).ok).toBe(true);
      expect((await stored()).orders).toBe((before.orders as number) + 1);
    });
  });

  describe('Idempotency-Key (sent on by the gateway)', () => {
    it('the same key and body answer the same work order; another body is a 409', async () => {
      const key = randomUUID();
      const body = order({ description: 'Idempotent crown' });
      const firstTry = await post(body, labManager, key);
      expect(firstTry.ok).toBe(true);
      const before = await stored();
      expect(await post(body, labManager, key)).toEqual({ ...firstTry, replayed: true });
      expectError(
        await post({ ...body, description: 'Another crown' }, labManager, key),
        409,
        'IDEMPOTENCY.KEY_REUSED',
      );
      expect(await stored()).toEqual(before);
      const list = data<{ items: Body[] }>(await call(WorkOrderSubjects.listWorkOrders, { pageSize: 500 }, admin));
      expect(list.items.filter((w) => w.description === 'Idempotent crown')).toHaveLength(1);
    });
  });

  describe('changing a work order', () => {
    let wo: Body;

    beforeAll(async () => {
      wo = data(
        await post(
          aWorkOrder()
            .forClinic(mainClinic.id)
            .atLab(smileLab.id as string)
            .describedAs('Veneers 11-21')
            .withInstallments(3)
            .build(),
        ),
      );
    });

    const patch = (body: Body, who = labManager, id = wo.id) =>
      call(WorkOrderSubjects.updateWorkOrder, { workOrderId: id, ...body }, who);

    it('three equal installments of the total: 333.33, 333.33, 333.34, a month apart', () => {
      expect(wo.paymentPlan).toEqual({
        totalAmount: '1000.00',
        paymentMethod: 'bank_transfer',
        installments: [
          { number: 1, dueDate: '2026-12-21', amount: '333.33' },
          { number: 2, dueDate: '2027-01-21', amount: '333.33' },
          { number: 3, dueDate: '2027-02-21', amount: '333.34' },
        ],
      });
    });

    it('status and description: a new revision, an audit entry and an event', async () => {
      const changed = await patch({ status: 'sent', description: 'Veneers 11-21, shade A2' });
      expect(changed).toEqual({
        ok: true,
        data: { ...wo, status: 'sent', description: 'Veneers 11-21, shade A2', revision: 2 },
      });
      const events = await publishedEvents<WorkOrderSnapshotV1>(wo.id as string);
      expect(events.map((e) => [e.type, e.payload.revision, e.payload.status])).toEqual([
        [WorkOrderEvents.workOrderCreated, 1, 'draft'],
        [WorkOrderEvents.workOrderUpdated, 2, 'sent'],
      ]);
      expect(events[1].payload).toEqual(data(changed));
      // the event reached JetStream: the WORK_ORDERS stream holds it under its id
      const jsm = await bus.nc.jetstreamManager();
      const inStream = await jsm.streams.getMessage(bus.naming.stream('WORK_ORDERS'), {
        last_by_subj: bus.naming.event(WorkOrderEvents.workOrderUpdated),
      });
      expect(inStream.json<EventEnvelope>()).toEqual(events[1]);
    });

    it('a cancelled work order can be re-opened; every step is audited', async () => {
      expect(data(await patch({ status: 'cancelled' })).status).toBe('cancelled');
      const reopened = data(await patch({ status: 'in_progress' }));
      expect(reopened).toEqual(expect.objectContaining({ status: 'in_progress', revision: 4 }));
      const same = data(await patch({ status: 'in_progress' }));
      expect(same.revision).toBe(4); // nothing changed: no revision, no audit entry
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

    it('bad changes are 400 or 404 and change nothing', async () => {
      const before = await stored();
      const badStatus = await patch({ status: 'lost' });
      expectError(badStatus, 400, 'REQUEST.VALIDATION');
      expect(fieldsOf(badStatus)).toEqual(['status']);
      expect(fieldsOf(await patch({ description: '' }))).toEqual(['description']);
      expect(fieldsOf(await patch({ totalAmount: '5.00' }))).toEqual(['totalAmount']);
      expect(fieldsOf(await patch({ status: null, description: null }))).toEqual(['status', 'description']);
      expectError(await patch({ status: 'sent' }, labManager, randomUUID()), 404, 'WORK_ORDER.NOT_FOUND');
      expectError(await patch({ status: 'sent' }, labManager, 'WO-000001'), 400);
      expect(await stored()).toEqual(before);
    });
  });

  describe('listing work orders', () => {
    const list = async (query: Body, who = reception) =>
      data<{ items: Body[]; total: number; page: number; pageSize: number }>(
        await call(WorkOrderSubjects.listWorkOrders, query, who),
      );

    it('pages newest first and filters by clinic, lab and status', async () => {
      const all = await list({ pageSize: 500 });
      const [{ n }] = await db<{ n: number }>('select count(*)::int as n from work_order where organization_id = ?', [
        organizationId,
      ]);
      expect({ total: all.total, page: all.page, pageSize: all.pageSize, count: all.items.length }).toEqual({
        total: n,
        page: 1,
        pageSize: 500,
        count: n,
      });
      const numbers = all.items.map((w) => w.number as string);
      expect(numbers).toEqual([...numbers].sort().reverse());

      const page2 = await list({ page: 2, pageSize: 2 });
      expect({ total: page2.total, page: page2.page, pageSize: page2.pageSize }).toEqual({
        total: n,
        page: 2,
        pageSize: 2,
      });
      expect(page2.items.map((w) => w.number)).toEqual(numbers.slice(2, 4));

      const filter = async (query: Body) => (await list({ pageSize: 500, ...query })).items;
      expect((await filter({ clinicId: uptown.id })).map((w) => w.clinicId)).toEqual([uptown.id]);
      expect((await filter({ status: 'in_progress' })).map((w) => w.description)).toEqual(['Veneers 11-21, shade A2']);
      expect((await filter({ labId: smileLab.id })).length).toBe(n);
      expect(await filter({ labId: randomUUID() })).toEqual([]);
      for (const bad of [{ page: 0 }, { pageSize: 501 }, { status: 'lost' }, { clinicId: 'x' }]) {
        expectError(await call(WorkOrderSubjects.listWorkOrders, bad, reception), 400, 'REQUEST.VALIDATION');
      }
    });

    it('a caller sees only the work orders of their clinics', async () => {
      const uptownOnly = aCaller(organizationId, { roles: ['reception'], clinicIds: [uptown.id] });
      expect((await list({}, uptownOnly)).items.map((w) => w.clinicId)).toEqual([uptown.id]);
      // a filter naming a clinic the caller may not see finds nothing here (the gateway answers it with a 404)
      expect((await list({ clinicId: mainClinic.id }, uptownOnly)).items).toEqual([]);
      const [main] = (await list({ clinicId: mainClinic.id, pageSize: 1 }, admin)).items;
      expectError(
        await call(WorkOrderSubjects.getWorkOrder, { workOrderId: main.id }, uptownOnly),
        404,
        'WORK_ORDER.NOT_FOUND',
      );
    });

    it('an unknown or malformed id is a 404 or 400', async () => {
      expectError(
        await call(WorkOrderSubjects.getWorkOrder, { workOrderId: randomUUID() }, reception),
        404,
        'WORK_ORDER.NOT_FOUND',
      );
      expectError(await call(WorkOrderSubjects.getWorkOrder, { workOrderId: 'WO-000001' }, reception), 400);
    });
  });
});
