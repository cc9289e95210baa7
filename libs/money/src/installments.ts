import { Money } from './money';
import { MoneyError } from './money-error';

/**
 * Splits `total` into `count` equal installments, the rounding remainder on the last (DOMAIN.md, Contract):
 * 100.00 / 3 → 33.33, 33.33, 33.34. Each but the last is the total divided by count, truncated toward zero,
 * so for a negative total the last is the mirror: -33.33, -33.33, -33.34.
 */
export function splitEqually(total: Money, count: number): Money[] {
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new MoneyError('INVALID_COUNT', `Installment count must be a whole number of at least 1, got ${count}`);
  }
  const n = BigInt(count);
  const each = Money.of(total.minor / n, total.currency);
  const last = total.minus(each.times(n - 1n));
  return [...Array.from({ length: count - 1 }, () => each), last];
}
