import { MoneyError, Percent, sharePercent } from './index';

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MoneyError);
    return (error as MoneyError).reason;
  }
  throw new Error('expected a MoneyError');
}

describe('Percent', () => {
  it.each([
    ['2.5', 25000n, '2.50'],
    ['2.50', 25000n, '2.50'],
    ['0', 0n, '0.00'],
    ['0.0000', 0n, '0.00'],
    ['100', 1000000n, '100.00'],
    ['100.0000', 1000000n, '100.00'],
    ['12.3456', 123456n, '12.3456'],
    ['12.345', 123450n, '12.345'],
    ['0.0001', 1n, '0.0001'],
    ['007.5', 75000n, '7.50'],
  ])('parses %p as %p and writes %p', (text, scaled, decimal) => {
    const p = Percent.parse(text);
    expect(p.scaled).toBe(scaled);
    expect(p.toDecimal()).toBe(decimal);
    expect(Percent.parse(p.toDecimal()).scaled).toBe(scaled);
  });

  it.each([
    ['', 'MALFORMED'],
    ['1e2', 'MALFORMED'],
    ['abc', 'MALFORMED'],
    [' 2.5', 'MALFORMED'],
    ['2,5', 'MALFORMED'],
    ['+2', 'MALFORMED'],
    ['2.', 'MALFORMED'],
    ['.5', 'MALFORMED'],
    ['2.5%', 'MALFORMED'],
    ['-1', 'NEGATIVE'],
    ['-0', 'NEGATIVE'],
    ['12.34567', 'TOO_MANY_DECIMALS'],
    ['100.0001', 'OUT_OF_RANGE'],
    ['250', 'OUT_OF_RANGE'],
  ])('rejects %p with %s', (text, reason) => {
    expect(reasonOf(() => Percent.parse(text))).toBe(reason);
  });

  it('accepts more than 100 only when asked', () => {
    expect(Percent.parse('250', { allowAbove100: true }).toDecimal()).toBe('250.00');
    expect(reasonOf(() => Percent.parse('250', { allowAbove100: false }))).toBe('OUT_OF_RANGE');
    expect(reasonOf(() => Percent.parse('1234567890', { allowAbove100: true }))).toBe('TOO_LARGE');
  });

  it('builds from the stored integer', () => {
    expect(Percent.ofBasis(25000n).toDecimal()).toBe('2.50');
    expect(Percent.ofBasis(0n).isZero()).toBe(true);
    expect(Percent.ofBasis(1n).isZero()).toBe(false);
    expect(reasonOf(() => Percent.ofBasis(-1n))).toBe('NEGATIVE');
    expect(reasonOf(() => Percent.ofBasis(2 as unknown as bigint))).toBe('MALFORMED');
  });

  it('serializes to the decimal string', () => {
    expect(JSON.stringify({ bankChargePercent: Percent.parse('2.5') })).toBe('{"bankChargePercent":"2.50"}');
  });

  it.each([2.5, 25000n, null, undefined, ['2.5'], { toString: () => '2.5' }])(
    'refuses the non-string %p at run time (a setting sent as a JSON number is not silently read)',
    (value) => {
      expect(reasonOf(() => Percent.parse(value as unknown as string))).toBe('MALFORMED');
    },
  );

  it('is immutable: a clinic setting read once cannot be changed under a computation', () => {
    const p = Percent.parse('2.5');
    expect(Object.isFrozen(p)).toBe(true);
    expect(() => {
      (p as { scaled: bigint }).scaled = 1000000n;
    }).toThrow(TypeError);
    expect(p.toDecimal()).toBe('2.50');
    expect(Object.isFrozen(Percent.ofBasis(25000n))).toBe(true);
  });

  it('allows at most 9 integer digits, leading zeros not counted', () => {
    const above = { allowAbove100: true };
    expect(Percent.parse('123456789', above).scaled).toBe(1234567890000n);
    expect(Percent.parse('00123456789.5', above).toDecimal()).toBe('123456789.50');
    expect(reasonOf(() => Percent.parse('1234567890', above))).toBe('TOO_LARGE');
    expect(reasonOf(() => Percent.parse('01234567890', above))).toBe('TOO_LARGE');
  });

  it('writes 2 to 4 decimals, dropping only trailing zeros past the second', () => {
    expect(Percent.ofBasis(1000000n).toDecimal()).toBe('100.00');
    expect(Percent.ofBasis(1000100n).toDecimal()).toBe('100.01');
    expect(Percent.ofBasis(1001000n).toDecimal()).toBe('100.10');
    expect(Percent.ofBasis(1000010n).toDecimal()).toBe('100.001');
    expect(Percent.ofBasis(100n).toDecimal()).toBe('0.01');
    expect(Percent.ofBasis(10n).toDecimal()).toBe('0.001');
    expect(Percent.ofBasis(1000n).toDecimal()).toBe('0.10');
  });
});

describe('sharePercent', () => {
  it.each([
    [60000n, 100000n, '60.00'],
    [40000n, 100000n, '40.00'],
    [1n, 3n, '33.33'],
    [2n, 3n, '66.67'],
    [1n, 8n, '12.50'],
    [1n, 80000n, '0.00'], // 0.00125% → 0.00
    [1n, 16000n, '0.01'], // 0.00625% → 0.01
    [1n, 20000n, '0.01'], // exactly 0.005% → half-up 0.01
    [5n, 5n, '100.00'],
    [0n, 5n, '0.00'],
    [7n, 0n, '0.00'],
    [0n, 0n, '0.00'],
    [-1n, 3n, '-33.33'],
    [-1n, 20000n, '-0.01'], // -0.005% → half away from zero
    [1n, -3n, '-33.33'],
    [-2n, -3n, '66.67'],
    [3n, 2n, '150.00'],
  ])('share of %p in %p is %p', (part, whole, expected) => {
    expect(sharePercent(part, whole)).toBe(expected);
  });
});
