// patient-accounts as its neighbours see it, played on a test's bus: the records it would keep, the events it would
// publish for them, and its answers to the requests payments and work-orders make (distribution basis, account
// basis, a patient, a clinic's physicians). Nothing of patient-accounts' own rules is here: a test sets the state.
import {
  AccountBasisView,
  AccountEvents,
  AccountSubjects,
  CallerContext,
  callerMaySeeClinic,
  ClosureView,
  contractSchedule,
  ContractView,
  DistributionBasisView,
  EventEnvelope,
  ListView,
  PatientAccountEvents,
  PatientAccountSubjects,
  PatientErrors,
  PatientView,
  PhysicianView,
  totalsByPhysician,
  TreatmentView,
} from '@dental/contracts';
import { Money } from '@dental/money';
import { aClosureSnapshot, aPatientSnapshot, aPhysicianSnapshot } from './builders';
import { aContractSnapshot, aTreatmentSnapshot } from './patient-builders';
import { RpcStub, StubError, TestBus } from './test-bus';

export class PatientAccountsStub {
  readonly patients = new Map<string, PatientView>();
  readonly physicians = new Map<string, PhysicianView>();
  /** in creation order, as patient-accounts orders treatments of one date */
  readonly treatments = new Map<string, TreatmentView>();
  readonly contracts = new Map<string, ContractView>();
  readonly closures: (ClosureView & { reopened: boolean })[] = [];
  /** The envelopes published so far (to wait until the service under test has consumed them). */
  readonly published: EventEnvelope<unknown>[] = [];
  private stubs: RpcStub<unknown>[] = [];

  constructor(private readonly bus: TestBus) {}

  /** Starts answering patient-accounts' requests; `stop()` leaves them with no responders (patient-accounts down). */
  answer(): this {
    this.stop();
    this.stubs = [
      this.bus.stubRpc<{ patientId: string }, DistributionBasisView>(
        { subject: AccountSubjects.distributionBasis } as never,
        ({ patientId }, caller) => this.distributionBasis(this.visiblePatient(patientId, caller).id),
      ),
      this.bus.stubRpc<{ patientId: string }, AccountBasisView>(
        { subject: AccountSubjects.accountBasis } as never,
        ({ patientId }, caller) => this.accountBasis(this.visiblePatient(patientId, caller).id),
      ),
      this.bus.stubRpc<{ patientId: string }, PatientView>(
        { subject: PatientAccountSubjects.getPatient } as never,
        ({ patientId }, caller) => this.visiblePatient(patientId, caller),
      ),
      this.bus.stubRpc<{ clinicId: string }, ListView<PhysicianView>>(
        { subject: PatientAccountSubjects.listPhysicians } as never,
        ({ clinicId }, caller) => {
          const items = [...this.physicians.values()].filter(
            (p) => p.organizationId === caller?.organizationId && p.clinicId === clinicId,
          );
          return { items, total: items.length };
        },
      ),
    ] as RpcStub<unknown>[];
    return this;
  }

  /** The requests received so far, by subject. */
  calls(subject: string): RpcStub<unknown>['calls'] {
    const i = [
      AccountSubjects.distributionBasis,
      AccountSubjects.accountBasis,
      PatientAccountSubjects.getPatient,
      PatientAccountSubjects.listPhysicians,
    ].indexOf(subject as never);
    return this.stubs[i]?.calls ?? [];
  }

  stop(): void {
    for (const s of this.stubs) s.stop();
    this.stubs = [];
  }

  async physician(
    fields: Partial<PhysicianView> & Pick<PhysicianView, 'organizationId' | 'clinicId'>,
  ): Promise<PhysicianView> {
    const physician = aPhysicianSnapshot(fields);
    this.physicians.set(physician.id, physician);
    await this.emit(AccountEvents.physicianCreated, physician);
    return physician;
  }

  /** A patient patient-accounts holds; published as its created event unless `publish` is false (still on its way). */
  async patient(
    fields: Partial<PatientView> & Pick<PatientView, 'organizationId' | 'clinicId'>,
    { publish = true } = {},
  ): Promise<PatientView> {
    const patient = aPatientSnapshot(fields);
    this.patients.set(patient.id, patient);
    if (publish) await this.emit(AccountEvents.patientCreated, patient);
    return patient;
  }

  /** A treatment of the patient (its organization, clinic and currency), revision 1. */
  async treatment(
    patientId: string,
    fields: Partial<TreatmentView> & Pick<TreatmentView, 'amount'>,
  ): Promise<TreatmentView> {
    const p = this.requirePatient(patientId);
    const treatment = aTreatmentSnapshot(p, { date: '2026-01-05', ...fields });
    this.treatments.set(treatment.id, treatment);
    await this.emit(PatientAccountEvents.treatmentCreated, treatment);
    return treatment;
  }

  /** A change of a treatment: the next revision, published as updated (or deleted). */
  async changeTreatment(id: string, fields: Partial<TreatmentView>): Promise<TreatmentView> {
    const before = this.treatments.get(id);
    if (!before) throw new Error(`no treatment ${id}`);
    const after = { ...before, ...fields, revision: before.revision + 1 };
    this.treatments.set(id, after);
    const type = after.deleted ? PatientAccountEvents.treatmentDeleted : PatientAccountEvents.treatmentUpdated;
    await this.emit(type, after);
    return after;
  }

