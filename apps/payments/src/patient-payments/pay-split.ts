import { PatientPaymentSplitView, PhysicianTreatmentTotal, splitPayment } from '@dental/contracts';
import { Money } from '@dental/money';
import { StoredMoney } from './bank-charge';

type SplitMoney = Pick<StoredMoney, 'amount' | 'bankCost' | 'bankCharge'>;

/**
 * The part of a stored amount that is the clinic's bank fee: a card's computed bank cost (bank charge above 0, the
 * fee was added to the amount). A typed bank cost (state 0) is not in the amount; null when there is none.
 */
export function clinicFee(money: Pick<StoredMoney, 'bankCost' | 'bankCharge'>): Money | null {
  if (money.bankCharge === null || money.bankCharge.isZero() || money.bankCost === null) return null;
  return money.bankCost.isZero() ? null : money.bankCost;
}

/**
 * The pay split (DOMAIN.md B "Progress payment") of a stored amount: the clinic pays the bank, so a state-1 bank
 * cost is not shared by the physicians — the rest is split by the distribution and the fee goes to the Clinic row
 * (merged with the Clinic's own share when it has one). The rows always sum exactly to the stored amount.
 */
export function paySplit(totals: readonly PhysicianTreatmentTotal[], money: SplitMoney): PatientPaymentSplitView[] {
  const fee = clinicFee(money);
  if (fee === null) return splitPayment(totals, money.amount);
  const splits = splitPayment(totals, money.amount.minus(fee));
  const clinic = splits.find((s) => s.physicianId === null);
  if (!clinic) return [...splits, { physicianId: null, amount: fee.toDecimal() }];
  return splits.map((s) =>
    s === clinic ? { physicianId: null, amount: Money.parse(s.amount, fee.currency).plus(fee).toDecimal() } : s,
  );
}
