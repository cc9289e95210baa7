import { Money, Percent } from '@dental/money';
import { progressFigures } from './progress-rule';

const eur = (s: string) => Money.parse(s, 'EUR');
const figures = (base: string, cost: string, fees: string, commission: string | null) => {
  const f = progressFigures(
    eur(base),
    Percent.parse(cost),
    eur(fees),
    commission === null ? null : Percent.parse(commission),
  );
  return { cost: f.cost.toDecimal(), net: f.net.toDecimal(), earned: f.earned.toDecimal() };
};

describe('progressFigures (DOMAIN.md D)', () => {
  it('the example: (1000.00 − 10 % − 150.00) × 40 % = 300.00', () => {
    expect(figures('1000.00', '10', '150.00', '40')).toEqual({ cost: '100.00', net: '750.00', earned: '300.00' });
  });

  it('no cost and no lab fee: base × commission (the collections rule of before)', () => {
    expect(figures('834.14', '0', '0', '40')).toEqual({ cost: '0.00', net: '834.14', earned: '333.66' });
  });

  it('no commission set: earned = net (100 %)', () => {
    expect(figures('200.00', '2.5', '20.00', null)).toEqual({ cost: '5.00', net: '175.00', earned: '175.00' });
  });

  it('rounds each product half-up: cost 0.125 → 0.13, earning 12.345 → 12.35', () => {
    expect(figures('1.25', '10', '0', null)).toEqual({ cost: '0.13', net: '1.12', earned: '1.12' });
    expect(figures('24.69', '0', '0', '50')).toEqual({ cost: '0.00', net: '24.69', earned: '12.35' });
  });

  it('a refund (negative base) mirrors: cost and earning half away from zero', () => {
    expect(figures('-100.05', '10', '0', '50')).toEqual({ cost: '-10.01', net: '-90.04', earned: '-45.02' });
  });

  it('lab fees above what is left: a negative net and earning, not clamped', () => {
    expect(figures('100.00', '10', '150.00', '40')).toEqual({ cost: '10.00', net: '-60.00', earned: '-24.00' });
  });
});
