import {
  CallerContext,
  callerMaySeeClinic,
  DomainError,
  NotificationErrors,
  ReportSubscriptionView,
} from '@dental/contracts';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ReportSubscription } from '../report-subscription.entity';
import { ReportSubscriptionsSql } from '../report-subscriptions.sql';

/** Ends a subscription; a report already being sent still goes out, no later one does. */
@Injectable()
export class DeleteReportSubscriptionHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(subscriptionId: string, caller: CallerContext): Promise<ReportSubscriptionView> {
    return this.em.transactional(async (em) => {
      const s = await em.findOne(
        ReportSubscription,
        { id: subscriptionId, organizationId: caller.organizationId, deletedAt: null },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!s || !callerMaySeeClinic(caller, s.clinicId))
        throw DomainError.notFound(NotificationErrors.SUBSCRIPTION_NOT_FOUND, 'report subscription', subscriptionId);
      s.deletedAt = new Date();
      await em.execute(ReportSubscriptionsSql.cancelSubscriptionReminders.text, [s.id]);
      return s.toView();
    });
  }
}
