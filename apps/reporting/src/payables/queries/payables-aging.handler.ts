import {
  CallerContext,
  PAYABLES_AGING_BUCKETS,
  PayablesAgingAnswer,
  PayablesAgingBucket,
  PayablesAgingBuckets,
  PayablesAgingLabRow,
  PayablesAgingQueryDto,
  PayablesAgingTotals,
  PayablesAgingWorkOrderRow,
} from '@dental/contracts';
import { Money } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  currencyOfEmptyAnswer,
  FinanceScope,
  resolveScope,
  scopeCondition,
  seesNothing,
  singleCurrency,
} from '../../finance/queries/finance-scope';
import { decodeCursor, encodeCursor, keysetCondition, parseSort } from '../../finance/queries/work-order-sort';
import { reportLocaleOf } from '../../reports/queries/report-clinic';

/** Drill-down work orders per answer unless asked for fewer; the gateway asks in chunks. */
export const PAYABLES_AGING_MAX_PAGE = 1000;
/** The drill-down's order: the work-order number, as the Finance tab sorts it (its cursors too). */
const DRILL_DOWN_SORT = parseSort('number');

const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** A row of the statement: a lab's sums, or (`kind` 'wo') one work order of the drill-down. Minor units as text. */
type Sums = Record<PayablesAgingBucket | 'total', string>;
type AgingRow = Sums & {
  kind: 'lab' | 'wo';
  id: string;
  name: string | null;
  number: string | null;
  documented_date: string | null;
  currency: string;
};
const SUM_KEYS = [...PAYABLES_AGING_BUCKETS, 'total'] as const;

/** Sums of remainders `r` per bucket (index k of PAYABLES_AGING_BUCKETS) and in all, as text. */
const sums = (r: string) =>
  [
    ...PAYABLES_AGING_BUCKETS.map(
      (b, k) => `coalesce(sum(${r}.amount) filter (where ${r}.bucket = ${k}), 0)::text as "${b}"`,
    ),
    `sum(${r}.amount)::text as total`,
  ].join(', ');


/**
 * Payables aging (DOMAIN.md D) as of D, in one statement over the Finance work orders (clinic, lab, number,
 * documented date, cancelled, total, paid) and this feature's installments and dated payments:
 * 1. `later`: per work order, its live payments dated after D (as of today: a short range of one index);
 * 2. `owed`: the non-cancelled work orders in scope documented on or before D whose paid as of D (stored paid − later)
 *    is below their total: the others (paid or overpaid as of D) owe nothing and are not read further;
 * 3. `remainders`: paid covers the installments oldest due first, so installment k (the installments before it
 *    summing to `covered_before`) keeps least(amount, greatest(0, covered_before + amount − paid)) uncovered (a net
 *    paid at or below 0 covers nothing), in its bucket by days past due (due on or after D: not due);
 * 4. summed per lab (straight from the remainders: no per-work-order step), and with a lab filter the drill-down
 *    page of work orders by number.
 */
@Injectable()
export class PayablesAgingHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(query: PayablesAgingQueryDto, caller: CallerContext): Promise<PayablesAgingAnswer> {
    const cursor = query.after !== undefined ? decodeCursor(query.after, DRILL_DOWN_SORT) : undefined;
    const pageSize = query.pageSize ?? PAYABLES_AGING_MAX_PAGE;
    const em = this.em;
    const scope = await resolveScope(em, { clinicId: query.clinicId, labId: query.labId }, caller);
    const clinics = await this.clinicFacts(em, scope);
    const asOf = query.asOf ?? clinics.today;
    const rows = seesNothing(scope) ? [] : await this.rows(em, scope, asOf, cursor, pageSize);

    const labRows = rows.filter((r) => r.kind === 'lab');
    const currency = singleCurrency(labRows.map((r) => r.currency.trim())) ?? (await currencyOfEmptyAnswer(em, scope));
    const money = (minor: string) => Money.of(BigInt(minor), currency).toDecimal();
    const figures = (r: Sums): PayablesAgingTotals => ({
      buckets: Object.fromEntries(PAYABLES_AGING_BUCKETS.map((b) => [b, money(r[b])])) as PayablesAgingBuckets,
      total: money(r.total),
    });

