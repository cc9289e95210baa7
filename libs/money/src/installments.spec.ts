import { Money, MoneyError, splitEqually } from './index';

const eur = (text: string) => Money.parse(text, 'EUR');
const decimals = (items: Money[]) => items.map((m) => m.toDecimal());

describe('splitEqually', () => {
  it('puts the rounding remainder on the last installment (DOMAIN.md Contract)', () => {
    expect(decimals(splitEqually(eur('100.00'), 3))).toEqual(['33.33', '33.33', '33.34']);
    expect(decimals(splitEqually(eur('200.00'), 3))).toEqual(['66.66', '66.66', '66.68']);
    expect(decimals(splitEqually(eur('1200.00'), 12))).toEqual(Array(12).fill('100.00'));
    expect(decimals(splitEqually(eur('0.02'), 3))).toEqual(['0.00', '0.00', '0.02']);
  });

  it('splits a negative total as the mirror', () => {
    expect(decimals(splitEqually(eur('-100.00'), 3))).toEqual(['-33.33', '-33.33', '-33.34']);
  });

  it('returns the total for one installment, zeros for zero', () => {
    expect(decimals(splitEqually(eur('99.99'), 1))).toEqual(['99.99']);
    expect(decimals(splitEqually(eur('0'), 2))).toEqual(['0.00', '0.00']);
  });

  it('keeps the currency', () => {
    expect(decimals(splitEqually(Money.parse('1000', 'JPY'), 3))).toEqual(['333', '333', '334']);
    expect(splitEqually(Money.parse('1000', 'JPY'), 3)[2].currency).toBe('JPY');
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses the count %p', (count) => {
    expect(() => splitEqually(eur('1.00'), count)).toThrow(MoneyError);
    try {
      splitEqually(eur('1.00'), count);
    } catch (error) {
      expect((error as MoneyError).reason).toBe('INVALID_COUNT');
    }
  });
});
