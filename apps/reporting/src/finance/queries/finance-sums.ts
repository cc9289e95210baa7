import { FinanceTotals } from '@dental/contracts';
import { Money } from '@dental/money';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FinanceSql } from '../finance.sql';
import {
  and,
  bucketsCanAnswer,
  bucketTable,
  dateCondition,
  FinanceScope,
  scopeCondition,
  SqlCondition,
} from './finance-scope';
import { planPeriod, PeriodPlan } from './period';

/** Sums of a group of work orders, minor units. */
export interface Sums {
  count: bigint;
  total: bigint;
  paid: bigint;
}

/** Sums as the answers show them: decimal strings in the answer's currency, outstanding = total − paid. */
export function totalsOf(sums: Sums, currency: string): FinanceTotals {
  const paid = Money.of(sums.paid, currency);
  const total = Money.of(sums.total, currency);
  return {
    workOrderCount: Number(sums.count),
    paidAmount: paid.toDecimal(),
    totalAmount: total.toDecimal(),
    outstandingAmount: total.minus(paid).toDecimal(),
  };
}

export interface GroupSums extends Sums {
  labId: string | null;
  labName: string | null;
  currency: string;
}

function monthsCondition(plan: PeriodPlan): SqlCondition | null {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (plan.months) {
    const run: string[] = [];
    if (plan.months.from) {
      run.push('month >= ?');
      params.push(plan.months.from);
    }
    if (plan.months.toExclusive) {
      run.push('month < ?');
      params.push(plan.months.toExclusive);
    }
    parts.push(run.length ? `(${run.join(' and ')})` : 'true');
  }
  if (plan.edgeMonths.length) {
    parts.push('month in (?)');
    params.push(plan.edgeMonths);
  }
  return parts.length ? { sql: parts.join(' or '), params } : null;
}

/**
 * Count, total and paid of the work orders in scope over a period, per currency and (when `perLab`) per lab with its
 * name, in one statement (one snapshot). Whole months come from the month buckets (organization-wide unless
 * clinics are filtered or limited; by status with a status filter), the partial months at the edges from the
 * work-order rows (see planPeriod). A status filter for a caller limited to some clinics, or with a clinic filter,
 * sums the rows: only the organization-wide buckets are kept by status.
 */
export async function sumWorkOrders(
  em: EntityManager,
  scope: FinanceScope,
  period: { from?: string; to?: string },
  perLab: boolean,
): Promise<GroupSums[]> {
  const plan: PeriodPlan = bucketsCanAnswer(scope)
    ? planPeriod(period.from, period.to)
    : { months: null, edgeMonths: [], rowRanges: [{ ...period, sign: 1 }] };
  const group = perLab ? 'lab_id, currency' : 'currency';
  const parts: SqlCondition[] = [];
  const months = monthsCondition(plan);
  if (months) {
    const where = and(scopeCondition(scope, 'buckets'), months);
    parts.push({
      sql: FinanceSql.bucketSums.build(group, bucketTable(scope), where.sql),
      params: where.params,
    });
  }
  for (const range of plan.rowRanges) {
    const where = and(scopeCondition(scope, 'rows'), dateCondition(range));
    parts.push({
      sql: FinanceSql.rowSums.build(group, range.sign, where.sql),
      params: where.params,
    });
  }
  if (!parts.length) return [];
  const rows = await em.execute<
    { lab_id?: string; lab_name?: string | null; currency: string; count: string; total: string; paid: string }[]
  >(
    FinanceSql.groupSums.build(
      group,
      parts.map((p) => p.sql),
      perLab,
    ),
    parts.flatMap((p) => p.params),
  );
  return rows.map((r) => ({
    labId: r.lab_id ?? null,
    labName: r.lab_name ?? null,
    currency: r.currency.trim(),
    count: BigInt(r.count),
    total: BigInt(r.total),
    paid: BigInt(r.paid),
  }));
}
