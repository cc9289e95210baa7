import { DateTime } from 'luxon';
import { ClinicProfile } from './clinic-profile.entity';

const clinicIn = (timeZone: string) => Object.assign(new ClinicProfile(), { timeZone });
const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });

describe("ClinicProfile.today: the day reminders fall due on, in the clinic's time zone", () => {
  it('differs between Auckland and Los Angeles at the same instant', () => {
    expect(clinicIn('Pacific/Auckland').today(at('2026-11-23T11:30:00Z'))).toBe('2026-11-24');
    expect(clinicIn('America/Los_Angeles').today(at('2026-11-23T11:30:00Z'))).toBe('2026-11-23');
    expect(clinicIn('Pacific/Auckland').today(at('2026-11-23T10:30:00Z'))).toBe('2026-11-23');
  });

  it('follows daylight saving changes (not a fixed offset)', () => {
    // LA moves to UTC-7 on 2026-03-08: 07:30Z next day is 00:30 on the 9th, not 23:30 on the 8th
    expect(clinicIn('America/Los_Angeles').today(at('2026-03-09T07:30:00Z'))).toBe('2026-03-09');
    // Auckland leaves UTC+13 on 2026-04-05: 11:30Z is 23:30 on the 5th, not 00:30 on the 6th
    expect(clinicIn('Pacific/Auckland').today(at('2026-04-05T11:30:00Z'))).toBe('2026-04-05');
  });
});
