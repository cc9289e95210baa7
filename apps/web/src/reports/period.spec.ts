import { shiftAnchor, windowOf } from './period';

describe("the Account Book's periods", () => {
  it('Daily is a month, Monthly a year, Yearly five years', () => {
    expect(windowOf('day', '2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(windowOf('day', '2028-02-14')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(windowOf('month', '2026-11-07')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(windowOf('year', '2026-11-07')).toEqual({ from: '2022-01-01', to: '2026-12-31' });
  });

  it('Previous and Next move by the window, across year ends', () => {
    expect(shiftAnchor('day', '2026-01-31', -1)).toBe('2025-12-01');
    expect(shiftAnchor('day', '2026-12-07', 1)).toBe('2027-01-01');
    expect(shiftAnchor('month', '2026-12-07', -1)).toBe('2025-01-01');
    expect(shiftAnchor('year', '2026-12-07', -1)).toBe('2021-01-01');
  });
});
