import { SAMPLE, statement, template } from '@dental/persistence';

/** `column = excluded.column` when the incoming snapshot is newer than the stored one, else unchanged. */
const whenNewer = (table: string, columns: string[]) =>
  columns
    .map((c) => `${c} = case when ${table}.revision < excluded.revision then excluded.${c} else ${table}.${c} end`)
    .join(', ');

const UNBALANCED = 'b.treatment_total <> b.received_total + b.written_off_total';
/** What one patient's balance row adds to each column of ledger_clinic_total (SQL over `b`, ledger_balance). */
export const CLINIC_SUMS: ReadonlyArray<[column: string, sql: string]> = [
  ['unbalanced', `(${UNBALANCED})::int`],
  ['credit', 'greatest(b.received_total + b.written_off_total - b.treatment_total, 0)'],
  ['debtors', '(b.open_balance > 0)::int'],
  ['debtor_treatments', 'case when b.open_balance > 0 then b.open_treatment_total else 0 end'],
  ['debtor_received', 'case when b.open_balance > 0 then b.open_received_total else 0 end'],
  ['debtor_contracts', 'case when b.open_balance > 0 then b.contract_balance else 0 end'],
  ['overpayers', '(b.open_balance < 0)::int'],
  ['overpayer_treatments', 'case when b.open_balance < 0 then b.open_treatment_total else 0 end'],
  ['overpayer_received', 'case when b.open_balance < 0 then b.open_received_total else 0 end'],
  ['overpayer_contracts', 'case when b.open_balance < 0 then b.contract_balance else 0 end'],
];
const columns = CLINIC_SUMS.map(([column]) => column);

/** Scope conditions as receivables-scope.ts's scopeCondition writes them, with their named values (samples). */
const SCOPE = {
  all: 'organization_id = :org',
  clinics: 'organization_id = :org and clinic_id in (:clinics)',
  clinicsOfB: 'b.organization_id = :org and b.clinic_id in (:clinics)',
  clinic: 'organization_id = :org and clinic_id = :clinic',
  clinicOfB: 'b.organization_id = :org and b.clinic_id = :clinic',
  values: { org: SAMPLE.uuid, clinic: SAMPLE.uuid2, clinics: [SAMPLE.uuid, SAMPLE.uuid2] },
};

