/** numerator / denominator rounded half away from zero ("half-up" in this codebase). denominator > 0. */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const quotient = numerator / denominator; // truncates toward zero
  const remainder = numerator % denominator; // same sign as numerator
  const twiceRemainder = remainder < 0n ? -2n * remainder : 2n * remainder;
  if (twiceRemainder >= denominator) return numerator < 0n ? quotient - 1n : quotient + 1n;
  return quotient;
}

export function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

/** Formats a non-negative-or-negative integer of 10^-scale units as a decimal with exactly `scale` decimals. */
export function formatScaled(value: bigint, scale: number): string {
  const sign = value < 0n ? '-' : '';
  const digits = abs(value).toString();
  if (scale === 0) return sign + digits;
  const padded = digits.padStart(scale + 1, '0');
  return `${sign}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
}
