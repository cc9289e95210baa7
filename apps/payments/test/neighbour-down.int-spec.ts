// payments takes money with its neighbours down (the issue "no synchronous cycle on the money path"): payments keeps
// local copies of the PATIENT_ACCOUNTS and WORK_ORDERS events; with patient-accounts and work-orders not answering
// (no responders on their subjects) patient payments, closure locks and work-order payments still work from those
// copies. payments runs alone on the real PostgreSQL and NATS; its neighbours are played on the test's bus: their
// records published as their events, patient-accounts' distribution basis answered by a stub that is then stopped.
// The copy's guards are checked by publishing older snapshots after newer ones to the streams.

import {
  AccountEvents,
  AccountSubjects,
  CallerContext,
  ClinicSubjects,
  ClinicView,
  DistributionBasisView,
  ErrorBody,
  EventEnvelope,
  PatientAccountEvents,
  PatientPaymentSubjects,
  PatientPaymentView,
  WorkOrderEvents,
  WorkOrderPaymentSubjects,
  WorkOrderPaymentView,
  WorkOrderSubjects,
  WorkOrderView,
} from '@dental/contracts';
import { startService } from '@dental/platform';
import {
  aCaller,
  aCashPayment,
  aClosureSnapshot,
  aLabPayment,
  aTreatmentSnapshot,
  aWorkOrderSnapshot,
  eventContractOf,
  PatientAccountsStub,
  RpcAnswer,
  ServiceUnderTest,
  serviceUnderTest,
  TestBus,
  TestWorld,
  eventually,
} from '@dental/testing';
import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { PatientAccountsCopy } from '../src/neighbours/patient-accounts-copy';
import { paymentsService } from '../src/payments.definition';

jest.setTimeout(90_000);

type Body = object;

