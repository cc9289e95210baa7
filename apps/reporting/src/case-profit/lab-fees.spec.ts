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

  it('the same parts whatever order the treatments come in (date, then id on the same date)', () => {
    const linked = [
      t('t-b', 'B', '2026-06-01', '10.00'),
      t('t-a', 'A', '2026-06-01', '10.00'),
      t('t-c', 'C', '2026-05-20', '10.00'),
      t('t-d', 'D', '2026-06-02', '10.00'),
    ];
    const permutations = (items: LinkedTreatment[]): LinkedTreatment[][] =>
      items.length <= 1
        ? [items]
        : items.flatMap((item, i) =>
            permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
          );
    for (const order of permutations(linked)) {
      expect(fees(labFeeParts(eur('100.01'), order))).toEqual([
        ['t-c', 'C', '25.01'],
        ['t-a', 'A', '25.00'],
        ['t-b', 'B', '25.00'],
        ['t-d', 'D', '25.00'],
      ]);
    }
  });

  it('treatments that amount to nothing: equal parts; a negative amount weighs nothing', () => {
    expect(
      fees(labFeeParts(eur('10.01'), [t('z1', 'A', '2026-06-01', '0.00'), t('z2', 'B', '2026-06-02', '0.00')])),
    ).toEqual([
      ['z1', 'A', '5.01'],
      ['z2', 'B', '5.00'],
    ]);
    expect(
      fees(labFeeParts(eur('10.00'), [t('n', 'A', '2026-06-01', '-5.00'), t('p', 'B', '2026-06-02', '20.00')])),
    ).toEqual([
      ['n', 'A', '0.00'],
      ['p', 'B', '10.00'],
    ]);
    expect(
      fees(labFeeParts(eur('9.00'), [t('z', 'A', '2026-06-01', '0.00'), t('p', 'B', '2026-06-02', '3.00')])),
    ).toEqual([
      ['z', 'A', '0.00'],
      ['p', 'B', '9.00'],
    ]);
  });

  it('no live treatment: no parts', () => {
    expect(labFeeParts(eur('150.00'), [])).toEqual([]);
  });
});
