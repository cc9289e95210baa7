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
import { PayablesSql, SUM_KEYS } from '../payables.sql';

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
    return em.execute<AgingRow[]>(PayablesSql.aging.build(where.sql, scope.labId ? keyset.sql : null), [
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
    ]);
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
      PayablesSql.clinicFacts.build(parts.join(' and ')),
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
    const [lab] = await em.execute<Array<{ name: string }>>(PayablesSql.labName.text, [labId]);
    return lab?.name ?? labId;
  }
}
