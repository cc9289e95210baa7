import { currencyMinorDigits, MoneyError } from './index';

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MoneyError);
    return (error as MoneyError).reason;
  }
  throw new Error('expected a MoneyError');
}

describe('currencyMinorDigits', () => {
  it.each([
    ['EUR', 2],
    ['USD', 2],
    ['TRY', 2],
    ['GBP', 2],
    ['CHF', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['ISK', 0],
    ['CLP', 0],
    ['BHD', 3],
    ['KWD', 3],
    ['JOD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['IQD', 3],
    ['CLF', 4],
  ])('%s has %d minor digits', (code, digits) => {
    expect(currencyMinorDigits(code)).toBe(digits);
  });

  it('follows ISO 4217, not CLDR, where they differ', () => {
    // Intl (CLDR) says 0 for these; ISO 4217 says 2.
    expect(currencyMinorDigits('IDR')).toBe(2);
    expect(currencyMinorDigits('HUF')).toBe(2);
    expect(currencyMinorDigits('COP')).toBe(2);
  });

  it.each(['XYZ', 'QQQ'])('rejects the well-formed but unknown code %s', (code) => {
    expect(reasonOf(() => currencyMinorDigits(code))).toBe('UNKNOWN_CURRENCY');
  });

  it.each(['', 'eur', 'EURO', 'EU', ' EUR', '€'])('rejects the malformed code %p', (code) => {
    expect(reasonOf(() => currencyMinorDigits(code))).toBe('UNKNOWN_CURRENCY');
  });
});
