import type { JournalLineView, JournalView } from '../reporting/journal/journal.service';
import {
  ACCOUNT_BOOK_GROUPINGS,
  AccountBookRow,
  AccountSummary,
  ALERT_STATUSES,
  AlertListView,
  AlertView,
  AuditEntryView,
  HistoryChangeView,
  HistoryEntryView,
  BalanceDistributionRow,
  CLOSURE_MODES,
  ClinicView,
  ClosureView,
  ItemCount,
  CONTRACT_INSTALLMENT_STATUSES,
  ContractInstallmentView,
  DELIVERY_CHANNELS,
  DELIVERY_STATUSES,
  DeliveryAttemptView,
  DeliveryListView,
  DeliveryView,
  FamilyView,
  FinanceLabRow,
  FinanceLabsAnswer,
  FinanceTotals,
  FinanceWorkOrderRow,
  FinanceWorkOrdersAnswer,
  InstallmentCoverage,
  InstallmentView,
  InvoiceView,
  LabListView,
  LabView,
  NotificationSettingsView,
  PATIENT_PAYMENT_TYPES,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  PatientListView,
  PatientPaymentListView,
  PatientPaymentSplitView,
  PatientPaymentView,
  PatientView,
  PhysicianView,
  PRODUCTION_STATUSES,
  ProgressPaymentRow,
  ProgressPaymentsAnswer,
  ProgressPaymentTotals,
  PayablesAgingAnswer,
  PayablesAgingBuckets,
  PayablesAgingLabRow,
  PayablesAgingTotals,
  PayablesAgingWorkOrderRow,
  PatientBalanceRow,
  PatientBalancesAnswer,
  PatientBalanceTotals,
  BALANCE_KINDS,
  ReceivablesAgingAnswer,
  ReceivablesAgingBuckets,
  ReceivablesAgingRow,
  ReceivablesAgingTotals,
  RECEIVED_PAYMENT_TYPES,
  REMINDER_KINDS,
  ReportClinicLabel,
  ReportSubscriptionListView,
  ReportSubscriptionView,
  ROLES,
  SCHEDULED_REPORT_FORMATS,
  SCHEDULED_REPORTS,
  TreatmentPlanView,
  TreatmentView,
  WorkOrderListView,
  WorkOrderPaymentView,
  WorkOrderView,
  AccountBookAnswer,
  ERROR_CATALOG,
  ErrorCode,
  PROGRESS_MODES,
  JOURNAL_ACCOUNT_KEYS,
  JournalAccountView,
  JournalTotals,
  CORRECTION_REASONS,
  PeriodClosureListView,
  PeriodClosureView,
} from '@dental/contracts';
import type { SchemaObject } from '@nestjs/swagger';
import type { User } from '../identity/user.entity';
import type {
  AccountTreatmentRow,
  BalanceDistributionView,
  ContractAccountView,
  FamilyAccountView,
  FamilyMemberRow,
  PatientAccountView,
} from '../patient-accounts/patients/account-view/account-view.types';
import type {
  NamedAuditEntryView,
  WorkOrderDetailsView,
  WorkOrderPaymentsAnswer,
} from '../work-orders/work-order-details';
import { opt, s, ViewRegistry } from './schema-dsl';

/** Every answer body of the gateway as a named component (`components.schemas`), built once. */
export const views = new ViewRegistry();
const v = views;

// ---- errors (API.md): the one error body; each route narrows `code` to the codes it can answer ----
const catalogCodes = Object.keys(ERROR_CATALOG).sort() as ErrorCode[];
export const ErrorCodeRef = v.raw('ErrorCode', {
  type: 'string',
  description: [
    'Every code an error can carry (libs/contracts ERROR_CATALOG), with its HTTP status:',
    ...catalogCodes.map((c) => `- \`${c}\` (${ERROR_CATALOG[c].status}): ${ERROR_CATALOG[c].description}`),
  ].join('\n'),
  enum: catalogCodes,
  'x-enumDescriptions': Object.fromEntries(catalogCodes.map((c) => [c, ERROR_CATALOG[c].description])),
} as SchemaObject);
export const ApiError = v.raw('ApiError', {
  type: 'object',
  description: 'Every error: the HTTP status, its reason phrase, a message for people and a stable code for programs',
  properties: {
    statusCode: { type: 'integer', minimum: 400, maximum: 599, example: 404 },
    error: { type: 'string', example: 'Not Found' },
    message: { type: 'string', example: 'patient 0b9f6a8e-2c1d-4e5f-9a7b-3c2d1e0f9a8b was not found' },
    code: { allOf: [ErrorCodeRef], description: 'stable: programs branch on it', example: 'PATIENT.NOT_FOUND' },
    details: {
      description:
        'for REQUEST.VALIDATION the fields and why: [{ field, reasons }]; other codes may carry their own figures',
      example: [
        { field: 'amount', reasons: ['amount must be a decimal string with at most 2 decimals, e.g. "1250.00"'] },
      ],
    },
  },
  required: ['statusCode', 'error', 'message', 'code'],
});

