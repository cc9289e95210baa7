import { Money, MoneyError, Percent } from './index';

const eur = (text: string) => Money.parse(text, 'EUR');
const decimals = (items: Money[]) => items.map((m) => m.toDecimal());

function moneyError(fn: () => unknown): MoneyError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MoneyError);
    return error as MoneyError;
  }
  throw new Error('expected a MoneyError');
}

describe('Money.parse', () => {
  it.each([
    ['1250.00', 125000n],
    ['1250', 125000n],
    ['1250.5', 125050n],
    ['0', 0n],
    ['0.00', 0n],
    ['-0.50', -50n],
    ['-0', 0n],
    ['0.01', 1n],
    ['999999999999999.99', 99999999999999999n],
  ])('parses %p as %p minor units of EUR', (text, minor) => {
    expect(eur(text).minor).toBe(minor);
  });

  it('follows the currency digits', () => {
    expect(Money.parse('1250', 'JPY').minor).toBe(1250n);
    expect(Money.parse('1.234', 'KWD').minor).toBe(1234n);
    expect(Money.parse('1.2', 'KWD').minor).toBe(1200n);
  });

  it.each([
    ['', 'MALFORMED'],
    [' 1', 'MALFORMED'],
    ['1 ', 'MALFORMED'],
    ['1e5', 'MALFORMED'],
    ['abc', 'MALFORMED'],
    ['1.', 'MALFORMED'],
    ['.5', 'MALFORMED'],
    ['+1', 'MALFORMED'],
    ['1,00', 'MALFORMED'],
    ['1.000,00', 'MALFORMED'],
    ['--1', 'MALFORMED'],
    ['-', 'MALFORMED'],
    ['0x10', 'MALFORMED'],
    ['Infinity', 'MALFORMED'],
    ['NaN', 'MALFORMED'],
    ['١٢', 'MALFORMED'], // Arabic-Indic digits
    ['1.234', 'TOO_MANY_DECIMALS'],
    ['-0.001', 'TOO_MANY_DECIMALS'],
    ['1000000000000000', 'TOO_LARGE'],
    ['-1000000000000000.00', 'TOO_LARGE'],
  ])('rejects %p as EUR with %s', (text, reason) => {
    expect(moneyError(() => eur(text)).reason).toBe(reason);
  });

  it('allows 15 integer digits, leading zeros not counted', () => {
    expect(eur('000999999999999999.99').minor).toBe(99999999999999999n);
    expect(eur('-0000000000000001.50').minor).toBe(-150n);
    expect(moneyError(() => eur('001000000000000000')).reason).toBe('TOO_LARGE');
  });

  it('rejects decimals for JPY', () => {
    const error = moneyError(() => Money.parse('1250.0', 'JPY'));
    expect(error.reason).toBe('TOO_MANY_DECIMALS');
    expect(error.message).toContain('must be a whole number, e.g. "1250"');
  });

  it('says what is expected', () => {
    expect(moneyError(() => eur('1.234')).message).toBe(
      'Invalid EUR amount "1.234": must be a decimal with at most 2 decimals, e.g. "1250.00"',
    );
    expect(moneyError(() => Money.parse('1.2345', 'KWD')).message).toContain('at most 3 decimals, e.g. "1250.000"');
  });

  it('rejects a non-string at run time', () => {
    expect(moneyError(() => Money.parse(12.5 as unknown as string, 'EUR')).reason).toBe('MALFORMED');
  });

  it('rejects an unknown currency before looking at the text', () => {
    expect(moneyError(() => Money.parse('1.00', 'XYZ')).reason).toBe('UNKNOWN_CURRENCY');
    expect(moneyError(() => Money.parse('1.00', 'eur')).reason).toBe('UNKNOWN_CURRENCY');
  });

  it.each(['1250.00', '-0.50', '0.00', '0.01', '-999999999999999.99', '42.10'])('round-trips %p', (text) => {
    expect(eur(text).toDecimal()).toBe(text);
    expect(eur(eur(text).toDecimal()).equals(eur(text))).toBe(true);
  });
});

describe('Money formatting', () => {
  it('always writes every minor digit', () => {
    expect(Money.of(125000n, 'EUR').toDecimal()).toBe('1250.00');
    expect(Money.of(-50n, 'EUR').toDecimal()).toBe('-0.50');
    expect(Money.of(-5n, 'EUR').toDecimal()).toBe('-0.05');
    expect(Money.zero('EUR').toDecimal()).toBe('0.00');
    expect(Money.of(1250n, 'JPY').toDecimal()).toBe('1250');
    expect(Money.of(-7n, 'KWD').toDecimal()).toBe('-0.007');
    expect(eur('1250').toDecimal()).toBe('1250.00');
  });

  it('serializes to the decimal string', () => {
    expect(JSON.stringify({ amount: eur('1025.00') })).toBe('{"amount":"1025.00"}');
    expect(eur('-3.10').toJSON()).toBe('-3.10');
  });

  it('works beyond the safe integer range', () => {
    const big = Money.of(2n ** 80n, 'EUR');
    expect(big.toDecimal()).toBe('12089258196146291747061.76');
    expect(big.plus(Money.of(1n, 'EUR')).minor).toBe(2n ** 80n + 1n);
  });
});

