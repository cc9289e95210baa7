import { paymentStatusRankSql, paymentStatusSql } from '@dental/contracts';
import { SAMPLE, statement, template } from '@dental/persistence';

const STATUS_KEY = 'organization_id, month, lab_id, payment_method, cancelled, currency, payment_status_rank';

/** The rank of paymentStatus() (libs/contracts) in SQL, as the status buckets key it: a smallint. */
const rank = (paid: string, total: string) => `(${paymentStatusRankSql(paid, total)})::smallint`;

/** Adds the moved paid amounts (CTE `moved`) to one level of month buckets. */
const movedToBuckets = (table: string, clinic: boolean) => {
  const key = `organization_id, month, ${clinic ? 'clinic_id, ' : ''}lab_id, payment_method, cancelled, currency`;
  return `insert into ${table} (${key}, work_order_count, total_amount, paid_amount)
         select ${key}, 0, 0, sum(paid) from moved group by ${key} having sum(paid) <> 0 order by ${key}
         on conflict (${key}) do update set paid_amount = ${table}.paid_amount + excluded.paid_amount`;
};

export const BUCKET_TABLES = {
  /** per clinic: for callers limited to some clinics and the clinic filter */
  perClinic: 'finance_month_bucket',
  /** all clinics of the organization together: the Dental Labs tab of everyone else, 1/clinics of the rows */
  organization: 'finance_org_month_bucket',
  /** all clinics together by payment status: the Work Orders tab's totals with a status filter */
  status: 'finance_status_month_bucket',
} as const;
export type BucketLevel = keyof typeof BUCKET_TABLES;

/** A scope condition as finance-scope.ts builds it, and its parameters (samples for the templates). */
const SCOPE = {
  sql: '(organization_id = ? and clinic_id in (?) and lab_id = ? and payment_method = ? and not cancelled and payment_status_rank = ?) and (documented_date >= ? and documented_date <= ?)',
  params: [SAMPLE.uuid, [SAMPLE.uuid, SAMPLE.uuid2], SAMPLE.uuid, 'cash', 1, SAMPLE.date, SAMPLE.date],
};
const KEYSET = { sql: '(w.documented_date, w.id) < (?, ?)', params: [SAMPLE.date, SAMPLE.uuid] };