export const LedgerSql = {
  /** No JIT for the batch's short statements; answers the setting to restore (restoreJit). */
  jitOffKeepingSetting: statement(`select current_setting('jit') as jit, set_config('jit', 'off', true)`, []),

  restoreJit: statement(`select set_config('jit', ?, true)`, ['on']),

  /** No JIT for the rest of the transaction: its compile time is far above what the report statements take. */
  jitOff: statement(`select set_config('jit', 'off', true)`, []),

  upsertPatients: statement(
    `insert into ledger_patient (id, organization_id, clinic_id, first_name, last_name, currency, occurred_at)
       select id, organization_id, clinic_id, first_name, last_name, currency, occurred_at
       from json_to_recordset(?::json) as p(id uuid, organization_id uuid, clinic_id uuid, first_name text,
         last_name text, currency char(3), occurred_at timestamptz)
       order by id
       on conflict (id) do update set clinic_id = excluded.clinic_id, first_name = excluded.first_name,
         last_name = excluded.last_name, currency = excluded.currency, occurred_at = excluded.occurred_at
       where ledger_patient.occurred_at <= excluded.occurred_at
         and ledger_patient.organization_id = excluded.organization_id`,
    [SAMPLE.json],
  ),

  upsertTreatments: statement(
    `insert into ledger_treatment (id, organization_id, clinic_id, patient_id, physician_id, procedure, date, amount,
         currency, created_at, revision, deleted)
       select id, organization_id, clinic_id, patient_id, physician_id, procedure, date, amount, currency, created_at,
         revision, deleted
       from json_to_recordset(?::json) as t(id uuid, organization_id uuid, clinic_id uuid, patient_id uuid,
         physician_id uuid, procedure text, date date, amount bigint, currency char(3), created_at timestamptz,
         revision int, deleted boolean)
       order by id
       on conflict (id) do update set
         ${whenNewer('ledger_treatment', ['clinic_id', 'patient_id', 'physician_id', 'procedure', 'date', 'amount', 'currency', 'deleted'])},
         created_at = least(ledger_treatment.created_at, excluded.created_at),
         revision = greatest(ledger_treatment.revision, excluded.revision), updated_at = now()
       where ledger_treatment.organization_id = excluded.organization_id
         and (ledger_treatment.revision < excluded.revision or ledger_treatment.created_at > excluded.created_at)`,
    [SAMPLE.json],
  ),

  upsertReceived: statement(
    `insert into ledger_received (id, organization_id, clinic_id, patient_id, date, amount, bank_cost, payment_type,
         physician_id, contract_id, currency, revision, deleted)
       select id, organization_id, clinic_id, patient_id, date, amount, bank_cost, payment_type, physician_id,
         contract_id, currency, revision, deleted
       from json_to_recordset(?::json) as p(id uuid, organization_id uuid, clinic_id uuid, patient_id uuid, date date,
         amount bigint, bank_cost bigint, payment_type text, physician_id uuid, contract_id uuid, currency char(3),
         revision int, deleted boolean)
       order by id
       on conflict (id) do update set clinic_id = excluded.clinic_id, patient_id = excluded.patient_id,
         date = excluded.date, amount = excluded.amount, bank_cost = excluded.bank_cost,
         payment_type = excluded.payment_type, physician_id = excluded.physician_id,
         contract_id = excluded.contract_id, currency = excluded.currency, revision = excluded.revision,
         deleted = excluded.deleted, updated_at = now()
       where ledger_received.revision < excluded.revision
         and ledger_received.organization_id = excluded.organization_id`,
    [SAMPLE.json],
  ),

  upsertClosures: statement(
    `insert into ledger_closure (id, organization_id, clinic_id, patient_id, date, written_off, currency, undone)
       select id, organization_id, clinic_id, patient_id, date, written_off, currency, undone
       from json_to_recordset(?::json) as c(id uuid, organization_id uuid, clinic_id uuid, patient_id uuid,
         date date, written_off bigint, currency char(3), undone boolean)
       order by id
       on conflict (id) do update set undone = true, updated_at = now()
       where excluded.undone and not ledger_closure.undone
         and ledger_closure.organization_id = excluded.organization_id`,
    [SAMPLE.json],
  ),

  insertContracts: statement(
    `insert into ledger_contract (id, organization_id, clinic_id, patient_id, contract_date, total, currency)
       select id, organization_id, clinic_id, patient_id, contract_date, total, currency
       from json_to_recordset(?::json) as c(id uuid, organization_id uuid, clinic_id uuid, patient_id uuid,
         contract_date date, total bigint, currency char(3))
       order by id
       on conflict (id) do nothing`,
    [SAMPLE.json],
  ),

  /** The open items of the patients of a JSON array of {patient_id, organization_id}, keyed by organization|clinic|date. */
  openItemsOfPatients: statement(
    `select concat_ws('|', o.organization_id, o.clinic_id, o.date) as key, o.remainder::text as amount
       from ledger_open_item o join json_to_recordset(?::json) as t(patient_id uuid, organization_id uuid)
         on o.patient_id = t.patient_id and o.organization_id = t.organization_id`,
    [SAMPLE.json],
  ),

  /** What those patients' balance rows add to each CLINIC_SUMS column, keyed by organization|clinic|currency. */
  clinicSumsOfPatients: statement(
    `select concat_ws('|', b.organization_id, b.clinic_id, trim(b.currency)) as key,
         ${CLINIC_SUMS.map(([column, sql]) => `(${sql})::text as ${column}`).join(', ')}
       from ledger_balance b join json_to_recordset(?::json) as t(patient_id uuid, organization_id uuid)
         on b.patient_id = t.patient_id and b.organization_id = t.organization_id`,
    [SAMPLE.json],
  ),

  addOpenDays: statement(
    `insert into ledger_open_day (organization_id, clinic_id, date, remainder)
         select organization_id, clinic_id, date, remainder
         from json_to_recordset(?::json) as d(organization_id uuid, clinic_id uuid, date date, remainder bigint)
         on conflict (organization_id, clinic_id, date)
           do update set remainder = ledger_open_day.remainder + excluded.remainder`,
    [SAMPLE.json],
  ),

  dropEmptyOpenDays: statement(
    `delete from ledger_open_day o
         using json_to_recordset(?::json) as d(organization_id uuid, clinic_id uuid, date date)
         where o.organization_id = d.organization_id and o.clinic_id = d.clinic_id and o.date = d.date
           and o.remainder = 0`,
    [SAMPLE.json],
  ),

  addClinicTotals: statement(
    `insert into ledger_clinic_total (organization_id, clinic_id, currency, ${columns.join(', ')})
         select organization_id, clinic_id, currency, ${columns.join(', ')}
         from json_to_recordset(?::json) as c(organization_id uuid, clinic_id uuid, currency char(3),
           ${columns.map((c) => `${c} bigint`).join(', ')})
         on conflict (organization_id, clinic_id, currency) do update set
           ${columns.map((c) => `${c} = ledger_clinic_total.${c} + excluded.${c}`).join(', ')}`,
    [SAMPLE.json],
  ),

  dropEmptyClinicTotals: statement(
    `delete from ledger_clinic_total t
         using json_to_recordset(?::json) as c(organization_id uuid, clinic_id uuid, currency char(3))
         where t.organization_id = c.organization_id and t.clinic_id = c.clinic_id and t.currency = c.currency
           and ${columns.map((c) => `t.${c} = 0`).join(' and ')}`,
    [SAMPLE.json],
  ),

  /** The balance rows of the patients of a JSON array of {patient_id, organization_id}, from their ledger rows. */
  recomputeBalances: statement(
    `with touched as (
         select * from json_to_recordset(?::json) as t(patient_id uuid, organization_id uuid)
       ),
       facts as (
         select t.patient_id, t.organization_id, home.clinic_id, home.currency, home.name, closed.through,
           tr.total as t_total, tr.open as t_open, rc.total as r_total, rc.open as r_open, rc.last_payment,
           closed.written_off, contracts.balance as contract_balance
         from touched t
         cross join lateral (
           select max(date) as through, coalesce(sum(written_off), 0) as written_off from ledger_closure c
           where c.patient_id = t.patient_id and c.organization_id = t.organization_id and not c.undone
         ) closed
         cross join lateral (
           select coalesce(sum(amount), 0) as total,
             coalesce(sum(amount) filter (where closed.through is null or date > closed.through), 0) as open
           from ledger_treatment x
           where x.patient_id = t.patient_id and x.organization_id = t.organization_id and not x.deleted
         ) tr
         cross join lateral (
           select coalesce(sum(amount), 0) as total,
             coalesce(sum(amount) filter (where closed.through is null or date > closed.through), 0) as open,
             max(date) filter (where amount > 0) as last_payment
           from ledger_received x
           where x.patient_id = t.patient_id and x.organization_id = t.organization_id and not x.deleted
         ) rc
         cross join lateral (
           select coalesce(sum(greatest(k.total - greatest(coalesce(paid.amount, 0), 0), 0)), 0) as balance
           from ledger_contract k
           cross join lateral (
             select sum(amount) as amount from ledger_received x
             where x.contract_id = k.id and x.organization_id = k.organization_id and not x.deleted
           ) paid
           where k.patient_id = t.patient_id and k.organization_id = t.organization_id
         ) contracts
         -- the patient's clinic and currency: from their own event, else the balance row, else any of their rows
         -- (coalesce stops at the first known; each lookup is an index probe)
         cross join lateral (
           select home[1]::uuid as clinic_id, home[2] as currency,
             coalesce((select name from ledger_patient
               where id = t.patient_id and organization_id = t.organization_id), t.patient_id::text) as name
           from (select coalesce(
             (select array[clinic_id::text, currency::text] from ledger_patient
               where id = t.patient_id and organization_id = t.organization_id),
             (select array[clinic_id::text, currency::text] from ledger_balance
               where patient_id = t.patient_id and organization_id = t.organization_id),
             (select array[clinic_id::text, currency::text] from ledger_treatment
               where patient_id = t.patient_id and organization_id = t.organization_id and not deleted limit 1),
             (select array[clinic_id::text, currency::text] from ledger_received
               where patient_id = t.patient_id and organization_id = t.organization_id and not deleted limit 1),
             (select array[clinic_id::text, currency::text] from ledger_closure
               where patient_id = t.patient_id and organization_id = t.organization_id and not undone limit 1),
             (select array[clinic_id::text, currency::text] from ledger_contract
               where patient_id = t.patient_id and organization_id = t.organization_id limit 1)
           ) as home) known
         ) home
       )
       insert into ledger_balance (patient_id, organization_id, clinic_id, name, currency, treatment_total,
         received_total, written_off_total, closed_through, open_treatment_total, open_received_total,
         last_payment_date, contract_balance)
       select patient_id, organization_id, clinic_id, name, currency, t_total, r_total, written_off, through, t_open,
         r_open, last_payment, contract_balance
       from facts where clinic_id is not null order by patient_id
       on conflict (patient_id) do update set clinic_id = excluded.clinic_id, name = excluded.name,
         currency = excluded.currency,
         treatment_total = excluded.treatment_total, received_total = excluded.received_total,
         written_off_total = excluded.written_off_total, closed_through = excluded.closed_through,
         open_treatment_total = excluded.open_treatment_total, open_received_total = excluded.open_received_total,
         last_payment_date = excluded.last_payment_date, contract_balance = excluded.contract_balance,
         updated_at = now()
       where ledger_balance.organization_id = excluded.organization_id`,
    [SAMPLE.json],
  ),

  deleteOpenItems: statement(
    `delete from ledger_open_item o using json_to_recordset(?::json) as t(patient_id uuid, organization_id uuid)
       where o.patient_id = t.patient_id and o.organization_id = t.organization_id`,
    [SAMPLE.json],
  ),

  /** The open items of those patients (the rule of aging/receivables-aging-rule.ts). */
  insertOpenItems: statement(
    `with touched as (
         select b.* from json_to_recordset(?::json) as t(patient_id uuid, organization_id uuid)
         join ledger_balance b on b.patient_id = t.patient_id and b.organization_id = t.organization_id
       ),
       items as (
         select x.patient_id, x.organization_id, b.clinic_id, x.date,
           least(greatest(sum(x.amount) over fifo - greatest(b.received_total + b.written_off_total, 0), 0), x.amount)
             as remainder
         from touched b
         join ledger_treatment x on x.patient_id = b.patient_id and x.organization_id = b.organization_id
           and not x.deleted
         window fifo as (partition by x.patient_id order by x.date, x.created_at, x.id rows unbounded preceding)
         union all
         select b.patient_id, b.organization_id, b.clinic_id, negative.date, -(b.received_total + b.written_off_total)
         from touched b
         cross join lateral (
           select max(date) as date from (
             select date from ledger_received r where r.patient_id = b.patient_id
               and r.organization_id = b.organization_id and not r.deleted and r.amount < 0
             union all
             select date from ledger_closure c where c.patient_id = b.patient_id
               and c.organization_id = b.organization_id and not c.undone and c.written_off < 0) n
         ) negative
         where b.received_total + b.written_off_total < 0
       )
       insert into ledger_open_item (patient_id, organization_id, clinic_id, date, remainder)
       select patient_id, organization_id, clinic_id, date, sum(remainder) from items where remainder > 0
       group by patient_id, organization_id, clinic_id, date
       order by patient_id, date`,
    [SAMPLE.json],
  ),

  clinic: statement('select name, time_zone, locale, trim(currency) as currency from report_clinic where id = ?', [
    SAMPLE.uuid,
  ]),

  /** The clinics of an organization, or (`visibleOnly`) those of a list of ids. */
  clinicsOfOrganization: template(
    (visibleOnly: boolean) =>
      `select name, time_zone, locale, trim(currency) as currency from report_clinic
           where organization_id = ? ${visibleOnly ? 'and id in (?)' : ''}`,
    { args: [true], sample: [SAMPLE.uuid, [SAMPLE.uuid, SAMPLE.uuid2]] },
    { args: [false], sample: [SAMPLE.uuid] },
  ),

  /**
   * The statement, for one scope and date D. Two kinds of patients:
   * - "settled" ones, with no record dated after D: their aging as of D is their open items (what FIFO leaves unpaid
   *   of each treatment date with every record counted, kept by the projection) aged from D, and their credit is
   *   received − treatments when positive. Listed when their all-time balance is not zero (a partial index, in name
   *   order); summed from the open items and the balance rows without reading their treatments or money.
   * - "corrected" ones, with a record dated after D (none for today, few for a recent date): computed here from their
   *   own records. With S(x) their treatments dated ≤ x and R the money and write-offs dated ≤ D (R⁺ = max(R, 0)),
   *   FIFO leaves Σ over treatments dated ≤ x of clamp(cumulative − R⁺, 0, amount) = max(S(x) − R⁺, 0) unpaid (the
   *   remainders of an ordered list telescope): 91+ = max(S(D−91) − R⁺, 0), 61-90 = max(S(D−61) − R⁺, 0) − that,
   *   and so on; a negative R is owed too, aged from the latest negative record ≤ D (receivables-aging-rule.ts).
   * One statement, so one snapshot: the page and the totals agree.
   */
  receivablesAging: template(
    (sc: string, sb: string, keyset: boolean) => {
      const D = ':asOf::date';
      const unbalanced = 'b.treatment_total <> b.received_total + b.written_off_total';
      // not exists, not `not in`: PostgreSQL plans `not in` over a large subquery as a rescan per row (bench/README.md)
      const settled = 'not exists (select 1 from corrected c where c.patient_id = b.patient_id)';
      // open items by age on D (items dated after D belong to corrected patients: they cancel out below)
      const buckets = `coalesce(sum(remainder) filter (where date >= ${D} - 30), 0) as b0,
          coalesce(sum(remainder) filter (where date between ${D} - 60 and ${D} - 31), 0) as b31,
          coalesce(sum(remainder) filter (where date between ${D} - 90 and ${D} - 61), 0) as b61,
          coalesce(sum(remainder) filter (where date <= ${D} - 91), 0) as b91`;
      const sql = `
      with corrected as materialized (
        select patient_id from ledger_treatment where ${sc} and not deleted and date > ${D}
        union select patient_id from ledger_received where ${sc} and not deleted and date > ${D}
        union select patient_id from ledger_closure where ${sc} and not undone and date > ${D}),
      c_late_t as (
        select t.patient_id,
          sum(t.amount) filter (where t.date > ${D}) as a0,
          sum(t.amount) filter (where t.date > ${D} - 31) as a31,
          sum(t.amount) filter (where t.date > ${D} - 61) as a61,
          sum(t.amount) as a91
        from corrected c join ledger_treatment t on t.patient_id = c.patient_id
        where t.organization_id = :org and not t.deleted and t.date > ${D} - 91
        group by t.patient_id),
      c_late_m as (
        select m.patient_id, sum(m.amount) as after from (
          select x.patient_id, x.amount
          from corrected c join ledger_received x on x.patient_id = c.patient_id
          where x.organization_id = :org and not x.deleted and x.date > ${D}
          union all
          select x.patient_id, x.written_off
          from corrected c join ledger_closure x on x.patient_id = c.patient_id
          where x.organization_id = :org and not x.undone and x.date > ${D}) m
        group by m.patient_id),
      c_figures as (
        select b.patient_id, b.clinic_id, trim(b.currency) as currency, b.name, b.last_payment_date,
          b.treatment_total - coalesce(t.a0, 0) as s0,
          b.treatment_total - coalesce(t.a31, 0) as s31,
          b.treatment_total - coalesce(t.a61, 0) as s61,
          b.treatment_total - coalesce(t.a91, 0) as s91,
          b.received_total + b.written_off_total - coalesce(m.after, 0) as r
        from corrected c
        join ledger_balance b on b.patient_id = c.patient_id and b.organization_id = :org
        left join c_late_t t on t.patient_id = c.patient_id
        left join c_late_m m on m.patient_id = c.patient_id),
      c_owed as materialized (
        select f.patient_id, f.clinic_id, f.currency, f.name, f.last_payment_date,
          greatest(f.s0 - greatest(f.r, 0), 0) as u0,
          greatest(f.s31 - greatest(f.r, 0), 0) as u31,
          greatest(f.s61 - greatest(f.r, 0), 0) as u61,
          greatest(f.s91 - greatest(f.r, 0), 0) as u91,
          greatest(-f.r, 0) as excess,
          case when f.r < 0 then ${D} - (
            select max(date) from (
              select date from ledger_received x where x.patient_id = f.patient_id and x.organization_id = :org
                and not x.deleted and x.amount < 0 and x.date <= ${D}
              union all
              select date from ledger_closure x where x.patient_id = f.patient_id and x.organization_id = :org
                and not x.undone and x.written_off < 0 and x.date <= ${D}) negative)
          end as excess_days,
          greatest(f.r - f.s0, 0) as credit
        from c_figures f),
      c_rows as (
        select patient_id, clinic_id, currency, name, last_payment_date,
          u0 - u31 + case when excess_days <= 30 then excess else 0 end as b0,
          u31 - u61 + case when excess_days between 31 and 60 then excess else 0 end as b31,
          u61 - u91 + case when excess_days between 61 and 90 then excess else 0 end as b61,
          u91 + case when excess_days > 90 then excess else 0 end as b91,
          u0 + excess as total, credit
        from c_owed where u0 > 0 or excess > 0 or credit > 0),
      page as (
        select patient_id, name, corrected, row_number() over (order by name, patient_id) as ordinal from (
          (select b.patient_id, b.name, false as corrected from ledger_balance b
           where ${sb} and ${unbalanced} and ${settled}
             ${keyset ? 'and (b.name, b.patient_id) > (:afterName, :afterId::uuid)' : ''}
           order by b.name, b.patient_id limit :settledLimit)
          union all
          select patient_id, name, true from c_rows ${keyset ? 'where (name, patient_id) > (:afterName, :afterId::uuid)' : ''}
        ) p
        order by name, patient_id limit :limit offset :offset),
      page_rows as (
        select p.ordinal, c.patient_id, c.clinic_id, c.name, c.currency, c.b0, c.b31, c.b61, c.b91, c.total, c.credit,
          case when c.last_payment_date > ${D} then (
            select max(x.date) from ledger_received x where x.patient_id = c.patient_id and x.organization_id = :org
              and not x.deleted and x.amount > 0 and x.date <= ${D})
          else c.last_payment_date end
        from page p join c_rows c on c.patient_id = p.patient_id
        where p.corrected
        union all
        select p.ordinal, b.patient_id, b.clinic_id, b.name, trim(b.currency), o.b0, o.b31, o.b61, o.b91, o.total,
          greatest(b.received_total + b.written_off_total - b.treatment_total, 0), b.last_payment_date
        from page p
        join ledger_balance b on b.patient_id = p.patient_id and b.organization_id = :org
        cross join lateral (
          select coalesce(sum(remainder) filter (where date >= ${D} - 30), 0) as b0,
            coalesce(sum(remainder) filter (where date between ${D} - 60 and ${D} - 31), 0) as b31,
            coalesce(sum(remainder) filter (where date between ${D} - 90 and ${D} - 61), 0) as b61,
            coalesce(sum(remainder) filter (where date <= ${D} - 91), 0) as b91,
            coalesce(sum(remainder), 0) as total
          from ledger_open_item i where i.patient_id = b.patient_id and i.organization_id = b.organization_id) o
        where not p.corrected),
      all_open as (
        select ${buckets}
        from ledger_open_day where ${sc}),
      all_clinics as (
        select coalesce(sum(unbalanced), 0) as n, coalesce(sum(credit), 0) as credit,
          min(currency) filter (where unbalanced > 0) as min_currency,
          max(currency) filter (where unbalanced > 0) as max_currency
        from ledger_clinic_total where ${sc}),
      corrected_open as (
        select ${buckets}
        from corrected c join ledger_open_item i on i.patient_id = c.patient_id and i.organization_id = :org),
      corrected_stored as (
        select count(*) filter (where ${unbalanced}) as n,
          coalesce(sum(greatest(b.received_total + b.written_off_total - b.treatment_total, 0)), 0) as credit
        from corrected c join ledger_balance b on b.patient_id = c.patient_id and b.organization_id = :org),
      corrected_totals as (
        select count(*) as n, coalesce(sum(b0), 0) as b0, coalesce(sum(b31), 0) as b31, coalesce(sum(b61), 0) as b61,
          coalesce(sum(b91), 0) as b91, coalesce(sum(credit), 0) as credit, min(currency) as min_currency,
          max(currency) as max_currency
        from c_rows)
      select false as grand, ordinal::text, patient_id, clinic_id, name, currency, b0::text, b31::text, b61::text,
        b91::text, total::text, credit::text, last_payment_date::text, null as row_count,
        null as max_currency
      from page_rows
      union all
      select true, null, null, null, null, least(a.min_currency, c.min_currency),
        (o.b0 - x.b0 + c.b0)::text, (o.b31 - x.b31 + c.b31)::text, (o.b61 - x.b61 + c.b61)::text,
        (o.b91 - x.b91 + c.b91)::text,
        (o.b0 - x.b0 + c.b0 + o.b31 - x.b31 + c.b31 + o.b61 - x.b61 + c.b61 + o.b91 - x.b91 + c.b91)::text,
        (a.credit - s.credit + c.credit)::text, null, (a.n - s.n + c.n)::text, greatest(a.max_currency, c.max_currency)
      from all_open o, all_clinics a, corrected_open x, corrected_stored s, corrected_totals c`;
      return sql;
    },
    {
      args: [SCOPE.clinics, SCOPE.clinicsOfB, true],
      sample: {
        ...SCOPE.values,
        asOf: SAMPLE.date,
        afterName: 'Name',
        afterId: SAMPLE.uuid,
        settledLimit: 51,
        limit: 51,
        offset: 0,
      },
    },
    {
      args: [SCOPE.clinic, SCOPE.clinicOfB, false],
      sample: {
        ...SCOPE.values,
        asOf: SAMPLE.date,
        afterName: 'Name',
        afterId: SAMPLE.uuid,
        settledLimit: 51,
        limit: 51,
        offset: 0,
      },
    },
  ),

  /**
   * A page of debtors (open balance > 0, largest first) or overpayers (< 0), after the cursor's row when `afterCursor`, and
   * the totals from ledger_clinic_total; `sb` and `sc` the scope on ledger_balance `b` and on ledger_clinic_total.
   */
  patientBalances: template(
    (sb: string, sc: string, debtors: boolean, afterCursor: boolean) => {
      // keyset: debtors by open_balance descending, overpayers by open_balance ascending (received more descending)
      const keyset = !afterCursor
        ? ''
        : debtors
          ? `and (b.open_balance < :afterBalance::bigint
             or (b.open_balance = :afterBalance::bigint and (b.name, b.patient_id) > (:afterName, :afterId::uuid)))`
          : 'and (b.open_balance, b.name, b.patient_id) > (:afterBalance::bigint, :afterName, :afterId::uuid)';
      const prefix = debtors ? 'debtor' : 'overpayer';
      return `
      with page as (
        select b.patient_id, b.clinic_id, b.name, trim(b.currency) as currency, b.open_treatment_total,
          b.open_received_total, abs(b.open_balance) as amount, b.contract_balance, b.last_payment_date
        from ledger_balance b
        where ${sb} and b.open_balance ${debtors ? '> 0' : '< 0'} ${keyset}
        order by b.open_balance ${debtors ? 'desc' : ''}, b.name, b.patient_id limit :limit offset :offset)
      select false as grand, row_number() over (order by amount desc, name, patient_id)::text as ordinal, patient_id,
        clinic_id, name, currency, open_treatment_total::text as treatment_total,
        open_received_total::text as received_total, amount::text, contract_balance::text,
        last_payment_date::text, null as row_count, null as max_currency
      from page
      union all
      select true, null, null, null, null, min(currency) filter (where ${prefix}s > 0),
        coalesce(sum(${prefix}_treatments), 0)::text, coalesce(sum(${prefix}_received), 0)::text,
        coalesce(${debtors ? `sum(${prefix}_treatments) - sum(${prefix}_received)` : `sum(${prefix}_received) - sum(${prefix}_treatments)`}, 0)::text,
        coalesce(sum(${prefix}_contracts), 0)::text, null, coalesce(sum(${prefix}s), 0)::text,
        max(currency) filter (where ${prefix}s > 0)
      from ledger_clinic_total where ${sc}`;
    },
    {
      args: [SCOPE.clinicsOfB, SCOPE.clinics, true, true],
      sample: { ...SCOPE.values, afterBalance: '100', afterName: 'Name', afterId: SAMPLE.uuid, limit: 51, offset: 0 },
    },
    {
      args: [SCOPE.clinicOfB, SCOPE.clinic, false, true],
      sample: { ...SCOPE.values, afterBalance: '100', afterName: 'Name', afterId: SAMPLE.uuid, limit: 51, offset: 0 },
    },
    {
      args: ['b.' + SCOPE.all, SCOPE.all, false, false],
      sample: { ...SCOPE.values, afterBalance: '100', afterName: 'Name', afterId: SAMPLE.uuid, limit: 51, offset: 0 },
    },
  ),
};
