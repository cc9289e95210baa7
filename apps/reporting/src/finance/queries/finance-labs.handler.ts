import { CallerContext, FinanceFiltersDto, FinanceLabRow, FinanceLabsAnswer } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { currencyOfEmptyAnswer, resolveScope, seesNothing, singleCurrency } from './finance-scope';
import { Sums, sumWorkOrders, totalsOf } from './finance-sums';

const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** The Dental Labs tab: one row per lab with work orders in the filtered set, ordered by lab name, and the totals. */
@Injectable()
export class FinanceLabsHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(filters: FinanceFiltersDto, caller: CallerContext): Promise<FinanceLabsAnswer> {
    // The figures and lab names come from one statement, hence one snapshot: no transaction needed.
    const scope = await resolveScope(this.em, filters, caller);
    const groups = seesNothing(scope) ? [] : await sumWorkOrders(this.em, scope, filters, true);
    const currency = singleCurrency(groups.map((g) => g.currency)) ?? (await currencyOfEmptyAnswer(this.em, scope));
    const items: FinanceLabRow[] = groups
      .map((g) => ({ labId: g.labId!, labName: g.labName ?? '', ...totalsOf(g, currency) }))
      .sort((a, b) => byName.compare(a.labName, b.labName) || (a.labId < b.labId ? -1 : a.labId > b.labId ? 1 : 0));
    const sums = groups.reduce<Sums>(
      (s, g) => ({ count: s.count + g.count, total: s.total + g.total, paid: s.paid + g.paid }),
      {
        count: 0n,
        total: 0n,
        paid: 0n,
      },
    );
    return { items, totals: totalsOf(sums, currency), currency };
  }
}
