import { CommonErrors, DomainError, PaymentMethod, PaymentPlanDto } from '@dental/contracts';
import { Money, MoneyError } from '@dental/money';

export interface PlannedInstallment {
  number: number;
  dueDate: string;
  amount: Money;
}

/** A payment plan checked against the clinic's currency: a positive total, and installments that sum to it. */
export interface PaymentPlan {
  total: Money;
  paymentMethod: PaymentMethod;
  installments: PlannedInstallment[];
}

interface FieldProblem {
  field: string;
  reasons: string[];
}

export const INSTALLMENTS_MISMATCH = 'WORK_ORDER.INSTALLMENTS_MISMATCH';

/**
 * Builds the plan of a new work order (DOMAIN.md A). Malformed amounts (decimals beyond the currency's, zero) and
 * "both or neither of dueDate and installments" are 400s naming the field, like any bad body; installments that do
 * not sum to the total break a rule: 422 with { expected, actual, difference = expected − actual }.
 */
export function buildPaymentPlan(dto: PaymentPlanDto, currency: string): PaymentPlan {
  const problems: FieldProblem[] = [];
  const amount = (text: string, field: string): Money | undefined => {
    try {
      const m = Money.parse(text, currency);
      if (!m.isPositive()) problems.push({ field, reasons: [`${field} must be above 0`] });
      return m;
    } catch (e) {
      if (!(e instanceof MoneyError)) throw e;
      problems.push({ field, reasons: [e.message] });
      return undefined;
    }
  };

  const total = amount(dto.totalAmount, 'paymentPlan.totalAmount');
  const hasDueDate = dto.dueDate !== undefined && dto.dueDate !== null;
  const hasInstallments = dto.installments !== undefined && dto.installments !== null;
  if (hasDueDate === hasInstallments) {
    const reason = hasDueDate
      ? 'give either dueDate (one payment) or installments, not both'
      : 'give either dueDate (one payment of the total) or installments';
    problems.push(
      { field: 'paymentPlan.dueDate', reasons: [reason] },
      { field: 'paymentPlan.installments', reasons: [reason] },
    );
  }
  const given = (dto.installments ?? []).map((i, index) => ({
    dueDate: i.dueDate,
    amount: amount(i.amount, `paymentPlan.installments.${index}.amount`),
  }));
  if (problems.length) {
    throw new DomainError(
      CommonErrors.VALIDATION,
      400,
      problems.map((p) => `${p.field}: ${p.reasons.join(', ')}`).join('; '),
      problems,
    );
  }

  const sum = total!;
  if (hasDueDate) {
    return {
      total: sum,
      paymentMethod: dto.paymentMethod,
      installments: [{ number: 1, dueDate: dto.dueDate!, amount: sum }],
    };
  }
  const amounts = given.map((i) => i.amount!);
  const actual = Money.sum(amounts, currency);
  if (!actual.equals(sum)) {
    const difference = sum.minus(actual);
    throw new DomainError(
      INSTALLMENTS_MISMATCH,
      422,
      `the installments sum to ${actual.toDecimal()} but the total is ${sum.toDecimal()} (difference ${difference.toDecimal()})`,
      { expected: sum.toDecimal(), actual: actual.toDecimal(), difference: difference.toDecimal() },
    );
  }
  // Numbered in due-date order (a stable sort keeps the given order for equal dates): payments cover them so.
  const installments = given
    .map((i, index) => ({ ...i, index }))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.index - b.index)
    .map((i, n) => ({ number: n + 1, dueDate: i.dueDate, amount: i.amount! }));
  return { total: sum, paymentMethod: dto.paymentMethod, installments };
}
