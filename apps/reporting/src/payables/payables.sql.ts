import { PAYABLES_AGING_BUCKETS } from '@dental/contracts';
import { SAMPLE, statement, template } from '@dental/persistence';

export const SUM_KEYS = [...PAYABLES_AGING_BUCKETS, 'total'] as const;

/** Sums of remainders `r` per bucket (index k of PAYABLES_AGING_BUCKETS) and in all, as text. */
const sums = (r: string) =>
  [
    ...PAYABLES_AGING_BUCKETS.map(
      (b, k) => `coalesce(sum(${r}.amount) filter (where ${r}.bucket = ${k}), 0)::text as "${b}"`,
    ),
    `sum(${r}.amount)::text as total`,
  ].join(', ');

/** A Finance scope condition on finance_work_order (finance-scope.ts's scopeCondition), with its parameters (samples). */
const SCOPE = {
  sql: 'organization_id = ? and clinic_id in (?) and lab_id = ? and not cancelled',
  params: [SAMPLE.uuid, [SAMPLE.uuid, SAMPLE.uuid2], SAMPLE.uuid],
};
const D = SAMPLE.date;

export const PayablesSql = {
  /** Stores the plans (a JSON array) newer than the stored ones, deletes their old installments, answers their ids. */
  upsertPlans: statement(
    `with plan as (
         insert into payables_plan (work_order_id, organization_id, revision)
         select work_order_id, organization_id, revision
         from json_to_recordset(?::json) as p(work_order_id uuid, organization_id uuid, revision int)
         order by work_order_id
         on conflict (work_order_id) do update set revision = excluded.revision, updated_at = now()
         where payables_plan.revision < excluded.revision
           and payables_plan.organization_id = excluded.organization_id
         returning work_order_id),
       gone as (delete from payables_installment i using plan where i.work_order_id = plan.work_order_id)
       select work_order_id from plan`,
    [SAMPLE.json],
  ),

  /** Oldest due first (plan order among equal dates), each with the sum of the installments before it. */
  insertInstallments: statement(
    `insert into payables_installment (work_order_id, position, organization_id, due_date, amount, covered_before)
       select work_order_id, row_number() over due, organization_id, due_date, amount,
         sum(amount) over due - amount
       from json_to_recordset(?::json)
         as i(work_order_id uuid, organization_id uuid, plan_index int, due_date date, amount bigint)
       window due as (partition by work_order_id order by due_date, plan_index rows unbounded preceding)
       order by work_order_id, due_date, plan_index`,
    [SAMPLE.json],
  ),

  upsertPayments: statement(
    `insert into payables_payment (id, organization_id, work_order_id, date, amount, revision, deleted)
       select id, organization_id, work_order_id, date, amount, revision, deleted
       from json_to_recordset(?::json) as p(id uuid, organization_id uuid, work_order_id uuid, date date,
         amount bigint, revision int, deleted boolean)
       order by id
       on conflict (id) do update set work_order_id = excluded.work_order_id, date = excluded.date,
         amount = excluded.amount, revision = excluded.revision, deleted = excluded.deleted, updated_at = now()
       where payables_payment.revision < excluded.revision
         and payables_payment.organization_id = excluded.organization_id`,
    [SAMPLE.json],
  ),

  /**
   * The labs' sums of what is owed on D by bucket; with `drillDownKeyset` (the keyset condition on the rows `w`, or
   * 'true'), the lab's work orders too, in number order. Parameters: organization, D, the scope's, D × 5,
   * organization, then the keyset's and the drill-down's limit.
   */
  aging: template(
    (where: string, drillDownKeyset: string | null) => {
      const drillDown =
        drillDownKeyset !== null
          ? `union all
         (select 'wo', w.id, null, w.number, w.documented_date::text, w.currency, ${sums('w')}
          from remainders w where ${drillDownKeyset}
          group by w.id, w.number, w.documented_date, w.currency
          having sum(w.amount) > 0
          order by w.number, w.id limit ?)`
          : '';
      return `with later as (
         select work_order_id, sum(amount)::bigint as amount from payables_payment
         where organization_id = ? and not deleted and date > ?::date
         group by work_order_id),
       owed as (
         select w.id, w.lab_id, w.number, w.documented_date, trim(w.currency) as currency,
           w.paid_amount - coalesce(l.amount, 0) as paid
         from (select id, lab_id, number, documented_date, currency, total_amount, paid_amount from finance_work_order
               where ${where} and documented_date <= ?::date) w
           left join later l on l.work_order_id = w.id
         where w.paid_amount - coalesce(l.amount, 0) < w.total_amount),
       remainders as (
         select o.id, o.lab_id, o.number, o.documented_date, o.currency,
           least(i.amount, greatest(0, i.covered_before + i.amount - o.paid)) as amount,
           -- the buckets' edges D, D − 30, D − 60, D − 90 computed by PostgreSQL, whose calendar holds any date
           -- (JavaScript's would write the year before 0001 as 0000, which PostgreSQL refuses)
           case when i.due_date >= ?::date then 0 when i.due_date >= ?::date - 30 then 1
             when i.due_date >= ?::date - 60 then 2 when i.due_date >= ?::date - 90 then 3 else 4 end as bucket
         from owed o join payables_installment i on i.work_order_id = o.id)
       -- the labs' names joined after the sums: a subquery per row would keep the plan from running in parallel
       select 'lab' as kind, g.lab_id as id, coalesce(lab.name, '') as name, null as number, null as documented_date,
         g.currency, ${SUM_KEYS.map((k) => `g."${k}"`).join(', ')}
       from (select r.lab_id, r.currency, ${sums('r')} from remainders r
             group by r.lab_id, r.currency having sum(r.amount) > 0) g
         left join finance_lab lab on lab.id = g.lab_id and lab.organization_id = ?
       ${drillDown}`;
    },
    {
      args: [SCOPE.sql, '(w.number, w.id) > (?, ?)'],
      sample: [SAMPLE.uuid, D, ...SCOPE.params, D, D, D, D, D, SAMPLE.uuid, 'WO-1', SAMPLE.uuid, 1001],
    },
    { args: [SCOPE.sql, null], sample: [SAMPLE.uuid, D, ...SCOPE.params, D, D, D, D, D, SAMPLE.uuid] },
  ),

  /** Today (the latest among the clinics' time zones), their locales and a name, of the clinics matching `where`. */
  clinicFacts: template(
    (where: string) =>
      `select to_char(max((now() at time zone time_zone)::date), 'YYYY-MM-DD') as today,
         array_agg(distinct locale) as locales, max(name) as name
       from report_clinic where ${where}`,
    { args: ['organization_id = ? and id in (?)'], sample: [SAMPLE.uuid, [SAMPLE.uuid, SAMPLE.uuid2]] },
    { args: ['organization_id = ? and id = ?'], sample: [SAMPLE.uuid, SAMPLE.uuid2] },
  ),

  labName: statement('select name from finance_lab where id = ?', [SAMPLE.uuid]),
};
