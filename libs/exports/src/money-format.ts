const DECIMAL = /^-?\d+(?:\.(\d+))?$/;

// Building an Intl.NumberFormat costs far more than formatting with one: a report formats thousands of cells.
const formatters = new Map<string, Intl.NumberFormat>();
const currencyDigits = new Map<string, number>();

function digitsOf(currency: string): number {
  let digits = currencyDigits.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    currencyDigits.set(currency, digits);
  }
  return digits;
}

/** True for a decimal amount string as the platform carries money ("1250.50", "-34.50", "1500"). */
export function isDecimalAmount(text: string): boolean {
  return DECIMAL.test(text);
}

/**
 * A decimal amount string in a locale's way with its currency sign: "₺1.250,50" (tr), "€1,250.50" (en),
 * "1.250,50 €" (de). The sign is the narrow one (₺, €, $), never the ISO code. Exact: Intl formats the decimal string
 * itself (ECMA-402 NumberFormat v3, Node 20), never a float; the currency's decimals are always shown, and any more the
 * string has are kept, never rounded ("0.005" EUR stays "€0.005").
 */
export function formatMoney(decimal: string, currency: string, locale: string): string {
  const match = DECIMAL.exec(decimal);
  if (!match) throw new Error(`not a decimal amount: ${decimal}`);
  const digits = Math.max(digitsOf(currency), match[1]?.length ?? 0);
  const key = `${locale}|${currency}|${digits}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, formatter);
  }
  // The ES2022 typings predate string input; the runtime takes the exact decimal string.
  return (formatter.format as unknown as (value: string) => string)(decimal);
}
