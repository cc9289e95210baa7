import { Money, sharePercent, splitEqually } from '@dental/money';

// DOMAIN.md part B as pure functions, shared by the services that store the facts and the gateway that composes
// the account view, so that a pay split, a write-off and the account page can never disagree.

/** One physician's (or, physicianId null, the clinic's) treatment total on the part of the account considered. */
export interface PhysicianTreatmentTotal {
  physicianId: string | null;
  name: string;
  treatmentAmount: Money;
}

export interface BalanceDistributionRow {
  physicianId: string | null;
  name: string;
  treatmentAmount: string;
  sharePercent: string;
  allocatedAmount: string;
  remainingAmount: string;
}

export const CLINIC_ROW_NAME = 'Clinic';

/**
 * Balance distribution: each physician's share of `received` in proportion to their treatments, largest remainder
 * so the allocated column sums exactly to `received`; remaining = treatments − allocated. Rows with no treatment
 * amount get nothing. With no treatments at all, everything received is allocated to the clinic row.
 */
export function distributeBalance(
  totals: readonly PhysicianTreatmentTotal[],
  received: Money,
): BalanceDistributionRow[] {
  const rows = totals.filter((t) => !t.treatmentAmount.isZero());
  const treatmentSum = Money.sum(
    rows.map((r) => r.treatmentAmount),
    received.currency,
  );
  // No rows (sum 0) or treatments that net to zero or below: nothing to be in proportion to.
  if (!treatmentSum.isPositive()) {
    if (received.isZero()) return [];
    const zero = Money.zero(received.currency);
    return [row(null, CLINIC_ROW_NAME, zero, zero, received)];
  }
  const allocated = received.allocate(rows.map((r) => (r.treatmentAmount.isNegative() ? 0n : r.treatmentAmount.minor)));
  return rows.map((r, i) => row(r.physicianId, r.name, r.treatmentAmount, treatmentSum, allocated[i]));
}

function row(physicianId: string | null, name: string, amount: Money, sum: Money, allocated: Money) {
  return {
    physicianId,
    name,
    treatmentAmount: amount.toDecimal(),
    sharePercent: sum.isZero() ? '100.00' : sharePercent(amount.minor, sum.minor),
    allocatedAmount: allocated.toDecimal(),
    remainingAmount: amount.minus(allocated).toDecimal(),
  };
}

/** A pay split (Progress payment): one received-money record over the physicians at the moment it is recorded. */
export function splitPayment(
  totals: readonly PhysicianTreatmentTotal[],
  amount: Money,
): { physicianId: string | null; amount: string }[] {
  return distributeBalance(totals, amount).map((r) => ({ physicianId: r.physicianId, amount: r.allocatedAmount }));
}

/** Sums treatments per physician (null = the clinic's own rows, e.g. Bank Cost), in first-seen order. */
export function totalsByPhysician(
  treatments: readonly { physicianId: string | null; amount: string }[],
  names: ReadonlyMap<string, string>,
  currency: string,
): PhysicianTreatmentTotal[] {
  const byPhysician = new Map<string | null, Money>();
  for (const t of treatments) {
    const prev = byPhysician.get(t.physicianId) ?? Money.zero(currency);
    byPhysician.set(t.physicianId, prev.plus(Money.parse(t.amount, currency)));
  }
  return [...byPhysician].map(([physicianId, treatmentAmount]) => ({
    physicianId,
    name: physicianId === null ? CLINIC_ROW_NAME : (names.get(physicianId) ?? physicianId),
    treatmentAmount,
  }));
}

export interface AccountSummary {
  treatmentTotal: string;
  receivedTotal: string;
  /** treatments − received when positive, else "0.00" */
  unpaid: string;
  /** received − treatments when positive, else "0.00" */
  receivedMore: string;
}

export function accountSummary(treatmentTotal: Money, receivedTotal: Money): AccountSummary {
  const balance = treatmentTotal.minus(receivedTotal);
  const zero = Money.zero(treatmentTotal.currency);
  return {
    treatmentTotal: treatmentTotal.toDecimal(),
    receivedTotal: receivedTotal.toDecimal(),
    unpaid: balance.isPositive() ? balance.toDecimal() : zero.toDecimal(),
    receivedMore: balance.isNegative() ? balance.negate().toDecimal() : zero.toDecimal(),
  };
}

export const CONTRACT_INSTALLMENT_STATUSES = ['paid', 'partially_paid', 'overdue', 'upcoming'] as const;
export type ContractInstallmentStatus = (typeof CONTRACT_INSTALLMENT_STATUSES)[number];

/** number 0 is the down payment, due the day the contract is made; 1..n the monthly installments */
export interface ContractScheduleItem {
  number: number;
  dueDate: string;
  amount: string;
}

/**
 * Contract schedule: the down payment (when above 0) due on the contract date, then `count` equal monthly
 * installments of (total − down payment) from `firstDueDate`, the rounding remainder on the last. A due date on a
 * day the month does not have falls on the month's last day (Jan 31 → Feb 28).
 */
export function contractSchedule(input: {
  totalAmount: Money;
  downPayment: Money;
  installmentCount: number;
  firstDueDate: string;
  contractDate: string;
}): ContractScheduleItem[] {
  const items: ContractScheduleItem[] = [];
  if (input.downPayment.isPositive()) {
    items.push({ number: 0, dueDate: input.contractDate, amount: input.downPayment.toDecimal() });
  }
  const parts = splitEqually(input.totalAmount.minus(input.downPayment), input.installmentCount);
  parts.forEach((amount, i) => {
    items.push({ number: i + 1, dueDate: addMonths(input.firstDueDate, i), amount: amount.toDecimal() });
  });
  return items;
}

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export interface ContractInstallmentView extends ContractScheduleItem {
  coveredAmount: string;
  remainingAmount: string;
  status: ContractInstallmentStatus;
}

export interface ContractReceivables {
  installments: ContractInstallmentView[];
  coveredAmount: string;
  /** what is still to be received on the contract */
  receivableAmount: string;
  /** the part of the receivable whose due date has passed */
  overdueAmount: string;
}

/** Money received for the contract covers its schedule oldest first (DOMAIN.md, Contract); `today` decides overdue. */
export function contractReceivables(
  schedule: readonly ContractScheduleItem[],
  paidForContract: Money,
  today: string,
): ContractReceivables {
  const currency = paidForContract.currency;
  let left = paidForContract.isNegative() ? Money.zero(currency) : paidForContract;
  let covered = Money.zero(currency);
  let receivable = Money.zero(currency);
  let overdue = Money.zero(currency);
  const installments = [...schedule]
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.number - b.number)
    .map((item) => {
      const amount = Money.parse(item.amount, currency);
      // Stryker disable next-line EqualityOperator: equivalent — at equality (>= vs >) both branches are the same amount
      const part = left.compare(amount) >= 0 ? amount : left;
      left = left.minus(part);
      const remaining = amount.minus(part);
      covered = covered.plus(part);
      receivable = receivable.plus(remaining);
      let status: ContractInstallmentStatus = 'upcoming';
      if (remaining.isZero()) status = 'paid';
      else if (item.dueDate < today) status = 'overdue';
      else if (part.isPositive()) status = 'partially_paid';
      if (status === 'overdue') overdue = overdue.plus(remaining);
      return { ...item, coveredAmount: part.toDecimal(), remainingAmount: remaining.toDecimal(), status };
    });
  return {
    installments,
    coveredAmount: covered.toDecimal(),
    receivableAmount: receivable.toDecimal(),
    overdueAmount: overdue.toDecimal(),
  };
}
