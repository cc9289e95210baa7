// Closures, contracts, the account bases and the Bank Cost treatment, through NATS request/reply with a caller's
// context, against real PostgreSQL and NATS. patient-accounts runs alone: payments is played on the test's bus (its
// clinics, the received money its lock answers sum, its card payment events), so what is asserted of payments is what
// patient-accounts asked of it. Payments' own side of the lock (refusing money dated on or before it) is tested in
// apps/payments/test; the two together in e2e/closure-bank-cost.e2e-spec.ts.
import {
  AccountBasisView,
  AccountEvents,
  AccountSubjects,
  CallerContext,
  ClinicView,
  ClosureView,
  ContractView,
  DistributionBasisView,
  EventEnvelope,
  FamilyMembersView,
  PatientAccountSubjects,
  PatientPaymentView,
  PatientView,
  PhysicianView,
  TreatmentPlanView,
  TreatmentTotalsView,
  TreatmentView,
} from '@dental/contracts';
import { toJson } from '@dental/messaging';
import {
  aCaller,
  aClinicSnapshot,
  eventually,
  PaymentsStub,
  ServiceUnderTest,
  serviceUnderTest,
  StubError,
  TestBus,
  TestWorld,
} from '@dental/testing';
import { startService } from '@dental/platform';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { patientAccountsService } from '../src/patient-accounts.definition';

jest.setTimeout(90_000);

type Row = Record<string, unknown>;

/** A calendar date `days` from today (the test clinics keep UTC). */
const day = (days: number) => DateTime.utc().plus({ days }).toISODate()!;
const TODAY = day(0);

/** A card payment of a 2.50 % clinic as payments stores it: the typed amount plus its bank cost. */
const card = (date: string, typed: string, bankCost: string): Partial<PatientPaymentView> => ({
  date,
  paymentType: 'card',
  enteredAmount: typed,
  bankCost,
  bankChargePercent: '2.50',
  amount: (Number(typed) + Number(bankCost)).toFixed(2),
});

