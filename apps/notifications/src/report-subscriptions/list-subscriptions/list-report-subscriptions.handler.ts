import { CallerContext, ListReportSubscriptionsQueryDto, ReportSubscriptionListView } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ClinicProfiles } from '../../clinics/clinic-profiles';
import { ReportSubscription } from '../report-subscription.entity';

@Injectable()
export class ListReportSubscriptionsHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly clinics: ClinicProfiles,
  ) {}

  async execute(q: ListReportSubscriptionsQueryDto, caller: CallerContext): Promise<ReportSubscriptionListView> {
    if (q.clinicId) await this.clinics.visible(this.em, caller, q.clinicId);
    const clinicFilter = q.clinicId
      ? { clinicId: q.clinicId }
      : caller.clinicIds === '*'
        ? {}
        : { clinicId: { $in: caller.clinicIds } };
    const items = await this.em.find(
      ReportSubscription,
      { organizationId: caller.organizationId, deletedAt: null, ...clinicFilter },
      { orderBy: { createdAt: 'asc' } },
    );
    return { items: items.map((s) => s.toView()), total: items.length };
  }
}
