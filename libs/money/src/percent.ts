import { MoneyError, quoteInput } from './money-error';
import { formatScaled } from './rounding';

const SCALE = 10_000n; // 4 decimals of a percent
const HUNDRED = 100n * SCALE;
const MAX_INTEGER_DIGITS = 9;

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
    const hint = 'must be a percentage between 0 and 100 with at most 4 decimals, e.g. "2.50"';
    if (typeof text !== 'string') throw new MoneyError('MALFORMED', `Invalid percentage ${quoteInput(text)}: ${hint}`);
    const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
    if (!match) throw new MoneyError('MALFORMED', `Invalid percentage ${quoteInput(text)}: ${hint}`);
    const [, minus, integerPart, fraction = ''] = match;
    if (minus) throw new MoneyError('NEGATIVE', `Invalid percentage ${quoteInput(text)}: must not be negative`);
    if (fraction.length > 4) {
      throw new MoneyError('TOO_MANY_DECIMALS', `Invalid percentage ${quoteInput(text)}: ${hint}`);
    }
    if (integerPart.replace(/^0+/, '').length > MAX_INTEGER_DIGITS) {
      throw new MoneyError('TOO_LARGE', `Invalid percentage ${quoteInput(text)}: too large`);
    }
    const scaled = BigInt(integerPart) * SCALE + BigInt(fraction.padEnd(4, '0'));
    if (scaled > HUNDRED && !options.allowAbove100) {
      throw new MoneyError('OUT_OF_RANGE', `Invalid percentage ${quoteInput(text)}: must be at most 100`);
    }
    return new Percent(scaled);
  }

  /** From the stored integer (percent × 10000). Not capped at 100: a stored value was checked when parsed. */
  static ofBasis(tenThousandthsOfPercent: bigint): Percent {
    if (typeof tenThousandthsOfPercent !== 'bigint') {
      throw new MoneyError('MALFORMED', `Percent basis must be a bigint, got ${quoteInput(tenThousandthsOfPercent)}`);
    }
    if (tenThousandthsOfPercent < 0n) {
      throw new MoneyError('NEGATIVE', `Percent basis must not be negative, got ${tenThousandthsOfPercent}`);
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