describe('account closures, contracts and bank cost (integration: patient-accounts alone, payments stubbed, NATS RPC)', () => {
  const world = new TestWorld();
  let accounts: ServiceUnderTest;
  let bus: TestBus;
  let payments: PaymentsStub;
  const me = aCaller(randomUUID());
  const stranger = aCaller(randomUUID());
  let clinic: ClinicView;
  let cardClinic: ClinicView;
  let drA: PhysicianView;
  let drB: PhysicianView;

  /** A request as the gateway sends it; a refusal rejects with its error body (status, code, details). */
  async function ask<T>(subject: string, payload: object, who: CallerContext = me): Promise<T> {
    const answer = await bus.request<T>(subject, payload, { ...who, correlationId: randomUUID() });
    if (!answer.ok) throw Object.assign(new Error(answer.error.message), answer.error);
    return answer.data;
  }

  /** A refused request: the error's status (and code) as carried over the bus. */
  async function refused(call: Promise<unknown>, status: number, code?: string): Promise<void> {
    await expect(call).rejects.toMatchObject({ status, ...(code ? { code } : {}) });
  }

  const accountsDb = <T = Row>(sql: string, params: unknown[] = []) => accounts.db<T>(sql, params);

  /** Everything a refused closure or contract must leave as it was, and the locks asked of payments. */
  const stored = async () => ({
    accounts: (
      await accountsDb(`select
        (select count(*) from account_closure)::int as closures,
        (select count(*) from contract)::int as contracts,
        (select count(*) from treatment)::int as treatments,
        (select count(*) from outbox_event)::int as events`)
    )[0],
    locksAsked: payments.lockCalls.calls.length,
    locksHeld: payments.locks.length,
  });

  async function newPatient(clinicId = clinic.id): Promise<PatientView> {
    return ask<PatientView>(PatientAccountSubjects.createPatient, {
      clinicId,
      firstName: 'Ayşe',
      lastName: `Yılmaz ${randomUUID().slice(0, 6)}`,
    });
  }

  const treat = (patientId: string, date: string, amount: string, physicianId: string | undefined = drA.id) =>
    ask<TreatmentView>(PatientAccountSubjects.createTreatment, {
      patientId,
      physicianId,
      procedure: 'Composite filling',
      date,
      amount,
    });

  /** Money payments received (and announced), as the lock's answer will sum it. */
  const pay = (patient: PatientView, date: string, amount: string) => payments.record(patient, { date, amount });

  const close = (patientId: string, mode: 'now' | 'past', date?: string) =>
    ask<ClosureView>(AccountSubjects.closeAccount, { patientId, mode, ...(date ? { date } : {}) });

  const basis = (patientId: string) => ask<AccountBasisView>(AccountSubjects.accountBasis, { patientId });

  /** The lock patient-accounts asked payments to take for a closure, as payments received it. */
  const lockAskedFor = (closure: ClosureView) =>
    payments.lockCalls.calls.filter((c) => c.payload.closureId === closure.id).map((c) => c.payload);

  beforeAll(async () => {
    bus = await TestBus.connect(world);
    payments = new PaymentsStub(bus);
    accounts = serviceUnderTest(
      (await startService(patientAccountsService, world.env('patient-accounts', { RPC_TIMEOUT_MS: '5000' }))).app,
    );
    clinic = await payments.addClinic(
      aClinicSnapshot({ organizationId: me.organizationId, name: 'Downtown Dental', timeZone: 'UTC' }),
    );
    cardClinic = await payments.addClinic(
      aClinicSnapshot({
        organizationId: me.organizationId,
        name: 'Card Dental',
        timeZone: 'UTC',
        bankChargePercent: '2.50',
      }),
    );
    await eventually(async () => expect(await accountsDb('select id from clinic order by id')).toHaveLength(2));
    drA = await ask<PhysicianView>(PatientAccountSubjects.createPhysician, { clinicId: clinic.id, name: 'Dr. A' });
    drB = await ask<PhysicianView>(PatientAccountSubjects.createPhysician, { clinicId: clinic.id, name: 'Dr. B' });
  });

  afterAll(async () => {
    await accounts?.close();
    await bus?.close();
    await world.cleanup();
  });

  describe('closing an account', () => {
    it('closes at a past date: the unpaid part up to D is written off, that part is closed and locked', async () => {
      const patient = await newPatient();
      const patientId = patient.id;
      const [t1, t2, t3] = [
        await treat(patientId, day(-40), '600.00', drA.id),
        await treat(patientId, day(-20), '400.00', drB.id),
        await treat(patientId, day(-5), '100.00', drA.id),
      ];
      await pay(patient, day(-30), '500.00');
      await pay(patient, day(-3), '200.00');

      const closure = await close(patientId, 'past', day(-10));
      expect(closure).toEqual({
        id: expect.any(String),
        patientId,
        organizationId: me.organizationId,
        clinicId: clinic.id,
        mode: 'past',
        date: day(-10),
        treatmentTotal: '1000.00',
        receivedTotal: '500.00',
        writtenOffAmount: '500.00',
        currency: 'EUR',
        createdAt: expect.any(String),
        createdBy: me.userId,
      });

      const account = await basis(patientId);
      expect(account.closedThrough).toBe(day(-10));
      expect(account.closures).toEqual([closure]);
      expect(account.today).toBe(TODAY);
      expect(account.treatments.map((t) => [t.id, t.closed])).toEqual([
        [t1.id, true],
        [t2.id, true],
        [t3.id, false],
      ]);
      expect(account.physicians.map((p) => p.name)).toEqual(['Dr. A', 'Dr. B']);

      // the open part only: Dr. A's 100.00
      const distribution = await ask<DistributionBasisView>(AccountSubjects.distributionBasis, { patientId });
      expect(distribution.totals).toEqual([{ physicianId: drA.id, name: 'Dr. A', treatmentAmount: '100.00' }]);
      expect(distribution.closedThrough).toBe(day(-10));
      const totals = await ask<TreatmentTotalsView>(AccountSubjects.treatmentTotals, { patientIds: [patientId] });
      expect(totals.items).toEqual([
        { patientId, currency: 'EUR', openTreatmentTotal: '100.00', closedThrough: day(-10) },
      ]);

      // the event, in the same transaction as the closure
      const events = await accountsDb<{ envelope: EventEnvelope<ClosureView> }>(
        `select envelope from outbox_event where type = ? and envelope->'payload'->>'patientId' = ?`,
        [AccountEvents.accountClosed, patientId],
      );
      expect(events.map((e) => e.envelope.payload)).toEqual([closure]);

      // payments was asked, as the caller, to lock the patient's money through D under the closure's id (with the
      // clinic and currency, so that it never asks back); the received total is what its answer summed
      expect(lockAskedFor(closure)).toEqual([
        { patientId, closureId: closure.id, through: day(-10), clinicId: clinic.id, currency: 'EUR' },
      ]);
      expect(payments.lockCalls.calls.at(-1)!.caller).toMatchObject({
        organizationId: me.organizationId,
        userId: me.userId,
      });
      expect(payments.lockedThrough(patientId)).toBe(day(-10));
    });

    it('refuses treatments dated on or before the closure: create, edit, move into, delete, copy (409)', async () => {
      const patient = await newPatient();
      const patientId = patient.id;
      const closedOne = await treat(patientId, day(-20), '100.00');
      const openOne = await treat(patientId, day(-2), '50.00');
      await close(patientId, 'past', day(-10));
      const before = await stored();

      await refused(treat(patientId, day(-10), '10.00'), 409, 'ACCOUNT.CLOSED');
      await refused(treat(patientId, day(-30), '10.00'), 409, 'ACCOUNT.CLOSED');
      await refused(
        ask(PatientAccountSubjects.updateTreatment, { patientId, treatmentId: closedOne.id, amount: '1.00' }),
        409,
        'ACCOUNT.CLOSED',
      );
      await refused(
        ask(PatientAccountSubjects.updateTreatment, { patientId, treatmentId: openOne.id, date: day(-11) }),
        409,
        'ACCOUNT.CLOSED',
      );
      await refused(
        ask(PatientAccountSubjects.deleteTreatment, { patientId, treatmentId: closedOne.id }),
        409,
        'ACCOUNT.CLOSED',
      );
      const plan = await ask<TreatmentPlanView>(PatientAccountSubjects.createTreatmentPlan, {
        patientId,
        items: [{ procedure: 'Crown', amount: '300.00' }],
      });
      const afterPlan = await stored();
      await refused(
        ask(PatientAccountSubjects.copyPlanToTreatments, { patientId, planId: plan.id, date: day(-10) }),
        409,
        'ACCOUNT.CLOSED',
      );
      expect(await stored()).toEqual(afterPlan);
      expect(afterPlan.accounts.treatments).toBe(before.accounts.treatments);

      // the day after D is open
      const dayAfter = await treat(patientId, day(-9), '10.00');
      expect(dayAfter.date).toBe(day(-9));
      await ask(PatientAccountSubjects.updateTreatment, { patientId, treatmentId: openOne.id, amount: '55.00' });
    });

    it('closes now when more was received than treated: the received-more part is written off negative', async () => {
      const patient = await newPatient();
      const patientId = patient.id;
      await treat(patientId, day(-20), '300.00');
      await pay(patient, day(-15), '450.00');
      const closure = await close(patientId, 'now');
      expect(closure).toMatchObject({
        mode: 'now',
        date: TODAY,
        treatmentTotal: '300.00',
        receivedTotal: '450.00',
        writtenOffAmount: '-150.00',
      });
      expect(payments.lockedThrough(patientId)).toBe(TODAY);
      await refused(treat(patientId, TODAY, '1.00'), 409, 'ACCOUNT.CLOSED');
      // closing now again the same day is not after the latest: refused before payments is asked anything
      const asked = payments.lockCalls.calls.length;
      await refused(close(patientId, 'now'), 409, 'ACCOUNT.CLOSURE_NOT_AFTER_LATEST');
      expect(payments.lockCalls.calls).toHaveLength(asked);
    });

    it('two closures in a row: the second writes off only what is open between them; not after the first → 409', async () => {
      const patient = await newPatient();
      const patientId = patient.id;
      await treat(patientId, day(-40), '200.00');
      await pay(patient, day(-35), '50.00');
      const first = await close(patientId, 'past', day(-30));
      expect(first).toMatchObject({ treatmentTotal: '200.00', receivedTotal: '50.00', writtenOffAmount: '150.00' });

      await treat(patientId, day(-20), '100.00', drB.id);
      await pay(patient, day(-15), '300.00');
      const second = await close(patientId, 'past', day(-10));
      // everything up to D: 300.00 treated, 350.00 received; 150.00 was written off by the first
      expect(second).toMatchObject({ treatmentTotal: '300.00', receivedTotal: '350.00', writtenOffAmount: '-200.00' });

      const before = await stored();
      await refused(close(patientId, 'past', day(-10)), 409, 'ACCOUNT.CLOSURE_NOT_AFTER_LATEST');
      await refused(close(patientId, 'past', day(-12)), 409, 'ACCOUNT.CLOSURE_NOT_AFTER_LATEST');
      expect(await stored()).toEqual(before);
      expect((await basis(patientId)).closures).toEqual([first, second]);
      // the refused closures locked nothing more in payments: the lock is the second closure's
      expect(payments.locks.filter((l) => l.patientId === patientId).map((l) => l.closureId)).toEqual([
        first.id,
        second.id,
      ]);
      expect(payments.lockedThrough(patientId)).toBe(day(-10));
    });

    it('undo removes only the latest closure and restores the account exactly, the payments lock included', async () => {
      const patient = await newPatient();
      const patientId = patient.id;
      await treat(patientId, day(-40), '200.00');
      await pay(patient, day(-35), '50.00');
      const first = await close(patientId, 'past', day(-30));
      await treat(patientId, day(-20), '100.00', drB.id);
      await pay(patient, day(-15), '300.00');
      const accountBefore = await basis(patientId);

      const second = await close(patientId, 'past', day(-10));
      expect(payments.lockedThrough(patientId)).toBe(day(-10));

      const undone = await ask<ClosureView>(AccountSubjects.undoLatestClosure, { patientId });
      expect(undone).toEqual(second);
      expect(await basis(patientId)).toEqual(accountBefore);
      // payments was told to drop the second closure's lock, as the caller
      const unlocksOf = () => payments.unlockCalls.calls.filter((c) => c.payload.patientId === patientId);
      expect(unlocksOf().map((c) => [c.payload, c.caller?.userId])).toEqual([
        [{ patientId, closureId: second.id }, me.userId],
      ]);
      const reopened = await accountsDb<{ envelope: EventEnvelope<ClosureView> }>(
        `select envelope from outbox_event where type = ? and envelope->'payload'->>'patientId' = ?`,
        [AccountEvents.accountReopened, patientId],
      );
      expect(reopened.map((e) => e.envelope.payload)).toEqual([second]);

      // the lock is back at the first closure; treatments after it are open again
      expect(payments.lockedThrough(patientId)).toBe(day(-30));
      await ask(PatientAccountSubjects.createTreatment, {
        patientId,
        procedure: 'Check-up',
        date: day(-29),
        amount: '5.00',
      });

      expect(await ask<ClosureView>(AccountSubjects.undoLatestClosure, { patientId })).toEqual(first);
      await refused(ask(AccountSubjects.undoLatestClosure, { patientId }), 404, 'ACCOUNT.NO_CLOSURE');
      expect((await basis(patientId)).closedThrough).toBeNull();
      expect(unlocksOf().map((c) => c.payload.closureId)).toEqual([second.id, first.id]);
      expect(payments.lockedThrough(patientId)).toBeNull();
    });

    it('refuses bad closure input and foreign patients with 4xx, storing and locking nothing', async () => {
      const patient = await newPatient();
      const patientId = patient.id;
      await treat(patientId, day(-5), '100.00');
      const before = await stored();
      await refused(close(patientId, 'past'), 400, 'REQUEST.VALIDATION');
      await refused(close(patientId, 'past', '2026-02-30'), 400, 'REQUEST.VALIDATION');
      await refused(close(patientId, 'past', '0000-12-31'), 400, 'REQUEST.VALIDATION'); // no year 0 in PostgreSQL
      await refused(close(patientId, 'past', day(1)), 422, 'ACCOUNT.CLOSURE_DATE_INVALID');
      await refused(close(patientId, 'now', day(-1)), 400, 'REQUEST.VALIDATION');
      await refused(ask(AccountSubjects.closeAccount, { patientId, mode: 'later' }), 400, 'REQUEST.VALIDATION');
      await refused(ask(AccountSubjects.closeAccount, { patientId, mode: 'now' }, stranger), 404);
      await refused(ask(AccountSubjects.closeAccount, { patientId: randomUUID(), mode: 'now' }), 404);
      await refused(ask(AccountSubjects.undoLatestClosure, { patientId }, stranger), 404);
      await refused(ask(AccountSubjects.accountBasis, { patientId }, stranger), 404);
      const otherClinicOnly = aCaller(me.organizationId, { clinicIds: [cardClinic.id] });
      await refused(ask(AccountSubjects.closeAccount, { patientId, mode: 'now' }, otherClinicOnly), 404);
      // nothing stored, and payments was asked to lock nothing
      expect(await stored()).toEqual(before);
      expect(payments.lockedThrough(patientId)).toBeNull();
    });
  });

  describe('when payments cannot lock, or the closure fails after it did', () => {
    it('stores nothing when payments refuses the lock, and passes its error on', async () => {
      const patient = await newPatient();
      const patientId = patient.id;
      await treat(patientId, day(-5), '100.00');
      const before = await stored();
      payments.failLocks = new StubError(503, 'SERVICE.UNAVAILABLE', 'payments cannot reach its database');
      try {
        await refused(close(patientId, 'now'), 503, 'SERVICE.UNAVAILABLE');
      } finally {
        payments.failLocks = null;
      }
      expect({ ...(await stored()), locksAsked: before.locksAsked }).toEqual(before);
      expect((await basis(patientId)).closures).toEqual([]);
    });

    it('two closures at once: one is stored, the other refused and its lock released again', async () => {
      const patient = await newPatient();
      const patientId = patient.id;
      await treat(patientId, day(-20), '100.00');
      // both pass the first "after the latest?" check before either is stored: payments answers neither until both asked
      let bothAsked!: () => void;
      const gate = new Promise<void>((resolve) => (bothAsked = resolve));
      payments.lockGate = async (cmd) => {
        if (payments.lockCalls.calls.filter((c) => c.payload.patientId === cmd.patientId).length === 2) bothAsked();
        await gate;
      };
      let results: PromiseSettledResult<ClosureView>[];
      try {
        results = await Promise.allSettled([close(patientId, 'past', day(-10)), close(patientId, 'past', day(-10))]);
      } finally {
        payments.lockGate = null;
      }
      const won = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
      const lost = results.filter((r) => r.status === 'rejected').map((r) => r.reason);
      expect(won).toHaveLength(1);
      expect(lost).toEqual([expect.objectContaining({ status: 409, code: 'ACCOUNT.CLOSURE_NOT_AFTER_LATEST' })]);
      expect((await basis(patientId)).closures).toEqual(won);
      // the loser's lock was released (compensation); payments holds the winner's only
      const asked = payments.lockCalls.calls.filter((c) => c.payload.patientId === patientId).map((c) => c.payload);
      const loser = asked.find((l) => l.closureId !== won[0].id)!;
      expect(payments.unlockCalls.calls.filter((c) => c.payload.patientId === patientId).map((c) => c.payload)).toEqual(
        [{ patientId, closureId: loser.closureId }],
      );
      expect(payments.locks.filter((l) => l.patientId === patientId).map((l) => l.closureId)).toEqual([won[0].id]);
    });
  });

  describe('Bank Cost treatment of a card payment', () => {
    const bankCosts = async (paymentId: string) =>
      accountsDb<{ id: string; amount_minor: string; date: string; deleted: boolean; revision: number }>(
        `select id, amount_minor::text, date::text, deleted_at is not null as deleted, revision
         from treatment where source_payment_id = ?`,
        [paymentId],
      );
    const treatmentEvents = async (treatmentId: string) =>
      (
        await accountsDb<{ type: string }>(
          `select type from outbox_event where envelope->'payload'->>'id' = ? order by seq`,
          [treatmentId],
        )
      ).map((r) => r.type);

    it('is created once for a card payment event delivered twice, follows an edit, and goes with a delete', async () => {
      const patient = await newPatient(cardClinic.id);
      const patientId = patient.id;
      const payment = await payments.record(patient, card(day(-3), '1000.00', '25.00'), { by: me });

      const [created] = await eventually(async () => {
        const rows = await bankCosts(payment.id);
        expect(rows).toHaveLength(1);
        return rows;
      });
      expect(created).toMatchObject({ amount_minor: '2500', date: day(-3), deleted: false, revision: 1 });
      const account = await basis(patientId);
      expect(account.treatments).toEqual([
        expect.objectContaining({
          id: created.id,
          procedure: 'Bank Cost',
          physicianId: null,
          amount: '25.00',
          sourcePaymentId: payment.id,
          closed: false,
        }),
      ]);

      // the audit names who recorded the payment, as payments' event says
      expect(await accountsDb('select user_id from treatment_audit where treatment_id = ?', [created.id])).toEqual([
        { user_id: me.userId },
      ]);

      // the same event delivered again (JetStream's duplicate window passed: the inbox drops it), then a copy with a
      // new event id (the revision guard)
      const recorded = payments.published.at(-1)!;
      const publish = (e: EventEnvelope) =>
        bus.nc.jetstream().publish(bus.naming.event(e.type), Buffer.from(toJson(e)), { msgID: randomUUID() });
      await publish(recorded);
      const copy = { ...recorded, id: randomUUID() };
      await publish(copy);
      await eventually(async () => {
        const rows = await accountsDb('select 1 from inbox_event where event_id = ?', [copy.id]);
        expect(rows).toHaveLength(1);
      });
      expect(await bankCosts(payment.id)).toEqual([created]);
      expect(await treatmentEvents(created.id)).toEqual(['patient-accounts.treatment.created']);

      // by hand it cannot be changed: the payment owns it
      const before = await stored();
      await refused(
        ask(PatientAccountSubjects.updateTreatment, { patientId, treatmentId: created.id, amount: '1.00' }),
        409,
        'TREATMENT.MANAGED_BY_PAYMENT',
      );
      await refused(
        ask(PatientAccountSubjects.deleteTreatment, { patientId, treatmentId: created.id }),
        409,
        'TREATMENT.MANAGED_BY_PAYMENT',
      );
      expect(await stored()).toEqual(before);

      // edit: 2000.00 typed → bank cost 50.00, another date
      await payments.update(payment.id, card(day(-2), '2000.00', '50.00'));
      await eventually(async () =>
        expect(await bankCosts(payment.id)).toEqual([
          { id: created.id, amount_minor: '5000', date: day(-2), deleted: false, revision: 2 },
        ]),
      );

      // the old "recorded" again, as a new event: older than what was applied, it changes nothing
      const stale = { ...recorded, id: randomUUID() };
      await publish(stale);
      await eventually(async () =>
        expect(await accountsDb('select 1 from inbox_event where event_id = ?', [stale.id])).toHaveLength(1),
      );
      expect((await bankCosts(payment.id))[0]).toMatchObject({ amount_minor: '5000', revision: 2 });

      await payments.remove(payment.id);
      await eventually(async () => expect((await bankCosts(payment.id))[0]).toMatchObject({ deleted: true }));
      expect((await basis(patientId)).treatments).toEqual([]);
      expect(await treatmentEvents(created.id)).toEqual([
        'patient-accounts.treatment.created',
        'patient-accounts.treatment.updated',
        'patient-accounts.treatment.deleted',
      ]);
    });

    it('makes no treatment for a cash payment', async () => {
      const patient = await newPatient(cardClinic.id);
      const patientId = patient.id;
      const cash = await pay(patient, day(-1), '80.00');
      const byCard = await payments.record(patient, card(day(-1), '100.00', '2.50'));
      await accounts.consumed(...payments.published.slice(-2).map((e) => e.id));
      expect(await bankCosts(byCard.id)).toHaveLength(1);
      expect(await bankCosts(cash.id)).toEqual([]);
      expect((await basis(patientId)).treatments.map((t) => t.amount)).toEqual(['2.50']);
    });
  });

  describe('contracts', () => {
    it('creates a contract from a plan with its schedule, emits contract.created, and answers it again', async () => {
      const patient = await newPatient();
      const patientId = patient.id;
      const plan = await ask<TreatmentPlanView>(PatientAccountSubjects.createTreatmentPlan, {
        patientId,
        items: [{ physicianId: drA.id, procedure: 'Implant', amount: '1000.00' }],
      });
      const contract = await ask<ContractView>(AccountSubjects.createContract, {
        patientId,
        totalAmount: '1000.00',
        downPayment: '100.00',
        installmentCount: 3,
        firstDueDate: '2027-01-31',
        planId: plan.id,
      });
      expect(contract).toEqual({
        id: expect.any(String),
        organizationId: me.organizationId,
        clinicId: clinic.id,
        patientId,
        planId: plan.id,
        contractDate: TODAY,
        totalAmount: '1000.00',
        downPayment: '100.00',
        installmentCount: 3,
        firstDueDate: '2027-01-31',
        schedule: [
          { number: 0, dueDate: TODAY, amount: '100.00' },
          { number: 1, dueDate: '2027-01-31', amount: '300.00' },
          { number: 2, dueDate: '2027-02-28', amount: '300.00' },
          { number: 3, dueDate: '2027-03-31', amount: '300.00' },
        ],
        currency: 'EUR',
      });
      expect(await ask(AccountSubjects.getContract, { patientId, contractId: contract.id })).toEqual(contract);
      const events = await accountsDb<{ envelope: EventEnvelope<ContractView> }>(
        'select envelope from outbox_event where type = ?',
        [AccountEvents.contractCreated],
      );
      expect(events.map((e) => e.envelope.payload)).toContainEqual(contract);
      expect((await basis(patientId)).contracts).toEqual([contract]);
      expect((await ask<DistributionBasisView>(AccountSubjects.distributionBasis, { patientId })).contractIds).toEqual([
        contract.id,
      ]);

      const noPlan = await ask<ContractView>(AccountSubjects.createContract, {
        patientId,
        totalAmount: '1000.00',
        downPayment: '0',
        installmentCount: 3,
        firstDueDate: '2027-01-15',
      });
      expect(noPlan.planId).toBeNull();
      expect(noPlan.schedule.map((i) => [i.number, i.amount])).toEqual([
        [1, '333.33'],
        [2, '333.33'],
        [3, '333.34'],
      ]);
    });

    it('refuses bad contract input with 4xx and stores nothing', async () => {
      const patient = await newPatient();
      const patientId = patient.id;
      const otherPatient = (await newPatient()).id;
      const foreignPlan = await ask<TreatmentPlanView>(PatientAccountSubjects.createTreatmentPlan, {
        patientId: otherPatient,
        items: [{ procedure: 'Bridge', amount: '500.00' }],
      });
      const good = {
        patientId,
        totalAmount: '1000.00',
        downPayment: '100.00',
        installmentCount: 3,
        firstDueDate: '2027-01-15',
      };
      const before = await stored();
      const create = (over: Row, who = me) => ask(AccountSubjects.createContract, { ...good, ...over }, who);
      await refused(create({ installmentCount: 0 }), 400, 'REQUEST.VALIDATION');
      await refused(create({ installmentCount: 121 }), 400, 'REQUEST.VALIDATION');
      await refused(create({ installmentCount: 2.5 }), 400, 'REQUEST.VALIDATION');
      await refused(create({ installmentCount: '3' }), 400, 'REQUEST.VALIDATION');
      await refused(create({ downPayment: '1000.01' }), 422, 'CONTRACT.DOWN_PAYMENT_ABOVE_TOTAL');
      await refused(create({ downPayment: '-1.00' }), 400, 'REQUEST.VALIDATION');
      await refused(create({ totalAmount: '0.00' }), 400, 'REQUEST.VALIDATION');
      await refused(create({ totalAmount: '10.001' }), 400, 'REQUEST.VALIDATION');
      await refused(create({ totalAmount: 1000 }), 400, 'REQUEST.VALIDATION');
      await refused(create({ firstDueDate: '2027-02-30' }), 400, 'REQUEST.VALIDATION');
      await refused(create({ firstDueDate: '15.01.2027' }), 400, 'REQUEST.VALIDATION');
      await refused(create({ firstDueDate: '0000-01-15' }), 400, 'REQUEST.VALIDATION');
      // 120 monthly installments from 9990-06-01 would end in year 10000
      await expect(create({ firstDueDate: '9990-06-01', installmentCount: 120 })).rejects.toMatchObject({
        status: 400,
        details: [{ field: 'firstDueDate', reasons: [expect.stringContaining('9999-12-31')] }],
      });
      await refused(create({ planId: foreignPlan.id }), 404, 'TREATMENT_PLAN.NOT_FOUND');
      await refused(create({ planId: randomUUID() }), 404, 'TREATMENT_PLAN.NOT_FOUND');
      await refused(create({}, stranger), 404, 'PATIENT.NOT_FOUND');
      await refused(create({ patientId: randomUUID() }), 404, 'PATIENT.NOT_FOUND');
      expect(await stored()).toEqual(before);

      const contract = await ask<ContractView>(AccountSubjects.createContract, good);
      await refused(ask(AccountSubjects.getContract, { patientId: otherPatient, contractId: contract.id }), 404);
      await refused(ask(AccountSubjects.getContract, { patientId, contractId: contract.id }, stranger), 404);
      // a down payment equal to the total is allowed
      await ask(AccountSubjects.createContract, { ...good, downPayment: '1000.00' });
      // the latest possible schedule ends on 9999-12-15
      const late = await ask<ContractView>(AccountSubjects.createContract, {
        ...good,
        firstDueDate: '9990-01-15',
        installmentCount: 120,
      });
      expect(late.schedule[late.schedule.length - 1].dueDate).toBe('9999-12-15');
    });
  });

  describe('families, totals and the events of patients and physicians', () => {
    it('answers a family with the members the caller may see, and their open treatment totals', async () => {
      const family = await ask<{ id: string }>(PatientAccountSubjects.createFamily, { name: 'Yılmaz family' });
      const inMain = (await newPatient()).id;
      const inCard = (await newPatient(cardClinic.id)).id;
      for (const patientId of [inMain, inCard])
        await ask(PatientAccountSubjects.setPatientFamily, { patientId, familyId: family.id });
      await treat(inMain, day(-1), '120.00');

      const all = await ask<FamilyMembersView>(AccountSubjects.family, { familyId: family.id });
      expect(all.family).toMatchObject({ id: family.id, name: 'Yılmaz family' });
      expect(all.members.map((m) => m.id).sort()).toEqual([inMain, inCard].sort());
      const mainOnly = aCaller(me.organizationId, { clinicIds: [clinic.id] });
      expect(
        (await ask<FamilyMembersView>(AccountSubjects.family, { familyId: family.id }, mainOnly)).members.map(
          (m) => m.id,
        ),
      ).toEqual([inMain]);
      await refused(ask(AccountSubjects.family, { familyId: family.id }, stranger), 404, 'FAMILY.NOT_FOUND');

      const totals = await ask<TreatmentTotalsView>(
        AccountSubjects.treatmentTotals,
        { patientIds: [inMain, inCard, randomUUID()] },
        mainOnly,
      );
      expect(totals.items).toEqual([
        { patientId: inMain, currency: 'EUR', openTreatmentTotal: '120.00', closedThrough: null },
      ]);

      const updated = await accountsDb<{ envelope: EventEnvelope<PatientView> }>(
        `select envelope from outbox_event where type = 'patient-accounts.patient.updated' and envelope->'payload'->>'id' = ?`,
        [inMain],
      );
      expect(updated.map((e) => e.envelope.payload.familyId)).toEqual([family.id]);
    });

    it('publishes physician.created and physician.updated; updates name and commission', async () => {
      const p = await ask<PhysicianView>(PatientAccountSubjects.createPhysician, {
        clinicId: clinic.id,
        name: 'Dr. C',
        commissionPercent: '30',
      });
      const changed = await ask<PhysicianView>(AccountSubjects.updatePhysician, {
        physicianId: p.id,
        name: 'Dr. C. Demir',
        commissionPercent: null,
      });
      expect(changed).toEqual({ ...p, name: 'Dr. C. Demir', commissionPercent: null });
      await ask(AccountSubjects.updatePhysician, { physicianId: p.id, name: 'Dr. C. Demir' }); // no change, no event
      await refused(ask(AccountSubjects.updatePhysician, { physicianId: p.id, name: '  ' }), 400);
      await refused(ask(AccountSubjects.updatePhysician, { physicianId: p.id, commissionPercent: '101' }), 400);
      await refused(ask(AccountSubjects.updatePhysician, { physicianId: p.id, name: 'X' }, stranger), 404);
      const events = await accountsDb<{ type: string; envelope: EventEnvelope<PhysicianView> }>(
        `select type, envelope from outbox_event where envelope->'payload'->>'id' = ? order by seq`,
        [p.id],
      );
      expect(events.map((e) => [e.type, e.envelope.payload])).toEqual([
        [AccountEvents.physicianCreated, p],
        [AccountEvents.physicianUpdated, changed],
      ]);
    });
  });
});
