import { SAMPLE, statement } from '@dental/persistence';

export const ReportSubscriptionsSql = {
  cancelSubscriptionReminders: statement(
    `update reminder set status = 'cancelled', outcome = 'subscription deleted', updated_at = now()
          where kind = 'scheduled-report' and source_id = ? and status = 'scheduled'`,
    [SAMPLE.uuid],
  ),

  /** The period a subscription's reminder was made for; never moves back (replicas, retries). */
  markPeriodScheduled: statement(
    'update report_subscription set last_period_start = ?, updated_at = now() where id = ? and (last_period_start is null or last_period_start < ?)',
    [SAMPLE.date, SAMPLE.uuid, SAMPLE.date],
  ),
};
