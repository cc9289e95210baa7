/**
 * The one error this library throws. `reason` is a short machine code a transport can map
 * (e.g. to a 400 with the field name); `message` is for people.
 *
 * Reasons: MALFORMED, TOO_MANY_DECIMALS, TOO_LARGE, UNKNOWN_CURRENCY, CURRENCY_MISMATCH, NEGATIVE,
 * OUT_OF_RANGE, NO_WEIGHTS, INVALID_COUNT.
 */
export class MoneyError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'MoneyError';
  }
}

/** Quotes user input in a message without letting a huge string through. */
export function quoteInput(value: unknown): string {
  if (typeof value !== 'string') return typeof value === 'bigint' ? `${value}n` : `a ${typeof value}`;
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return JSON.stringify(shown);
}
