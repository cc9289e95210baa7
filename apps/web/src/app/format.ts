// Numbers, money and dates in the clinic's locale through Intl. Money arrives as decimal strings ("1250.50") and is
// handed to Intl as a string, so no amount ever passes through a binary float on its way to the screen.
export type ClinicLocale = 'en' | 'tr';

/** The BCP 47 tag behind a clinic's locale: en-GB keeps "€1,250.50" and day-first dates. */
export function localeTag(locale: ClinicLocale): string {
  return locale === 'tr' ? 'tr-TR' : 'en-GB';
}

type DecimalString = `${number}` | string;

/**
 * One Intl formatter per locale and options, made once: building one costs far more than formatting with it, and a
 * table of 50 rows formats hundreds of figures per render.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) formatters.set(key, (f = make()));
  return f;
}

export function formatMoney(amount: DecimalString, currency: string, locale: ClinicLocale): string {
  const nf = cached(
    `money|${locale}|${currency}`,
    () =>
      new Intl.NumberFormat(localeTag(locale), {
        style: 'currency',
        currency,
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      }),
  );
  // Intl.NumberFormat v3 formats a decimal string exactly (no float rounding)
  return nf.format(amount as unknown as number);
}

/** A percentage given as a decimal string ("2.50") as the locale writes it: "2.50 %" in English, "%2,50" in Turkish. */
export function formatPercent(percent: DecimalString, locale: ClinicLocale): string {
  const n = cached(
    `percent|${locale}`,
    () => new Intl.NumberFormat(localeTag(locale), { minimumFractionDigits: 2, maximumFractionDigits: 4 }),
  ).format(percent as unknown as number);
  return locale === 'tr' ? `%${n}` : `${n} %`;
}

export function formatNumber(value: number, locale: ClinicLocale): string {
  return cached(`number|${locale}`, () => new Intl.NumberFormat(localeTag(locale))).format(value);
}

/** A calendar date (YYYY-MM-DD, no time zone) as the clinic writes it: 21/11/2026 or 21.11.2026. */
export function formatDate(isoDate: string, locale: ClinicLocale): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  if (!y || !m || !d) return isoDate;
  return cached(
    `date|${locale}`,
    () =>
      new Intl.DateTimeFormat(localeTag(locale), {
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        timeZone: 'UTC',
      }),
  ).format(new Date(Date.UTC(y, m - 1, d)));
}

export function formatDateTime(iso: string, locale: ClinicLocale): string {
  return cached(
    `datetime|${locale}`,
    () => new Intl.DateTimeFormat(localeTag(locale), { dateStyle: 'short', timeStyle: 'short' }),
  ).format(new Date(iso));
}

/** A decimal string as integer thousandths (bigint), for exact comparisons and sums on the client. */
export function toMinor(amount: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,3}))?$/.exec(amount.trim());
  if (!m) throw new Error(`not a decimal amount: ${amount}`);
  const minor = BigInt(m[2]) * 1000n + BigInt((m[3] ?? '').padEnd(3, '0'));
  return m[1] === '-' ? -minor : minor;
}

/** Integer thousandths back to a 2-decimal string (sums of 2-decimal amounts stay exact). */
export function fromMinor(minor: bigint): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const whole = abs / 1000n;
  const cents = (abs % 1000n) / 10n;
  return `${negative ? '-' : ''}${whole}.${cents.toString().padStart(2, '0')}`;
}

export function compareAmounts(a: string, b: string): number {
  const d = toMinor(a) - toMinor(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** The local calendar date as YYYY-MM-DD. */
export function isoDay(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}`;
}
