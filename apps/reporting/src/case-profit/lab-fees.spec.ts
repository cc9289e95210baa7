import { Money } from '@dental/money';
import { LinkedTreatment, labFeeParts } from './lab-fees';

const eur = (s: string) => Money.parse(s, 'EUR');
const t = (id: string, physicianId: string | null, date: string, amount: string): LinkedTreatment => ({
  id,
  physicianId,
  date,
  amount: eur(amount),
});
const fees = (parts: ReturnType<typeof labFeeParts>) => parts.map((p) => [p.id, p.physicianId, p.fee.toDecimal()]);

describe('labFeeParts (a lab case cost over its linked treatments)', () => {
  it('one treatment carries the whole cost (DOMAIN.md D example: 150.00)', () => {
    expect(fees(labFeeParts(eur('150.00'), [t('t1', 'A', '2026-06-10', '1000.00')]))).toEqual([['t1', 'A', '150.00']]);
  });

  it('two physicians: in proportion to their treatment amounts, summing exactly to the cost', () => {
    const parts = labFeeParts(eur('100.00'), [
      t('t2', 'B', '2026-06-12', '400.00'),
      t('t1', 'A', '2026-06-10', '600.00'),
    ]);
    expect(fees(parts)).toEqual([
      ['t1', 'A', '60.00'],
      ['t2', 'B', '40.00'],
    ]);
  });

  it('largest remainder: 100.00 over three equal treatments is 33.34, 33.33, 33.33, the cent to the earliest', () => {
    const parts = labFeeParts(eur('100.00'), [
      t('c', 'C', '2026-06-03', '10.00'),
      t('b', 'B', '2026-06-01', '10.00'),
      t('a', 'A', '2026-06-01', '10.00'),
    ]);
    expect(fees(parts)).toEqual([
      ['a', 'A', '33.34'],
      ['b', 'B', '33.33'],
      ['c', 'C', '33.33'],
    ]);
    expect(
      Money.sum(
        parts.map((p) => p.fee),
        'EUR',
      ).toDecimal(),
    ).toBe('100.00');
  });

  it('keeps each part on its treatment date and physician (null: no physician)', () => {
    const parts = labFeeParts(eur('90.00'), [t('x', null, '2026-07-01', '50.00'), t('y', 'A', '2026-05-31', '100.00')]);
    expect(parts.map((p) => [p.date, p.physicianId, p.fee.toDecimal()])).toEqual([
      ['2026-05-31', 'A', '60.00'],
      ['2026-07-01', null, '30.00'],
    ]);
  });

  it('no live treatment: no parts', () => {
    expect(labFeeParts(eur('150.00'), [])).toEqual([]);
  });
});
