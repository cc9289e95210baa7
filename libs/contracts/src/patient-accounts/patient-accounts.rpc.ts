// The requests `patient-accounts` answers (issue 18): each subject with its request class and the name of its reply's
// type, for the registry (libs/contracts/src/contract.ts) and the schema snapshot. Keys mirror the `…Subjects` constants.
import { defineRpc } from '../contract';
import { AuditRecordView, HistoryQueryDto, HistorySubjects } from '../shared/corrections.contracts';
import {
  ApplyPeriodClosureCommand,
  ListPeriodClosuresQueryDto,
  PeriodClosureApplied,
  PeriodClosureListView,
  PeriodClosureRefCommand,
  PeriodClosureSubjects,
  PeriodClosureView,
  ReopenPeriodClosureCommand,
} from '../shared/period-closures.contracts';
import {
  AccountBasisView,
  AccountSubjects,
  CloseAccountCommand,
  ClosureView,
  ContractIdDto,
  ContractView,
  CreateContractCommand,
  DistributionBasisView,
  FamilyIdDto,
  FamilyMembersView,
  TreatmentTotalsQuery,
  TreatmentTotalsView,
  UndoClosureCommand,
  UpdatePhysicianCommand,
} from './account.contracts';
import {
  CancelInvoiceCommand,
  CopyPlanToTreatmentsCommand,
  CreateFamilyDto,
  CreateInvoiceCommand,
  CreatePatientDto,
  CreatePhysicianDto,
  CreateTreatmentCommand,
  CreateTreatmentPlanCommand,
  DeleteTreatmentCommand,
  FamilyView,
  InvoiceView,
  ListByClinicQueryDto,
  ListPatientsQueryDto,
  ListView,
  PatientAccountSubjects,
  PatientIdDto,
  PatientListView,
  PatientView,
  PhysicianView,
  SetPatientFamilyCommand,
  TreatmentPlanView,
  TreatmentView,
  UpdatePatientCommand,
  UpdateTreatmentCommand,
} from './patient-accounts.contracts';

/** The physicians of the clinics the caller may see. */
export type PhysicianListView = ListView<PhysicianView>;

/** A patient's treatment plans. */
export interface TreatmentPlanListView {
  items: TreatmentPlanView[];
}

/** The treatments a plan's items were copied to. */
export type CopiedTreatmentsReply = TreatmentView[];

/** A record's audit entries as its owner keeps them (patient-accounts and payments answer the same shape). */
export interface RecordHistoryView {
  items: AuditRecordView[];
}

/** An owner's answer to reopen: the reopened closure; null when it held no open closure with that id. */
export type PeriodClosureReopened = PeriodClosureView | null;

export const PatientAccountRpc = {
  createPhysician: defineRpc<CreatePhysicianDto, PhysicianView>({
    subject: PatientAccountSubjects.createPhysician,
    request: CreatePhysicianDto,
    response: 'PhysicianView',
  }),
  listPhysicians: defineRpc<ListByClinicQueryDto, PhysicianListView>({
    subject: PatientAccountSubjects.listPhysicians,
    request: ListByClinicQueryDto,
    response: 'PhysicianListView',
  }),
  createPatient: defineRpc<CreatePatientDto, PatientView>({
    subject: PatientAccountSubjects.createPatient,
    request: CreatePatientDto,
    response: 'PatientView',
  }),
  listPatients: defineRpc<ListPatientsQueryDto, PatientListView>({
    subject: PatientAccountSubjects.listPatients,
    request: ListPatientsQueryDto,
    response: 'PatientListView',
  }),
  getPatient: defineRpc<PatientIdDto, PatientView>({
    subject: PatientAccountSubjects.getPatient,
    request: PatientIdDto,
    response: 'PatientView',
  }),
  updatePatient: defineRpc<UpdatePatientCommand, PatientView>({
    subject: PatientAccountSubjects.updatePatient,
    request: UpdatePatientCommand,
    response: 'PatientView',
  }),
  createFamily: defineRpc<CreateFamilyDto, FamilyView>({
    subject: PatientAccountSubjects.createFamily,
    request: CreateFamilyDto,
    response: 'FamilyView',
  }),
  setPatientFamily: defineRpc<SetPatientFamilyCommand, PatientView>({
    subject: PatientAccountSubjects.setPatientFamily,
    request: SetPatientFamilyCommand,
    response: 'PatientView',
  }),
  createTreatment: defineRpc<CreateTreatmentCommand, TreatmentView>({
    subject: PatientAccountSubjects.createTreatment,
    request: CreateTreatmentCommand,
    response: 'TreatmentView',
  }),
  updateTreatment: defineRpc<UpdateTreatmentCommand, TreatmentView>({
    subject: PatientAccountSubjects.updateTreatment,
    request: UpdateTreatmentCommand,
    response: 'TreatmentView',
  }),
  deleteTreatment: defineRpc<DeleteTreatmentCommand, TreatmentView>({
    subject: PatientAccountSubjects.deleteTreatment,
    request: DeleteTreatmentCommand,
    response: 'TreatmentView',
  }),
  createTreatmentPlan: defineRpc<CreateTreatmentPlanCommand, TreatmentPlanView>({
    subject: PatientAccountSubjects.createTreatmentPlan,
    request: CreateTreatmentPlanCommand,
    response: 'TreatmentPlanView',
  }),
  copyPlanToTreatments: defineRpc<CopyPlanToTreatmentsCommand, CopiedTreatmentsReply>({
    subject: PatientAccountSubjects.copyPlanToTreatments,
    request: CopyPlanToTreatmentsCommand,
    response: 'CopiedTreatmentsReply',
  }),
  listTreatmentPlans: defineRpc<PatientIdDto, TreatmentPlanListView>({
    subject: PatientAccountSubjects.listTreatmentPlans,
    request: PatientIdDto,
    response: 'TreatmentPlanListView',
  }),
  createInvoice: defineRpc<CreateInvoiceCommand, InvoiceView>({
    subject: PatientAccountSubjects.createInvoice,
    request: CreateInvoiceCommand,
    response: 'InvoiceView',
  }),
  cancelInvoice: defineRpc<CancelInvoiceCommand, InvoiceView>({
    subject: PatientAccountSubjects.cancelInvoice,
    request: CancelInvoiceCommand,
    response: 'InvoiceView',
  }),
} as const;