describe('Money.of', () => {
  it('refuses a JavaScript number', () => {
    expect(moneyError(() => Money.of(100 as unknown as bigint, 'EUR')).reason).toBe('MALFORMED');
  });

  it('refuses an unknown currency', () => {
    expect(moneyError(() => Money.of(1n, 'ABC')).reason).toBe('UNKNOWN_CURRENCY');
    expect(moneyError(() => Money.zero('')).reason).toBe('UNKNOWN_CURRENCY');
  });

  it('is immutable', () => {
    const m = eur('1.00');
    expect(Object.isFrozen(m)).toBe(true);
  });
});

describe('Money arithmetic', () => {
  it('adds, subtracts, negates, multiplies', () => {
    expect(eur('1000.00').plus(eur('25.00')).toDecimal()).toBe('1025.00');
    expect(eur('250.00').minus(eur('400.00')).toDecimal()).toBe('-150.00');
    expect(eur('1.50').negate().toDecimal()).toBe('-1.50');
    expect(eur('0').negate().toDecimal()).toBe('0.00');
    expect(eur('-1.50').abs().toDecimal()).toBe('1.50');
    expect(eur('1.50').abs().toDecimal()).toBe('1.50');
    expect(eur('33.33').times(3n).toDecimal()).toBe('99.99');
    expect(eur('33.33').times(-2n).toDecimal()).toBe('-66.66');
  });

  it('refuses a number multiplier at run time', () => {
    expect(moneyError(() => eur('1.00').times(1.5 as unknown as bigint)).reason).toBe('MALFORMED');
  });

  it('answers sign questions', () => {
    expect([eur('0').isZero(), eur('0').isNegative(), eur('0').isPositive()]).toEqual([true, false, false]);
    expect([eur('-0.01').isZero(), eur('-0.01').isNegative(), eur('-0.01').isPositive()]).toEqual([false, true, false]);
    expect([eur('0.01').isZero(), eur('0.01').isNegative(), eur('0.01').isPositive()]).toEqual([false, false, true]);
  });

  it('compares', () => {
    expect(eur('1.00').compare(eur('2.00'))).toBe(-1);
    expect(eur('2.00').compare(eur('2'))).toBe(0);
    expect(eur('-1.00').compare(eur('-2.00'))).toBe(1);
    expect(eur('2.00').equals(eur('2'))).toBe(true);
    expect(eur('2.00').equals(eur('2.01'))).toBe(false);
    expect(eur('2.00').equals(Money.parse('2.00', 'USD'))).toBe(false);
  });

  it('refuses to mix currencies', () => {
    const usd = Money.parse('1.00', 'USD');
    expect(moneyError(() => eur('1.00').plus(usd)).reason).toBe('CURRENCY_MISMATCH');
    expect(moneyError(() => eur('1.00').minus(usd)).reason).toBe('CURRENCY_MISMATCH');
    expect(moneyError(() => eur('1.00').compare(usd)).reason).toBe('CURRENCY_MISMATCH');
    expect(moneyError(() => Money.sum([eur('1.00'), usd], 'EUR')).reason).toBe('CURRENCY_MISMATCH');
  });

  it('sums, zero for none', () => {
    expect(Money.sum([eur('1000.00'), eur('250.00'), eur('-0.01')], 'EUR').toDecimal()).toBe('1249.99');
    expect(Money.sum([], 'JPY').toDecimal()).toBe('0');
    expect(moneyError(() => Money.sum([], 'XYZ')).reason).toBe('UNKNOWN_CURRENCY');
  });

  it('reproduces the Finance worked example (DOMAIN.md)', () => {
    const totals = [eur('1000.00'), eur('250.00'), eur('600.00')];
    const paid = [eur('400.00'), eur('250.00'), eur('0.00')];
    expect(Money.sum(totals, 'EUR').toDecimal()).toBe('1850.00');
    expect(Money.sum(paid, 'EUR').toDecimal()).toBe('650.00');
    expect(Money.sum(totals, 'EUR').minus(Money.sum(paid, 'EUR')).toDecimal()).toBe('1200.00');
  });
});