export const FinanceSql = {
  upsertLab: statement(
    `with lab as (
         insert into finance_lab (id, organization_id, name, revision) values (?, ?, ?, ?)
         on conflict (id) do update set name = excluded.name, revision = excluded.revision, updated_at = now()
         where finance_lab.revision < excluded.revision and finance_lab.organization_id = excluded.organization_id
         returning id, organization_id, name)
       update finance_work_order w set lab_name = lab.name from lab
       where w.lab_id = lab.id and w.organization_id = lab.organization_id and w.lab_name <> lab.name`,
    [SAMPLE.uuid, SAMPLE.uuid2, 'Lab', 1],
  ),

  /**
   * Stores payment snapshots (a JSON array) newer than the stored ones and moves the paid amount, payment status and
   * month buckets of their stored work orders, except those of the second parameter (a JSON array of ids).
   */
  applyPayments: statement(
    `with input as (
         select * from json_to_recordset(?::json) as p(id uuid, organization_id uuid, work_order_id uuid,
           amount bigint, currency char(3), revision int, deleted boolean)),
       replaced as (
         select p.id, case when p.deleted then 0 else p.amount end as live
         from finance_work_order_payment p where p.id in (select id from input)),
       stored as (
         insert into finance_work_order_payment (id, organization_id, work_order_id, amount, currency, revision, deleted)
         select id, organization_id, work_order_id, amount, currency, revision, deleted from input order by id
         on conflict (id) do update set amount = excluded.amount, currency = excluded.currency,
           revision = excluded.revision, deleted = excluded.deleted, updated_at = now()
         where finance_work_order_payment.revision < excluded.revision
           and finance_work_order_payment.organization_id = excluded.organization_id
           and finance_work_order_payment.work_order_id = excluded.work_order_id
         returning id, organization_id, work_order_id, case when deleted then 0 else amount end as live),
       change as (
         select s.work_order_id, s.organization_id, sum(s.live - coalesce(r.live, 0)) as paid
         from stored s left join replaced r on r.id = s.id
         where s.work_order_id not in (select id::uuid from json_array_elements_text(?::json) as ids(id))
         group by s.work_order_id, s.organization_id having sum(s.live - coalesce(r.live, 0)) <> 0
         order by s.work_order_id),
       moved as (
         update finance_work_order w set paid_amount = w.paid_amount + c.paid, updated_at = now(),
           payment_status = ${paymentStatusSql('w.paid_amount + c.paid', 'w.total_amount')}
         from change c where w.id = c.work_order_id and w.organization_id = c.organization_id
         returning w.organization_id, date_trunc('month', w.documented_date)::date as month, w.clinic_id, w.lab_id,
           w.payment_method, w.cancelled, w.currency, c.paid, w.total_amount as total, w.paid_amount as paid_after,
           ${rank('w.paid_amount - c.paid', 'w.total_amount')} as old_rank, ${rank('w.paid_amount', 'w.total_amount')} as new_rank),
       status_moves as (
         select ${STATUS_KEY.replace('payment_status_rank', 'old_rank')}, -1 as count, -total as total,
           c.paid - paid_after as paid from moved c where old_rank <> new_rank
         union all
         select ${STATUS_KEY.replace('payment_status_rank', 'new_rank')}, 1, total, paid_after from moved where old_rank <> new_rank
         union all
         select ${STATUS_KEY.replace('payment_status_rank', 'new_rank')}, 0, 0, paid from moved where old_rank = new_rank),
       status_buckets as (
         insert into finance_status_month_bucket (${STATUS_KEY}, work_order_count, total_amount, paid_amount)
         select ${STATUS_KEY}, sum(count), sum(total), sum(paid)
         from status_moves as m(${STATUS_KEY}, count, total, paid) group by ${STATUS_KEY}
         having sum(count) <> 0 or sum(total) <> 0 or sum(paid) <> 0 order by ${STATUS_KEY}
         on conflict (${STATUS_KEY}) do update set
           work_order_count = finance_status_month_bucket.work_order_count + excluded.work_order_count,
           total_amount = finance_status_month_bucket.total_amount + excluded.total_amount,
           paid_amount = finance_status_month_bucket.paid_amount + excluded.paid_amount),
       org_buckets as (${movedToBuckets('finance_org_month_bucket', false)})
       ${movedToBuckets('finance_month_bucket', true)}`,
    [SAMPLE.json, SAMPLE.json],
  ),

  /** The stored rows, live paid sums and lab names of the work orders keyed in a JSON array of {id, org, lab_id}. */
  readWorkOrders: statement(
    `select t.id as key_id, w.organization_id, w.clinic_id, w.lab_id, w.payment_method, w.cancelled, w.currency,
         w.documented_date::text as documented_date, w.total_amount::text as total_amount,
         w.paid_amount::text as paid_amount, w.revision,
         (select coalesce(sum(p.amount), 0) from finance_work_order_payment p
          where p.work_order_id = t.id and p.organization_id = t.org and not p.deleted)::text as live_paid,
         (select l.name from finance_lab l where l.id = t.lab_id and l.organization_id = t.org) as lab_name
       from json_to_recordset(?::json) as t(id uuid, org uuid, lab_id uuid)
       left join finance_work_order w on w.id = t.id`,
    [SAMPLE.json],
  ),

  upsertWorkOrders: statement(
    `insert into finance_work_order (id, organization_id, clinic_id, lab_id, lab_name, number,
                    payment_method, status, cancelled, currency, documented_date, total_amount, paid_amount,
                    payment_status, revision)
                  select id, organization_id, clinic_id, lab_id, lab_name, number, payment_method, status, cancelled,
                    currency, documented_date, total_amount, paid_amount, payment_status, revision
                  from json_to_recordset(?::json) as w(id uuid, organization_id uuid, clinic_id uuid, lab_id uuid,
                    lab_name text, number text, payment_method text, status text, cancelled boolean, currency char(3),
                    documented_date date, total_amount bigint, paid_amount bigint, payment_status text, revision int)
                  on conflict (id) do update set clinic_id = excluded.clinic_id, lab_id = excluded.lab_id,
                    lab_name = excluded.lab_name, number = excluded.number, payment_method = excluded.payment_method,
                    status = excluded.status, cancelled = excluded.cancelled, currency = excluded.currency,
                    documented_date = excluded.documented_date, total_amount = excluded.total_amount,
                    paid_amount = excluded.paid_amount, payment_status = excluded.payment_status,
                    revision = excluded.revision, updated_at = now()`,
    [SAMPLE.json],
  ),

  insertClinics: statement(
    `insert into finance_clinic (id, organization_id)
                  select distinct clinic_id, organization_id
                  from json_to_recordset(?::json) as c(clinic_id uuid, organization_id uuid)
                  on conflict do nothing`,
    [SAMPLE.json],
  ),

  updatePaid: statement(
    `update finance_work_order w set paid_amount = u.paid, payment_status = u.payment_status,
                    updated_at = now()
                  from json_to_recordset(?::json) as u(id uuid, paid bigint, payment_status text)
                  where w.id = u.id`,
    [SAMPLE.json],
  ),

  /** Adds deltas (a JSON array) to one level of month buckets, each bucket at most once. */
  addToBuckets: template(
    (level: BucketLevel) => {
      const perClinic = level === 'perClinic';
      const byStatus = level === 'status';
      const table = BUCKET_TABLES[level];
      const key = `organization_id, month, ${perClinic ? 'clinic_id, ' : ''}lab_id, payment_method, cancelled, currency${
        byStatus ? ', payment_status_rank' : ''
      }`;
      return `insert into ${table} (${key}, work_order_count, total_amount, paid_amount)
      select ${key}, work_order_count, total_amount, paid_amount
      from json_to_recordset(?::json) as d(organization_id uuid, month date, ${perClinic ? 'clinic_id uuid, ' : ''}
        lab_id uuid, payment_method text, cancelled boolean, currency char(3),${
          byStatus ? ' payment_status_rank smallint,' : ''
        } work_order_count bigint,
        total_amount bigint, paid_amount bigint)
      on conflict (${key}) do update set
        work_order_count = ${table}.work_order_count + excluded.work_order_count,
        total_amount = ${table}.total_amount + excluded.total_amount,
        paid_amount = ${table}.paid_amount + excluded.paid_amount`;
    },
    { args: ['perClinic'], sample: [SAMPLE.json] },
    { args: ['organization'], sample: [SAMPLE.json] },
    { args: ['status'], sample: [SAMPLE.json] },
  ),

  /** The currencies (at most 2) of the per-clinic buckets matching a scope condition. */
  bucketCurrencies: template(
    (where: string) => `select distinct currency from finance_month_bucket where ${where} limit 2`,
    { args: ['organization_id = ? and clinic_id in (?)'], sample: [SAMPLE.uuid, [SAMPLE.uuid]] },
  ),

  /** Count, total and paid per `group` over whole months of a bucket table (a part of groupSums). */
  bucketSums: template(
    (group: string, table: string, where: string) =>
      `select ${group}, sum(work_order_count) as count, sum(total_amount) as total, sum(paid_amount) as paid
            from ${table} where ${where} group by ${group}`,
    {
      args: [
        'lab_id, currency',
        'finance_status_month_bucket',
        '(organization_id = ? and lab_id = ? and payment_method = ? and not cancelled and payment_status_rank = ?) and ((month >= ? and month < ?) or month in (?))',
      ],
      sample: [SAMPLE.uuid, SAMPLE.uuid, 'cash', 2, SAMPLE.date, SAMPLE.date, [SAMPLE.date, SAMPLE.date]],
    },
    {
      args: ['currency', 'finance_month_bucket', 'organization_id = ? and clinic_id in (?)'],
      sample: [SAMPLE.uuid, [SAMPLE.uuid]],
    },
  ),

  /** Count, total and paid per `group` of the work-order rows, times `sign` (a part of groupSums). */
  rowSums: template(
    (group: string, sign: number, where: string) =>
      `select ${group}, ${sign} * count(*) as count, ${sign} * sum(total_amount) as total,
              ${sign} * sum(paid_amount) as paid
            from finance_work_order where ${where} group by ${group}`,
    { args: ['currency', -1, SCOPE.sql], sample: SCOPE.params },
  ),

  /** The parts (bucketSums, rowSums) summed per `group`; with `perLab`, each lab's name joined. */
  groupSums: template(
    (group: string, parts: string[], perLab: boolean) => {
      const sums = `select ${group}, sum(count)::text as count, sum(total)::text as total, sum(paid)::text as paid
     from (${parts.join(' union all ')}) as parts
     group by ${group} having sum(count) <> 0`;
      return perLab
        ? `select s.*, l.name as lab_name from (${sums}) as s left join finance_lab l on l.id = s.lab_id`
        : sums;
    },
    {
      args: [
        'lab_id, currency',
        [
          'select lab_id, currency, 1 as count, 2 as total, 3 as paid from finance_org_month_bucket',
          'select lab_id, currency, 1, 2, 3 from finance_work_order where organization_id = ?',
        ],
        true,
      ],
      sample: [SAMPLE.uuid],
    },
  ),

  /**
   * A page of the Work Orders tab in the order of `column` (from work-order-sort.ts's whitelist), id breaking ties;
   * `filterFirst` reads the filtered rows first and sorts them. Parameters: the condition's, limit, offset.
   */
  workOrdersPage: template(
    (where: string, filterFirst: boolean, column: string, direction: 'asc' | 'desc') => {
      const from = filterFirst
        ? `(select * from finance_work_order as w where ${where} offset 0) as w`
        : `finance_work_order as w where ${where}`;
      // ORDER BY names the table's columns: the text casts below would otherwise sort amounts as text
      return `select id, number, lab_id, lab_name, payment_method, paid_amount::text, total_amount::text,
                    outstanding_amount::text, payment_status, payment_status_rank, documented_date::text, currency
             from ${from}
             order by w.${column} ${direction}, w.id ${direction}
             limit ? offset ?`;
    },
    { args: [SCOPE.sql, true, 'payment_status_rank', 'asc'], sample: [...SCOPE.params, 51, 0] },
    {
      args: [`${SCOPE.sql} and (${KEYSET.sql})`, false, 'documented_date', 'desc'],
      sample: [...SCOPE.params, ...KEYSET.params, 51, 0],
    },
  ),

  /** A chunk of the work-orders export as arrays, ending with the sort value and the id (for the next cursor). */
  workOrdersExportChunk: template(
    (where: string, column: string, direction: 'asc' | 'desc') => {
      const sortValue = column === 'payment_status_rank' ? 'w.payment_status_rank' : `w.${column}::text`;
      return `select number, lab_name, payment_method, paid_amount::text, total_amount::text,
         outstanding_amount::text, payment_status, documented_date::text, currency, ${sortValue}, id
       from finance_work_order as w where ${where}
       order by w.${column} ${direction}, w.id ${direction}
       limit ?`;
    },
    {
      args: [`${SCOPE.sql} and (${KEYSET.sql})`, 'documented_date', 'desc'],
      sample: [...SCOPE.params, ...KEYSET.params, 1001],
    },
    { args: [SCOPE.sql, 'payment_status_rank', 'asc'], sample: [...SCOPE.params, 1001] },
  ),
};
