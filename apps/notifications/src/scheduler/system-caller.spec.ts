import { backoffMs } from './system-caller';

describe('backoffMs', () => {
  it('waits the base after the first failed try and doubles after each further one, at most 6 hours', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(60_000, n))).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(backoffMs(60_000, 30)).toBe(6 * 3_600_000);
  });
});
