import { fromMinor, toMinor } from '../app/format';

/** How the clinic's bank charge percentage treats a card payment (DOMAIN.md B, "Card payments and bank cost"). */
export type BankCostMode = { kind: 'none' } | { kind: 'typed' } | { kind: 'computed'; percent: string };

export function bankCostMode(bankChargePercent: string | null | undefined): BankCostMode {
  if (bankChargePercent === null || bankChargePercent === undefined || bankChargePercent === '')
    return { kind: 'none' };
  return toMinor(bankChargePercent) === 0n ? { kind: 'typed' } : { kind: 'computed', percent: bankChargePercent };
}

/**
 * The preview of a card payment at a percentage: bank cost = amount × percent, half-up to the cent, and the amount
 * stored = amount + cost (the API computes the same and answers with it). Undefined while the amount is not a number.
 */
export function previewBankCost(amount: string, percent: string): { cost: string; total: string } | undefined {
  let entered: bigint;
  try {
    entered = toMinor(amount);
  } catch {
    return undefined;
  }
  if (entered <= 0n) return undefined;
  // thousandths × thousandths of a percent: cents = amount × percent / 100, half-up
  const scaled = entered * toMinor(percent);
  const cents = (scaled + 500_000n) / 1_000_000n;
  const cost = cents * 10n;
  return { cost: fromMinor(cost), total: fromMinor(entered + cost) };
}
