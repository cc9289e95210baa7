import { SAMPLE, statement, template } from '@dental/persistence';

const UTC_ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const TODAY = JSON.stringify([{ clinic_id: SAMPLE.uuid, today: SAMPLE.date }]);
const ALERT_IDS = `{${SAMPLE.uuid},${SAMPLE.uuid2}}`;

export const AlertsSql = {
  /** The time zones of the organization's clinics: every one, or those of a JSON array of ids. */
  clinicTimeZones: template(
    (everyClinic: boolean) =>
      `select id, time_zone from clinic_profile where organization_id = ?${
        everyClinic ? '' : ' and id in (select (json_array_elements_text(?::json))::uuid)'
      }`,
    { args: [true], sample: [SAMPLE.uuid] },
    { args: [false], sample: [SAMPLE.uuid, JSON.stringify([SAMPLE.uuid2])] },
  ),

  /**
   * The open alerts as views built by PostgreSQL in their field order (no entities: the account page asks this on
   * every load), each against its clinic's today (a JSON array: today comes from luxon, as ClinicProfile.today says);
   * `where` is list-alerts' further conditions.
   */
  list: template(
    (where: string) => `select coalesce(json_agg(json_build_object(
    'id', a.id, 'organizationId', a.organization_id, 'clinicId', a.clinic_id, 'patientId', a.patient_id,
    'patientName', a.patient_name, 'date', a.date, 'amount', a.amount_minor::text, 'currency', a.currency,
    'note', a.note, 'status', a.status, 'overdue', coalesce(a.date < d.today, false),
    'closedAt', to_char(a.closed_at at time zone 'UTC', ${UTC_ISO}),
    'createdAt', to_char(a.created_at at time zone 'UTC', ${UTC_ISO}), 'createdBy', a.created_by
  ) order by a.date, a.created_at), '[]') as items
  from alert a join json_to_recordset(?::json) as d(clinic_id uuid, today date) on d.clinic_id = a.clinic_id
  where a.organization_id = ? and a.status = 'open'${where}`,
    { args: [''], sample: [TODAY, SAMPLE.uuid2] },
    { args: [' and a.patient_id = ? and a.date < d.today'], sample: [TODAY, SAMPLE.uuid2, SAMPLE.uuid] },
  ),

  /** Only patients with an open alert are queued; a repeated event re-queues the same row (one per patient). */
  queueCheck: statement(
    `insert into alert_check (patient_id, organization_id)
  select distinct patient_id, organization_id from alert where patient_id = ? and organization_id = ? and status = 'open'
  on conflict (patient_id) do update set attempts = 0, not_before = now()`,
    [SAMPLE.uuid, SAMPLE.uuid2],
  ),

  /** A batch of queued paid-off checks whose time has come; replicas skip each other's. */
  claimChecks: statement(
    `select patient_id, organization_id, attempts from alert_check where not_before <= now()
          order by not_before limit ? for update skip locked`,
    [50],
  ),

  /** The checks of a uuid array literal (`{…}`), done. */
  removeChecks: statement('delete from alert_check where patient_id = any(?::uuid[])', [ALERT_IDS]),

  /** A failed check is tried again after a backoff (milliseconds). */
  postponeCheck: statement(
    `update alert_check set attempts = attempts + 1, not_before = now() + (? * interval '1 millisecond') where patient_id = ?`,
    [60000, SAMPLE.uuid],
  ),

  /** The scheduled reminders of closed alerts (a uuid array literal), with why. */
  cancelAlertReminders: statement(
    `update reminder set status = 'cancelled', outcome = ?, updated_at = now()
      where kind = 'alert' and status = 'scheduled' and source_id = any(?::uuid[])`,
    ['alert done', ALERT_IDS],
  ),

  /** The pending deliveries of closed alerts (a uuid array literal). */
  cancelAlertDeliveries: statement(
    `update delivery set status = 'cancelled', next_attempt_at = null, lease_until = null, updated_at = now()
      where status = 'pending' and reminder_id in (
        select id from reminder where kind = 'alert' and source_id = any(?::uuid[]))`,
    [ALERT_IDS],
  ),
};
