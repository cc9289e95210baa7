import { MoneyError } from './money-error';
import { divideHalfUp, formatScaled } from './rounding';

/** share of part in whole as a percent string with 2 decimals half-up, "0.00" when whole is 0 */
export function sharePercent(part: bigint, whole: bigint): string {
  if (typeof part !== 'bigint' || typeof whole !== 'bigint') {
    throw new MoneyError('MALFORMED', 'sharePercent takes bigint minor units');
  }
  if (whole === 0n) return '0.00';
  // hundredths of a percent = part / whole × 10000; move the sign to the numerator so the denominator is positive
  const hundredths = whole < 0n ? divideHalfUp(-part * 10_000n, -whole) : divideHalfUp(part * 10_000n, whole);
  return formatScaled(hundredths, 2);
}
