import {
  CallerContext,
  FinanceWorkOrderRow,
  FinanceWorkOrdersAnswer,
  FinanceWorkOrdersQueryDto,
  PaymentMethod,
  PaymentStatus,
} from '@dental/contracts';
import { Money } from '@dental/money';
import { IsolationLevel } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { FinanceSql } from '../finance.sql';
import {
  and,
  currencyOfEmptyAnswer,
  dateCondition,
  resolveScope,
  scopeCondition,
  seesNothing,
  singleCurrency,
} from './finance-scope';
import { sumWorkOrders, totalsOf } from './finance-sums';
import { checkPeriod } from './period';
import { Cursor, decodeCursor, encodeCursor, keysetCondition, parseSort, WorkOrderSort } from './work-order-sort';

interface Row {
  id: string;
  number: string;
  lab_id: string;
  lab_name: string;
  payment_method: PaymentMethod;
  paid_amount: string;
  total_amount: string;
  outstanding_amount: string;
  payment_status: PaymentStatus;
  payment_status_rank: number;
  documented_date: string;
  currency: string;
}

const DEFAULT_PAGE_SIZE = 50;
/** Up to this many work orders in the filtered set, the page is sorted from the filtered rows (see execute). */
const FILTER_FIRST_UP_TO = 20_000n;

function cursorAfter(row: Row, sort: WorkOrderSort): Cursor {
  const value = (row as unknown as Record<string, string | number>)[sort.column];
  return { sort: sort.text, value, id: row.id };
}

/**
 * The Work Orders tab: one page of the filtered set in the asked order (id breaks ties, in the same direction), with
 * the totals and count of the whole set. Offset paging for the screen; keyset paging (`after`) for exports, where
 * `nextCursor` points past the last row while more follow. Both modes answer `nextCursor` (null at the end).
 */
@Injectable()
export class FinanceWorkOrdersHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(query: FinanceWorkOrdersQueryDto, caller: CallerContext): Promise<FinanceWorkOrdersAnswer> {
    const sort = parseSort(query.sort);
    const cursor = query.after !== undefined ? decodeCursor(query.after, sort) : undefined;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const page = cursor ? 1 : (query.page ?? 1);
    checkPeriod(query.from, query.to);
    return this.em.transactional(
      async (em) => {
        const scope = await resolveScope(em, query, caller);
        const groups = seesNothing(scope) ? [] : await sumWorkOrders(em, scope, query, false);
        const currency = singleCurrency(groups.map((g) => g.currency)) ?? (await currencyOfEmptyAnswer(em, scope));
        const sums = groups[0] ?? { count: 0n, total: 0n, paid: 0n };
        let rows: Row[] = [];
        if (sums.count > 0n) {
          const where = and(
            scopeCondition(scope, 'rows'),
            dateCondition(query),
            ...(cursor ? [keysetCondition(cursor, sort)] : []),
          );
          const direction = sort.descending ? 'desc' : 'asc';
          // Few rows in the set: read them first through the filters' indexes and sort them (a top-N sort of a few
          // thousand rows takes milliseconds); the planner would otherwise walk the whole organization in the sort
          // column's order, expecting matches spread evenly, which filters on lab, status or period are not.
          rows = await em.execute<Row[]>(
            FinanceSql.workOrdersPage.build(where.sql, sums.count <= FILTER_FIRST_UP_TO, sort.column, direction),
            [...where.params, pageSize + 1, cursor ? 0 : (page - 1) * pageSize],
          );
        }
        const more = rows.length > pageSize;
        if (more) rows = rows.slice(0, pageSize);
        return {
          items: rows.map(toItem),
          totals: totalsOf(sums, currency),
          total: Number(sums.count),
          page,
          pageSize,
          currency,
          nextCursor: more ? encodeCursor(cursorAfter(rows[rows.length - 1], sort)) : null,
        };
      },
      { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
    );
  }
}

function toItem(row: Row): FinanceWorkOrderRow {
  const currency = row.currency.trim();
  const money = (minor: string) => Money.of(BigInt(minor), currency).toDecimal();
  return {
    workOrderId: row.id,
    number: row.number,
    labId: row.lab_id,
    labName: row.lab_name,
    paymentMethod: row.payment_method,
    paidAmount: money(row.paid_amount),
    totalAmount: money(row.total_amount),
    outstandingAmount: money(row.outstanding_amount),
    paymentStatus: row.payment_status,
    documentedDate: row.documented_date,
  };
}
