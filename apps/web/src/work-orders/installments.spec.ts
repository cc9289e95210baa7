import { installmentSum } from './installments';

describe('the live sum of installments against the total', () => {
  it('sums exactly and says what is left to place (negative = too much)', () => {
    expect(
      installmentSum('1000.00', [
        { dueDate: '2026-12-01', amount: '500.00' },
        { dueDate: '2027-01-01', amount: '400' },
      ]),
    ).toEqual({
      sum: '900.00',
      difference: '100.00',
      matches: false,
    });
    expect(
      installmentSum('0.30', [
        { dueDate: '', amount: '0.10' },
        { dueDate: '', amount: '0.20' },
      ]),
    ).toEqual({
      sum: '0.30',
      difference: '0.00',
      matches: true,
    });
    expect(installmentSum('1000', [{ dueDate: '', amount: '1000.01' }])?.difference).toBe('-0.01');
  });

  it('leaves empty rows out and gives no figure while an amount is not a number yet', () => {
    expect(installmentSum('100', [{ dueDate: '', amount: '' }])?.sum).toBe('0.00');
    expect(installmentSum('100', [{ dueDate: '', amount: '1,5' }])).toBeUndefined();
    expect(installmentSum('abc', [])).toBeUndefined();
  });
});