describe('payments with patient-accounts and work-orders down (integration: payments alone, real PostgreSQL + NATS)', () => {
  const world = new TestWorld();
  let payments: ServiceUnderTest;
  let bus: TestBus;
  let accounts: PatientAccountsStub;
  const caller: CallerContext = aCaller(randomUUID());
  const stranger: CallerContext = aCaller(randomUUID());
  let clinic: ClinicView;
  let otherClinic: ClinicView;
  let drA: string;
  let drB: string;
  let patientId: string; // Dr. A 600.00, Dr. B 400.00, one contract
  let contractId: string;
  let closedPatientId: string; // closed through 2025-12-31: only the 2026 treatment is open
  let freshBasis: DistributionBasisView; // what patient-accounts answered while it was up
  let freshClosedBasis: DistributionBasisView;
  let workOrder: WorkOrderView;

  const rpc = <T>(subject: string, payload: unknown, who: CallerContext = caller): Promise<RpcAnswer<T>> =>
    bus.request<T>(subject, payload, { ...who, correlationId: randomUUID() }, 20_000);

  async function ok<T = Record<string, unknown>>(
    subject: string,
    payload: unknown,
    who: CallerContext = caller,
  ): Promise<T> {
    const reply = await rpc<T>(subject, payload, who);
    expect(reply).toEqual({ ok: true, data: expect.anything() });
    return (reply as { data: T }).data;
  }

  async function refused(subject: string, payload: unknown, who: CallerContext = caller): Promise<ErrorBody> {
    const reply = await rpc(subject, payload, who);
    expect(reply).toEqual({ ok: false, error: expect.objectContaining({ status: expect.any(Number) }) });
    return (reply as { error: ErrorBody }).error;
  }

  const paymentsDb = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
    payments.db<T>(sql, params);

  const publish = (envelope: EventEnvelope): Promise<void> => bus.publishEnvelope(envelope);
  const consumed = (...eventIds: string[]): Promise<void> => payments.consumed(...eventIds);

  /** An event as its owner publishes it, at a given time (the copy orders some snapshots by it). */
  const envelope = <P>(type: string, payload: P, occurredAt = new Date().toISOString()): EventEnvelope<P> => ({
    id: randomUUID(),
    type,
    version: eventContractOf(type).version,
    occurredAt,
    organizationId: caller.organizationId,
    clinicId: clinic.id,
    correlationId: randomUUID(),
    payload,
  });

  const cash = (amount: string, date = '2026-03-01'): Body => aCashPayment(amount).on(date).build();

  const treatment = (patient: string, physicianId: string, amount: string, date: string) =>
    accounts.treatment(patient, { physicianId, procedure: 'Composite filling', date, amount });

  const localBasis = (patient: string) =>
    payments.app.get(PatientAccountsCopy).basis(payments.app.get(MikroORM).em.fork() as EntityManager, patient);

  beforeAll(async () => {
    bus = await TestBus.connect(world);
    accounts = new PatientAccountsStub(bus).answer();
    payments = serviceUnderTest(
      (await startService(paymentsService, world.env('payments', { RPC_TIMEOUT_MS: '10000' }))).app,
    );

    clinic = await ok<ClinicView>(ClinicSubjects.create, { name: 'Front Desk Dental', currency: 'EUR' });
    otherClinic = await ok<ClinicView>(ClinicSubjects.create, { name: 'Uptown Dental', currency: 'EUR' });
    const inClinic = { organizationId: caller.organizationId, clinicId: clinic.id };
    drA = (await accounts.physician({ ...inClinic, name: 'Dr. A' })).id;
    drB = (await accounts.physician({ ...inClinic, name: 'Dr. B' })).id;

    const newPatient = async () =>
      (await accounts.patient({ ...inClinic, firstName: 'Ayşe', lastName: `Demir ${randomUUID().slice(0, 4)}` })).id;
    patientId = await newPatient();
    await treatment(patientId, drA, '600.00', '2026-01-05');
    await treatment(patientId, drB, '400.00', '2026-01-06');
    contractId = (
      await accounts.contract(patientId, { totalAmount: '1000.00', installmentCount: 2, firstDueDate: '2026-04-01' })
    ).id;

    closedPatientId = await newPatient();
    await treatment(closedPatientId, drA, '100.00', '2025-12-01');
    await treatment(closedPatientId, drB, '50.00', '2026-01-05');
    // closing an account: patient-accounts takes payments' lock (with the patient's facts), then publishes the closure
    const closure = await accounts.closeAccount(closedPatientId, '2025-12-31');
    await ok(PatientPaymentSubjects.lockMoney, {
      patientId: closedPatientId,
      closureId: closure.id,
      through: closure.date,
      clinicId: clinic.id,
      currency: 'EUR',
    });

    workOrder = aWorkOrderSnapshot({ ...inClinic, labId: randomUUID() });
    const created = await bus.publish(WorkOrderEvents.workOrderCreated, workOrder, inClinic);

    freshBasis = accounts.distributionBasis(patientId);
    freshClosedBasis = accounts.distributionBasis(closedPatientId);
    expect(freshClosedBasis).toMatchObject({ closedThrough: '2025-12-31', totals: [{ physicianId: drB }] });

    // wait until payments has consumed everything above, then stop both neighbours
    await consumed(...accounts.published.map((e) => e.id), created.id);
    await eventually(async () => {
      const [row] = await paymentsDb<Record<string, number>>(
        `select (select count(*) from known_patient where created_seen and id in (?, ?))::int as patients,
                (select count(*) from known_treatment where patient_id in (?, ?))::int as treatments,
                (select count(*) from known_physician where id in (?, ?))::int as physicians,
                (select count(*) from known_contract where id = ?)::int as contracts,
                (select count(*) from known_closure where patient_id = ? and not reopened)::int as closures,
                (select count(*) from known_work_order where id = ?)::int as work_orders`,
        [patientId, closedPatientId, patientId, closedPatientId, drA, drB, contractId, closedPatientId, workOrder.id],
      );
      expect(row).toEqual({ patients: 2, treatments: 4, physicians: 2, contracts: 1, closures: 1, work_orders: 1 });
    });
    accounts.stop(); // patient-accounts down; work-orders never answered
  });

  afterAll(async () => {
    await payments?.close();
    await bus?.close();
    await world.cleanup();
  });

  it('the neighbours are really down: asking them directly gets no responders', async () => {
    await expect(bus.request(AccountSubjects.distributionBasis, { patientId }, caller, 2000)).rejects.toMatchObject({
      code: '503',
    });
    await expect(
      bus.request(WorkOrderSubjects.getWorkOrder, { workOrderId: workOrder.id }, caller, 2000),
    ).rejects.toMatchObject({ code: '503' });
  });

  it('the local basis is the one patient-accounts answered (totals, contracts, closure)', async () => {
    expect(await localBasis(patientId)).toEqual(freshBasis);
    expect(await localBasis(closedPatientId)).toEqual(freshClosedBasis);
  });

  it('a 500.00 payment is stored, split 300.00 / 200.00 from the local copy', async () => {
    const p = await ok<PatientPaymentView>(PatientPaymentSubjects.record, { patientId, ...cash('500.00') });
    expect(p).toMatchObject({
      patientId,
      clinicId: clinic.id,
      currency: 'EUR',
      amount: '500.00',
      revision: 1,
      splits: [
        { physicianId: drA, amount: '300.00' },
        { physicianId: drB, amount: '200.00' },
      ],
    });
    const rows = await paymentsDb<{ amount_minor: string; clinic_id: string; splits: unknown }>(
      'select amount_minor::text, clinic_id, splits from patient_payment where id = ?',
      [p.id],
    );
    expect(rows).toEqual([{ amount_minor: '50000', clinic_id: clinic.id, splits: p.splits }]);
    const events = await paymentsDb("select 1 from outbox_event where envelope->'payload'->>'id' = ?", [p.id]);
    expect(events).toHaveLength(1);

    // an edit of the amount is split again from the copy
    const edited = await ok<PatientPaymentView>(PatientPaymentSubjects.update, {
      patientId,
      paymentId: p.id,
      amount: '100.00',
    });
    expect(edited.splits).toEqual([
      { physicianId: drA, amount: '60.00' },
      { physicianId: drB, amount: '40.00' },
    ]);
  });

  it("only the open part is split: a closed patient's earlier treatments do not count", async () => {
    const p = await ok<PatientPaymentView>(PatientPaymentSubjects.record, {
      patientId: closedPatientId,
      ...cash('20.00', '2026-02-01'),
    });
    expect(p.splits).toEqual([{ physicianId: drB, amount: '20.00' }]);
    // the closure lock (taken through payments when the account was closed) still holds
    expect(
      await refused(PatientPaymentSubjects.record, { patientId: closedPatientId, ...cash('5.00', '2025-12-31') }),
    ).toMatchObject({ status: 409, code: 'PAYMENT.ACCOUNT_CLOSED' });
  });

  it("the patient's contract may be named; an unknown one is a 404, nothing stored", async () => {
    await ok(PatientPaymentSubjects.record, { patientId, ...aCashPayment('10.00').forContract(contractId).build() });
    const before = await paymentsDb('select id from patient_payment where patient_id = ?', [patientId]);
    expect(
      await refused(PatientPaymentSubjects.record, {
        patientId,
        ...aCashPayment('10.00').forContract(randomUUID()).build(),
      }),
    ).toMatchObject({ status: 404, code: 'CONTRACT.NOT_FOUND' });
    expect(await paymentsDb('select id from patient_payment where patient_id = ?', [patientId])).toEqual(before);
  });

  it('a patient payments does not know is a 503 (it may exist); tenancy stays a 404', async () => {
    expect(await refused(PatientPaymentSubjects.record, { patientId: randomUUID(), ...cash('10.00') })).toMatchObject({
      status: 503,
      code: 'SERVICE.UNAVAILABLE',
    });
    expect(await refused(PatientPaymentSubjects.record, { patientId, ...cash('10.00') }, stranger)).toMatchObject({
      status: 404,
    });
    const elsewhere: CallerContext = { ...caller, clinicIds: [otherClinic.id] };
    expect(await refused(PatientPaymentSubjects.record, { patientId, ...cash('10.00') }, elsewhere)).toMatchObject({
      status: 404,
    });
  });

  it("a closure lock needs none of patient-accounts' RPCs: with the facts in the command, or from the copy", async () => {
    await ok(PatientPaymentSubjects.record, { patientId, ...cash('70.00', '2026-01-20') });
    const first = randomUUID();
    const lock = { patientId, closureId: first, through: '2026-01-31', clinicId: clinic.id, currency: 'EUR' };
    const sums = { receivedThrough: '70.00', bankCostThrough: '0.00' };
    expect(await ok(PatientPaymentSubjects.lockMoney, lock)).toEqual(sums);
    expect(await ok(PatientPaymentSubjects.lockMoney, lock)).toEqual(sums); // idempotent by closure id
    expect(await refused(PatientPaymentSubjects.record, { patientId, ...cash('1.00', '2026-01-31') })).toMatchObject({
      status: 409,
      code: 'PAYMENT.ACCOUNT_CLOSED',
    });
    // an older caller sends no clinic: the local copy has it
    const second = randomUUID();
    expect(await ok(PatientPaymentSubjects.lockMoney, { patientId, closureId: second, through: '2026-02-10' })).toEqual(
      sums,
    );
    // tenancy: another organization, a clinic the caller may not see
    expect(
      await refused(PatientPaymentSubjects.lockMoney, { ...lock, closureId: randomUUID() }, stranger),
    ).toMatchObject({ status: 404 });
    expect(
      await refused(
        PatientPaymentSubjects.lockMoney,
        { patientId, closureId: randomUUID(), through: '2026-02-10' },
        { ...caller, clinicIds: [otherClinic.id] },
      ),
    ).toMatchObject({ status: 404 });
    // nobody knows this patient and no clinic is named: 503, nothing locked
    const nobody = randomUUID();
    expect(
      await refused(PatientPaymentSubjects.lockMoney, {
        patientId: nobody,
        closureId: randomUUID(),
        through: '2026-01-31',
      }),
    ).toMatchObject({ status: 503 });
    expect(await paymentsDb('select 1 from patient_money where patient_id = ?', [nobody])).toEqual([]);
    await ok(PatientPaymentSubjects.unlockMoney, { patientId, closureId: second });
    await ok(PatientPaymentSubjects.unlockMoney, { patientId, closureId: first });
  });

  it("a work-order payment takes the work order's clinic, lab and currency from the copy", async () => {
    const p = await ok<WorkOrderPaymentView>(
      WorkOrderPaymentSubjects.record,
      aLabPayment('250.00').forWorkOrder(workOrder.id).on('2026-11-25').build(),
    );
    expect(p).toMatchObject({
      workOrderId: workOrder.id,
      clinicId: workOrder.clinicId,
      labId: workOrder.labId,
      currency: 'EUR',
      amount: '250.00',
    });
    const rows = await paymentsDb('select clinic_id, lab_id, currency, amount_minor::text from work_order_payment');
    expect(rows).toEqual([
      { clinic_id: workOrder.clinicId, lab_id: workOrder.labId, currency: 'EUR', amount_minor: '25000' },
    ]);
    const body = aLabPayment('1.00').on('2026-11-25').by('cash').build();
    expect(
      await refused(WorkOrderPaymentSubjects.record, { workOrderId: workOrder.id, ...body }, stranger),
    ).toMatchObject({ status: 404 });
    expect(
      await refused(
        WorkOrderPaymentSubjects.record,
        { workOrderId: workOrder.id, ...body },
        { ...caller, clinicIds: [otherClinic.id] },
      ),
    ).toMatchObject({ status: 404 });
    // not known here and work-orders down: 503
    expect(await refused(WorkOrderPaymentSubjects.record, { workOrderId: randomUUID(), ...body })).toMatchObject({
      status: 503,
      code: 'SERVICE.UNAVAILABLE',
    });
  });

  describe('the copy applies only newer snapshots (redelivery and reordering)', () => {
    it('a treatment: an older revision after a newer one changes nothing; a redelivery neither', async () => {
      const id = randomUUID();
      const view = aTreatmentSnapshot(accounts.patients.get(patientId)!, {
        id,
        physicianId: drA,
        procedure: 'Crown',
        date: '2026-02-01',
      });
      const created = envelope(
        PatientAccountEvents.treatmentCreated,
        { ...view, amount: '10.00', deleted: false, revision: 1 },
        '2026-02-01T10:00:00.000Z',
      );
      const updated = envelope(
        PatientAccountEvents.treatmentUpdated,
        { ...view, physicianId: drB, amount: '80.00', deleted: false, revision: 2 },
        '2026-02-01T10:05:00.000Z',
      );
      await publish(updated);
      await consumed(updated.id);
      await publish(created);
      await consumed(created.id);
      // the same update again under a new event id (beyond the inbox): still revision 2
      const again = { ...updated, id: randomUUID() };
      await publish(again);
      await consumed(again.id);
      const rows = await paymentsDb(
        `select physician_id, amount_minor::text, revision,
                (first_seen_at = '2026-02-01T10:00:00Z'::timestamptz) as ordered_by_created
           from known_treatment where id = ?`,
        [id],
      );
      expect(rows).toEqual([
        {
          physician_id: drB,
          amount_minor: '8000',
          revision: 2,
          ordered_by_created: true, // its place in the order is its created event's, whatever came first
        },
      ]);

      const deleted = envelope(
        PatientAccountEvents.treatmentDeleted,
        { ...view, physicianId: drB, amount: '80.00', deleted: true, revision: 3 },
        '2026-02-01T10:10:00.000Z',
      );
      await publish(deleted);
      await publish({ ...updated, id: randomUUID() }); // late again
      await consumed(deleted.id);
      const basis = await localBasis(patientId);
      expect(basis?.totals).toEqual(freshBasis.totals);
    });

    it('a physician: an older name after a newer one is ignored', async () => {
      const base = { id: drA, organizationId: caller.organizationId, clinicId: clinic.id, commissionPercent: null };
      const newer = envelope(AccountEvents.physicianUpdated, { ...base, name: 'Dr. A. Newname' });
      const older = envelope(
        AccountEvents.physicianUpdated,
        { ...base, name: 'Dr. A. Oldname' },
        '2020-01-01T00:00:00.000Z',
      );
      await publish(newer);
      await consumed(newer.id);
      await publish(older);
      await consumed(older.id);
      expect(await paymentsDb('select name from known_physician where id = ?', [drA])).toEqual([
        { name: 'Dr. A. Newname' },
      ]);
    });

    it('a closure reopened before its closed event arrives stays reopened', async () => {
      const closure = aClosureSnapshot({
        patientId,
        organizationId: caller.organizationId,
        clinicId: clinic.id,
        date: '2026-12-31',
      });
      const reopened = envelope(AccountEvents.accountReopened, closure);
      const closed = envelope(AccountEvents.accountClosed, closure);
      await publish(reopened);
      await consumed(reopened.id);
      await publish(closed);
      await consumed(closed.id);
      expect(await paymentsDb('select reopened from known_closure where id = ?', [closure.id])).toEqual([
        { reopened: true },
      ]);
      const basis = await localBasis(patientId);
      expect(basis?.closedThrough).toBeNull();
    });

    it('a work order: an older revision after a newer one changes nothing', async () => {
      const id = randomUUID();
      const view = aWorkOrderSnapshot({ id, organizationId: caller.organizationId, clinicId: clinic.id });
      const newer = envelope(WorkOrderEvents.workOrderUpdated, {
        ...view,
        labId: workOrder.labId,
        currency: 'EUR',
        revision: 2,
      });
      const older = envelope(WorkOrderEvents.workOrderCreated, {
        ...view,
        labId: randomUUID(),
        currency: 'USD',
        revision: 1,
      });
      await publish(newer);
      await consumed(newer.id);
      await publish(older);
      await consumed(older.id);
      expect(await paymentsDb('select lab_id, currency, revision from known_work_order where id = ?', [id])).toEqual([
        { lab_id: workOrder.labId, currency: 'EUR', revision: 2 },
      ]);
    });
  });
});
