import { ageReceivables, AgingMoney, AgingTreatment, bucketOf, daysBetween } from './receivables-aging-rule';

const t = (date: string, amount: number, order = 0): AgingTreatment => ({ date, amount: BigInt(amount), order });
const m = (date: string, amount: number): AgingMoney => ({ date, amount: BigInt(amount) });
const zero = { '0-30': 0n, '31-60': 0n, '61-90': 0n, '91+': 0n };

describe('receivables aging rule (DOMAIN.md D)', () => {
  // minor units: 300.00 = 30000
  const treatments = [t('2026-03-01', 30000, 1), t('2026-05-15', 20000, 2), t('2026-06-20', 10000, 3)];
  const money = [m('2026-04-01', 25000), m('2026-06-25', 10000)];

  it('ages the example as of 2026-06-30: 0-30 100.00, 31-60 150.00, total 250.00', () => {
    expect(ageReceivables(treatments, money, '2026-06-30')).toEqual({
      buckets: { ...zero, '0-30': 10000n, '31-60': 15000n },
      total: 25000n,
      credit: 0n,
    });
  });

  it('ages the example as of 2026-05-31: 91+ 50.00, 0-30 200.00, total 250.00 (later records left out)', () => {
    expect(ageReceivables(treatments, money, '2026-05-31')).toEqual({
      buckets: { ...zero, '0-30': 20000n, '91+': 5000n },
      total: 25000n,
      credit: 0n,
    });
  });

  it('applies money to the oldest treatment first whatever order they come in', () => {
    const shuffled = [treatments[2], treatments[0], treatments[1]];
    expect(ageReceivables(shuffled, [...money].reverse(), '2026-06-30')).toEqual(
      ageReceivables(treatments, money, '2026-06-30'),
    );
  });

  it('puts the bucket edges at 30/31, 60/61 and 90/91 days', () => {
    expect([0, 30, 31, 60, 61, 90, 91, 400].map(bucketOf)).toEqual([
      '0-30',
      '0-30',
      '31-60',
      '31-60',
      '61-90',
      '61-90',
      '91+',
      '91+',
    ]);
    expect(daysBetween('2026-03-01', '2026-05-31')).toBe(91);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    const edges = ageReceivables(
      [t('2026-06-30', 1), t('2026-05-31', 2), t('2026-05-30', 4), t('2026-05-01', 8), t('2026-04-30', 16)],
      [],
      '2026-06-30',
    );
    expect(edges.buckets).toEqual({ '0-30': 3n, '31-60': 12n, '61-90': 16n, '91+': 0n });
  });

  it('gives a credit and empty buckets when more was received than treated', () => {
    expect(ageReceivables([t('2026-01-10', 5000)], [m('2026-01-11', 8000)], '2026-02-01')).toEqual({
      buckets: zero,
      total: 0n,
      credit: 3000n,
    });
  });

  it('counts a write-off as received: + unpaid covers, − received more takes the credit away', () => {
    // 100.00 treated, 40.00 paid, 60.00 written off at the closure: nothing owed
    expect(
      ageReceivables([t('2026-01-10', 10000)], [m('2026-01-11', 4000), m('2026-01-31', 6000)], '2026-06-30'),
    ).toEqual({ buckets: zero, total: 0n, credit: 0n });
    // 30.00 received more, written off: no credit left
    expect(
      ageReceivables([t('2026-01-10', 1000)], [m('2026-01-11', 4000), m('2026-01-31', -3000)], '2026-06-30'),
    ).toEqual({ buckets: zero, total: 0n, credit: 0n });
  });

  it('a refund lowers what was received: the treatment is owed again from its own date', () => {
    const aged = ageReceivables(
      [t('2026-03-01', 30000)],
      [m('2026-03-05', 30000), m('2026-06-01', -5000)],
      '2026-06-30',
    );
    expect(aged.buckets).toEqual({ ...zero, '91+': 5000n });
  });

  it('owes what was refunded beyond what was received, aged from the latest negative record', () => {
    const aged = ageReceivables(
      [t('2026-01-10', 1000)],
      [m('2026-02-01', 2000), m('2026-03-01', -1000), m('2026-06-20', -4000)],
      '2026-06-30',
    );
    // received −30.00: the 10.00 treatment is not covered (91+) and the 30.00 is owed from 06-20 (0-30)
    expect(aged).toEqual({ buckets: { ...zero, '0-30': 3000n, '91+': 1000n }, total: 4000n, credit: 0n });
  });

  it('owes nothing without treatments or money, and leaves records dated after D out', () => {
    expect(ageReceivables([], [], '2026-06-30')).toEqual({ buckets: zero, total: 0n, credit: 0n });
    expect(ageReceivables([t('2026-07-01', 500)], [m('2026-07-01', 900)], '2026-06-30')).toEqual({
      buckets: zero,
      total: 0n,
      credit: 0n,
    });
  });
});
