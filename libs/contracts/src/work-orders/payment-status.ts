import { Money } from '@dental/money';
import type { InstallmentView } from './work-orders.contracts';

export const PAYMENT_STATUSES = ['unpaid', 'partially_paid', 'paid', 'overpaid'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** DOMAIN.md A: unpaid (paid = 0), partially_paid (0 < paid < total), paid (= total), overpaid (> total). */
export function paymentStatus(paid: Money, total: Money): PaymentStatus {
  if (paid.compare(total) > 0) return 'overpaid';
  if (paid.equals(total)) return 'paid';
  if (paid.isPositive()) return 'partially_paid';
  return 'unpaid';
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
