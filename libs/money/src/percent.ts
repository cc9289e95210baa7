import { MoneyError, quoteInput } from './money-error';
import { formatScaled } from './rounding';

const SCALE = 10_000n; // 4 decimals of a percent
const HUNDRED = 100n * SCALE;
const MAX_INTEGER_DIGITS = 9;

// Stryker disable all: message text only
const WHY = {
  hint: 'must be a percentage between 0 and 100 with at most 4 decimals, e.g. "2.50"',
  negative: 'must not be negative',
  tooLarge: 'too large',
  above100: 'must be at most 100',
};
// Stryker restore all

export interface PercentParseOptions {
  /** Accept values above 100 (e.g. a markup). Default false: 0..100 inclusive. */
  allowAbove100?: boolean;
}

/** A non-negative percentage, exact to 4 decimals, stored as percent × 10000 ("2.5" → 25000n). */
export class Percent {
  private constructor(readonly scaled: bigint) {
    Object.freeze(this);
  }

  /** Strict: digits with an optional '.' and 1..4 decimals. "2.5", "2.50", "0", "100", "12.3456". */
  static parse(text: string, options: PercentParseOptions = {}): Percent {
    const invalid = (reason: string, why: string) =>
      // Stryker disable next-line StringLiteral: message text only
      new MoneyError(reason, `Invalid percentage ${quoteInput(text)}: ${why}`);
    if (typeof text !== 'string') throw invalid('MALFORMED', WHY.hint);
    const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
    if (!match) throw invalid('MALFORMED', WHY.hint);
    const [, minus, integerPart, fraction = ''] = match;
    if (minus) throw invalid('NEGATIVE', WHY.negative);
    if (fraction.length > 4) throw invalid('TOO_MANY_DECIMALS', WHY.hint);
    if (integerPart.replace(/^0+/, '').length > MAX_INTEGER_DIGITS) throw invalid('TOO_LARGE', WHY.tooLarge);
    const scaled = BigInt(integerPart) * SCALE + BigInt(fraction.padEnd(4, '0'));
    if (scaled > HUNDRED && !options.allowAbove100) throw invalid('OUT_OF_RANGE', WHY.above100);
    return new Percent(scaled);
  }

  /** From the stored integer (percent × 10000). Not capped at 100: a stored value was checked when parsed. */
  static ofBasis(tenThousandthsOfPercent: bigint): Percent {
    if (typeof tenThousandthsOfPercent !== 'bigint') {
      // Stryker disable next-line StringLiteral: message text only
      const message = `Percent basis must be a bigint, got ${quoteInput(tenThousandthsOfPercent)}`;
      throw new MoneyError('MALFORMED', message);
    }
    if (tenThousandthsOfPercent < 0n) {
      // Stryker disable next-line StringLiteral: message text only
      const message = `Percent basis must not be negative, got ${tenThousandthsOfPercent}`;
      throw new MoneyError('NEGATIVE', message);
    }
    return new Percent(tenThousandthsOfPercent);
  }

  /** At least 2 decimals, up to 4 without trailing zeros: "2.50", "12.3456", "100.00". */
  toDecimal(): string {
    return formatScaled(this.scaled, 4).replace(/0{1,2}$/, '');
  }

  toJSON(): string {
    return this.toDecimal();
  }

  isZero(): boolean {
    return this.scaled === 0n;
  }
}
