// The requests `payments` answers (issue 18): each subject with its request class and the name of its reply's
// type, for the registry (libs/contracts/src/contract.ts) and the schema snapshot. Keys mirror the `…Subjects` constants.
import { defineRpc } from '../contract';
import { PeriodClosureReopened, RecordHistoryView } from '../patient-accounts/patient-accounts.rpc';
import { HistoryQueryDto, HistorySubjects } from '../shared/corrections.contracts';
import {
  ApplyPeriodClosureCommand,
  PeriodClosureApplied,
  PeriodClosureRefCommand,
  PeriodClosureSubjects,
  ReopenPeriodClosureCommand,
} from '../shared/period-closures.contracts';
import { WorkOrderIdDto } from '../work-orders/work-orders.contracts';
import {
  ClinicIdDto,
  ClinicSubjects,
  ClinicView,
  CreateClinicCommand,
  SetPaymentSettingsCommand,
} from './clinics.contracts';
import {
  ContractPaidQuery,
  ContractPaidView,
  DeletePatientPaymentCommand,
  FileView,
  ListPatientPaymentsQuery,
  LockPatientMoneyCommand,
  LockPatientMoneyResult,
  PatientPaymentListView,
  PatientPaymentRefDto,
  PatientPaymentsPdfQuery,
  PatientPaymentSubjects,
  PatientPaymentView,
  ReceivedTotalsQuery,
  ReceivedTotalsView,
  RecordPatientPaymentCommand,
  UnlockPatientMoneyCommand,
  UnlockPatientMoneyResult,
  UpdatePatientPaymentCommand,
} from './patient-payments.contracts';
import {
  ProgressSettingsSubjects,
  ProgressSettingsView,
  SetProgressSettingsCommand,
} from './progress-settings.contracts';
import {
  AuditEntryView,
  DeleteWorkOrderPaymentCommand,
  RecordWorkOrderPaymentCommand,
  UpdateWorkOrderPaymentCommand,
  WorkOrderPaymentSubjects,
  WorkOrderPaymentView,
} from './work-order-payments.contracts';

/**
 * The clinics of the caller's organization that the caller may see: the request has no fields (the organization and
 * the clinics come from the caller); senders send `{}`.
 */
export class ListClinicsQuery {}

export interface ClinicListView {
  items: ClinicView[];
}

/** The payments of one work order and the history of their changes. */
export interface WorkOrderPaymentListView {
  /** Payments that count (not deleted), by date, then as they were recorded. */
  items: WorkOrderPaymentView[];
  /** Every change of the work order's payments, deleted ones included, newest first. */
  audit: AuditEntryView[];
}

export const ClinicRpc = {
  create: defineRpc<CreateClinicCommand, ClinicView>({
    subject: ClinicSubjects.create,
    request: CreateClinicCommand,
    response: 'ClinicView',
  }),
  list: defineRpc<ListClinicsQuery, ClinicListView>({
    subject: ClinicSubjects.list,
    request: ListClinicsQuery,
    response: 'ClinicListView',
  }),
  get: defineRpc<ClinicIdDto, ClinicView>({
    subject: ClinicSubjects.get,
    request: ClinicIdDto,
    response: 'ClinicView',
  }),
  setPaymentSettings: defineRpc<SetPaymentSettingsCommand, ClinicView>({
    subject: ClinicSubjects.setPaymentSettings,
    request: SetPaymentSettingsCommand,
    response: 'ClinicView',
  }),
} as const;

export const ProgressSettingsRpc = {
  set: defineRpc<SetProgressSettingsCommand, ProgressSettingsView>({
    subject: ProgressSettingsSubjects.set,
    request: SetProgressSettingsCommand,
    response: 'ProgressSettingsView',
  }),
  get: defineRpc<ClinicIdDto, ProgressSettingsView>({
    subject: ProgressSettingsSubjects.get,
    request: ClinicIdDto,
    response: 'ProgressSettingsView',
  }),
} as const;

