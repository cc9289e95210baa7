// Physicians, patients, families, treatments, plans and invoices through NATS request/reply with a caller's context,
// as the gateway sends them, against real PostgreSQL and NATS. patient-accounts runs alone: payments (its clinics) is
// played on the test's bus. What only the gateway decides (roles, HTTP status mapping, the clinic filter's 404) is
// tested in apps/gateway/test (role-matrix.int-spec.ts).
import {
  CallerContext,
  ClinicView,
  ErrorBody,
  EventEnvelope,
  PatientAccountEvents,
  PatientAccountSubjects,
  TreatmentSnapshotV1,
} from '@dental/contracts';
import {
  aCaller,
  aClinicSnapshot,
  eventually,
  PaymentsStub,
  RequestOptions,
  ServiceUnderTest,
  serviceUnderTest,
  TestBus,
  TestWorld,
} from '@dental/testing';
import { startService } from '@dental/platform';
import { createHash, randomUUID } from 'node:crypto';
import { patientAccountsService } from '../src/patient-accounts.definition';

jest.setTimeout(60_000);

type Body = Record<string, unknown>;

const S = PatientAccountSubjects;

function expectError(error: ErrorBody, status: number, code?: string): void {
  expect(error).toEqual(
    expect.objectContaining({
      status,
      message: expect.stringMatching(/\S/),
      code: code ?? expect.stringMatching(/^[A-Z_]+\.[A-Z_]+$/),
    }),
  );
}

