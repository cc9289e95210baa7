import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ClinicProfile } from '../../clinics/clinic-profile.entity';
import { RemindersSql } from '../../reminders/reminders.sql';
import { ReportSubscription } from '../report-subscription.entity';
import { ReportSubscriptionsSql } from '../report-subscriptions.sql';
import { lastCompletedPeriod } from './report-period';

/**
 * Each subscription gets one reminder per period, made on or after the day the period ended in the clinic's time
 * zone. The reminder's unique key (subscription, send day) keeps replicas from making two; a new subscription starts
 * with the last whole period.
 */
@Injectable()
export class ScheduleReports {
  constructor(private readonly em: EntityManager) {}

  async runOnce(): Promise<number> {
    const em = this.em.fork();
    const subscriptions = await em.find(ReportSubscription, { deletedAt: null });
    if (!subscriptions.length) return 0;
    const clinics = new Map(
      (await em.find(ClinicProfile, { id: { $in: [...new Set(subscriptions.map((s) => s.clinicId))] } })).map((c) => [
        c.id,
        c,
      ]),
    );
    let scheduled = 0;
    for (const s of subscriptions) {
      const clinic = clinics.get(s.clinicId);
      if (!clinic) continue;
      const period = lastCompletedPeriod(s.report, clinic.today());
      if (s.lastPeriodStart !== null && s.lastPeriodStart >= period.from) continue;
      await em.transactional(async (tx) => {
        await tx.execute(RemindersSql.scheduleReminder.text, [
          randomUUID(),
          s.organizationId,
          s.clinicId,
          'scheduled-report',
          s.id,
          period.sendOn,
          null,
          JSON.stringify({ from: period.from, to: period.to }),
        ]);
        await tx.execute(ReportSubscriptionsSql.markPeriodScheduled.text, [period.from, s.id, period.from]);
      });
      scheduled++;
    }
    return scheduled;
  }
}
