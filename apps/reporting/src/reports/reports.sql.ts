import { SAMPLE, statement, template } from '@dental/persistence';

const SUMS = `
  coalesce(sum(amount) filter (where kind = 'cash'), 0)::text as cash,
  coalesce(sum(amount) filter (where kind = 'card'), 0)::text as card,
  coalesce(sum(amount) filter (where kind = 'bank_transfer'), 0)::text as bank_transfer,
  coalesce(sum(amount) filter (where kind = 'check'), 0)::text as "check",
  coalesce(sum(amount) filter (where kind = 'refund'), 0)::text as refunds,
  coalesce(sum(bank_cost), 0)::text as bank_expenses,
  coalesce(sum(amount) filter (where kind = 'lab'), 0)::text as lab_payments`;

const PERIOD = { sql: 'date >= ?::date and date <= ?::date', params: [SAMPLE.date, SAMPLE.date] };

export const ReportsSql = {
  /** A clinic as its event (or the payments service) describes it; its organization, currency and name never change. */
  rememberClinic: statement(
    `insert into report_clinic (id, organization_id, name, currency, time_zone, locale) values (?, ?, ?, ?, ?, ?)
       on conflict (id) do nothing`,
    [SAMPLE.uuid, SAMPLE.uuid2, 'Clinic', 'EUR', 'Europe/Istanbul', 'tr'],
  ),

  upsertPatientPayments: statement(
    `insert into report_patient_payment
         (id, organization_id, clinic_id, date, payment_type, amount, bank_cost, currency, splits, revision, deleted)
       select id, organization_id, clinic_id, date, payment_type, amount, bank_cost, currency, splits, revision, deleted
       from json_to_recordset(?::json) as p(id uuid, organization_id uuid, clinic_id uuid, date date,
         payment_type text, amount bigint, bank_cost bigint, currency char(3), splits jsonb, revision int,
         deleted boolean)
       order by id
       on conflict (id) do update set clinic_id = excluded.clinic_id, date = excluded.date,
         payment_type = excluded.payment_type, amount = excluded.amount, bank_cost = excluded.bank_cost,
         currency = excluded.currency, splits = excluded.splits, revision = excluded.revision,
         deleted = excluded.deleted, updated_at = now()
       where report_patient_payment.revision < excluded.revision
         and report_patient_payment.organization_id = excluded.organization_id`,
    [SAMPLE.json],
  ),

  upsertLabPayments: statement(
    `insert into report_lab_payment (id, organization_id, clinic_id, date, amount, currency, revision, deleted)
       select id, organization_id, clinic_id, date, amount, currency, revision, deleted
       from json_to_recordset(?::json) as p(id uuid, organization_id uuid, clinic_id uuid, date date,
         amount bigint, currency char(3), revision int, deleted boolean)
       order by id
       on conflict (id) do update set clinic_id = excluded.clinic_id, date = excluded.date, amount = excluded.amount,
         currency = excluded.currency, revision = excluded.revision, deleted = excluded.deleted, updated_at = now()
       where report_lab_payment.revision < excluded.revision
         and report_lab_payment.organization_id = excluded.organization_id`,
    [SAMPLE.json],
  ),

  upsertPhysician: statement(
    `insert into report_physician (id, organization_id, clinic_id, name, commission_percent, occurred_at)
       values (?, ?, ?, ?, ?, ?)
       on conflict (id) do update set clinic_id = excluded.clinic_id, name = excluded.name,
         commission_percent = excluded.commission_percent, occurred_at = excluded.occurred_at
       where report_physician.occurred_at <= excluded.occurred_at
         and report_physician.organization_id = excluded.organization_id`,
    [SAMPLE.uuid, SAMPLE.uuid2, SAMPLE.uuid, 'Dr. Name', '40.00', '2026-01-31T10:00:00.000Z'],
  ),

  clinic: statement(
    `select id, organization_id as "organizationId", name, trim(currency) as currency, locale
       from report_clinic where id = ?`,
    [SAMPLE.uuid],
  ),

  /**
   * The Account Book's periods after a cursor (`to_char(date, periodFormat)`) and the totals of every period, from
   * patient payments in `patientsPeriod` and lab payments in `labsPeriod` (periodCondition). Parameters: organization,
   * clinic, the patients' period's, organization, clinic, the labs' period's, cursor, limit.
   */
  accountBook: template(
    (patientsPeriod: string, labsPeriod: string, periodFormat: string) => {
      const money = `
      select date, payment_type as kind, amount, bank_cost from report_patient_payment
        where organization_id = ? and clinic_id = ? and not deleted and ${patientsPeriod}
      union all
      select date, 'lab', amount, 0 from report_lab_payment
        where organization_id = ? and clinic_id = ? and not deleted and ${labsPeriod}`;
      return `with money as (${money}),
       grouped as (select to_char(date, '${periodFormat}') as period, ${SUMS} from money group by 1),
       page as (select * from grouped where period > ? order by period limit ?)
       select false as grand, * from page
       union all
       select true, null, ${SUMS} from money`;
    },
    {
      args: [PERIOD.sql, PERIOD.sql, 'YYYY-MM'],
      sample: [SAMPLE.uuid, SAMPLE.uuid2, ...PERIOD.params, SAMPLE.uuid, SAMPLE.uuid2, ...PERIOD.params, '', 1001],
    },
  ),

  /** Money collected per physician (the payments' splits) in `period`, of one physician with `physician`. */
  collected: template(
    (period: string, physician: boolean) =>
      `select s."physicianId" as physician_id, sum(s.amount)::text as collected
       from report_patient_payment p
       cross join lateral jsonb_to_recordset(p.splits) as s("physicianId" uuid, amount bigint)
       where p.organization_id = ? and p.clinic_id = ? and not p.deleted and ${period}
         ${physician ? 'and s."physicianId" = ?' : ''}
       group by 1`,
    {
      args: ['p.date >= ?::date and p.date <= ?::date', true],
      sample: [SAMPLE.uuid, SAMPLE.uuid2, ...PERIOD.params, SAMPLE.uuid],
    },
    { args: ['true', false], sample: [SAMPLE.uuid, SAMPLE.uuid2] },
  ),

  /** The clinic's physicians, or one of them with `physician`. */
  physicians: template(
    (physician: boolean) =>
      `select id, name, commission_percent from report_physician
       where organization_id = ? and clinic_id = ? ${physician ? 'and id = ?' : ''}`,
    { args: [true], sample: [SAMPLE.uuid, SAMPLE.uuid2, SAMPLE.uuid] },
    { args: [false], sample: [SAMPLE.uuid, SAMPLE.uuid2] },
  ),
};
