// `payments` as a neighbour of the service under test: its clinics and a patient's received money kept in memory,
// its requests answered from them (clinics.get, lock/unlock money, received totals, contract paid) and its events
// published on the test's bus as its outbox relay would. The service under test runs alone.
import {
  CallerContext,
  callerMaySeeClinic,
  ClinicEvents,
  ClinicRpc,
  ClinicView,
  ContractPaidView,
  EventEnvelope,
  LockPatientMoneyCommand,
  LockPatientMoneyResult,
  PatientPaymentEvents,
  PatientPaymentRpc,
  PatientPaymentView,
  ReceivedTotalsView,
  UnlockPatientMoneyResult,
} from '@dental/contracts';
import { Money } from '@dental/money';
import { aPatientPaymentSnapshot, PatientRef } from './patient-builders';
import { RpcStub, StubError, TestBus } from './test-bus';

export interface MoneyLock {
  patientId: string;
  closureId: string;
  through: string;
  clinicId?: string;
  currency?: string;
}

export class PaymentsStub {
  readonly clinics = new Map<string, ClinicView>();
  /** every record by id, at its latest revision (deleted ones kept with `deleted: true`) */
  readonly records = new Map<string, PatientPaymentView>();
  /** the locks held now, in the order taken */
  readonly locks: MoneyLock[] = [];
  readonly lockCalls: RpcStub<LockPatientMoneyCommand>;
  readonly unlockCalls: RpcStub<{ patientId: string; closureId: string }>;
  readonly clinicCalls: RpcStub<{ clinicId: string }>;
  /** the events published for the records, in order */
  readonly published: EventEnvelope<PatientPaymentView>[] = [];
  /** while set, every lockMoney is answered with this error (payments refusing or unable to lock) */
  failLocks: StubError | null = null;
  /** awaited before each lockMoney is answered: a test holds answers back (to make two closures race) */
  lockGate: ((cmd: LockPatientMoneyCommand) => Promise<void>) | null = null;

  constructor(private readonly bus: TestBus) {
    this.clinicCalls = bus.stubRpc(ClinicRpc.get, ({ clinicId }, caller) => {
      const clinic = this.clinics.get(clinicId);
      if (
        !clinic ||
        !caller ||
        clinic.organizationId !== caller.organizationId ||
        !callerMaySeeClinic(caller, clinicId)
      )
        throw new StubError(404, 'CLINIC.NOT_FOUND', `clinic ${clinicId} not found`);
      return clinic;
    });
    this.lockCalls = bus.stubRpc(PatientPaymentRpc.lockMoney, async (cmd): Promise<LockPatientMoneyResult> => {
      await this.lockGate?.(cmd);
      if (this.failLocks) throw this.failLocks;
      if (!this.locks.some((l) => l.closureId === cmd.closureId)) this.locks.push({ ...cmd });
      const upTo = this.live(cmd.patientId).filter((r) => r.date <= cmd.through);
      const currency = cmd.currency ?? upTo[0]?.currency ?? 'EUR';
      return {
        receivedThrough: this.sum(
          upTo.map((r) => r.amount),
          currency,
        ),
        bankCostThrough: this.sum(
          upTo.map((r) => r.bankCost ?? '0'),
          currency,
        ),
      };
    });
    this.unlockCalls = bus.stubRpc(PatientPaymentRpc.unlockMoney, ({ closureId }): UnlockPatientMoneyResult => {
      const i = this.locks.findIndex((l) => l.closureId === closureId);
      if (i >= 0) this.locks.splice(i, 1);
      return { unlocked: i >= 0 };
    });
    bus.stubRpc(PatientPaymentRpc.receivedTotals, ({ patientIds }): ReceivedTotalsView => ({
      items: patientIds.map((patientId) => {
        const through = this.lockedThrough(patientId);
        const live = this.live(patientId);
        const currency = live[0]?.currency ?? null;
        const closed = live.filter((r) => through !== null && r.date <= through);
        const open = live.filter((r) => through === null || r.date > through);
        return {
          patientId,
          currency,
          openReceived: this.sum(
            open.map((r) => r.amount),
            currency ?? 'EUR',
          ),
          closedReceived: this.sum(
            closed.map((r) => r.amount),
            currency ?? 'EUR',
          ),
          closedThrough: through,
        };
      }),
    }));
    bus.stubRpc(PatientPaymentRpc.contractPaid, ({ patientId, contractIds }): ContractPaidView => ({
      items: contractIds.map((contractId) => {
        const marked = this.live(patientId).filter((r) => r.contractId === contractId);
        return {
          contractId,
          paidAmount: marked.length
            ? this.sum(
                marked.map((r) => r.amount),
                marked[0].currency,
              )
            : '0',
        };
      }),
    }));
  }

  /** A clinic payments knows; `announce` publishes its `payments.clinic.created` (as it does on creation). */
  async addClinic(clinic: ClinicView, { announce = true } = {}): Promise<ClinicView> {
    this.clinics.set(clinic.id, clinic);
    if (announce)
      await this.bus.publish(ClinicEvents.created, clinic, {
        organizationId: clinic.organizationId,
        clinicId: clinic.id,
      });
    return clinic;
  }

  /** The latest lock date of a patient's money, or null when nothing is locked. */
  lockedThrough(patientId: string): string | null {
    const dates = this.locks.filter((l) => l.patientId === patientId).map((l) => l.through);
    return dates.length ? dates.sort().at(-1)! : null;
  }

  /** Records money (and publishes `recorded`, unless `publish` is false: an event still in payments' outbox). */
  async record(
    patient: PatientRef,
    fields: Partial<PatientPaymentView> = {},
    { publish = true, by }: { publish?: boolean; by?: CallerContext } = {},
  ): Promise<PatientPaymentView> {
    const view = aPatientPaymentSnapshot(patient, fields);
    this.records.set(view.id, view);
    if (publish) await this.announce(PatientPaymentEvents.recorded, view, by);
    return view;
  }

  /** A new revision of a record (and its `updated` event unless `publish` is false). */
  async update(
    id: string,
    changes: Partial<PatientPaymentView>,
    { publish = true, by }: { publish?: boolean; by?: CallerContext } = {},
  ): Promise<PatientPaymentView> {
    const before = this.records.get(id)!;
    const view = { ...before, ...changes, revision: before.revision + 1 };
    this.records.set(id, view);
    if (publish) await this.announce(PatientPaymentEvents.updated, view, by);
    return view;
  }

  async remove(id: string, { publish = true }: { publish?: boolean } = {}): Promise<PatientPaymentView> {
    const before = this.records.get(id)!;
    const view = { ...before, deleted: true, revision: before.revision + 1 };
    this.records.set(id, view);
    if (publish) await this.announce(PatientPaymentEvents.deleted, view);
    return view;
  }

  /** Publishes the current revision of a record under `type` (an event left in the outbox, sent late). */
  async announce(
    type: string,
    view: PatientPaymentView,
    by?: CallerContext,
  ): Promise<EventEnvelope<PatientPaymentView>> {
    const envelope = await this.bus.publish(
      type,
      by ? ({ ...view, changedBy: by.userId } as PatientPaymentView) : view,
      {
        organizationId: view.organizationId,
        clinicId: view.clinicId,
      },
    );
    this.published.push(envelope);
    return envelope;
  }

  private live(patientId: string): PatientPaymentView[] {
    return [...this.records.values()].filter((r) => r.patientId === patientId && !r.deleted);
  }

  private sum(amounts: string[], currency: string): string {
    return Money.sum(
      amounts.map((a) => Money.parse(a, currency)),
      currency,
    ).toDecimal();
  }
}
