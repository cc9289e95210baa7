import {
  CallerContext,
  ReceivablesAgingAnswer,
  ReceivablesAgingBuckets,
  ReceivablesAgingQueryDto,
  ReceivablesAgingRow,
} from '@dental/contracts';
import { Money } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ReportClinics } from '../../reports/queries/report-clinic';
import {
  decodeCursor,
  encodeCursor,
  pageOf,
  ReceivablesScope,
  receivablesScope,
  named,
  scopeCondition,
  scopeValues,
  seesNothing,
  singleCurrency,
  todayIn,
} from './receivables-scope';

export const AGING_DEFAULT_PAGE_SIZE = 50;

/** One line of the statement's answer: a page row, or (grand) the totals of every row. Money as minor-unit text. */
interface AgingLine {
  grand: boolean;
  ordinal: string | null;
  patient_id: string | null;
  clinic_id: string | null;
  name: string | null;
  currency: string | null;
  b0: string;
  b31: string;
  b61: string;
  b91: string;
  total: string;
  credit: string;
  last_payment_date: string | null;
  row_count: string | null;
  max_currency: string | null;
}

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
function agingStatement(scope: ReceivablesScope, asOf: string, after: [string, string] | null) {
  const sc = scopeCondition(scope);
  const sb = scopeCondition(scope, 'b');
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
           ${after ? 'and (b.name, b.patient_id) > (:afterName, :afterId::uuid)' : ''}
         order by b.name, b.patient_id limit :settledLimit)
        union all
        select patient_id, name, true from c_rows ${after ? 'where (name, patient_id) > (:afterName, :afterId::uuid)' : ''}
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
}

/**
 * Receivables aging (DOMAIN.md D) as of a date D, per patient, over one clinic or every clinic the caller may see:
 * patients owing something (by age bucket) or in credit as of D, by name; the totals cover every row.
 */
@Injectable()
export class ReceivablesAgingHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly clinics: ReportClinics,
  ) {}

  async execute(query: ReceivablesAgingQueryDto, caller: CallerContext): Promise<ReceivablesAgingAnswer> {
    const scope = await receivablesScope(this.em, this.clinics, caller, query.clinicId);
    const asOf = query.asOf ?? todayIn(scope);
    const after = query.after ? (decodeCursor(query.after, ['string', 'string']) as [string, string]) : null;
    const { page, pageSize, offset, limit } = pageOf(query, AGING_DEFAULT_PAGE_SIZE);
    const lines = seesNothing(scope) ? [] : await this.read(scope, asOf, after, limit, offset);
    const grand = lines.find((l) => l.grand);
    const rows = lines.filter((l) => !l.grand).sort((a, b) => Number(a.ordinal) - Number(b.ordinal));
    const currency = singleCurrency(scope, grand?.currency ? [grand.currency, grand.max_currency!] : []);
    const more = rows.length > pageSize;
    const shown = more ? rows.slice(0, pageSize) : rows;
    const m = (minor: string) => Money.of(BigInt(minor), currency).toDecimal();
    const buckets = (l: AgingLine): ReceivablesAgingBuckets => ({
      '0-30': m(l.b0),
      '31-60': m(l.b31),
      '61-90': m(l.b61),
      '91+': m(l.b91),
    });
    const items: ReceivablesAgingRow[] = shown.map((l) => ({
      patientId: l.patient_id!,
      name: l.name!,
      clinicId: l.clinic_id!,
      buckets: buckets(l),
      total: m(l.total),
      credit: m(l.credit),
      lastPaymentDate: l.last_payment_date,
    }));
    const last = shown[shown.length - 1];
    const zero = { b0: '0', b31: '0', b61: '0', b91: '0', total: '0', credit: '0' } as AgingLine;
    return {
      asOf,
      clinicId: scope.clinicId,
      clinicName: scope.clinicName ?? undefined,
      locale: scope.locale,
      currency,
      items,
      totals: { buckets: buckets(grand ?? zero), total: m((grand ?? zero).total), credit: m((grand ?? zero).credit) },
      total: Number(grand?.row_count ?? 0),
      page,
      pageSize,
      nextCursor: more && last ? encodeCursor([last.name!, last.patient_id!]) : null,
    };
  }

  private read(scope: ReceivablesScope, asOf: string, after: [string, string] | null, limit: number, offset: number) {
    const { sql, params } = named(agingStatement(scope, asOf, after), {
      ...scopeValues(scope),
      asOf,
      afterName: after?.[0],
      afterId: after?.[1],
      // the settled rows' walk needs at most the rows of this page and all before it
      settledLimit: offset + limit,
      limit,
      offset,
    });
    // no JIT: its compile time (seconds for a statement this size) is far above what the statement takes
    return this.em.transactional(async (tx) => {
      await tx.execute(`select set_config('jit', 'off', true)`);
      return tx.execute<AgingLine[]>(sql, params);
    });
  }
}