// ---- auth ----
type UserView = ReturnType<User['toView']>;
export const AccessToken = v.add<{ accessToken: string; expiresIn: number }>('AccessToken', {
  accessToken: s.string({
    description: 'HS256 JWT: send it as Authorization: Bearer <token>',
    example: 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln',
  }),
  expiresIn: s.integer({ minimum: 1, description: 'seconds the token is valid', example: 3600 }),
});
const clinicScope = {
  oneOf: [s.array(s.uuid()), { type: 'string', enum: ['*'] }],
  description: "the clinics the user may see; '*' = every clinic of the organization",
};
export const UserViewRef = v.add<UserView>('UserView', {
  id: s.uuid(),
  email: s.string({ format: 'email', example: 'reception@clinic.example' }),
  name: s.text('Deniz Yılmaz'),
  organizationId: s.uuid(),
  roles: s.array(s.enum(ROLES)),
  clinicIds: clinicScope,
  physicianId: s.nullable(s.uuid('the physician this account is (role physician)')),
});
export const UserList = v.add<{ items: UserView[]; total: ItemCount }>('UserList', {
  items: s.array(UserViewRef),
  total: s.count(),
});

// ---- clinics ----
export const Clinic = v.add<ClinicView>('ClinicView', {
  id: s.uuid(),
  organizationId: s.uuid(),
  name: s.text('Downtown Dental'),
  currency: s.currency(),
  timeZone: s.text('Europe/Istanbul'),
  locale: s.enum(['en', 'tr']),
  bankChargePercent: s.nullable(s.percent('bank charge on card payments; null = not set')),
});
export const ClinicList = v.add<{ items: ClinicView[] }>('ClinicList', { items: s.array(Clinic) });
export const Me = v.add<UserView & { organization: { id: string; name: string }; clinics: ClinicView[] }>('Me', {
  id: s.uuid(),
  email: s.string({ format: 'email', example: 'admin@example.com' }),
  name: s.text('Admin'),
  organizationId: s.uuid(),
  roles: s.array(s.enum(ROLES)),
  clinicIds: clinicScope,
  physicianId: s.nullable(s.uuid()),
  organization: s.object<{ id: string; name: string }>({ id: s.uuid(), name: s.text('My Clinic Chain') }),
  clinics: s.array(Clinic),
});
export const BrowserSession = v.add<{ expiresIn: number; user: object }>('BrowserSession', {
  expiresIn: s.integer({ minimum: 1, description: 'seconds the session cookie is valid', example: 3600 }),
  user: Me,
});

// ---- labs and work orders ----
export const Lab = v.add<LabView>('LabView', {
  id: s.uuid(),
  organizationId: s.uuid(),
  name: s.text('Smile Lab'),
  email: s.nullable(s.string({ format: 'email' })),
  phone: s.nullable(s.string()),
  active: s.boolean(),
});
export const LabList = v.add<LabListView>('LabList', { items: s.array(Lab), total: s.count() });

