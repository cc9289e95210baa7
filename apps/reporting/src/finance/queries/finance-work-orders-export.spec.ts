import { Money } from '@dental/money';
import { decimalOfMinor } from './finance-work-orders-export.handler';

describe('decimalOfMinor', () => {
  it('writes minor units as Money does, for 0, 2 and 3 decimals', () => {
    const values = [0n, 1n, -1n, 9n, 10n, 99n, 100n, -50n, -100n, 125000n, -125001n, 999999999999999999n];
    for (const [currency, digits] of [
      ['EUR', 2],
      ['JPY', 0],
      ['KWD', 3],
    ] as const) {
      for (const minor of values) {
        expect(decimalOfMinor(minor.toString(), digits)).toBe(Money.of(minor, currency).toDecimal());
      }
    }
  });
});
