import { ScheduledReport } from '@dental/contracts';
import { DateTime } from 'luxon';

export interface ReportPeriod {
  from: string;
  to: string;
  /** the day it is sent: the day after the period ends */
  sendOn: string;
}

/** The last whole period before `today` (a clinic's day): yesterday, or last Monday–Sunday week. */
export function lastCompletedPeriod(report: ScheduledReport, today: string): ReportPeriod {
  const day = DateTime.fromISO(today, { zone: 'UTC' });
  if (report === 'account-book-daily') {
    const d = day.minus({ days: 1 }).toISODate()!;
    return { from: d, to: d, sendOn: today };
  }
  const monday = day.startOf('week');
  return {
    from: monday.minus({ weeks: 1 }).toISODate()!,
    to: monday.minus({ days: 1 }).toISODate()!,
    sendOn: monday.toISODate()!,
  };
}