describe('Money.percent', () => {
  it('computes the bank cost of DOMAIN.md: 1000.00 × 2.5% = 25.00, payment 1025.00', () => {
    const payment = eur('1000.00');
    const bankCost = payment.percent(Percent.parse('2.5'));
    expect(bankCost.toDecimal()).toBe('25.00');
    expect(payment.plus(bankCost).toDecimal()).toBe('1025.00');
  });

  it('rounds half away from zero', () => {
    // 12.50 × 1% = 0.125 → 0.13; -12.50 × 1% = -0.125 → -0.13
    expect(eur('12.50').percent(Percent.parse('1')).toDecimal()).toBe('0.13');
    expect(eur('-12.50').percent(Percent.parse('1')).toDecimal()).toBe('-0.13');
    // 12.49 × 1% = 0.1249 → 0.12
    expect(eur('12.49').percent(Percent.parse('1')).toDecimal()).toBe('0.12');
    expect(eur('-12.49').percent(Percent.parse('1')).toDecimal()).toBe('-0.12');
    // 0.01 × 50% = 0.005 → 0.01
    expect(eur('0.01').percent(Percent.parse('50')).toDecimal()).toBe('0.01');
    expect(eur('0.01').percent(Percent.parse('49.9999')).toDecimal()).toBe('0.00');
  });

  it('handles 0%, 100% and 4-decimal percentages exactly', () => {
    expect(eur('1234.56').percent(Percent.parse('0')).toDecimal()).toBe('0.00');
    expect(eur('1234.56').percent(Percent.parse('100')).toDecimal()).toBe('1234.56');
    // 1000.00 × 12.3456% = 123.456 → 123.46
    expect(eur('1000.00').percent(Percent.parse('12.3456')).toDecimal()).toBe('123.46');
    expect(Money.parse('1000', 'JPY').percent(Percent.parse('2.5')).toDecimal()).toBe('25');
    expect(Money.parse('1', 'JPY').percent(Percent.parse('50')).toDecimal()).toBe('1');
  });

  it('keeps the currency', () => {
    expect(Money.parse('10.000', 'KWD').percent(Percent.parse('2.5')).currency).toBe('KWD');
  });
});

describe('Money.allocate', () => {
  it('distributes the balance of DOMAIN.md: 500.00 over 600.00/400.00 → 300.00 and 200.00', () => {
    const treatments = [eur('600.00'), eur('400.00')];
    const allocated = eur('500.00').allocate(treatments.map((t) => t.minor));
    expect(decimals(allocated)).toEqual(['300.00', '200.00']);
    const remaining = treatments.map((t, i) => t.minus(allocated[i]));
    expect(decimals(remaining)).toEqual(['300.00', '200.00']);
  });

  it('gives leftover units to the largest remainders, ties to the earliest index', () => {
    expect(decimals(eur('100.00').allocate([1n, 1n, 1n]))).toEqual(['33.34', '33.33', '33.33']);
    expect(decimals(eur('0.02').allocate([1n, 1n, 1n]))).toEqual(['0.01', '0.01', '0.00']);
    // exact shares 0.30, 0.36, 0.34 of 1.00 over 30/36/34 → no leftover
    expect(decimals(eur('1.00').allocate([30n, 36n, 34n]))).toEqual(['0.30', '0.36', '0.34']);
    // 0.10 over 1/2/4: exact 0.01428.., 0.02857.., 0.05714.. → floors 1,2,5 (sum 8); remainders 3/7, 6/7, 5/7
    expect(decimals(eur('0.10').allocate([1n, 2n, 4n]))).toEqual(['0.01', '0.03', '0.06']);
  });

  it('splits a negative amount as the mirror of the positive one', () => {
    expect(decimals(eur('-100.00').allocate([1n, 1n, 1n]))).toEqual(['-33.34', '-33.33', '-33.33']);
    expect(decimals(eur('-500.00').allocate([60000n, 40000n]))).toEqual(['-300.00', '-200.00']);
    expect(decimals(eur('-0.10').allocate([1n, 2n, 4n]))).toEqual(['-0.01', '-0.03', '-0.06']);
  });

  it('gives a zero weight nothing', () => {
    expect(decimals(eur('0.05').allocate([0n, 1n, 0n, 1n]))).toEqual(['0.00', '0.03', '0.00', '0.02']);
    expect(decimals(eur('10.00').allocate([0n, 7n]))).toEqual(['0.00', '10.00']);
  });

  it('allocates zero as zeros', () => {
    expect(decimals(eur('0').allocate([3n, 5n]))).toEqual(['0.00', '0.00']);
  });

  it('refuses weights that are all zero, none, or negative', () => {
    expect(moneyError(() => eur('1.00').allocate([0n, 0n])).reason).toBe('NO_WEIGHTS');
    expect(moneyError(() => eur('1.00').allocate([])).reason).toBe('NO_WEIGHTS');
    expect(moneyError(() => eur('1.00').allocate([1n, -1n])).reason).toBe('NEGATIVE');
    expect(moneyError(() => eur('1.00').allocate([1 as unknown as bigint])).reason).toBe('MALFORMED');
  });
});
