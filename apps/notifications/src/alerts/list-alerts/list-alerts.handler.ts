import { AlertListView, CallerContext, ListAlertsQueryDto } from '@dental/contracts';
import { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ClinicProfile } from '../../clinics/clinic-profile.entity';
import { ClinicProfiles } from '../../clinics/clinic-profiles';
import { Alert } from '../alert.entity';

/**
 * Open alerts the caller may see, oldest date first. `due` compares with today in each alert's clinic time zone:
 * a chain spanning time zones has a different "today" per clinic.
 */
@Injectable()
export class ListAlertsHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly clinics: ClinicProfiles,
  ) {}

  async execute(q: ListAlertsQueryDto, caller: CallerContext): Promise<AlertListView> {
    const profiles = q.clinicId
      ? [await this.clinics.visible(this.em, caller, q.clinicId)]
      : await this.em.find(ClinicProfile, {
          organizationId: caller.organizationId,
          ...(caller.clinicIds === '*' ? {} : { id: { $in: caller.clinicIds } }),
        });
    if (!profiles.length) return { items: [], total: 0 };
    const today = new Map(profiles.map((c) => [c.id, c.today()]));
    const byClinic: FilterQuery<Alert>[] = profiles.map((c) => {
      const day = today.get(c.id)!;
      if (q.due === 'today') return { clinicId: c.id, date: day };
      if (q.due === 'overdue') return { clinicId: c.id, date: { $lt: day } };
      return { clinicId: c.id };
    });
    const alerts = await this.em.find(
      Alert,
      {
        organizationId: caller.organizationId,
        status: 'open',
        ...(q.patientId ? { patientId: q.patientId } : {}),
        $or: byClinic,
      },
      { orderBy: { date: 'asc', createdAt: 'asc' } },
    );
    return { items: alerts.map((a) => a.toView(today.get(a.clinicId)!)), total: alerts.length };
  }
}
