import { currencyMinorDigits } from './currency';
import { MoneyError, quoteInput } from './money-error';
import type { Percent } from './percent';
import { abs, divideHalfUp, formatScaled } from './rounding';

const MAX_INTEGER_DIGITS = 15;
const PERCENT_DENOMINATOR = 100n * 10_000n; // Percent.scaled is percent × 10000

function example(digits: number): string {
  return digits === 0 ? '1250' : `1250.${'0'.repeat(digits)}`;
}

function decimalsHint(digits: number): string {
  if (digits === 0) return `must be a whole number, e.g. "${example(0)}"`;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: message text only (singular for a 1-digit currency; ISO 4217 has none)
  return `must be a decimal with at most ${digits} decimal${digits === 1 ? '' : 's'}, e.g. "${example(digits)}"`;
}

function requireBigint(value: unknown, what: string): bigint {
  if (typeof value !== 'bigint') {
    // Stryker disable next-line StringLiteral: message text only
    const message = `${what} must be a bigint, got ${quoteInput(value)}`;
    throw new MoneyError('MALFORMED', message);
  }
  return value;
}

/** An amount in integer minor units of one ISO 4217 currency. Immutable. */
export class Money {
  private constructor(
    readonly minor: bigint,
    readonly currency: string,
  ) {
    Object.freeze(this);
  }

  static of(minor: bigint, currency: string): Money {
    currencyMinorDigits(currency);
    // Stryker disable next-line StringLiteral: message text only
    return new Money(requireBigint(minor, 'Minor units'), currency);
  }

  static zero(currency: string): Money {
    return Money.of(0n, currency);
  }

  /**
   * Strict decimal string: optional leading '-', 1..15 integer digits, optional '.' followed by 1..(currency digits)
   * decimals. No spaces, signs other than '-', exponents, grouping or decimal commas.
   */
  static parse(text: string, currency: string): Money {
    const digits = currencyMinorDigits(currency);
    const invalid = (reason: string, why: string) =>
      new MoneyError(reason, `Invalid ${currency} amount ${quoteInput(text)}: ${why}`);
    if (typeof text !== 'string') throw invalid('MALFORMED', decimalsHint(digits));
    const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
    if (!match) throw invalid('MALFORMED', decimalsHint(digits));
    const [, minus, integerPart, fraction = ''] = match;
    if (fraction.length > digits) throw invalid('TOO_MANY_DECIMALS', decimalsHint(digits));
    if (integerPart.replace(/^0+/, '').length > MAX_INTEGER_DIGITS) {
      // Stryker disable next-line StringLiteral: message text only
      const why = `must have at most ${MAX_INTEGER_DIGITS} digits before the decimal point`;
      throw invalid('TOO_LARGE', why);
    }
    const magnitude = BigInt(integerPart + fraction.padEnd(digits, '0'));
    return new Money(minus ? -magnitude : magnitude, currency);
  }

  /** Sum of items, all in `currency`; zero for an empty list. */
  static sum(items: readonly Money[], currency: string): Money {
    currencyMinorDigits(currency);
    let total = 0n;
    for (const item of items) {
      if (item.currency !== currency) {
        // Stryker disable next-line StringLiteral: message text only
        const message = `Cannot sum ${item.currency} into a ${currency} total`;
        throw new MoneyError('CURRENCY_MISMATCH', message);
      }
      total += item.minor;
    }
    return new Money(total, currency);
  }

  /** Always every minor digit: "1250.00", "-0.50", "0.00"; JPY "1250". */
  toDecimal(): string {
    return formatScaled(this.minor, currencyMinorDigits(this.currency));
  }

  toJSON(): string {
    return this.toDecimal();
  }

  plus(other: Money): Money {
    // Stryker disable next-line StringLiteral: message text only (the operation named in a mismatch)
    return new Money(this.minor + this.sameCurrency(other, 'add').minor, this.currency);
  }

