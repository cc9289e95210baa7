import { AlertListView, AlertView, CallerContext, ListAlertsQueryDto } from '@dental/contracts';
import { Money } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { ClinicProfiles } from '../../clinics/clinic-profiles';

const UTC_ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

// The views built by PostgreSQL in their field order (no entities: the account page asks this on every load), each
// alert against its clinic's today (given as JSON: today comes from luxon, as ClinicProfile.today says).
const ALERTS = (where: string) => `select coalesce(json_agg(json_build_object(
    'id', a.id, 'organizationId', a.organization_id, 'clinicId', a.clinic_id, 'patientId', a.patient_id,
    'patientName', a.patient_name, 'date', a.date, 'amount', a.amount_minor::text, 'currency', a.currency,
    'note', a.note, 'status', a.status, 'overdue', coalesce(a.date < d.today, false),
    'closedAt', to_char(a.closed_at at time zone 'UTC', ${UTC_ISO}),
    'createdAt', to_char(a.created_at at time zone 'UTC', ${UTC_ISO}), 'createdBy', a.created_by
  ) order by a.date, a.created_at), '[]') as items
  from alert a join json_to_recordset(?::json) as d(clinic_id uuid, today date) on d.clinic_id = a.clinic_id
  where a.organization_id = ? and a.status = 'open'${where}`;

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
          `select id, time_zone from clinic_profile where organization_id = ?${
            caller.clinicIds === '*' ? '' : ' and id in (select (json_array_elements_text(?::json))::uuid)'
          }`,
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
    const [{ items }] = await connection.execute<{ items: AlertView[] }[]>(ALERTS(where.join('')), params);
    for (const a of items) {
      if (a.amount !== null) a.amount = Money.of(BigInt(a.amount), a.currency).toDecimal();
    }
    return { items, total: items.length };
  }
}