const Installment = v.add<InstallmentView>('InstallmentView', {
  number: s.integer({ minimum: 1 }),
  dueDate: s.date(),
  amount: s.money(),
});
const AuditEntry = v.add<AuditEntryView>('AuditEntryView', {
  id: s.uuid(),
  entity: s.text('work_order_payment'),
  entityId: s.uuid(),
  action: s.enum(['created', 'updated', 'deleted']),
  userId: s.uuid(),
  at: s.dateTime(),
  before: s.any('the record before the change (null when created)', { amount: '400.00' }),
  after: s.any('the record after the change (null when deleted)', { amount: '450.00' }),
  reason: s.nullable(s.enum(CORRECTION_REASONS)),
  memo: s.nullable(s.text('entered twice')),
});
const NamedAuditEntry = v.add<NamedAuditEntryView>('NamedAuditEntryView', {
  id: s.uuid(),
  entity: s.text('work_order_payment'),
  entityId: s.uuid(),
  action: s.enum(['created', 'updated', 'deleted']),
  userId: s.uuid(),
  userName: s.nullable(
    s.text('Ayla Accountant', { description: "the user's name; null when the user no longer exists" }),
  ),
  at: s.dateTime(),
  before: s.any('the record before the change (null when created)', { amount: '400.00' }),
  after: s.any('the record after the change (null when deleted)', { amount: '450.00' }),
  reason: s.nullable(s.enum(CORRECTION_REASONS)),
  memo: s.nullable(s.text('entered twice')),
});
const paymentPlan = s.object<WorkOrderView['paymentPlan']>({
  totalAmount: s.money(),
  paymentMethod: s.enum(PAYMENT_METHODS),
  installments: s.array(Installment),
});
export const WorkOrder = v.add<WorkOrderView>('WorkOrderView', {
  id: s.uuid(),
  organizationId: s.uuid(),
  clinicId: s.uuid(),
  labId: s.uuid(),
  patientId: s.nullable(s.uuid()),
  number: s.text('WO-000042'),
  description: s.text('Zirconia crown 26'),
  documentedDate: s.date(),
  status: s.enum(PRODUCTION_STATUSES),
  currency: s.currency(),
  paymentPlan,
  revision: s.integer({ minimum: 1 }),
  createdAt: s.dateTime(),
  audit: opt(s.array(AuditEntry, { description: 'who changed what, newest first' })),
});
export const WorkOrderList = v.add<WorkOrderListView>('WorkOrderList', {
  items: s.array(WorkOrder),
  total: s.count(),
  page: s.integer({ minimum: 1 }),
  pageSize: s.integer({ minimum: 1, maximum: 500 }),
});
export const WorkOrderPayment = v.add<WorkOrderPaymentView>('WorkOrderPaymentView', {
  id: s.uuid(),
  organizationId: s.uuid(),
  clinicId: s.uuid(),
  workOrderId: s.uuid(),
  labId: s.uuid(),
  date: s.date(),
  amount: s.money('negative = a refund from the lab'),
  currency: s.currency(),
  method: s.enum(PAYMENT_METHODS),
  reference: s.nullable(s.string()),
  note: s.nullable(s.string()),
  revision: s.integer({ minimum: 1, description: 'grows on every change; a delete is the last revision' }),
  deleted: s.boolean(),
});
export const WorkOrderPayments = v.add<WorkOrderPaymentsAnswer>('WorkOrderPaymentList', {
  items: s.array(WorkOrderPayment),
  audit: s.array(AuditEntry),
});
const InstallmentCoverageRef = v.add<InstallmentCoverage>('InstallmentCoverage', {
  number: s.integer({ minimum: 1 }),
  dueDate: s.date(),
  amount: s.money(),
  coveredAmount: s.money(),
  remainingAmount: s.money(),
  overdue: s.boolean(),
});
export const WorkOrderDetails = v.add<WorkOrderDetailsView>('WorkOrderDetails', {
  id: s.uuid(),
  organizationId: s.uuid(),
  clinicId: s.uuid(),
  labId: s.uuid(),
  patientId: s.nullable(s.uuid()),
  number: s.text('WO-000042'),
  description: s.text('Zirconia crown 26'),
  documentedDate: s.date(),
  status: s.enum(PRODUCTION_STATUSES),
  currency: s.currency(),
  paymentPlan,
  revision: s.integer({ minimum: 1 }),
  createdAt: s.dateTime(),
  installments: s.array(InstallmentCoverageRef),
  payments: s.array(WorkOrderPayment),
  paidAmount: s.money(),
  outstandingAmount: s.money(),
  paymentStatus: s.enum(PAYMENT_STATUSES),
  overdue: s.boolean(),
  asOf: s.date("today in the clinic's time zone"),
  audit: s.array(NamedAuditEntry),
  patientName: s.nullable(
    s.text('Ada Lovelace', { description: "the patient's name; null without a patient or while it cannot be read" }),
  ),
});

// ---- finance ----
const Totals = v.add<FinanceTotals>('FinanceTotals', {
  workOrderCount: s.count('work orders'),
  paidAmount: s.money(),
  totalAmount: s.money(),
  outstandingAmount: s.money(),
});
const LabRow = v.add<FinanceLabRow>('FinanceLabRow', {
  labId: s.uuid(),
  labName: s.text('Smile Lab'),
  workOrderCount: s.count('work orders'),
  paidAmount: s.money(),
  totalAmount: s.money(),
  outstandingAmount: s.money(),
});
export const FinanceLabs = v.add<FinanceLabsAnswer>('FinanceLabs', {
  items: s.array(LabRow),
  totals: Totals,
  currency: s.currency(),
});
const WorkOrderRow = v.add<FinanceWorkOrderRow>('FinanceWorkOrderRow', {
  workOrderId: s.uuid(),
  number: s.text('WO-000042'),
  labId: s.uuid(),
  labName: s.text('Smile Lab'),
  paymentMethod: s.enum(PAYMENT_METHODS),
  paidAmount: s.money(),
  totalAmount: s.money(),
  outstandingAmount: s.money(),
  paymentStatus: s.enum(PAYMENT_STATUSES),
  documentedDate: s.date(),
});
export const FinanceWorkOrders = v.add<FinanceWorkOrdersAnswer>('FinanceWorkOrders', {
  items: s.array(WorkOrderRow),
  totals: Totals,
  total: s.count(),
  page: s.integer({ minimum: 1 }),
  pageSize: s.integer({ minimum: 1, maximum: 500 }),
  currency: s.currency(),
  nextCursor: opt(s.nullable(s.string({ description: 'pass as `after` for the next rows (keyset paging)' }))),
});