describe('patient accounts (integration: patient-accounts alone over NATS, payments stubbed)', () => {
  const world = new TestWorld();
  let accounts: ServiceUnderTest;
  let bus: TestBus;
  let payments: PaymentsStub;
  const organizationId = randomUUID();
  const admin = aCaller(organizationId, { roles: ['admin'] });
  const reception = aCaller(organizationId, { roles: ['reception'] });
  const other = aCaller(randomUUID(), { roles: ['admin'] });
  let mainClinic: ClinicView;
  let uptown: ClinicView;
  let otherClinic: ClinicView;
  let physician: Body;
  let uptownPhysician: Body;
  let patient: Body;

  const db = <T = Body>(sql: string, params: unknown[] = []): Promise<T[]> => accounts.db<T>(sql, params);

  const ok = <T = Body>(subject: string, payload: object, who: CallerContext = reception, options?: RequestOptions) =>
    bus.call<T>(subject, payload, { ...who, correlationId: randomUUID() }, options);
  const refusal = (subject: string, payload: object, who: CallerContext = reception, options?: RequestOptions) =>
    bus.refusal(subject, payload, { ...who, correlationId: randomUUID() }, options);

  /** A clinic payments has created (and announced); patient-accounts knows it once the event is consumed. */
  async function createClinic(owner: CallerContext, name: string, announce = true): Promise<ClinicView> {
    const clinic = await payments.addClinic(
      aClinicSnapshot({ organizationId: owner.organizationId, name, currency: 'EUR', timeZone: 'UTC' }),
      { announce },
    );
    if (announce)
      await eventually(async () => expect(await db('select id from clinic where id = ?', [clinic.id])).toHaveLength(1));
    return clinic;
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
    bus = await TestBus.connect(world);
    payments = new PaymentsStub(bus);
    accounts = serviceUnderTest(
      (await startService(patientAccountsService, world.env('patient-accounts', { RPC_TIMEOUT_MS: '3000' }))).app,
    );
    mainClinic = await createClinic(admin, 'Main Clinic');
    uptown = await createClinic(admin, 'Uptown Dental');
    otherClinic = await createClinic(other, 'Chain Two Clinic');
    // physicians (with their commission) are set up by the books, not the front desk (README "Who may do what")
    physician = await ok(S.createPhysician, { clinicId: mainClinic.id, name: 'Dr. A', commissionPercent: '30' }, admin);
    uptownPhysician = await ok(S.createPhysician, { clinicId: uptown.id, name: 'Dr. Uptown' }, admin);
    patient = await ok(S.createPatient, { clinicId: mainClinic.id, firstName: 'Ali', lastName: 'Yılmaz' });
  });

  afterAll(async () => {
    await accounts?.close();
    await bus?.close();
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
      const list = await ok<{ items: Body[] }>(S.listPhysicians, {});
      expect(list.items.map((p) => p.name)).toEqual(['Dr. A', 'Dr. Uptown']);
      const filtered = await ok<{ items: Body[] }>(S.listPhysicians, { clinicId: uptown.id });
      expect(filtered.items.map((p) => p.id)).toEqual([uptownPhysician.id]);
      // a caller of one clinic sees its physicians only
      const uptownOnly = aCaller(organizationId, { clinicIds: [uptown.id] });
      expect((await ok<{ items: Body[] }>(S.listPhysicians, {}, uptownOnly)).items.map((p) => p.id)).toEqual([
        uptownPhysician.id,
      ]);
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
      expect(await ok(S.getPatient, { patientId: patient.id })).toEqual(patient);
      const list = await ok<{ items: Body[] }>(S.listPatients, {});
      expect(list.items.map((p) => p.id)).toContain(patient.id);
      // a caller of another clinic of the organization does not find it
      expectError(
        await refusal(S.getPatient, { patientId: patient.id }, aCaller(organizationId, { clinicIds: [uptown.id] })),
        404,
        'PATIENT.NOT_FOUND',
      );
    });

    it('groups patients of clinics of one organization in a family, and takes them out again', async () => {
      const family = await ok(S.createFamily, { name: 'Yılmaz family' });
      const sister = await ok(S.createPatient, {
        clinicId: uptown.id,
        firstName: 'Ayşe',
        lastName: 'Yılmaz',
        email: 'ayse@example.com',
        familyId: family.id,
      });
      expect(sister.familyId).toBe(family.id);
      const put = await ok(S.setPatientFamily, { patientId: patient.id, familyId: family.id });
      expect(put.familyId).toBe(family.id);
      const out = await ok(S.setPatientFamily, { patientId: sister.id, familyId: null });
      expect(out.familyId).toBeNull();
      // another organization's family is not found, and nothing changes
      const foreignFamily = await ok(S.createFamily, { name: 'Other family' }, other);
      expectError(
        await refusal(S.setPatientFamily, { patientId: sister.id, familyId: foreignFamily.id }),
        404,
        'FAMILY.NOT_FOUND',
      );
      expect((await db('select family_id from patient where id = ?', [sister.id]))[0]).toEqual({ family_id: null });
    });

    it('refuses bad input and other organizations, storing nothing', async () => {
      const before = await stored();
      const cases: [string, Body, number, string?][] = [
        [S.createPhysician, { clinicId: mainClinic.id, name: 'Dr. X', commissionPercent: '101' }, 400],
        [S.createPhysician, { clinicId: mainClinic.id, name: 'Dr. X', commissionPercent: '-1' }, 400],
        [S.createPhysician, { clinicId: otherClinic.id, name: 'Dr. X' }, 404, 'CLINIC.NOT_FOUND'],
        [S.createPatient, { clinicId: mainClinic.id, firstName: ' ', lastName: 'X' }, 400],
        [S.createPatient, { clinicId: mainClinic.id, firstName: 'A', lastName: 'X', email: 'nope' }, 400],
        [S.createPatient, { clinicId: randomUUID(), firstName: 'A', lastName: 'X' }, 404],
        [S.createPatient, { clinicId: mainClinic.id, firstName: 'A', lastName: 'X', familyId: randomUUID() }, 404],
        [S.createFamily, { name: '' }, 400],
        [S.createFamily, { name: 'Yılmaz\u0000' }, 400],
        [S.createPatient, { clinicId: mainClinic.id, firstName: 'A\u0000', lastName: 'X' }, 400],
        [S.createPhysician, { clinicId: mainClinic.id, name: 'Dr.\u0000X' }, 400],
        [S.getPatient, { patientId: 'not-a-uuid' }, 400],
      ];
      for (const [subject, body, status, code] of cases) expectError(await refusal(subject, body, admin), status, code);
      expectError(await refusal(S.getPatient, { patientId: patient.id }, other), 404, 'PATIENT.NOT_FOUND');
      expect((await ok<{ items: Body[] }>(S.listPatients, {}, other)).items).toEqual([]);
      expect(await stored()).toEqual(before);
    });
  });

  describe('treatments', () => {
    it('records a treatment with an audit row and a published snapshot', async () => {
      const t = await ok(S.createTreatment, { patientId: patient.id, ...treatment() });
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
      expect(await db('select action, user_id as who from treatment_audit where treatment_id = ?', [t.id])).toEqual([
        { action: 'created', who: reception.userId },
      ]);
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
      const t = await ok(S.createTreatment, { patientId: patient.id, ...treatment({ amount: '100' }) });
      expect(t.amount).toBe('100.00');
      const changed = await ok(S.updateTreatment, {
        patientId: patient.id,
        treatmentId: t.id,
        reason: 'entry_error',
        amount: '120.50',
        tooth: null,
      });
      expect(changed).toEqual(expect.objectContaining({ amount: '120.50', tooth: null, revision: 2 }));
      expect(
        await db("select before, after from treatment_audit where treatment_id = ? and action = 'updated'", [t.id]),
      ).toEqual([{ before: { amount: '100.00', tooth: '26' }, after: { amount: '120.50', tooth: null } }]);
      const del = await ok(S.deleteTreatment, { patientId: patient.id, treatmentId: t.id, reason: 'entry_error' });
      expect({ deleted: del.deleted, revision: del.revision }).toEqual({ deleted: true, revision: 3 });
      expect(
        (
          await db<{ type: string }>(
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
        await refusal(S.deleteTreatment, { patientId: patient.id, treatmentId: t.id, reason: 'entry_error' }),
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
      expectError(await refusal(S.createTreatment, { patientId: patient.id, ...body() }), status);
      expect(await stored()).toEqual(before);
    });

    it('answers a repeated Idempotency-Key with the first treatment, and 409 for another body', async () => {
      const key = randomUUID();
      const send = (body: Body) => {
        const payload = { patientId: patient.id, ...body };
        // as the gateway sends it on: the client's key and the hash of its request
        const hash = createHash('sha256').update(JSON.stringify(payload)).digest('hex');
        return bus.request<Body>(S.createTreatment, payload, reception, { idempotency: { key, hash } });
      };
      const first = await send(treatment({ amount: '77.00' }));
      const again = await send(treatment({ amount: '77.00' }));
      expect(first).toEqual({ ok: true, data: expect.objectContaining({ amount: '77.00' }) });
      expect(again).toEqual({ ok: true, data: first.ok && first.data, replayed: true });
      const otherBody = await send(treatment({ amount: '78.00' }));
      expect(otherBody).toEqual({ ok: false, error: expect.objectContaining({ status: 409 }) });
      expect(await db('select count(*)::int as n from treatment where amount_minor = 7700')).toEqual([{ n: 1 }]);
    });

    it('a clinic whose event has not arrived is asked of payments, then remembered', async () => {
      const late = await createClinic(admin, 'Late Clinic', false); // payments.clinic.created still on its way
      const asked = payments.clinicCalls.calls.length;
      const p = await ok(S.createPatient, { clinicId: late.id, firstName: 'Late', lastName: 'Comer' });
      expect(p).toEqual(expect.objectContaining({ clinicId: late.id, currency: 'EUR' }));
      expect(payments.clinicCalls.calls.slice(asked).map((c) => c.payload)).toEqual([{ clinicId: late.id }]);
      expect(await db('select organization_id, currency from clinic where id = ?', [late.id])).toEqual([
        { organization_id: mainClinic.organizationId, currency: 'EUR' },
      ]);
      // remembered: the next patient of the clinic asks payments nothing
      await ok(S.createPatient, { clinicId: late.id, firstName: 'Late', lastName: 'Again' });
      expect(payments.clinicCalls.calls.length).toBe(asked + 1);
    });

    it("another organization's patient or treatment is not found", async () => {
      const t = await ok(S.createTreatment, { patientId: patient.id, ...treatment() });
      const before = await stored();
      expectError(
        await refusal(S.createTreatment, { patientId: patient.id, ...treatment() }, other),
        404,
        'PATIENT.NOT_FOUND',
      );
      expectError(
        await refusal(
          S.updateTreatment,
          { patientId: patient.id, treatmentId: t.id, reason: 'entry_error', amount: '1' },
          other,
        ),
        404,
      );
      expectError(
        await refusal(S.deleteTreatment, { patientId: patient.id, treatmentId: t.id, reason: 'entry_error' }, other),
        404,
      );
      const theirPatient = await ok(
        S.createPatient,
        { clinicId: otherClinic.id, firstName: 'B', lastName: 'C' },
        other,
      );
      expectError(
        await refusal(
          S.updateTreatment,
          { patientId: theirPatient.id, treatmentId: t.id, reason: 'entry_error', amount: '1' },
          other,
        ),
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
      const plan = await ok(S.createTreatmentPlan, {
        patientId: patient.id,
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
      const copy = (body: Body) => ({ patientId: patient.id, planId: plan.id, ...body });
      const first = await ok<Body[]>(S.copyPlanToTreatments, copy({ itemIds: [items[0].id], date: '2026-11-22' }));
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
        await refusal(S.copyPlanToTreatments, copy({ itemIds: [items[0].id], date: '2026-11-22' })),
        409,
        'TREATMENT_PLAN.ITEM_ALREADY_COPIED',
      );
      expect(await stored()).toEqual(before);
      // without itemIds: every item not copied yet
      const rest = await ok<Body[]>(S.copyPlanToTreatments, copy({ date: '2026-11-23' }));
      expect(rest.map((t) => [t.procedure, t.copiedFromPlanning])).toEqual([['Cleaning', true]]);
      expectError(await refusal(S.copyPlanToTreatments, copy({ date: '2026-11-23' })), 409);
    });

    it('refuses bad plans and foreign plans, storing nothing', async () => {
      const before = await stored();
      expectError(await refusal(S.createTreatmentPlan, { patientId: patient.id, items: [] }), 400);
      expectError(
        await refusal(S.createTreatmentPlan, { patientId: patient.id, items: [{ procedure: 'X', amount: '-1' }] }),
        400,
      );
      expectError(
        await refusal(S.copyPlanToTreatments, { patientId: patient.id, planId: randomUUID(), date: '2026-11-22' }),
        404,
        'TREATMENT_PLAN.NOT_FOUND',
      );
      expectError(
        await refusal(
          S.createTreatmentPlan,
          { patientId: patient.id, items: [{ procedure: 'X', amount: '1' }] },
          other,
        ),
        404,
      );
      expect(await stored()).toEqual(before);
    });
  });

  describe('invoices', () => {
    it('numbers invoices per organization, locks invoiced treatments until the invoice is cancelled', async () => {
      const p = await ok(S.createPatient, { clinicId: mainClinic.id, firstName: 'Can', lastName: 'Öz' });
      const a = await ok(S.createTreatment, { patientId: p.id, ...treatment({ amount: '600.00' }) });
      const b = await ok(S.createTreatment, {
        patientId: p.id,
        ...treatment({ amount: '400.00', physicianId: undefined }),
      });
      const inv = await ok(S.createInvoice, { patientId: p.id, treatmentIds: [a.id, b.id] });
      expect(inv).toEqual(
        expect.objectContaining({ number: 'INV-000001', totalAmount: '1000.00', currency: 'EUR', cancelled: false }),
      );
      const treatments = await db('select invoice_number from treatment where id in (?, ?)', [a.id, b.id]);
      expect(treatments).toEqual([{ invoice_number: 'INV-000001' }, { invoice_number: 'INV-000001' }]);

      const before = await stored();
      const correction = { reason: 'entry_error' };
      expectError(
        await refusal(S.updateTreatment, { patientId: p.id, treatmentId: a.id, ...correction, amount: '1.00' }),
        409,
        'TREATMENT.INVOICED',
      );
      expectError(
        await refusal(S.deleteTreatment, { patientId: p.id, treatmentId: a.id, ...correction }),
        409,
        'TREATMENT.INVOICED',
      );
      expectError(await refusal(S.createInvoice, { patientId: p.id, treatmentIds: [a.id] }), 409, 'TREATMENT.INVOICED');
      expectError(
        await refusal(S.createInvoice, { patientId: patient.id, treatmentIds: [b.id] }),
        404,
        'TREATMENT.NOT_FOUND',
      );
      expectError(await refusal(S.createInvoice, { patientId: p.id, treatmentIds: [a.id] }, other), 404);
      expectError(await refusal(S.cancelInvoice, { patientId: p.id, invoiceId: inv.id, ...correction }, other), 404);
      expect(await stored()).toEqual(before);

      const cancel = await ok(S.cancelInvoice, { patientId: p.id, invoiceId: inv.id, ...correction });
      expect(cancel.cancelled).toBe(true);
      const edit = await ok(S.updateTreatment, { patientId: p.id, treatmentId: a.id, ...correction, amount: '650.00' });
      expect({ invoiceId: edit.invoiceId, amount: edit.amount }).toEqual({ invoiceId: null, amount: '650.00' });
      const next = await ok(S.createInvoice, { patientId: p.id, treatmentIds: [a.id] });
      expect(next).toEqual(expect.objectContaining({ number: 'INV-000002', totalAmount: '650.00' }));
      await ok(S.cancelInvoice, { patientId: p.id, invoiceId: next.id, ...correction });
      await ok(S.deleteTreatment, { patientId: p.id, treatmentId: a.id, ...correction });

      // another organization counts from INV-000001
      const theirPatient = await ok(
        S.createPatient,
        { clinicId: otherClinic.id, firstName: 'D', lastName: 'E' },
        other,
      );
      const theirs = await ok(
        S.createTreatment,
        { patientId: theirPatient.id, ...treatment({ physicianId: undefined }) },
        other,
      );
      const theirInvoice = await ok(S.createInvoice, { patientId: theirPatient.id, treatmentIds: [theirs.id] }, other);
      expect(theirInvoice.number).toBe('INV-000001');
    });
  });

  describe('listing patients', () => {
    // Last names differ in their first letter, so the expected order holds under any collation.
    const lastNames = ['Akşit', 'Demir', 'Kaya', 'Yılmaz'];
    let chain: ClinicView;
    let family: Body;
    let expected: string[];
    let ids: string[];
    type Page = { items: Body[]; total: number; page: number; pageSize: number };
    const list = (query: Record<string, string | number>, who = reception) => ok<Page>(S.listPatients, query, who);
    const idsOf = (page: Page) => page.items.map((p) => p.id);

    beforeAll(async () => {
      chain = await createClinic(admin, 'Chain Search Clinic');
      family = await ok(S.createFamily, { name: 'Search family' });
      ids = [];
      for (let i = 0; i < 120; i++) {
        const n = String(i).padStart(3, '0');
        const p = await ok(S.createPatient, {
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
      expect({ total: first.total, page: first.page, size: first.pageSize }).toEqual({ total: 120, page: 1, size: 50 });
      expect(first.items[0]).toEqual(
        expect.objectContaining({ id: expected[0], firstName: 'Hasta000', lastName: 'Akşit', currency: 'EUR' }),
      );
      const second = await list({ clinicId: chain.id, page: 2 });
      const third = await list({ clinicId: chain.id, page: 3, pageSize: 50 });
      expect(idsOf(third)).toHaveLength(20);
      expect([...idsOf(first), ...idsOf(second), ...idsOf(third)]).toEqual(expected);
      const all = await list({ clinicId: chain.id, pageSize: 500 });
      expect({ total: all.total, pageSize: all.pageSize, ids: idsOf(all) }).toEqual({
        total: 120,
        pageSize: 500,
        ids: expected,
      });
      const past = await list({ clinicId: chain.id, page: 4 });
      expect({ items: past.items, total: past.total }).toEqual({ items: [], total: 120 });
      const family3 = await list({ clinicId: chain.id, familyId: family.id as string });
      expect(idsOf(family3).sort()).toEqual(ids.slice(0, 3).sort());
    });

    it('finds patients by name, phone or e-mail, ignoring case and accents', async () => {
      const yilmaz = ids.filter((_, i) => i % 4 === 3);
      for (const q of ['yilmaz', 'YILMAZ', 'Yılmaz', 'yılmaz']) {
        const res = await list({ clinicId: chain.id, q, pageSize: 500 });
        expect({ q, total: res.total, ids: idsOf(res).sort() }).toEqual({ q, total: 30, ids: [...yilmaz].sort() });
      }
      const aksit = await list({ clinicId: chain.id, q: 'AKSIT', pageSize: 10, page: 2 });
      expect({ total: aksit.total, ids: idsOf(aksit) }).toEqual({
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
      const theirs = await ok(
        S.createPatient,
        { clinicId: otherClinic.id, firstName: 'Hasta007', lastName: 'Yılmaz' },
        other,
      );
      const mine = await list({ q: 'hasta007 yilmaz', pageSize: 500 }, admin);
      expect(idsOf(mine)).toEqual([ids[7]]);
      // another organization's clinic as a filter lists nothing of it (the gateway answers it with its 404 first)
      expect(await list({ clinicId: chain.id }, other)).toEqual(expect.objectContaining({ items: [], total: 0 }));
      expect(idsOf(await list({ q: 'hasta007' }, other))).toEqual([theirs.id]);
      // a caller of another clinic of the organization sees none of the chain's patients
      const uptownOnly = aCaller(organizationId, { clinicIds: [uptown.id] });
      expect((await list({ q: 'hasta007', pageSize: 500 }, uptownOnly)).items).toEqual([]);
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
        const error = await refusal(S.listPatients, query);
        expectError(error, 400, 'REQUEST.VALIDATION');
        expect({ query, fields: (error.details as { field: string }[]).map((d) => d.field) }).toEqual({
          query,
          fields: [field],
        });
      }
    });
  });
});
