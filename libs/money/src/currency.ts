import { MoneyError, quoteInput } from './money-error';

// ISO 4217 minor units. The table is authoritative: CLDR (what Intl uses) differs from ISO for several codes
// (IDR, HUF, COP, IQD, PKR, ...), and stored amounts must not change scale with the Node/ICU version.
const ZERO_DIGITS = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const THREE_DIGITS = 'BHD IQD JOD KWD LYD OMR TND';
const FOUR_DIGITS = 'CLF UYW';
const TWO_DIGITS =
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE ' +
  'CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL ' +
  'HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR ' +
  'MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP ' +
  'SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ' +
  'ZAR ZMW ZWG ZWL';

const MINOR_DIGITS = new Map<string, number>();
for (const [codes, digits] of [
  [ZERO_DIGITS, 0],
  [TWO_DIGITS, 2],
  [THREE_DIGITS, 3],
  [FOUR_DIGITS, 4],
] as const) {
  for (const code of codes.split(' ')) MINOR_DIGITS.set(code, digits);
}

let intlCurrencies: ReadonlySet<string> | undefined;

/** CLDR's digits for a code outside the table, when this runtime's ICU knows it and answers a scale of 0..4. */
function intlMinorDigits(code: string): number | undefined {
  let digits = -1;
  try {
    intlCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
    if (intlCurrencies.has(code)) {
      digits =
        new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ??
        -1;
    }
  } catch {
    // A runtime without full ICU: only the table counts.
  }
  return Number.isInteger(digits) && digits >= 0 && digits <= 4 ? digits : undefined;
}

/** Number of minor-unit digits of an ISO 4217 code ("EUR" → 2, "JPY" → 0, "KWD" → 3). */
export function currencyMinorDigits(currency: string): number {
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) {
    throw new MoneyError(
      'UNKNOWN_CURRENCY',
      `Invalid currency ${quoteInput(currency)}: must be a three-letter uppercase ISO 4217 code, e.g. "EUR"`,
    );
  }
  const known = MINOR_DIGITS.get(currency);
  if (known !== undefined) return known;
  const fallback = intlMinorDigits(currency);
  if (fallback === undefined) {
    throw new MoneyError('UNKNOWN_CURRENCY', `Unknown currency "${currency}": not an ISO 4217 code`);
  }
  MINOR_DIGITS.set(currency, fallback);
  return fallback;
}