// ---- patients ----
export const Physician = v.add<PhysicianView>('PhysicianView', {
  id: s.uuid(),
  organizationId: s.uuid(),
  clinicId: s.uuid(),
  name: s.text('Dr. Ayşe Demir'),
  commissionPercent: s.nullable(s.percent()),
});
export const PhysicianList = v.add<{ items: PhysicianView[]; total: ItemCount }>('PhysicianList', {
  items: s.array(Physician),
  total: s.count(),
});
export const Patient = v.add<PatientView>('PatientView', {
  id: s.uuid(),
  organizationId: s.uuid(),
  clinicId: s.uuid(),
  firstName: s.text('Elif'),
  lastName: s.text('Kaya'),
  phone: s.nullable(s.string()),
  email: s.nullable(s.string({ format: 'email' })),
  familyId: s.nullable(s.uuid()),
  currency: s.currency(),
});
export const PatientList = v.add<PatientListView>('PatientList', {
  items: s.array(Patient),
  total: s.count(),
  page: s.integer({ minimum: 1 }),
  pageSize: s.integer({ minimum: 1, maximum: 500 }),
});
export const Family = v.add<FamilyView>('FamilyView', {
  id: s.uuid(),
  organizationId: s.uuid(),
  name: s.text('Kaya family'),
});
const treatmentFields = {
  id: s.uuid(),
  organizationId: s.uuid(),
  clinicId: s.uuid(),
  patientId: s.uuid(),
  physicianId: s.nullable(s.uuid()),
  procedure: s.text('Filling'),
  tooth: s.nullable(s.string({ example: '26' })),
  date: s.date(),
  amount: s.money(),
  currency: s.currency(),
  copiedFromPlanning: s.boolean(),
  planItemId: s.nullable(s.uuid()),
  invoiceId: s.nullable(s.uuid()),
  invoiceNumber: s.nullable(s.string()),
  deleted: s.boolean(),
  revision: s.integer({ minimum: 1 }),
};
export const Treatment = v.add<TreatmentView>('TreatmentView', treatmentFields);
export const TreatmentList = v.raw('TreatmentList', s.array(Treatment));
export const TreatmentPlan = v.add<TreatmentPlanView>('TreatmentPlanView', {
  id: s.uuid(),
  organizationId: s.uuid(),
  clinicId: s.uuid(),
  patientId: s.uuid(),
  items: s.array(
    s.object<TreatmentPlanView['items'][number]>({
      id: s.uuid(),
      physicianId: s.nullable(s.uuid()),
      procedure: s.text('Crown'),
      tooth: s.nullable(s.string()),
      amount: s.money(),
      treatmentId: s.nullable(s.uuid()),
    }),
  ),
  totalAmount: s.money(),
  currency: s.currency(),
});
export const TreatmentPlanList = v.add<{ items: TreatmentPlanView[] }>('TreatmentPlanList', {
  items: s.array(TreatmentPlan),
});
export const Invoice = v.add<InvoiceView>('InvoiceView', {
  id: s.uuid(),
  organizationId: s.uuid(),
  clinicId: s.uuid(),
  patientId: s.uuid(),
  number: s.text('INV-000007'),
  date: s.date(),
  totalAmount: s.money(),
  currency: s.currency(),
  treatmentIds: s.array(s.uuid()),
  cancelled: s.boolean(),
});

