import {
  AuditEntryView,
  coverInstallments,
  InstallmentCoverage,
  PaymentStatus,
  paymentStatus,
  WorkOrderPaymentView,
  WorkOrderView,
} from '@dental/contracts';
import { Money } from '@dental/money';
import { DateTime } from 'luxon';

/** What `payments` answers to WorkOrderPaymentSubjects.list. */
export interface WorkOrderPaymentsAnswer {
  items: WorkOrderPaymentView[];
  audit: AuditEntryView[];
}

/** An audit entry with its author's name (the gateway keeps the users). */
export interface NamedAuditEntryView extends AuditEntryView {
  /** the user's name; null when the user no longer exists */
  userName: string | null;
}

/** Names the page shows instead of ids: the patient's (patient-accounts) and the audit authors' (the gateway's users). */
export interface WorkOrderNames {
  /** "First Last"; null when the order has no patient or the patient could not be read */
  patientName: string | null;
  userNames: ReadonlyMap<string, string>;
}

/** GET /work-orders/:id: the order from `work-orders`, its money from `payments` (DOMAIN.md A, the details page). */
export interface WorkOrderDetailsView extends Omit<WorkOrderView, 'audit'> {
  patientName: string | null;
  /** The plan's installments, covered oldest first by what was paid; `overdue` as of `asOf`. */
  installments: InstallmentCoverage[];
  payments: WorkOrderPaymentView[];
  paidAmount: string;
  /** total − paid; negative = overpaid, a credit with the lab */
  outstandingAmount: string;
  paymentStatus: PaymentStatus;
  /** an installment's due date has passed and it is not covered */
  overdue: boolean;
  /** the clinic's date today, which `overdue` is judged against */
  asOf: string;
  /** the work order's and its payments' audit entries, newest first */
  audit: NamedAuditEntryView[];
}

/** Today in the clinic's time zone (UTC when the zone is unknown). */
export function clinicToday(timeZone: string | undefined, now: DateTime = DateTime.utc()): string {
  const local = now.setZone(timeZone || 'UTC');
  return (local.isValid ? local : now.setZone('UTC')).toISODate()!;
}

export function composeWorkOrderDetails(
  order: WorkOrderView,
  money: WorkOrderPaymentsAnswer,
  today: string,
  names: WorkOrderNames = { patientName: null, userNames: new Map() },
): WorkOrderDetailsView {
  const { audit: orderAudit = [], ...rest } = order;
  const payments = money.items.filter((p) => p.workOrderId === order.id && !p.deleted);
  const total = Money.parse(order.paymentPlan.totalAmount, order.currency);
  const paid = Money.sum(
    payments.map((p) => Money.parse(p.amount, order.currency)),
    order.currency,
  );
  const installments = coverInstallments(order.paymentPlan.installments, paid, today);
  const audit = [...orderAudit, ...money.audit]
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id.localeCompare(a.id))
    .map((entry) => ({ ...entry, userName: names.userNames.get(entry.userId) ?? null }));
  return {
    ...rest,
    patientName: order.patientId ? names.patientName : null,
    installments,
    payments,
    paidAmount: paid.toDecimal(),
    outstandingAmount: total.minus(paid).toDecimal(),
    paymentStatus: paymentStatus(paid, total),
    overdue: installments.some((i) => i.overdue),
    asOf: today,
    audit,
  };
}