  minus(other: Money): Money {
    // Stryker disable next-line StringLiteral: message text only (the operation named in a mismatch)
    return new Money(this.minor - this.sameCurrency(other, 'subtract').minor, this.currency);
  }

  negate(): Money {
    return new Money(-this.minor, this.currency);
  }

  abs(): Money {
    return this.isNegative() ? this.negate() : this;
  }

  times(n: bigint): Money {
    // Stryker disable next-line StringLiteral: message text only
    return new Money(this.minor * requireBigint(n, 'Multiplier'), this.currency);
  }

  isZero(): boolean {
    return this.minor === 0n;
  }

  isNegative(): boolean {
    return this.minor < 0n;
  }

  isPositive(): boolean {
    return this.minor > 0n;
  }

  compare(other: Money): -1 | 0 | 1 {
    // Stryker disable next-line StringLiteral: message text only
    const o = this.sameCurrency(other, 'compare').minor;
    return this.minor < o ? -1 : this.minor > o ? 1 : 0;
  }

  /** Same amount and same currency; amounts in different currencies are simply not equal. */
  equals(other: Money): boolean {
    return this.currency === other.currency && this.minor === other.minor;
  }

  /** amount × p, rounded half away from zero to the minor unit: 1000.00 × 2.5% = 25.00; -0.125 → -0.13. */
  percent(p: Percent): Money {
    return new Money(divideHalfUp(this.minor * p.scaled, PERCENT_DENOMINATOR), this.currency);
  }

  /**
   * Splits this amount into parts proportional to `weights` by the largest-remainder method: each part gets the
   * floor of its exact share, and the minor units left over go one each to the largest remainders, ties to the
   * earliest index. Parts sum exactly to this amount. A negative amount splits as the mirror of the positive one.
   */
  allocate(weights: readonly bigint[]): Money[] {
    let totalWeight = 0n;
    for (const [i, weight] of weights.entries()) {
      // Stryker disable next-line StringLiteral: message text only
      requireBigint(weight, `Weight ${i}`);
      if (weight < 0n) {
        // Stryker disable next-line StringLiteral: message text only
        const message = `Weight ${i} must not be negative, got ${weight}`;
        throw new MoneyError('NEGATIVE', message);
      }
      totalWeight += weight;
    }
    if (totalWeight === 0n) {
      // Stryker disable next-line StringLiteral: message text only
      const message = 'Cannot allocate over weights that are all zero (or none)';
      throw new MoneyError('NO_WEIGHTS', message);
    }
    const magnitude = abs(this.minor);
    const parts = weights.map((w) => (magnitude * w) / totalWeight);
    const remainders = weights.map((w) => (magnitude * w) % totalWeight);
    let leftover = magnitude - parts.reduce((a, b) => a + b, 0n);
    // leftover < number of non-zero remainders, so a zero weight (remainder 0) never receives a unit.
    // Stryker disable ConditionalExpression,ArithmeticOperator,EqualityOperator: equivalent — sort is stable and the indexes start in order, so a tie answered by anything but -1 (a + b, "not equal", >=) still keeps the earliest index first
    const order = weights
      .map((_, i) => i)
      .sort((a, b) => (remainders[a] === remainders[b] ? a - b : remainders[a] > remainders[b] ? -1 : 1));
    // Stryker restore ConditionalExpression,ArithmeticOperator,EqualityOperator
    for (const i of order) {
      if (leftover === 0n) break;
      parts[i] += 1n;
      leftover -= 1n;
    }
    const negative = this.isNegative();
    return parts.map((part) => new Money(negative ? -part : part, this.currency));
  }

  private sameCurrency(other: Money, operation: string): Money {
    if (other.currency !== this.currency) {
      // Stryker disable next-line StringLiteral: message text only
      const message = `Cannot ${operation} ${other.currency} and ${this.currency}`;
      throw new MoneyError('CURRENCY_MISMATCH', message);
    }
    return other;
  }
}