// ---- patient money ----
const Split = v.add<PatientPaymentSplitView>('PatientPaymentSplit', {
  physicianId: s.nullable(s.uuid()),
  amount: s.money(),
});
export const PatientPayment = v.add<PatientPaymentView>('PatientPaymentView', {
  id: s.uuid(),
  organizationId: s.uuid(),
  clinicId: s.uuid(),
  patientId: s.uuid(),
  receiptNumber: s.text('R-000123'),
  date: s.date(),
  amount: s.money(),
  enteredAmount: s.money(),
  bankCost: s.nullable(s.money()),
  bankChargePercent: s.nullable(s.percent()),
  paymentType: s.enum(PATIENT_PAYMENT_TYPES),
  contractId: s.nullable(s.uuid()),
  note: s.nullable(s.string()),
  currency: s.currency(),
  closed: s.boolean(),
  splits: s.array(Split),
  physicianId: s.nullable(s.uuid("the dentist on whose behalf the money was received; null: nobody's")),
  revision: s.integer({ minimum: 1 }),
  deleted: s.boolean(),
  createdAt: s.dateTime(),
});
export const PatientPaymentList = v.add<PatientPaymentListView>('PatientPaymentList', {
  items: s.array(PatientPayment),
});
export const Closure = v.add<ClosureView>('ClosureView', {
  id: s.uuid(),
  patientId: s.uuid(),
  organizationId: s.uuid(),
  clinicId: s.uuid(),
  mode: s.enum(CLOSURE_MODES),
  date: s.date(),
  treatmentTotal: s.money(),
  receivedTotal: s.money(),
  writtenOffAmount: s.money(),
  currency: s.currency(),
  createdAt: s.dateTime(),
  createdBy: s.uuid(),
});
const ContractInstallment = v.add<ContractInstallmentView>('ContractInstallment', {
  number: s.integer({ minimum: 0, description: '0 is the down payment' }),
  dueDate: s.date(),
  amount: s.money(),
  coveredAmount: s.money(),
  remainingAmount: s.money(),
  status: s.enum(CONTRACT_INSTALLMENT_STATUSES),
});
export const Contract = v.add<ContractAccountView>('ContractView', {
  id: s.uuid(),
  organizationId: s.uuid(),
  clinicId: s.uuid(),
  patientId: s.uuid(),
  planId: s.nullable(s.uuid()),
  contractDate: s.date(),
  totalAmount: s.money(),
  downPayment: s.money(),
  installmentCount: s.integer({ minimum: 1 }),
  firstDueDate: s.date(),
  currency: s.currency(),
  paidAmount: s.money(),
  installments: s.array(ContractInstallment),
  coveredAmount: s.money(),
  receivableAmount: s.money(),
  overdueAmount: s.money(),
});
const BalanceRow = v.add<BalanceDistributionRow>('BalanceDistributionRow', {
  physicianId: s.nullable(s.uuid('null: the clinic row')),
  name: s.text('Dr. Ayşe Demir'),
  treatmentAmount: s.money(),
  sharePercent: s.percent(),
  allocatedAmount: s.money(),
  remainingAmount: s.money(),
});
export const BalanceDistribution = v.add<BalanceDistributionView>('BalanceDistribution', {
  items: s.array(BalanceRow),
});
const summaryFields = {
  treatmentTotal: s.money(),
  receivedTotal: s.money(),
  unpaid: s.money('treatments − received when positive, else 0'),
  receivedMore: s.money('received − treatments when positive, else 0'),
};
const Summary = v.add<AccountSummary & { currency: string }>('AccountSummary', {
  ...summaryFields,
  currency: s.currency(),
});
const FamilyMember = v.add<FamilyMemberRow>('FamilyMemberRow', {
  patientId: s.uuid(),
  firstName: s.text('Elif'),
  lastName: s.text('Kaya'),
  currency: s.currency(),
  ...summaryFields,
});
export const FamilyAccount = v.add<FamilyAccountView>('FamilyAccount', {
  family: Family,
  members: s.array(FamilyMember),
  totals: s.array(Summary, { description: 'one per currency' }),
});
const AccountTreatment = v.add<AccountTreatmentRow>('AccountTreatmentRow', {
  ...treatmentFields,
  closed: s.boolean(),
  sourcePaymentId: s.nullable(s.uuid('the card payment a Bank Cost treatment follows')),
  physicianName: s.nullable(s.string()),
  invoiced: s.boolean(),
});
export const Alert = v.add<AlertView>('AlertView', {
  id: s.uuid(),
  organizationId: s.uuid(),
  clinicId: s.uuid(),
  patientId: s.uuid(),
  patientName: s.text('Elif Kaya'),
  date: s.date(),
  amount: s.nullable(s.money()),
  currency: s.currency(),
  note: s.nullable(s.string()),
  status: s.enum(ALERT_STATUSES),
  overdue: s.boolean(),
  closedAt: s.nullable(s.dateTime()),
  createdAt: s.dateTime(),
  createdBy: s.uuid(),
});
export const PatientAccount = v.add<PatientAccountView>('PatientAccount', {
  patient: Patient,
  showPaid: s.boolean(),
  closedThrough: s.nullable(s.date()),
  today: s.date(),
  treatments: s.array(AccountTreatment),
  receivedMoney: s.array(PatientPayment),
  summary: Summary,
  balanceDistribution: s.array(BalanceRow),
  contracts: s.array(Contract),
  family: s.nullable(FamilyAccount),
  alerts: s.array(Alert),
  alertsUnavailable: s.boolean('true: notifications did not answer; alerts is empty for now'),
  closures: s.array(Closure),
});