  async contract(patientId: string, fields: Partial<ContractView> = {}): Promise<ContractView> {
    const p = this.requirePatient(patientId);
    const terms = {
      contractDate: '2026-03-01',
      totalAmount: '900.00',
      downPayment: '0.00',
      installmentCount: 3,
      firstDueDate: '2026-04-01',
      ...fields,
    };
    const schedule = contractSchedule({
      ...terms,
      totalAmount: Money.parse(terms.totalAmount, p.currency),
      downPayment: Money.parse(terms.downPayment, p.currency),
    });
    const contract = aContractSnapshot(p, { schedule, ...terms });
    this.contracts.set(contract.id, contract);
    await this.emit(AccountEvents.contractCreated, contract);
    return contract;
  }

  /** Closes the account through `date` (payments' lock is the test's to take, as patient-accounts' call would). */
  async closeAccount(patientId: string, date: string, fields: Partial<ClosureView> = {}): Promise<ClosureView> {
    const p = this.requirePatient(patientId);
    const closure = aClosureSnapshot({
      organizationId: p.organizationId,
      clinicId: p.clinicId,
      patientId,
      currency: p.currency,
      date,
      ...fields,
    });
    this.closures.push({ ...closure, reopened: false });
    await this.emit(AccountEvents.accountClosed, closure);
    return closure;
  }

  async reopen(closureId: string): Promise<void> {
    const closure = this.closures.find((c) => c.id === closureId);
    if (!closure) throw new Error(`no closure ${closureId}`);
    closure.reopened = true;
    const { reopened: _reopened, ...view } = closure;
    await this.emit(AccountEvents.accountReopened, view);
  }

  closedThrough(patientId: string): string | null {
    const dates = this.closures.filter((c) => c.patientId === patientId && !c.reopened).map((c) => c.date);
    return dates.length ? dates.sort().at(-1)! : null;
  }

  /** What patient-accounts answers in distribution-basis: the open treatments' totals per physician. */
  distributionBasis(patientId: string): DistributionBasisView {
    const patient = this.requirePatient(patientId);
    const closedThrough = this.closedThrough(patientId);
    const open = this.treatmentsOf(patientId).filter((t) => closedThrough === null || t.date > closedThrough);
    const names = new Map([...this.physicians.values()].map((p) => [p.id, p.name]));
    return {
      patient,
      closedThrough,
      totals: totalsByPhysician(open, names, patient.currency).map((t) => ({
        physicianId: t.physicianId,
        name: t.name,
        treatmentAmount: t.treatmentAmount.toDecimal(),
      })),
      contractIds: [...this.contracts.values()].filter((c) => c.patientId === patientId).map((c) => c.id),
    };
  }

  accountBasis(patientId: string): AccountBasisView {
    const patient = this.requirePatient(patientId);
    const closedThrough = this.closedThrough(patientId);
    const treatments = this.treatmentsOf(patientId);
    const physicianIds = new Set(treatments.map((t) => t.physicianId));
    return {
      patient,
      treatments: treatments.map((t) => ({
        ...t,
        closed: closedThrough !== null && t.date <= closedThrough,
        sourcePaymentId: null,
      })),
      physicians: [...this.physicians.values()].filter((p) => physicianIds.has(p.id)),
      closures: this.closures.filter((c) => c.patientId === patientId && !c.reopened).map(({ reopened: _, ...c }) => c),
      closedThrough,
      contracts: [...this.contracts.values()].filter((c) => c.patientId === patientId),
      family: null,
      today: new Date().toISOString().slice(0, 10),
    };
  }

  /** Not deleted, by date then creation (patient-accounts' order). */
  private treatmentsOf(patientId: string): TreatmentView[] {
    return [...this.treatments.values()]
      .filter((t) => t.patientId === patientId && !t.deleted)
      .map((t, i) => ({ t, i }))
      .sort((a, b) => (a.t.date === b.t.date ? a.i - b.i : a.t.date < b.t.date ? -1 : 1))
      .map(({ t }) => t);
  }

  private requirePatient(patientId: string): PatientView {
    const p = this.patients.get(patientId);
    if (!p) throw new Error(`the stub holds no patient ${patientId}`);
    return p;
  }

  /** patient-accounts' 404: unknown, another organization's, or of a clinic the caller may not see. */
  private visiblePatient(patientId: string, caller: CallerContext | undefined): PatientView {
    const p = this.patients.get(patientId);
    if (!p || !caller || p.organizationId !== caller.organizationId || !callerMaySeeClinic(caller, p.clinicId)) {
      throw new StubError(404, PatientErrors.PATIENT_NOT_FOUND, `patient ${patientId} not found`);
    }
    return p;
  }

  private async emit(type: string, payload: { organizationId: string; clinicId: string }): Promise<void> {
    this.published.push(
      await this.bus.publish(type, payload, { organizationId: payload.organizationId, clinicId: payload.clinicId }),
    );
  }
}
