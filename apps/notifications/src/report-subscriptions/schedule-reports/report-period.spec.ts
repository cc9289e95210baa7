import { lastCompletedPeriod } from './report-period';

describe('lastCompletedPeriod', () => {
  it('is yesterday for the daily Account Book', () => {
    expect(lastCompletedPeriod('account-book-daily', '2026-03-01')).toEqual({
      from: '2026-02-28',
      to: '2026-02-28',
      sendOn: '2026-03-01',
    });
  });

  it('is the last Monday–Sunday week for the weekly Finance report, whatever the day', () => {
    const week = { from: '2026-11-16', to: '2026-11-22', sendOn: '2026-11-23' };
    expect(lastCompletedPeriod('finance-weekly', '2026-11-23')).toEqual(week); // Monday
    expect(lastCompletedPeriod('finance-weekly', '2026-11-29')).toEqual(week); // Sunday
    expect(lastCompletedPeriod('finance-weekly', '2026-11-30').from).toBe('2026-11-23');
  });
});