// ---- reports ----
const receivedByType = {
  type: 'object',
  properties: Object.fromEntries(RECEIVED_PAYMENT_TYPES.map((t) => [t, s.money()])),
  required: [...RECEIVED_PAYMENT_TYPES],
};
const bookFigures = {
  receivedByType,
  receivedAmount: s.money(),
  refunds: s.money('negative'),
  bankExpenses: s.money(),
  labPayments: s.money(),
  netTurnover: s.money('received + refunds − bank expenses'),
};
const BookRow = v.add<AccountBookRow>('AccountBookRow', {
  period: s.text('2026-11-21', { description: 'YYYY-MM-DD, YYYY-MM or YYYY by groupBy' }),
  ...bookFigures,
});
export const AccountBook = v.add<Omit<AccountBookAnswer, 'nextCursor' | keyof ReportClinicLabel>>('AccountBook', {
  clinicId: s.uuid(),
  currency: s.currency(),
  groupBy: s.enum(ACCOUNT_BOOK_GROUPINGS),
  from: s.nullable(s.date()),
  to: s.nullable(s.date()),
  items: s.array(BookRow),
  totals: s.object<Omit<AccountBookRow, 'period'>>(bookFigures),
});
const progressFigures = {
  collectedAmount: s.money('pay splits of money dated in the period, whatever the mode'),
  baseAmount: s.money("what the clinic's mode counts (collections, treatments or registered)"),
  costAmount: s.money("base × the clinic's cost percentage"),
  labFeeAmount: s.money('lab fees linked to their treatments performed in the period'),
  netAmount: s.money('base − cost − lab fees'),
};
const ProgressRow = v.add<ProgressPaymentRow>('ProgressPaymentRow', {
  physicianId: s.nullable(s.uuid()),
  name: s.text('Dr. Ayşe Demir'),
  ...progressFigures,
  commissionPercent: s.nullable(s.percent()),
  earnedAmount: s.money('net × commission % (net when no commission is set)'),
});
export const ProgressPayments = v.add<Omit<ProgressPaymentsAnswer, keyof ReportClinicLabel>>('ProgressPayments', {
  clinicId: s.uuid(),
  currency: s.currency(),
  from: s.nullable(s.date()),
  to: s.nullable(s.date()),
  mode: s.enum(PROGRESS_MODES, "the clinic's progress-payment mode"),
  costPercent: s.percent("the clinic's cost percentage"),
  items: s.array(ProgressRow),
  totals: s.object<ProgressPaymentTotals>({ ...progressFigures, earnedAmount: s.money() }),
});

// ---- payables aging ----
const agingBuckets = s.object<PayablesAgingBuckets>(
  {
    not_due: s.money('due on or after the as-of date'),
    '1-30': s.money(),
    '31-60': s.money(),
    '61-90': s.money(),
    '91+': s.money(),
  },
  'uncovered installments by days past due on the as-of date',
);
const AgingWorkOrderRow = v.add<PayablesAgingWorkOrderRow>('PayablesAgingWorkOrderRow', {
  workOrderId: s.uuid(),
  number: s.text('WO-000123'),
  documentedDate: s.date(),
  buckets: agingBuckets,
  total: s.money(),
});
const AgingLabRow = v.add<PayablesAgingLabRow>('PayablesAgingLabRow', {
  labId: s.uuid(),
  labName: s.text('Smile Lab'),
  buckets: agingBuckets,
  total: s.money(),
  workOrders: opt(
    s.array(AgingWorkOrderRow, { description: "only with labId: the lab's work orders owed something, by number" }),
  ),
});
export const PayablesAging = v.add<Omit<PayablesAgingAnswer, 'clinicName' | 'locale' | 'labName' | 'nextCursor'>>(
  'PayablesAging',
  {
    asOf: s.date('the date the figures are as of'),
    currency: s.currency(),
    clinicId: s.nullable(s.uuid()),
    labId: s.nullable(s.uuid()),
    items: s.array(AgingLabRow),
    totals: s.object<PayablesAgingTotals>({ buckets: agingBuckets, total: s.money() }),
  },
);

