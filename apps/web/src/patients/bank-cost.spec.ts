import { bankCostMode, previewBankCost } from './bank-cost';

describe("a card payment's bank cost as the clinic's setting has it", () => {
  it('three states: a number, 0 (typed by hand), blank (no bank cost)', () => {
    expect(bankCostMode('2.50')).toEqual({ kind: 'computed', percent: '2.50' });
    expect(bankCostMode('0')).toEqual({ kind: 'typed' });
    expect(bankCostMode('0.00')).toEqual({ kind: 'typed' });
    expect(bankCostMode(null)).toEqual({ kind: 'none' });
  });

  it('1000.00 at 2.5 % costs 25.00 and is stored as 1025.00; half-up to the cent', () => {
    expect(previewBankCost('1000.00', '2.5')).toEqual({ cost: '25.00', total: '1025.00' });
    expect(previewBankCost('10.10', '2.5')).toEqual({ cost: '0.25', total: '10.35' }); // 0.2525 → 0.25
    expect(previewBankCost('10.30', '2.5')).toEqual({ cost: '0.26', total: '10.56' }); // 0.2575 → 0.26
    expect(previewBankCost('0.20', '2.5')).toEqual({ cost: '0.01', total: '0.21' }); // 0.005 → 0.01 (half-up)
  });

  it('nothing while the amount is not a positive number', () => {
    expect(previewBankCost('', '2.5')).toBeUndefined();
    expect(previewBankCost('ten', '2.5')).toBeUndefined();
    expect(previewBankCost('0', '2.5')).toBeUndefined();
  });
});