    const drillDown = rows.filter((r) => r.kind === 'wo');
    const more = drillDown.length > pageSize;
    if (more) drillDown.length = pageSize;
    const workOrders: PayablesAgingWorkOrderRow[] = drillDown.map((r) => ({
      workOrderId: r.id,
      number: r.number!,
      documentedDate: r.documented_date!,
      ...figures(r),
    }));
    const items: PayablesAgingLabRow[] = labRows
      .map((r) => ({
        labId: r.id,
        labName: r.name ?? '',
        ...figures(r),
        ...(query.labId ? { workOrders } : {}),
      }))
      .sort((a, b) => byName.compare(a.labName, b.labName) || (a.labId < b.labId ? -1 : a.labId > b.labId ? 1 : 0));
    const totals = Object.fromEntries(
      SUM_KEYS.map((k) => [k, labRows.reduce((sum, r) => sum + BigInt(r[k]), 0n).toString()]),
    ) as Sums;
    const last = drillDown[drillDown.length - 1];

    return {
      asOf,
      currency,
      clinicId: query.clinicId ?? null,
      labId: query.labId ?? null,
      items,
      totals: figures(totals),
      clinicName: query.clinicId ? (clinics.clinicName ?? query.clinicId) : undefined,
      locale: reportLocaleOf({ locale: clinics.locale }),
      labName: query.labId ? await this.labName(em, query.labId) : undefined,
      nextCursor: more ? encodeCursor({ sort: DRILL_DOWN_SORT.text, value: last.number!, id: last.id }) : null,
    };
  }

  private async rows(
    em: EntityManager,
    scope: FinanceScope,
    asOf: string,
    cursor: ReturnType<typeof decodeCursor> | undefined,
    pageSize: number,
  ): Promise<AgingRow[]> {
    const where = scopeCondition(scope, 'rows');
    const keyset = cursor ? keysetCondition(cursor, DRILL_DOWN_SORT) : { sql: 'true', params: [] };
    // keysetCondition names the rows `w`
    const drillDown = scope.labId
      ? `union all
         (select 'wo', w.id, null, w.number, w.documented_date::text, w.currency, ${sums('w')}
          from remainders w where ${keyset.sql}
          group by w.id, w.number, w.documented_date, w.currency
          having sum(w.amount) > 0
          order by w.number, w.id limit ?)`
      : '';
    return em.execute<AgingRow[]>(
      `with later as (
         select work_order_id, sum(amount)::bigint as amount from payables_payment
         where organization_id = ? and not deleted and date > ?::date
         group by work_order_id),
       owed as (
         select w.id, w.lab_id, w.number, w.documented_date, trim(w.currency) as currency,
           w.paid_amount - coalesce(l.amount, 0) as paid
         from (select id, lab_id, number, documented_date, currency, total_amount, paid_amount from finance_work_order
               where ${where.sql} and documented_date <= ?::date) w
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
       ${drillDown}`,
      [
        scope.organizationId,
        asOf,
        ...where.params,
        asOf,
        asOf,
        asOf,
        asOf,
        asOf,
        scope.organizationId,
        ...(scope.labId ? [...keyset.params, pageSize + 1] : []),
      ],
    );
  }

  /** Today (the latest calendar day among the clinics in scope, by their time zones), their locale, the clinic's name. */
  private async clinicFacts(
    em: EntityManager,
    scope: FinanceScope,
  ): Promise<{ today: string; locale: string; clinicName?: string }> {
    const utcToday = new Date().toISOString().slice(0, 10);
    if (seesNothing(scope)) return { today: utcToday, locale: 'en' };
    const parts = ['organization_id = ?'];
    const params: unknown[] = [scope.organizationId];
    if (scope.clinicId) {
      parts.push('id = ?');
      params.push(scope.clinicId);
    } else if (scope.visibleClinicIds !== null) {
      parts.push('id in (?)');
      params.push(scope.visibleClinicIds);
    }
    const [facts] = await em.execute<Array<{ today: string | null; locales: string[] | null; name: string | null }>>(
      `select to_char(max((now() at time zone time_zone)::date), 'YYYY-MM-DD') as today,
         array_agg(distinct locale) as locales, max(name) as name
       from report_clinic where ${parts.join(' and ')}`,
      params,
    );
    const locales = facts?.locales ?? [];
    return {
      today: facts?.today ?? utcToday,
      // one locale shared by every clinic in scope, else English
      locale: locales.length === 1 ? locales[0] : 'en',
      clinicName: scope.clinicId ? (facts?.name ?? undefined) : undefined,
    };
  }

  private async labName(em: EntityManager, labId: string): Promise<string> {
    const [lab] = await em.execute<Array<{ name: string }>>('select name from finance_lab where id = ?', [labId]);
    return lab?.name ?? labId;
  }
}
