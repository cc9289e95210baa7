// A lab case linked to its patient's treatments (DOMAIN.md D "Case profit"): set-work-order-treatments replaces the
// linked set after checking every treatment against work-orders' copy of patient-accounts' treatments (or, for one
// not copied yet, the patient's account basis). Another patient's treatment is a 409, an unknown or another
// organization's a 404, both naming treatmentIds, and nothing is stored then. work-orders alone on real PostgreSQL and
// NATS, called over NATS RPC; payments (clinics) and patient-accounts (patients, treatments, account basis) are
// played on the test's bus.
import {
  CallerContext,
  ClinicView,
  EventEnvelope,
  WorkOrderSubjects,
  WorkOrderTreatmentsView,
  WorkOrderTreatmentSubjects,
} from '@dental/contracts';
import { startService } from '@dental/platform';
import {
  aCaller,
  aClinicSnapshot,
  aWorkOrder,
  eventually,
  PatientAccountsStub,
  PaymentsStub,
  RpcAnswer,
  ServiceUnderTest,
  serviceUnderTest,
  TestBus,
  TestWorld,
} from '@dental/testing';
import { randomUUID } from 'node:crypto';
import { workOrdersService } from '../src/work-orders.definition';

jest.setTimeout(120_000);

type Body = Record<string, unknown>;