export const PatientPaymentRpc = {
  record: defineRpc<RecordPatientPaymentCommand, PatientPaymentView>({
    subject: PatientPaymentSubjects.record,
    request: RecordPatientPaymentCommand,
    response: 'PatientPaymentView',
  }),
  update: defineRpc<UpdatePatientPaymentCommand, PatientPaymentView>({
    subject: PatientPaymentSubjects.update,
    request: UpdatePatientPaymentCommand,
    response: 'PatientPaymentView',
  }),
  delete: defineRpc<DeletePatientPaymentCommand, PatientPaymentView>({
    subject: PatientPaymentSubjects.delete,
    request: DeletePatientPaymentCommand,
    response: 'PatientPaymentView',
  }),
  list: defineRpc<ListPatientPaymentsQuery, PatientPaymentListView>({
    subject: PatientPaymentSubjects.list,
    request: ListPatientPaymentsQuery,
    response: 'PatientPaymentListView',
  }),
  get: defineRpc<PatientPaymentRefDto, PatientPaymentView>({
    subject: PatientPaymentSubjects.get,
    request: PatientPaymentRefDto,
    response: 'PatientPaymentView',
  }),
  receipt: defineRpc<PatientPaymentRefDto, FileView>({
    subject: PatientPaymentSubjects.receipt,
    request: PatientPaymentRefDto,
    response: 'FileView',
  }),
  listPdf: defineRpc<PatientPaymentsPdfQuery, FileView>({
    subject: PatientPaymentSubjects.listPdf,
    request: PatientPaymentsPdfQuery,
    response: 'FileView',
  }),
  receivedTotals: defineRpc<ReceivedTotalsQuery, ReceivedTotalsView>({
    subject: PatientPaymentSubjects.receivedTotals,
    request: ReceivedTotalsQuery,
    response: 'ReceivedTotalsView',
  }),
  contractPaid: defineRpc<ContractPaidQuery, ContractPaidView>({
    subject: PatientPaymentSubjects.contractPaid,
    request: ContractPaidQuery,
    response: 'ContractPaidView',
  }),
  lockMoney: defineRpc<LockPatientMoneyCommand, LockPatientMoneyResult>({
    subject: PatientPaymentSubjects.lockMoney,
    request: LockPatientMoneyCommand,
    response: 'LockPatientMoneyResult',
  }),
  unlockMoney: defineRpc<UnlockPatientMoneyCommand, UnlockPatientMoneyResult>({
    subject: PatientPaymentSubjects.unlockMoney,
    request: UnlockPatientMoneyCommand,
    response: 'UnlockPatientMoneyResult',
  }),
} as const;

export const WorkOrderPaymentRpc = {
  record: defineRpc<RecordWorkOrderPaymentCommand, WorkOrderPaymentView>({
    subject: WorkOrderPaymentSubjects.record,
    request: RecordWorkOrderPaymentCommand,
    response: 'WorkOrderPaymentView',
  }),
  update: defineRpc<UpdateWorkOrderPaymentCommand, WorkOrderPaymentView>({
    subject: WorkOrderPaymentSubjects.update,
    request: UpdateWorkOrderPaymentCommand,
    response: 'WorkOrderPaymentView',
  }),
  delete: defineRpc<DeleteWorkOrderPaymentCommand, WorkOrderPaymentView>({
    subject: WorkOrderPaymentSubjects.delete,
    request: DeleteWorkOrderPaymentCommand,
    response: 'WorkOrderPaymentView',
  }),
  list: defineRpc<WorkOrderIdDto, WorkOrderPaymentListView>({
    subject: WorkOrderPaymentSubjects.list,
    request: WorkOrderIdDto,
    response: 'WorkOrderPaymentListView',
  }),
} as const;

/** payments' part of HistorySubjects. */
export const PaymentHistoryRpc = {
  payments: defineRpc<HistoryQueryDto, RecordHistoryView>({
    subject: HistorySubjects.payments,
    request: HistoryQueryDto,
    response: 'RecordHistoryView',
  }),
} as const;

/** payments' part of PeriodClosureSubjects: its copy of the closures. */
export const PaymentPeriodClosureRpc = {
  apply: defineRpc<ApplyPeriodClosureCommand, PeriodClosureApplied>({
    subject: PeriodClosureSubjects.apply.payments,
    request: ApplyPeriodClosureCommand,
    response: 'PeriodClosureApplied',
  }),
  revoke: defineRpc<PeriodClosureRefCommand, void>({
    subject: PeriodClosureSubjects.revoke.payments,
    request: PeriodClosureRefCommand,
    response: null,
  }),
  reopen: defineRpc<ReopenPeriodClosureCommand, PeriodClosureReopened>({
    subject: PeriodClosureSubjects.reopen.payments,
    request: ReopenPeriodClosureCommand,
    response: 'PeriodClosureReopened',
  }),
} as const;
