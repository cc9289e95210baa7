import { Money } from '@dental/money';
import type { InstallmentView } from './work-orders.contracts';

export const PAYMENT_STATUSES = ['unpaid', 'partially_paid', 'paid', 'overpaid'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** One clause of the rule: the status it gives, when it holds in TypeScript and in SQL (over two bigint expressions). */
interface PaymentStatusClause {
  status: PaymentStatus;
  holds: (paid: Money, total: Money) => boolean;
  sql: (paid: string, total: string) => string;
}

/**
 * DOMAIN.md A: unpaid (paid = 0), partially_paid (0 < paid < total), paid (= total), overpaid (> total). Written
 * once: the first clause that holds gives the status; the last one always holds (a negative paid is unpaid). The
 * TypeScript function and the SQL CASEs below are derived from this table, and a property test
 * (apps/reporting/test/payment-status-rule.int-spec.ts) checks PostgreSQL's answers against the TypeScript ones.
 */
export const PAYMENT_STATUS_RULE: readonly PaymentStatusClause[] = [
  { status: 'overpaid', holds: (paid, total) => paid.compare(total) > 0, sql: (paid, total) => `${paid} > ${total}` },
  { status: 'paid', holds: (paid, total) => paid.equals(total), sql: (paid, total) => `${paid} = ${total}` },
  { status: 'partially_paid', holds: (paid) => paid.isPositive(), sql: (paid) => `${paid} > 0` },
  { status: 'unpaid', holds: () => true, sql: () => 'true' },
];

export function paymentStatus(paid: Money, total: Money): PaymentStatus {
  return PAYMENT_STATUS_RULE.find((clause) => clause.holds(paid, total))!.status;
}

/** The rule as a SQL CASE over two bigint expressions, giving `then(status)` for the first clause that holds. */
function caseOf(paid: string, total: string, then: (status: PaymentStatus) => string): string {
  const clauses = PAYMENT_STATUS_RULE.slice(0, -1).map((c) => `when ${c.sql(paid, total)} then ${then(c.status)}`);
  return `case ${clauses.join(' ')} else ${then(PAYMENT_STATUS_RULE[PAYMENT_STATUS_RULE.length - 1].status)} end`;
}

/** paymentStatus() in SQL: the status text of the bigint expressions `paid` and `total` (column names, not values). */
export function paymentStatusSql(paid: string, total: string): string {
  return caseOf(paid, total, (status) => `'${status}'`);
}

/** The status's index in PAYMENT_STATUSES (unpaid 0 … overpaid 3) in SQL, from the bigint expressions. */
export function paymentStatusRankSql(paid: string, total: string): string {
  return caseOf(paid, total, (status) => String(PAYMENT_STATUSES.indexOf(status)));
}

/** The rank of a stored status text, e.g. of the column `payment_status` (the last status is the `else`). */
export function paymentStatusRankOfTextSql(column: string): string {
  const last = PAYMENT_STATUSES.length - 1;
  const whens = PAYMENT_STATUSES.slice(0, last).map((status, rank) => `when '${status}' then ${rank}`);
  return `case ${column} ${whens.join(' ')} else ${last} end`;
}

export interface InstallmentCoverage extends InstallmentView {
  coveredAmount: string;
  remainingAmount: string;
  overdue: boolean;
}

/** Payments cover installments oldest first; an installment past its due date and not covered is overdue. */
export function coverInstallments(installments: InstallmentView[], paid: Money, today: string): InstallmentCoverage[] {
  let left = paid.isNegative() ? Money.zero(paid.currency) : paid;
  return [...installments]
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.number - b.number)
    .map((i) => {
      const amount = Money.parse(i.amount, paid.currency);
      const covered = left.compare(amount) >= 0 ? amount : left;
      left = left.minus(covered);
      const remaining = amount.minus(covered);
      return {
        ...i,
        coveredAmount: covered.toDecimal(),
        remainingAmount: remaining.toDecimal(),
        overdue: remaining.isPositive() && i.dueDate < today,
      };
    });
}
