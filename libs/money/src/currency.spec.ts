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

// ISO 4217 minor units (the published list, "Minor unit" column) of every code this library's table carries, written
// out here as data rather than read from the implementation: a code that moved to the wrong scale would make its
// amounts read 10×, 100× or 1000× off.
const ISO_4217_MINOR_UNITS: Readonly<Record<number, readonly string[]>> = {
  0: [
    'BIF',
    'CLP',
    'DJF',
    'GNF',
    'ISK',
    'JPY',
    'KMF',
    'KRW',
    'PYG',
    'RWF',
    'UGX',
    'UYI',
    'VND',
    'VUV',
    'XAF',
    'XOF',
    'XPF',
  ],
  2: [
    ...['AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BMD', 'BND'],
    ...['BOB', 'BOV', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHE', 'CHF', 'CHW', 'CNY', 'COP', 'COU'],
    ...['CRC', 'CUC', 'CUP', 'CVE', 'CZK', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL'],
    ...['GHS', 'GIP', 'GMD', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IRR', 'JMD', 'KES', 'KGS'],
    ...['KHR', 'KPW', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP'],
    ...['MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MXV', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'PAB', 'PEN'],
    ...['PGK', 'PHP', 'PKR', 'PLN', 'QAR', 'RON', 'RSD', 'RUB', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE'],
    ...['SLL', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS'],
    ...['UAH', 'USD', 'USN', 'UYU', 'UZS', 'VED', 'VES', 'WST', 'XCD', 'XCG', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL'],
  ],
  3: ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'],
  4: ['CLF', 'UYW'],
};
const ISO_FIXTURE: [string, number][] = Object.entries(ISO_4217_MINOR_UNITS).flatMap(([digits, codes]) =>
  codes.map((code): [string, number] => [code, Number(digits)]),
);

/** reasonOf for a fresh module, whose MoneyError is its own class. */
function freshReason(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect((error as Error).name).toBe('MoneyError');
    return (error as MoneyError).reason;
  }
  throw new Error('expected a MoneyError');
}

/** A fresh copy of currency.ts (its table and caches built anew), e.g. under a mocked Intl. */
async function freshCurrencyModule(): Promise<typeof import('./currency')> {
  let loaded: typeof import('./currency') | undefined;
  await jest.isolateModulesAsync(async () => {
    loaded = await import('./currency');
  });
  return loaded!;
}

describe('currencyMinorDigits against ISO 4217', () => {
  afterEach(() => jest.restoreAllMocks());

  it('the fixture lists each code once, 169 codes', () => {
    const codes = ISO_FIXTURE.map(([code]) => code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toHaveLength(169);
  });

  it('gives every code of the table its ISO minor units', () => {
    const answered = ISO_FIXTURE.map(([code]): [string, number] => [code, currencyMinorDigits(code)]);
    expect(answered).toEqual(ISO_FIXTURE);
  });

  it('gives every code its ISO minor units from the table alone, on a runtime without ICU currency data', async () => {
    // Where CLDR agrees with ISO for a whole row of the table (ZAR ZMW ZWG ZWL), only this notices the row missing.
    jest.spyOn(Intl, 'supportedValuesOf').mockImplementation(() => {
      throw new RangeError('no ICU currency data');
    });
    const fresh = await freshCurrencyModule();
    const wrong = ISO_FIXTURE.filter(([code, digits]) => {
      try {
        return fresh.currencyMinorDigits(code) !== digits;
      } catch {
        return true;
      }
    });
    expect(wrong).toEqual([]);
    // and a code outside the table is then unknown, not guessed
    expect(freshReason(() => fresh.currencyMinorDigits('HRK'))).toBe('UNKNOWN_CURRENCY');
  });
});

describe('currencyMinorDigits outside the table (CLDR fallback)', () => {
  afterEach(() => jest.restoreAllMocks());

  it('takes a real code the table lacks from ICU: HRK, the Croatian kuna (withdrawn 2023), has 2', async () => {
    expect(Intl.supportedValuesOf('currency')).toContain('HRK'); // this runtime's ICU knows it
    const fresh = await freshCurrencyModule();
    expect(fresh.currencyMinorDigits('HRK')).toBe(2);
    expect(fresh.currencyMinorDigits('HRK')).toBe(2); // remembered
    expect(currencyMinorDigits('HRK')).toBe(2);
  });

  it('does not let ICU name a scale for a code it does not list (Intl formats any well-formed code with 2)', () => {
    expect(Intl.supportedValuesOf('currency')).not.toContain('XYZ');
    expect(
      new Intl.NumberFormat('en', { style: 'currency', currency: 'XYZ' }).resolvedOptions().maximumFractionDigits,
    ).toBe(2);
    expect(reasonOf(() => currencyMinorDigits('XYZ'))).toBe('UNKNOWN_CURRENCY');
  });

  it.each([
    [0, 0],
    [4, 4],
    [5, undefined],
    [-1, undefined],
    [2.5, undefined],
    [undefined, undefined],
  ])('trusts an ICU scale of %p only when it is a whole number from 0 to 4 (→ %p)', async (answered, expected) => {
    jest
      .spyOn(Intl, 'NumberFormat')
      .mockImplementation(
        () => ({ resolvedOptions: () => ({ maximumFractionDigits: answered }) }) as unknown as Intl.NumberFormat,
      );
    const fresh = await freshCurrencyModule();
    if (expected === undefined) expect(freshReason(() => fresh.currencyMinorDigits('HRK'))).toBe('UNKNOWN_CURRENCY');
    else expect(fresh.currencyMinorDigits('HRK')).toBe(expected);
    // the table is not asked of ICU at all
    expect(fresh.currencyMinorDigits('EUR')).toBe(2);
    expect(fresh.currencyMinorDigits('JPY')).toBe(0);
  });
});

describe('currencyMinorDigits messages', () => {
  function messageOf(fn: () => unknown): string {
    try {
      fn();
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected an error');
  }

  it.each(['eur', 'EURO', ' EUR', 'EUR ', 'EU', ['EUR'] as unknown as string, 978 as unknown as string])(
    'tells an integrator what a code must look like for %p',
    (code) => {
      expect(reasonOf(() => currencyMinorDigits(code))).toBe('UNKNOWN_CURRENCY');
      expect(messageOf(() => currencyMinorDigits(code))).toMatch(
        /^Invalid currency .*: must be a three-letter uppercase ISO 4217 code, e\.g\. "EUR"$/,
      );
    },
  );

  it('tells a well-formed but unknown code apart', () => {
    expect(messageOf(() => currencyMinorDigits('XYZ'))).toBe('Unknown currency "XYZ": not an ISO 4217 code');
  });
});
