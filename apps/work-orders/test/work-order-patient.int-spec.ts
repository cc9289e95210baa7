// A work order's patientId is a patient of the work order's organization and clinic: work-orders keeps a copy of the
// patients from patient-accounts' events and asks patient-accounts only for a patient not known here yet. A random
// id, another clinic's or another organization's patient is a 404 naming patientId, and nothing is stored.
// work-orders alone on real PostgreSQL and NATS, called over NATS RPC; payments (clinics) and patient-accounts
// (patients, get-patient) are played on the test's bus.
import { CallerContext, ClinicView, ErrorBody, PatientAccountSubjects, WorkOrderSubjects } from '@dental/contracts';
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

jest.setTimeout(90_000);

type Body = Record<string, unknown>;

describe("a work order's patient (integration: work-orders alone, payments and patient-accounts stubbed)", () => {
  const world = new TestWorld();
  let workOrders: ServiceUnderTest;
  let bus: TestBus;
  let payments: PaymentsStub;
  let accounts: PatientAccountsStub;
  const admin: CallerContext = aCaller(randomUUID());
  const otherAdmin: CallerContext = aCaller(randomUUID());
  let clinic: ClinicView;
  let otherClinic: ClinicView;
  let labId: string;

  const db = <T = Body>(sql: string, params: unknown[] = []): Promise<T[]> => workOrders.db<T>(sql, params);
  const orders = async () => (await db<{ n: number }>('select count(*)::int as n from work_order'))[0].n;

  /** A patient of patient-accounts in the clinic (published as its event unless told otherwise). */
  const patient = (of: ClinicView, publish = true) =>
    accounts.patient({ organizationId: of.organizationId, clinicId: of.id, currency: of.currency }, { publish });

  const order = (patientId: string | null | undefined, clinicId = clinic.id): Promise<RpcAnswer<Body>> => {
    const body = aWorkOrder().forClinic(clinicId).atLab(labId).paidBy('cash');
    if (patientId !== undefined) body.forPatient(patientId);
    return bus.request<Body>(WorkOrderSubjects.createWorkOrder, body.build(), {
      ...admin,
      correlationId: randomUUID(),
    });
  };

  function expectPatientNotFound(reply: RpcAnswer<Body>): void {
    expect(reply).toEqual({
      ok: false,
      error: {
        status: 404,
        code: 'PATIENT.NOT_FOUND',
        message: expect.stringMatching(/^patientId: /),
        details: [{ field: 'patientId', reasons: [expect.any(String)] }],
      },
    });
  }

  const known = (ids: string[]) =>
    eventually(async () =>
      expect(
        await db('select id from known_patient where id in (select json_array_elements_text(?::json)::uuid)', [
          JSON.stringify(ids),
        ]),
      ).toHaveLength(ids.length),
    );

  beforeAll(async () => {
    bus = await TestBus.connect(world);
    payments = new PaymentsStub(bus);
    accounts = new PatientAccountsStub(bus).answer();
    workOrders = serviceUnderTest(
      (await startService(workOrdersService, world.env('work-orders', { RPC_TIMEOUT_MS: '5000' }))).app,
    );
    clinic = await payments.addClinic(aClinicSnapshot({ organizationId: admin.organizationId, name: 'Main Clinic' }));
    otherClinic = await payments.addClinic(
      aClinicSnapshot({ organizationId: admin.organizationId, name: 'Uptown Dental' }),
    );
    labId = (await bus.call<{ id: string }>(WorkOrderSubjects.createLab, { name: 'Smile Lab' }, admin)).id;
  });

  afterAll(async () => {
    await workOrders?.close();
    await bus?.close();
    await world.cleanup();
  });

  it("learns patients from patient-accounts' events and takes a patient of the same clinic", async () => {
    const p = await patient(clinic);
    await eventually(async () => {
      expect(await db('select organization_id, clinic_id from known_patient where id = ?', [p.id])).toEqual([
        { organization_id: p.organizationId, clinic_id: clinic.id },
      ]);
    });
    const reply = await order(p.id);
    expect(reply).toEqual({ ok: true, data: expect.objectContaining({ patientId: p.id }) });
  });

  it('asks patient-accounts for a patient whose event has not arrived yet, and keeps the answer', async () => {
    const p = await patient(clinic, false); // its event still on the way
    const asked = accounts.calls(PatientAccountSubjects.getPatient).length;
    const reply = await order(p.id);
    expect(reply).toEqual({ ok: true, data: expect.objectContaining({ patientId: p.id }) });
    expect(
      accounts
        .calls(PatientAccountSubjects.getPatient)
        .slice(asked)
        .map((c) => c.payload),
    ).toEqual([{ patientId: p.id }]);
    expect(await db('select clinic_id from known_patient where id = ?', [p.id])).toEqual([{ clinic_id: clinic.id }]);
  });

  it("refuses a random id, another clinic's and another organization's patient with a 404 naming patientId; stores nothing", async () => {
    const otherClinicPatient = await patient(otherClinic);
    const foreignClinic = await payments.addClinic(
      aClinicSnapshot({ organizationId: otherAdmin.organizationId, name: 'Other Chain Clinic' }),
    );
    const foreign = await patient(foreignClinic);
    await known([otherClinicPatient.id, foreign.id]);
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
    const reply = await order(null);
    expect(reply).toEqual({
      ok: false,
      error: expect.objectContaining({ status: 400, message: expect.stringMatching(/^patientId: /) }),
    });
    expect(((reply as { error: ErrorBody }).error.details as { field: string }[]).map((d) => d.field)).toEqual([
      'patientId',
    ]);
    expect(await order(undefined)).toEqual({ ok: true, data: expect.objectContaining({ patientId: null }) });
  });
});
