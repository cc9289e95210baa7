import { CommonErrors, DomainError, PatientPaymentType } from '@dental/contracts';
import { Money, MoneyError, Percent } from '@dental/money';

/** A 400 naming one field, shaped like the validation errors of the DTOs. */
export function invalidField(field: string, reason: string): DomainError {
  // Stryker disable next-line StringLiteral: message text only
  const message = `${field}: ${reason}`;
  return new DomainError(CommonErrors.VALIDATION, 400, message, [{ field, reasons: [reason] }]);
}

/** A decimal string in the patient's currency (the DTO assumed 2 decimals; JPY has none). */
export function parseIn(field: string, text: string, currency: string): Money {
  try {
    return Money.parse(text, currency);
  } catch (e) {
    if (e instanceof MoneyError) throw invalidField(field, e.message);
    throw e;
  }
}

export interface MoneyEntry {
  paymentType: PatientPaymentType;
  /** what the user typed, above 0 */
  enteredAmount: string;
  /** typed bank cost; only for a card when the clinic's percentage is 0 */
  bankCost: string | null;
}

export interface StoredMoney {
  /** signed: refund negative; state 1 card = entered + bank cost */
  amount: Money;
  entered: Money;
  bankCost: Money | null;
  /** the clinic setting used (card payments only) */
  bankCharge: Percent | null;
}

// The reasons a 400 gives (field names stay mutated: they are behaviour).
// Stryker disable all: message text only
const WHY = {
  notAbove0: 'must be above 0 (a refund is entered positive)',
  cardOnly: 'is only for card payments',
  noPercent: 'cannot be entered: the clinic has no bank charge percentage set',
  computed: (percent: Percent) =>
    `is computed from the clinic's bank charge percentage (${percent.toDecimal()}%), not entered`,
  negative: 'must not be negative',
};
// Stryker restore all

/**
 * DOMAIN.md B "Card payments and bank cost": the clinic's bank charge percentage has three states. Above 0: the bank
 * cost is computed (half-up) and added to the card payment; 0: the user may type it, the amount stays as typed;
 * not set: no bank cost at all. A typed bank cost anywhere but a card in state 0 is a 400 naming bankCost.
 */
export function storedMoney(entry: MoneyEntry, clinicPercent: Percent | null, currency: string): StoredMoney {
  const entered = parseIn('amount', entry.enteredAmount, currency);
  if (!entered.isPositive()) throw invalidField('amount', WHY.notAbove0);
  const card = entry.paymentType === 'card';
  if (entry.bankCost !== null) {
    if (!card) throw invalidField('bankCost', WHY.cardOnly);
    if (clinicPercent === null) throw invalidField('bankCost', WHY.noPercent);
    if (!clinicPercent.isZero()) throw invalidField('bankCost', WHY.computed(clinicPercent));
  }
  if (!card) {
    return {
      amount: entry.paymentType === 'refund' ? entered.negate() : entered,
      entered,
      bankCost: null,
      bankCharge: null,
    };
  }
  if (clinicPercent === null) return { amount: entered, entered, bankCost: null, bankCharge: null };
  if (clinicPercent.isZero()) {
    const typed = entry.bankCost === null ? null : parseIn('bankCost', entry.bankCost, currency);
    if (typed?.isNegative()) throw invalidField('bankCost', WHY.negative);
    return { amount: entered, entered, bankCost: typed, bankCharge: clinicPercent };
  }
  const bankCost = entered.percent(clinicPercent);
  return { amount: entered.plus(bankCost), entered, bankCost, bankCharge: clinicPercent };
}