describe("a lab case's treatments (integration: work-orders alone, payments and patient-accounts stubbed)", () => {
  const world = new TestWorld();
  let workOrders: ServiceUnderTest;
  let bus: TestBus;
  let payments: PaymentsStub;
  let accounts: PatientAccountsStub;
  const admin: CallerContext = aCaller(randomUUID());
  const otherAdmin: CallerContext = aCaller(randomUUID());
  let clinic: ClinicView;
  let labId: string;
  let patient1: string;
  let t1a: string; // patient 1's
  let t1b: string; // patient 1's
  let t2: string; // patient 2's, same clinic
  let t3: string; // patient 3's, another clinic of the organization
  let tForeign: string; // another organization's
  let caseId: string; // a work order of patient 1
  let noPatientId: string; // a work order without a patient

  const db = <T = Body>(sql: string, params: unknown[] = []): Promise<T[]> => workOrders.db<T>(sql, params);
  const call = <T = Body>(subject: string, payload: unknown, who: CallerContext = admin): Promise<RpcAnswer<T>> =>
    bus.request<T>(subject, payload, { ...who, correlationId: randomUUID() });

  const newClinic = (who: CallerContext, name: string) =>
    payments.addClinic(aClinicSnapshot({ organizationId: who.organizationId, name }));

  const patient = async (of: ClinicView) =>
    (await accounts.patient({ organizationId: of.organizationId, clinicId: of.id, currency: of.currency })).id;

  const treatment = async (patientId: string, amount: string) =>
    (await accounts.treatment(patientId, { procedure: 'Crown', date: '2026-06-10', amount })).id;

  async function workOrder(patientId: string | undefined): Promise<string> {
    const command = aWorkOrder()
      .forClinic(clinic.id)
      .atLab(labId)
      .documentedOn('2026-06-11')
      .withTotal('150.00')
      .paidBy('cash')
      .dueOn('2026-07-11');
    if (patientId) command.forPatient(patientId);
    const reply = await call<{ id: string }>(WorkOrderSubjects.createWorkOrder, command.build());
    expect(reply).toEqual({ ok: true, data: expect.objectContaining({ id: expect.any(String) }) });
    return (reply as { data: { id: string } }).data.id;
  }

  const link = (workOrderId: string, body: object, who: CallerContext = admin) =>
    call<WorkOrderTreatmentsView>(WorkOrderTreatmentSubjects.setTreatments, { workOrderId, ...body }, who);

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

  function expectRefused(reply: RpcAnswer<unknown>, status: number, code: string): void {
    expect(reply).toEqual({
      ok: false,
      error: expect.objectContaining({
        status,
        code,
        details: [expect.objectContaining({ field: 'treatmentIds' })],
      }),
    });
  }

  beforeAll(async () => {
    bus = await TestBus.connect(world);
    payments = new PaymentsStub(bus);
    accounts = new PatientAccountsStub(bus).answer();
    workOrders = serviceUnderTest(
      (await startService(workOrdersService, world.env('work-orders', { RPC_TIMEOUT_MS: '5000' }))).app,
    );
    clinic = await newClinic(admin, 'Main Clinic');
    const otherClinic = await newClinic(admin, 'Uptown Dental');
    const foreignClinic = await newClinic(otherAdmin, 'Foreign Dental');
    labId = (await bus.call<{ id: string }>(WorkOrderSubjects.createLab, { name: 'Smile Lab' }, admin)).id;

    patient1 = await patient(clinic);
    t1a = await treatment(patient1, '600.00');
    t1b = await treatment(patient1, '400.00');
    t2 = await treatment(await patient(clinic), '300.00');
    t3 = await treatment(await patient(otherClinic), '200.00');
    tForeign = await treatment(await patient(foreignClinic), '100.00');
    // work-orders learns the clinic and the patients from their events
    await workOrders.consumed(...accounts.published.map((e) => e.id));
    caseId = await eventually(() => workOrder(patient1));
    noPatientId = await workOrder(undefined);
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
    await workOrders?.close();
    await bus?.close();
    await world.cleanup();
  });

  it("links the patient's treatments (duplicates once), with an audit entry and an event; the same set again changes nothing", async () => {
    const reply = await link(caseId, { treatmentIds: [t1b, t1a, t1b.toUpperCase()] });
    const expected: WorkOrderTreatmentsView = {
      workOrderId: caseId,
      organizationId: admin.organizationId,
      clinicId: clinic.id,
      labId,
      patientId: patient1,
      treatmentIds: [t1a, t1b].sort(),
      linksRevision: 1,
    };
    expect(reply).toEqual({ ok: true, data: expected });
    expect(await stored()).toEqual({ links: [t1a, t1b].sort().join(','), revision: 1, audit: 2, events: 1 });
    const [event] = await db<{ envelope: EventEnvelope<WorkOrderTreatmentsView> }>(
      `select envelope from outbox_event where type = 'work-orders.work-order.treatments-linked' order by seq`,
    );
    expect(event.envelope).toEqual(expect.objectContaining({ clinicId: clinic.id, payload: expected }));
    const details = await call<{ audit: unknown[] }>(WorkOrderSubjects.getWorkOrder, { workOrderId: caseId });
    expect((details as { data: { audit: unknown[] } }).data.audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'updated',
          before: { treatmentIds: [] },
          after: { treatmentIds: [t1a, t1b].sort() },
        }),
      ]),
    );

    expect(await link(caseId, { treatmentIds: [t1a, t1b] })).toEqual({ ok: true, data: expected });
    expect(await stored()).toEqual({ links: [t1a, t1b].sort().join(','), revision: 1, audit: 2, events: 1 });
  });

  it('replaces the set: one treatment, then none', async () => {
    expect(await link(caseId, { treatmentIds: [t1b] })).toEqual({
      ok: true,
      data: expect.objectContaining({ treatmentIds: [t1b], linksRevision: 2 }),
    });
    expect(await link(caseId, { treatmentIds: [] })).toEqual({
      ok: true,
      data: expect.objectContaining({ treatmentIds: [], linksRevision: 3 }),
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
    expect(await link(noPatientId, { treatmentIds: [] })).toEqual({
      ok: true,
      data: expect.objectContaining({ treatmentIds: [] }),
    });
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
    const reply = await link(caseId, { treatmentIds: [] }, otherAdmin);
    expect(reply).toEqual({ ok: false, error: expect.objectContaining({ status: 404, code: 'WORK_ORDER.NOT_FOUND' }) });
  });

  it.each([
    ['missing', {}],
    ['not a list', { treatmentIds: 'abc' }],
    ['not uuids', { treatmentIds: ['not-a-uuid'] }],
    ['more than 100', { treatmentIds: Array.from({ length: 101 }, () => randomUUID()) }],
  ])('treatmentIds %s is a 400 naming it, storing nothing', async (_what, body) => {
    const before = await stored();
    const reply = await link(caseId, body);
    const error = reply.ok ? undefined : reply.error;
    expect({
      status: error?.status,
      fields: ((error?.details ?? []) as { field: string }[]).map((d) => d.field),
    }).toEqual({
      status: 400,
      fields: ['treatmentIds'],
    });
    expect(await stored()).toEqual(before);
  });

  it("a treatment not in work-orders' copy yet is found in the patient's account", async () => {
    await db('delete from known_treatment where id = ?', [t1a]);
    expect(await link(caseId, { treatmentIds: [t1a] })).toEqual({
      ok: true,
      data: expect.objectContaining({ treatmentIds: [t1a] }),
    });
    expect(await db('select patient_id, clinic_id from known_treatment where id = ?', [t1a])).toEqual([
      { patient_id: patient1, clinic_id: clinic.id },
    ]);
  });
});