// ---- receivables aging and balances (DOMAIN.md D) ----
const receivablesBuckets = s.object<ReceivablesAgingBuckets>(
  {
    '0-30': s.money(),
    '31-60': s.money(),
    '61-90': s.money(),
    '91+': s.money(),
  },
  "what is owed as of the date, by the days from each treatment's date (FIFO: money covers the oldest first)",
);
const ReceivablesAgingRowRef = v.add<ReceivablesAgingRow>('ReceivablesAgingRow', {
  patientId: s.uuid("drill-down: the patient's account, GET /patients/{id}/account"),
  name: s.text('Ali Yılmaz'),
  clinicId: s.uuid(),
  buckets: receivablesBuckets,
  total: s.money('the sum of the buckets'),
  credit: s.money('received more than treated as of the date (the buckets are then 0)'),
  lastPaymentDate: s.nullable(s.date('the latest money received (not a refund) dated on or before the as-of date')),
});
export const ReceivablesAging = v.add<Omit<ReceivablesAgingAnswer, keyof ReportClinicLabel | 'nextCursor'>>(
  'ReceivablesAging',
  {
    asOf: s.date('the date the figures are as of'),
    clinicId: s.nullable(s.uuid('null: every clinic of the caller')),
    currency: s.currency(),
    items: s.array(ReceivablesAgingRowRef, { description: 'patients owing something or in credit, by name' }),
    totals: s.object<ReceivablesAgingTotals>({ buckets: receivablesBuckets, total: s.money(), credit: s.money() }),
    total: s.count(),
    page: s.integer({ minimum: 1, example: 1 }),
    pageSize: s.integer({ minimum: 1, example: 50 }),
  },
);
const PatientBalanceRowRef = v.add<PatientBalanceRow>('PatientBalanceRow', {
  patientId: s.uuid(),
  name: s.text('Ali Yılmaz'),
  clinicId: s.uuid(),
  treatmentTotal: s.money('treatments of the open part of the account (after the latest closure)'),
  receivedTotal: s.money('money received in the open part'),
  amount: s.money('debtors: unpaid; overpayers: received more'),
  contractBalance: s.money("what is still to be received on the patient's contracts"),
  lastPaymentDate: s.nullable(s.date()),
});
export const PatientBalances = v.add<Omit<PatientBalancesAnswer, keyof ReportClinicLabel | 'nextCursor'>>(
  'PatientBalances',
  {
    kind: s.enum(BALANCE_KINDS),
    clinicId: s.nullable(s.uuid('null: every clinic of the caller')),
    currency: s.currency(),
    items: s.array(PatientBalanceRowRef, { description: 'by amount, largest first' }),
    totals: s.object<PatientBalanceTotals>({
      treatmentTotal: s.money(),
      receivedTotal: s.money(),
      amount: s.money(),
      contractBalance: s.money(),
    }),
    total: s.count(),
    page: s.integer({ minimum: 1, example: 1 }),
    pageSize: s.integer({ minimum: 1, example: 50 }),
  },
);

// ---- notifications ----
export const AlertList = v.add<AlertListView>('AlertList', { items: s.array(Alert), total: s.count() });
export const NotificationSettings = v.add<NotificationSettingsView>('NotificationSettings', {
  clinicId: s.uuid(),
  organizationId: s.uuid(),
  email: s.nullable(s.string({ format: 'email' })),
  webhookUrl: s.nullable(s.string({ format: 'uri' })),
  hasWebhookSecret: s.boolean(),
  notifyPatients: s.boolean(),
  timeZone: s.text('Europe/Istanbul'),
  locale: s.enum(['en', 'tr']),
  currency: s.currency(),
});
export const ReportSubscription = v.add<ReportSubscriptionView>('ReportSubscription', {
  id: s.uuid(),
  organizationId: s.uuid(),
  clinicId: s.uuid(),
  report: s.enum(SCHEDULED_REPORTS),
  email: s.string({ format: 'email' }),
  format: s.enum(SCHEDULED_REPORT_FORMATS),
  lastPeriodStart: s.nullable(s.date()),
  createdAt: s.dateTime(),
});
export const ReportSubscriptionList = v.add<ReportSubscriptionListView>('ReportSubscriptionList', {
  items: s.array(ReportSubscription),
  total: s.count(),
});
const DeliveryAttempt = v.add<DeliveryAttemptView>('DeliveryAttempt', {
  attempt: s.integer({ minimum: 1 }),
  at: s.dateTime(),
  succeeded: s.boolean(),
  response: s.nullable(s.string()),
  error: s.nullable(s.string()),
});
const Delivery = v.add<DeliveryView>('Delivery', {
  id: s.uuid(),
  organizationId: s.uuid(),
  clinicId: s.uuid(),
  reminderId: s.uuid(),
  kind: s.enum(REMINDER_KINDS),
  sourceId: s.string(),
  dueDate: s.date(),
  channel: s.enum(DELIVERY_CHANNELS),
  target: s.string(),
  status: s.enum(DELIVERY_STATUSES),
  attempts: s.array(DeliveryAttempt),
  nextAttemptAt: s.nullable(s.dateTime()),
  createdAt: s.dateTime(),
});
export const DeliveryList = v.add<DeliveryListView>('DeliveryList', {
  items: s.array(Delivery),
  total: s.count(),
  page: s.integer({ minimum: 1 }),
  pageSize: s.integer({ minimum: 1, maximum: 500 }),
});

