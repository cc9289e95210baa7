import { AlertListView, AlertView, CallerContext, ListAlertsQueryDto } from '@dental/contracts';
import { Money } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { ClinicProfiles } from '../../clinics/clinic-profiles';
import { AlertsSql } from '../alerts.sql';

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
    const connection = this.em.getConnection();
    const profiles = q.clinicId
      ? [await this.clinics.visible(this.em, caller, q.clinicId)].map((c) => ({ id: c.id, time_zone: c.timeZone }))
      : await connection.execute<{ id: string; time_zone: string }[]>(
          AlertsSql.clinicTimeZones.build(caller.clinicIds === '*'),
          [caller.organizationId, ...(caller.clinicIds === '*' ? [] : [JSON.stringify(caller.clinicIds)])],
        );
    if (!profiles.length) return { items: [], total: 0 };
    const now = DateTime.now();
    const today = profiles.map((c) => ({ clinic_id: c.id, today: now.setZone(c.time_zone).toISODate() }));
    const where: string[] = [];
    const params: unknown[] = [JSON.stringify(today), caller.organizationId];
    if (q.patientId) {
      where.push(' and a.patient_id = ?');
      params.push(q.patientId);
    }
    if (q.due === 'today') where.push(' and a.date = d.today');
    if (q.due === 'overdue') where.push(' and a.date < d.today');
    const [{ items }] = await connection.execute<{ items: AlertView[] }[]>(
      AlertsSql.list.build(where.join('')),
      params,
    );
    for (const a of items) {
      if (a.amount !== null) a.amount = Money.of(BigInt(a.amount), a.currency).toDecimal();
    }
    return { items, total: items.length };
  }
}