export const AccountRpc = {
  closeAccount: defineRpc<CloseAccountCommand, ClosureView>({
    subject: AccountSubjects.closeAccount,
    request: CloseAccountCommand,
    response: 'ClosureView',
  }),
  undoLatestClosure: defineRpc<UndoClosureCommand, ClosureView>({
    subject: AccountSubjects.undoLatestClosure,
    request: UndoClosureCommand,
    response: 'ClosureView',
  }),
  accountBasis: defineRpc<PatientIdDto, AccountBasisView>({
    subject: AccountSubjects.accountBasis,
    request: PatientIdDto,
    response: 'AccountBasisView',
  }),
  distributionBasis: defineRpc<PatientIdDto, DistributionBasisView>({
    subject: AccountSubjects.distributionBasis,
    request: PatientIdDto,
    response: 'DistributionBasisView',
  }),
  treatmentTotals: defineRpc<TreatmentTotalsQuery, TreatmentTotalsView>({
    subject: AccountSubjects.treatmentTotals,
    request: TreatmentTotalsQuery,
    response: 'TreatmentTotalsView',
  }),
  createContract: defineRpc<CreateContractCommand, ContractView>({
    subject: AccountSubjects.createContract,
    request: CreateContractCommand,
    response: 'ContractView',
  }),
  getContract: defineRpc<ContractIdDto, ContractView>({
    subject: AccountSubjects.getContract,
    request: ContractIdDto,
    response: 'ContractView',
  }),
  family: defineRpc<FamilyIdDto, FamilyMembersView>({
    subject: AccountSubjects.family,
    request: FamilyIdDto,
    response: 'FamilyMembersView',
  }),
  updatePhysician: defineRpc<UpdatePhysicianCommand, PhysicianView>({
    subject: AccountSubjects.updatePhysician,
    request: UpdatePhysicianCommand,
    response: 'PhysicianView',
  }),
} as const;

/** patient-accounts' part of HistorySubjects. */
export const PatientAccountHistoryRpc = {
  patientAccounts: defineRpc<HistoryQueryDto, RecordHistoryView>({
    subject: HistorySubjects.patientAccounts,
    request: HistoryQueryDto,
    response: 'RecordHistoryView',
  }),
} as const;

/** patient-accounts' part of PeriodClosureSubjects: its copy of the closures, and the list the gateway reads. */
export const PatientAccountPeriodClosureRpc = {
  apply: defineRpc<ApplyPeriodClosureCommand, PeriodClosureApplied>({
    subject: PeriodClosureSubjects.apply['patient-accounts'],
    request: ApplyPeriodClosureCommand,
    response: 'PeriodClosureApplied',
  }),
  revoke: defineRpc<PeriodClosureRefCommand, void>({
    subject: PeriodClosureSubjects.revoke['patient-accounts'],
    request: PeriodClosureRefCommand,
    response: null,
  }),
  reopen: defineRpc<ReopenPeriodClosureCommand, PeriodClosureReopened>({
    subject: PeriodClosureSubjects.reopen['patient-accounts'],
    request: ReopenPeriodClosureCommand,
    response: 'PeriodClosureReopened',
  }),
  list: defineRpc<ListPeriodClosuresQueryDto, PeriodClosureListView>({
    subject: PeriodClosureSubjects.list,
    request: ListPeriodClosuresQueryDto,
    response: 'PeriodClosureListView',
  }),
} as const;