// ---- health ----
export const Live = v.raw('HealthLive', {
  type: 'object',
  properties: { status: { type: 'string', enum: ['ok'] } },
  required: ['status'],
});
export const Ready = v.raw('HealthReady', {
  type: 'object',
  description: "@nestjs/terminus's answer: status ok with each check up, or (503) error with the checks down",
  properties: {
    status: { type: 'string', enum: ['ok', 'error'] },
    info: { type: 'object', additionalProperties: true },
    error: { type: 'object', additionalProperties: true },
    details: { type: 'object', additionalProperties: true },
  },
  required: ['status'],
});

// ---- journal export (DOMAIN.md E) ----
const JournalLineRef = v.add<JournalLineView>('JournalLine', {
  date: s.date('the date of the record the entry is for'),
  entryId: s.uuid('the entry: the id of the event that posted it (its lines share it)'),
  accountCode: s.text('1200', { description: "the organization's code of the account" }),
  accountName: s.text('Patient receivables'),
  debit: s.money(),
  credit: s.money(),
  currency: s.currency(),
  source: s.text('payments.patient-payment.recorded', { description: 'the event type that posted the entry' }),
  reference: s.text('000042', { description: 'receipt number, work-order number, treatment or closure id' }),
});
export const Journal = v.add<JournalView>('Journal', {
  clinicId: s.nullable(s.uuid('null: every clinic of the caller')),
  from: s.nullable(s.date()),
  to: s.nullable(s.date()),
  currency: s.currency(),
  items: s.array(JournalLineRef, { description: 'by date, then posting order; an entry’s lines together' }),
  totals: s.object<JournalTotals>({ debit: s.money(), credit: s.money() }, 'debits equal credits'),
});
const JournalAccountRef = v.add<JournalAccountView>('JournalAccount', {
  key: s.enum(JOURNAL_ACCOUNT_KEYS),
  code: s.text('1200'),
  name: s.text('Patient receivables'),
  custom: s.boolean('false while the default of DOMAIN.md E is kept'),
});
export const JournalAccounts = v.add<{ accounts: JournalAccountView[] }>('JournalAccounts', {
  accounts: s.array(JournalAccountRef),
});

// ---- period close (DOMAIN.md E) ----
export const PeriodClosure = v.add<PeriodClosureView>('PeriodClosure', {
  id: s.uuid(),
  clinicId: s.nullable(s.uuid('null: every clinic of the organization')),
  through: s.date('everything dated on or before it is locked while the closure holds'),
  createdAt: s.dateTime(),
  createdBy: s.uuid('the user who closed'),
  reopenedAt: s.nullable(s.dateTime('null while the closure holds')),
  reopenedBy: s.nullable(s.uuid('the admin who reopened')),
  reopenReason: s.nullable(s.enum(CORRECTION_REASONS)),
  reopenMemo: s.nullable(s.string()),
});
export const PeriodClosureList = v.add<PeriodClosureListView>('PeriodClosureList', {
  items: s.array(PeriodClosure, { description: 'newest first' }),
});

// ---- history of a record (DOMAIN.md E) ----
const HistoryChange = v.add<HistoryChangeView>('HistoryChange', {
  field: s.text('amount'),
  before: s.any('the value before (null when there was none)', '100.00'),
  after: s.any('the value after (null when removed)', '120.00'),
});
const HistoryEntry = v.add<HistoryEntryView>('HistoryEntry', {
  version: s.integer({ example: 1 }),
  at: s.dateTime(),
  userId: s.text('6f1c…', { description: 'a user id, or system:<service> for a change that followed another' }),
  userName: s.text('Ayla Accountant', { description: '"a former user" when the user no longer exists' }),
  action: s.text('updated', { description: 'created, updated, deleted, invoiced, uninvoiced, cancelled, undone' }),
  reason: s.nullable(s.enum(CORRECTION_REASONS)),
  memo: s.nullable(s.text('entered twice')),
  changes: s.array(HistoryChange),
});
export const RecordHistory = v.add<{ items: HistoryEntryView[] }>('RecordHistory', { items: s.array(HistoryEntry) });
