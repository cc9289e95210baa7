// DOMAIN.md D "Progress payment modes", payments' part: a clinic's progress setting (mode, cost percentage) and the
// physician on whose behalf received money is recorded. payments runs alone on real PostgreSQL and NATS, reached over
// NATS RPC with a caller context; patient-accounts is played on the test's bus (its physicians and the patient
// published as its events, its list of a clinic's physicians answered by PatientAccountsStub). Each accepted change
// leaves its row, audit entry and outbox event; each refused one leaves nothing.
import {
  CallerContext,
  ClinicSubjects,
  ClinicView,
  ErrorBody,
  EventEnvelope,
  PatientAccountSubjects,
  PatientPaymentSubjects,
  PatientPaymentView,
  ProgressSettingsSubjects,
  ProgressSettingsView,
} from '@dental/contracts';
import { startService } from '@dental/platform';
import {
  aCaller,
  aCashPayment,
  PatientAccountsStub,
  RpcAnswer,
  ServiceUnderTest,
  serviceUnderTest,
  TestBus,
  TestWorld,
} from '@dental/testing';
import { randomUUID } from 'node:crypto';
import { paymentsService } from '../src/payments.definition';

jest.setTimeout(90_000);

type Body = Record<string, unknown>;

describe('progress settings and money on behalf of a physician (integration: payments alone, patient-accounts stubbed)', () => {
  const world = new TestWorld();
  let payments: ServiceUnderTest;
  let bus: TestBus;
  let accounts: PatientAccountsStub;
  const caller: CallerContext = aCaller(randomUUID());
  const stranger: CallerContext = aCaller(randomUUID());
  let clinic: ClinicView;
  let otherClinic: ClinicView; // same organization
  let foreignClinic: ClinicView; // another organization's
  let drA: string; // of `clinic`
  let drB: string; // of `clinic`
  let drOther: string; // of `otherClinic`
  let drForeign: string; // of `foreignClinic`
  let patientId: string; // of `clinic`

  const rpc = <T>(subject: string, payload: unknown, who: CallerContext = caller): Promise<RpcAnswer<T>> =>
    bus.request<T>(subject, payload, { ...who, correlationId: randomUUID() }, 20_000);

  async function ok<T = Body>(subject: string, payload: unknown, who: CallerContext = caller): Promise<T> {
    const reply = await rpc<T>(subject, payload, who);
    expect(reply).toEqual({ ok: true, data: expect.anything() });
    return (reply as { data: T }).data;
  }

  async function refused(subject: string, payload: unknown, who: CallerContext = caller): Promise<ErrorBody> {
    const reply = await rpc(subject, payload, who);
    expect(reply).toEqual({ ok: false, error: expect.objectContaining({ status: expect.any(Number) }) });
    return (reply as { error: ErrorBody }).error;
  }

  const db = <T = Body>(sql: string, params: unknown[] = []): Promise<T[]> => payments.db<T>(sql, params);

  const fields = (e: ErrorBody) => ((e.details ?? []) as { field: string }[]).map((d) => d.field).sort();

  /** Everything a settings change writes: its row, audit entries and events (any clinic). */
  const settingsState = async () =>
    (
      await db<{ rows: number; audit: number; events: number }>(
        `select (select count(*) from clinic_progress_settings)::int as rows,
                (select count(*) from audit_entry where entity = 'clinic_progress_settings')::int as audit,
                (select count(*) from outbox_event where type = 'payments.clinic.progress-settings-changed')::int as events`,
      )
    )[0];

  /** Everything a received-money change writes for the patient. */
  const moneyState = async () =>
    (
      await db<{ payments: number; audit: number; events: number; counters: string }>(
        `select (select count(*) from patient_payment where patient_id = ?)::int as payments,
                (select count(*) from audit_entry where entity = 'patient_payment')::int as audit,
                (select count(*) from outbox_event where type like 'payments.patient-payment.%')::int as events,
                (select coalesce(sum(last_number), 0)::text from receipt_counter) as counters`,
        [patientId],
      )
    )[0];

  async function lastEvent<P>(type: string): Promise<EventEnvelope<P>> {
    const [row] = await db<{ envelope: EventEnvelope<P> }>(
      'select envelope from outbox_event where type = ? order by seq desc limit 1',
      [type],
    );
    return row.envelope;
  }

  /** A physician of patient-accounts, published as its event. */
  const physician = async (clinicId: string, name: string, who = caller) =>
    (await accounts.physician({ organizationId: who.organizationId, clinicId, name })).id;

  beforeAll(async () => {
    bus = await TestBus.connect(world);
    accounts = new PatientAccountsStub(bus).answer();
    payments = serviceUnderTest(
      (await startService(paymentsService, world.env('payments', { RPC_TIMEOUT_MS: '10000' }))).app,
    );
    clinic = await ok<ClinicView>(ClinicSubjects.create, { name: 'Progress Dental', currency: 'EUR' });
    otherClinic = await ok<ClinicView>(ClinicSubjects.create, { name: 'Other Dental', currency: 'EUR' });
    foreignClinic = await ok<ClinicView>(ClinicSubjects.create, { name: 'Foreign Dental', currency: 'EUR' }, stranger);
    drA = await physician(clinic.id, 'Dr. A');
    drB = await physician(clinic.id, 'Dr. B');
    drOther = await physician(otherClinic.id, 'Dr. Other');
    drForeign = await physician(foreignClinic.id, 'Dr. Foreign', stranger);
    const patient = await accounts.patient({
      organizationId: caller.organizationId,
      clinicId: clinic.id,
      firstName: 'Elif',
      lastName: 'Kaya',
    });
    patientId = patient.id;
    await accounts.treatment(patientId, {
      physicianId: drA,
      procedure: 'Crown',
      date: '2026-06-10',
      amount: '1000.00',
    });
    // payments' copy of the physicians is complete before the tests take parts of it away
    await payments.consumed(...accounts.published.map((e) => e.id));
  });

  afterAll(async () => {
    await payments?.close();
    await bus?.close();
    await world.cleanup();
  });

  describe('PUT progress settings (payments.cmd.set-progress-settings)', () => {
    it('stores the setting with an audit entry and an event; the same setting again changes nothing; a change is revision 2', async () => {
      // never set: collections at 0 %, revision 0 (payments.query.get-progress-settings)
      expect(await ok<ProgressSettingsView>(ProgressSettingsSubjects.get, { clinicId: clinic.id })).toEqual({
        clinicId: clinic.id,
        organizationId: caller.organizationId,
        mode: 'collections',
        costPercent: '0.00',
        revision: 0,
      });
      const set = await ok<ProgressSettingsView>(ProgressSettingsSubjects.set, {
        clinicId: clinic.id,
        mode: 'treatments',
        costPercent: '10',
      });
      expect(set).toEqual({
        clinicId: clinic.id,
        organizationId: caller.organizationId,
        mode: 'treatments',
        costPercent: '10.00',
        revision: 1,
      });
      const event = await lastEvent<ProgressSettingsView>('payments.clinic.progress-settings-changed');
      expect(event).toEqual(
        expect.objectContaining({ organizationId: caller.organizationId, clinicId: clinic.id, payload: set }),
      );
      expect(
        await db('select action, before, after from audit_entry where entity = ? and entity_id = ?', [
          'clinic_progress_settings',
          clinic.id,
        ]),
      ).toEqual([{ action: 'created', before: null, after: set }]);

      const before = await settingsState();
      expect(
        await ok(ProgressSettingsSubjects.set, { clinicId: clinic.id, mode: 'treatments', costPercent: '10.00' }),
      ).toEqual(set);
      expect(await settingsState()).toEqual(before);

      const changed = await ok<ProgressSettingsView>(ProgressSettingsSubjects.set, {
        clinicId: clinic.id,
        mode: 'registered',
        costPercent: '0',
      });
      expect(changed).toEqual({ ...set, mode: 'registered', costPercent: '0.00', revision: 2 });
      expect(await ok(ProgressSettingsSubjects.get, { clinicId: clinic.id })).toEqual(changed);
      expect(await settingsState()).toEqual({
        rows: before.rows,
        audit: before.audit + 1,
        events: before.events + 1,
      });
      expect((await lastEvent<ProgressSettingsView>('payments.clinic.progress-settings-changed')).payload).toEqual(
        changed,
      );
    });

    it.each([
      [{ mode: 'weekly', costPercent: '10.00' }, ['mode']],
      [{ mode: 'collections', costPercent: '100.01' }, ['costPercent']],
      [{ mode: 'collections', costPercent: '-1' }, ['costPercent']],
      [{ mode: 'collections', costPercent: '10.12345' }, ['costPercent']],
      [{ mode: 'collections', costPercent: 'ten' }, ['costPercent']],
      [{ mode: 'collections', costPercent: 10 }, ['costPercent']],
      [{}, ['costPercent', 'mode']],
    ])('refuses %j with a 400 naming %j, storing nothing', async (body, named) => {
      const before = await settingsState();
      const error = await refused(ProgressSettingsSubjects.set, { clinicId: clinic.id, ...body });
      expect({ status: error.status, code: error.code, fields: fields(error) }).toEqual({
        status: 400,
        code: 'REQUEST.VALIDATION',
        fields: named,
      });
      expect(await settingsState()).toEqual(before);
    });

    it("another organization's clinic is a 404, storing nothing", async () => {
      const before = await settingsState();
      const error = await refused(
        ProgressSettingsSubjects.set,
        { clinicId: foreignClinic.id, mode: 'treatments', costPercent: '5' },
        caller,
      );
      expect({ status: error.status, code: error.code }).toEqual({ status: 404, code: 'CLINIC.NOT_FOUND' });
      expect(await settingsState()).toEqual(before);
    });
  });

  describe('received money on behalf of a physician (physicianId)', () => {
    const record = (body: Body) =>
      rpc<PatientPaymentView>(PatientPaymentSubjects.record, {
        ...aCashPayment('100.00').forPatient(patientId).on('2026-06-20').build(),
        ...body,
      });

    it("is stored, answered and carried in the event; without it the money is nobody's (null)", async () => {
      const reply = await record({ physicianId: drA });
      expect(reply).toEqual({ ok: true, data: expect.objectContaining({ physicianId: drA, revision: 1 }) });
      const p = (reply as { data: PatientPaymentView }).data;
      expect(await db('select physician_id from patient_payment where id = ?', [p.id])).toEqual([
        { physician_id: drA },
      ]);
      expect((await lastEvent<PatientPaymentView>('payments.patient-payment.recorded')).payload).toEqual({
        ...p,
        changedBy: expect.any(String),
      });

      const none = await record({});
      expect(none).toEqual({ ok: true, data: expect.objectContaining({ physicianId: null }) });
    });

    it.each([
      ["another clinic's physician of the organization", () => drOther],
      ["another organization's physician", () => drForeign],
      ['an id that is no physician', () => randomUUID()],
      ['the patient', () => patientId],
    ])('%s is a 404 naming physicianId, storing nothing', async (_what, id) => {
      const before = await moneyState();
      const error = await refused(PatientPaymentSubjects.record, {
        ...aCashPayment('100.00').forPatient(patientId).on('2026-06-20').build(),
        physicianId: id(),
      });
      expect({ status: error.status, code: error.code, fields: fields(error) }).toEqual({
        status: 404,
        code: 'PHYSICIAN.NOT_FOUND',
        fields: ['physicianId'],
      });
      expect(await moneyState()).toEqual(before);
    });

    it('a malformed physicianId is a 400 naming it', async () => {
      const before = await moneyState();
      const error = await refused(PatientPaymentSubjects.record, {
        ...aCashPayment('100.00').forPatient(patientId).on('2026-06-20').build(),
        physicianId: 'dr-a',
      });
      expect({ status: error.status, fields: fields(error) }).toEqual({ status: 400, fields: ['physicianId'] });
      expect(await moneyState()).toEqual(before);
    });

    it("a physician not in payments' copy yet is checked with patient-accounts", async () => {
      // as if the physician's created event had not arrived: the copy forgets Dr. B
      await db('delete from known_physician where id = ?', [drB]);
      const asked = accounts.calls(PatientAccountSubjects.listPhysicians).length;
      const reply = await record({ physicianId: drB });
      expect(reply).toEqual({ ok: true, data: expect.objectContaining({ physicianId: drB }) });
      expect(
        accounts
          .calls(PatientAccountSubjects.listPhysicians)
          .slice(asked)
          .map((c) => c.payload),
      ).toEqual([{ clinicId: clinic.id }]);
      // and another clinic's physician missing from the copy is still refused
      await db('delete from known_physician where id = ?', [drOther]);
      const error = await refused(PatientPaymentSubjects.record, {
        ...aCashPayment('100.00').forPatient(patientId).on('2026-06-20').build(),
        physicianId: drOther,
      });
      expect({ status: error.status, fields: fields(error) }).toEqual({ status: 404, fields: ['physicianId'] });
    });

    it('an edit moves the money to another physician or to nobody (null), with a new revision, audit entry and event; a refused edit changes nothing', async () => {
      const p = (await record({ physicianId: drA })) as { data: PatientPaymentView };
      const ref = { patientId, paymentId: p.data.id };
      const moved = await ok<PatientPaymentView>(PatientPaymentSubjects.update, { ...ref, physicianId: drB });
      expect(moved).toEqual({ ...p.data, physicianId: drB, revision: 2 });
      expect((await lastEvent<PatientPaymentView>('payments.patient-payment.updated')).payload).toEqual({
        ...moved,
        changedBy: expect.any(String),
      });
      expect(
        await db<{ before: { physicianId: string }; after: { physicianId: string } }>(
          `select before, after from audit_entry where entity = 'patient_payment' and entity_id = ? and action = 'updated'`,
          [p.data.id],
        ),
      ).toEqual([
        { before: expect.objectContaining({ physicianId: drA }), after: expect.objectContaining({ physicianId: drB }) },
      ]);

      const before = await moneyState();
      const error = await refused(PatientPaymentSubjects.update, { ...ref, physicianId: drForeign });
      expect({ status: error.status, fields: fields(error) }).toEqual({ status: 404, fields: ['physicianId'] });
      expect(await moneyState()).toEqual(before);

      const cleared = await ok<PatientPaymentView>(PatientPaymentSubjects.update, { ...ref, physicianId: null });
      expect(cleared).toEqual({ ...moved, physicianId: null, revision: 3 });
      // the same again: nothing changes
      expect(await ok(PatientPaymentSubjects.update, { ...ref, physicianId: null })).toEqual(cleared);
    });
  });
});
