import { DomainError } from '@dental/contracts';
import { refuseClosedPeriodDates } from './period-closure';

describe('refuseClosedPeriodDates (DOMAIN.md E, period close)', () => {
  const refusal = (through: string | null, dates: string[]) => {
    try {
      refuseClosedPeriodDates(through, dates);
      return null;
    } catch (e) {
      return e as DomainError;
    }
  };

  it('lets every date through when nothing is closed', () => {
    expect(refusal(null, ['2026-10-31'])).toBeNull();
  });

  it('refuses a date on the closed-through date and before it, takes the day after', () => {
    expect(refusal('2026-10-31', ['2026-11-01'])).toBeNull();
    expect(refusal('2026-10-31', ['2026-10-31'])?.status).toBe(409);
    expect(refusal('2026-10-31', ['2026-01-05'])?.code).toBe('PERIOD.CLOSED');
  });

  it('checks the old and the new date of an edit, and names the earliest closed one with the through date', () => {
    expect(refusal('2026-10-31', ['2026-11-03', '2026-10-30'])?.details).toEqual({
      through: '2026-10-31',
      date: '2026-10-30',
    });
    const e = refusal('2026-10-31', ['2026-10-20', '2026-10-02']);
    expect(e?.details).toEqual({ through: '2026-10-31', date: '2026-10-02' });
    expect(e?.message).toContain('2026-10-31');
    expect(e?.message).toContain('2026-10-02');
  });
});
