// DOMAIN.md D "Progress payment modes", payments' part: a clinic's progress setting (mode, cost percentage) and the
// physician on whose behalf received money is recorded. payments and patient-accounts run in this process on real
// PostgreSQL and NATS, reached over NATS RPC with a caller context; nothing is mocked. Each accepted change leaves its
// row, audit entry and outbox event; each refused one leaves nothing.
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
import { BusNaming, callerToHeaders } from '@dental/messaging';
import { startService } from '@dental/platform';
import { TestWorld, testNats } from '@dental/testing';
import { MikroORM } from '@mikro-orm/core';
import { INestApplication } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
// patient-accounts keeps the patients and physicians; importing its definition is test wiring.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { patientAccountsService } from '../../patient-accounts/src/patient-accounts.definition';
import { paymentsService } from '../src/payments.definition';

jest.setTimeout(90_000);

type Reply<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
type Body = Record<string, unknown>;

describe('progress settings and money on behalf of a physician (integration: payments + patient-accounts)', () => {
  const world = new TestWorld();
  const naming = new BusNaming(world.busPrefix);
  const apps: INestApplication[] = [];
  let payments: INestApplication;
  let nc: NatsConnection;
  const caller: CallerContext = {
    organizationId: randomUUID(),
    clinicIds: '*',
    userId: randomUUID(),
    roles: ['admin'],
    correlationId: randomUUID(),
  };
  const stranger: CallerContext = { ...caller, organizationId: randomUUID(), userId: randomUUID() };
  let clinic: ClinicView;
  let otherClinic: ClinicView; // same organization
  let foreignClinic: ClinicView; // another organization's
  let drA: string; // of `clinic`
  let drB: string; // of `clinic`
  let drOther: string; // of `otherClinic`
  let drForeign: string; // of `foreignClinic`
  let patientId: string; // of `clinic`

  async function rpc<T>(subject: string, payload: unknown, who: CallerContext = caller): Promise<Reply<T>> {
    const msg = await nc.request(naming.rpc(subject), Buffer.from(JSON.stringify(payload)), {
      timeout: 20_000,
      headers: callerToHeaders({ ...who, correlationId: randomUUID() }),
    });
    return JSON.parse(Buffer.from(msg.data).toString('utf8')) as Reply<T>;
  }

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

  async function db<T = Body>(sql: string, params: unknown[] = []): Promise<T[]> {
    return payments.get(MikroORM).em.fork().getConnection().execute<T[]>(sql, params);
  }

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

  const physician = async (clinicId: string, name: string, who = caller) =>
    (await ok<{ id: string }>(PatientAccountSubjects.createPhysician, { clinicId, name }, who)).id;

  beforeAll(async () => {
    nc = await testNats();
    const env = (service: string) => world.env(service, { RPC_TIMEOUT_MS: '10000' });
    payments = (await startService(paymentsService, env('payments'))).app;
    apps.push(payments);
    apps.push((await startService(patientAccountsService, env('patient-accounts'))).app);
    clinic = await ok<ClinicView>(ClinicSubjects.create, { name: 'Progress Dental', currency: 'EUR' });
    otherClinic = await ok<ClinicView>(ClinicSubjects.create, { name: 'Other Dental', currency: 'EUR' });
    foreignClinic = await ok<ClinicView>(ClinicSubjects.create, { name: 'Foreign Dental', currency: 'EUR' }, stranger);
    drA = await physician(clinic.id, 'Dr. A');
    drB = await physician(clinic.id, 'Dr. B');
    drOther = await physician(otherClinic.id, 'Dr. Other');
    drForeign = await physician(foreignClinic.id, 'Dr. Foreign', stranger);
    patientId = (
      await ok<{ id: string }>(PatientAccountSubjects.createPatient, {
        clinicId: clinic.id,
        firstName: 'Elif',
        lastName: 'Kaya',
      })
    ).id;
    await ok(PatientAccountSubjects.createTreatment, {
      patientId,
      physicianId: drA,
      procedure: 'Crown',
      date: '2026-06-10',
      amount: '1000.00',
    });
  });

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await nc?.close();
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
        patientId,
        date: '2026-06-20',
        amount: '100.00',
        paymentType: 'cash',
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
        patientId,
        date: '2026-06-20',
        amount: '100.00',
        paymentType: 'cash',
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
        patientId,
        date: '2026-06-20',
        amount: '100.00',
        paymentType: 'cash',
        physicianId: 'dr-a',
      });
      expect({ status: error.status, fields: fields(error) }).toEqual({ status: 400, fields: ['physicianId'] });
      expect(await moneyState()).toEqual(before);
    });

    it("a physician not in payments' copy yet is checked with patient-accounts", async () => {
      // as if the physician's created event had not arrived: the copy forgets Dr. B
      await db('delete from known_physician where id = ?', [drB]);
      const reply = await record({ physicianId: drB });
      expect(reply).toEqual({ ok: true, data: expect.objectContaining({ physicianId: drB }) });
      // and another clinic's physician missing from the copy is still refused
      await db('delete from known_physician where id = ?', [drOther]);
      const error = await refused(PatientPaymentSubjects.record, {
        patientId,
        date: '2026-06-20',
        amount: '100.00',
        paymentType: 'cash',
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
