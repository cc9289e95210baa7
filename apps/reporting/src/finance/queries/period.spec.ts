import { DomainError } from '@dental/contracts';
import { planPeriod } from './period';

describe('planPeriod', () => {
  it('no period: every bucket, no rows', () => {
    expect(planPeriod()).toEqual({
      months: { from: undefined, toExclusive: undefined },
      edgeMonths: [],
      rowRanges: [],
    });
  });

  it('whole months only', () => {
    expect(planPeriod('2026-01-01', '2026-03-31')).toEqual({
      months: { from: '2026-01-01', toExclusive: '2026-04-01' },
      edgeMonths: [],
      rowRanges: [],
    });
    expect(planPeriod('2026-02-01', '2026-02-28')).toEqual({
      months: { from: '2026-02-01', toExclusive: '2026-03-01' },
      edgeMonths: [],
      rowRanges: [],
    });
    expect(planPeriod('2028-02-01', '2028-02-29')).toEqual({
      months: { from: '2028-02-01', toExclusive: '2028-03-01' },
      edgeMonths: [],
      rowRanges: [],
    });
  });

  it('a small piece of an edge month comes from its rows', () => {
    expect(planPeriod('2026-01-25', '2026-04-10')).toEqual({
      months: { from: '2026-02-01', toExclusive: '2026-04-01' },
      edgeMonths: [],
      rowRanges: [
        { from: '2026-01-25', to: '2026-01-31', sign: 1 },
        { from: '2026-04-01', to: '2026-04-10', sign: 1 },
      ],
    });
    expect(planPeriod('2025-12-31', '2026-01-31')).toEqual({
      months: { from: '2026-01-01', toExclusive: '2026-02-01' },
      edgeMonths: [],
      rowRanges: [{ from: '2025-12-31', to: '2025-12-31', sign: 1 }],
    });
  });

  it('most of an edge month is its bucket minus the rows of the days outside', () => {
    expect(planPeriod('2026-01-05', '2026-04-25')).toEqual({
      months: { from: '2026-02-01', toExclusive: '2026-04-01' },
      edgeMonths: ['2026-01-01', '2026-04-01'],
      rowRanges: [
        { from: '2026-01-01', to: '2026-01-04', sign: -1 },
        { from: '2026-04-26', to: '2026-04-30', sign: -1 },
      ],
    });
  });

  it('a period inside one month, or across two partial months', () => {
    expect(planPeriod('2026-03-05', '2026-03-12')).toEqual({
      months: null,
      edgeMonths: [],
      rowRanges: [{ from: '2026-03-05', to: '2026-03-12', sign: 1 }],
    });
    expect(planPeriod('2026-03-02', '2026-03-30')).toEqual({
      months: null,
      edgeMonths: ['2026-03-01'],
      rowRanges: [
        { from: '2026-03-01', to: '2026-03-01', sign: -1 },
        { from: '2026-03-31', to: '2026-03-31', sign: -1 },
      ],
    });
    expect(planPeriod('2026-03-05', '2026-04-20')).toEqual({
      months: null,
      edgeMonths: ['2026-03-01', '2026-04-01'],
      rowRanges: [
        { from: '2026-03-01', to: '2026-03-04', sign: -1 },
        { from: '2026-04-21', to: '2026-04-30', sign: -1 },
      ],
    });
    expect(planPeriod('2026-03-07', '2026-03-07')).toEqual({
      months: null,
      edgeMonths: [],
      rowRanges: [{ from: '2026-03-07', to: '2026-03-07', sign: 1 }],
    });
    expect(planPeriod('2026-03-31', '2026-04-01')).toEqual({
      months: null,
      edgeMonths: [],
      rowRanges: [
        { from: '2026-03-31', to: '2026-03-31', sign: 1 },
        { from: '2026-04-01', to: '2026-04-01', sign: 1 },
      ],
    });
  });

  it('open ends', () => {
    expect(planPeriod('2026-03-05')).toEqual({
      months: { from: '2026-04-01', toExclusive: undefined },
      edgeMonths: ['2026-03-01'],
      rowRanges: [{ from: '2026-03-01', to: '2026-03-04', sign: -1 }],
    });
    expect(planPeriod(undefined, '2026-03-05')).toEqual({
      months: { from: undefined, toExclusive: '2026-03-01' },
      edgeMonths: [],
      rowRanges: [{ from: '2026-03-01', to: '2026-03-05', sign: 1 }],
    });
    expect(planPeriod(undefined, '2026-03-31')).toEqual({
      months: { from: undefined, toExclusive: '2026-04-01' },
      edgeMonths: [],
      rowRanges: [],
    });
  });

  it('December 9999, the last month there is: no month after it is ever written (it would read +010000-01-01)', () => {
    expect(planPeriod('9999-12-31', '9999-12-31')).toEqual({
      months: null,
      edgeMonths: [],
      rowRanges: [{ from: '9999-12-31', to: '9999-12-31', sign: 1 }],
    });
    expect(planPeriod('9999-12-02')).toEqual({
      months: null,
      edgeMonths: ['9999-12-01'],
      rowRanges: [{ from: '9999-12-01', to: '9999-12-01', sign: -1 }],
    });
    expect(planPeriod('2026-03-01', '9999-12-31')).toEqual({
      months: { from: '2026-03-01', toExclusive: undefined },
      edgeMonths: [],
      rowRanges: [],
    });
    expect(planPeriod('9999-11-20', '9999-12-30')).toEqual({
      months: null,
      edgeMonths: ['9999-12-01'],
      rowRanges: [
        { from: '9999-11-20', to: '9999-11-30', sign: 1 },
        { from: '9999-12-31', to: '9999-12-31', sign: -1 },
      ],
    });
  });

  it('from after to is a 400 naming from', () => {
    expect(() => planPeriod('2026-03-02', '2026-03-01')).toThrow(DomainError);
    try {
      planPeriod('2026-03-02', '2026-03-01');
    } catch (e) {
      expect((e as DomainError).status).toBe(400);
      expect((e as DomainError).details).toEqual([{ field: 'from', reasons: ['must not be after to'] }]);
    }
  });
});
