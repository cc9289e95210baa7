import {
  CallerContext,
  JOURNAL_MAX_CHUNK,
  JournalAccountKey,
  JournalLinesAnswer,
  JournalLinesQueryDto,
} from '@dental/contracts';
import { Money } from '@dental/money';
import { IsolationLevel } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { JournalSql } from '../journal.sql';
import {
  decodeCursor,
  encodeCursor,
  named,
  receivablesScope,
  scopeCondition,
  scopeValues,
  seesNothing,
  singleCurrency,
} from '../../ledger/queries/receivables-scope';
import { checkPeriod, ReportClinics } from '../../reports/queries/report-clinic';

interface LineRow {
  id: string;
  date: string;
  entry_id: string;
  account: JournalAccountKey;
  debit: string;
  credit: string;
  currency: string;
  source: string;
  reference: string;
  clinic_id: string;
}

const decimal = (minor: string, currency: string) => Money.of(BigInt(minor), currency).toDecimal();

/**
 * The journal's lines of one clinic (or every clinic the caller may see) in a period, by date then posting order
 * (an entry's lines stay together), in keyset chunks; the totals cover every line in scope. One REPEATABLE READ
 * transaction per chunk: its lines and the totals are one snapshot.
 */
@Injectable()
export class JournalLinesHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly clinics: ReportClinics,
  ) {}

  async execute(query: JournalLinesQueryDto, caller: CallerContext): Promise<JournalLinesAnswer> {
    checkPeriod(query.from, query.to);
    const em = this.em.fork();
    const scope = await receivablesScope(em, this.clinics, caller, query.clinicId);
    const pageSize = query.pageSize ?? JOURNAL_MAX_CHUNK;
    const after = query.after ? decodeCursor(query.after, ['string', 'number']) : null;
    const base = {
      clinicId: scope.clinicId,
      from: query.from ?? null,
      to: query.to ?? null,
    };
    if (seesNothing(scope))
      return {
        ...base,
        currency: singleCurrency(scope, []),
        items: [],
        totals: { debit: '0.00', credit: '0.00' },
        nextCursor: null,
      };

    const where = [scopeCondition(scope)];
    const values: Record<string, unknown> = { ...scopeValues(scope) };
    if (query.from) {
      where.push('date >= :from::date');
      values.from = query.from;
    }
    if (query.to) {
      where.push('date <= :to::date');
      values.to = query.to;
    }
    const condition = where.join(' and ');

    return em.transactional(
      async (tx) => {
        const sums = named(JournalSql.lineTotals.build(condition), values);
        const totals = await tx.execute<Array<{ currency: string; debit: string; credit: string }>>(
          sums.sql,
          sums.params,
        );
        const currency = singleCurrency(
          scope,
          totals.map((t) => t.currency),
        );
        const page = named(JournalSql.linesPage.build(condition, after !== null), {
          ...values,
          afterDate: after?.[0],
          afterId: after?.[1],
          limit: pageSize + 1,
        });
        const rows = await tx.execute<LineRow[]>(page.sql, page.params);
        const more = rows.length > pageSize;
        const items = rows.slice(0, pageSize);
        const last = items[items.length - 1];
        return {
          ...base,
          currency,
          items: items.map((r) => ({
            date: r.date,
            entryId: r.entry_id,
            account: r.account,
            debit: decimal(r.debit, r.currency),
            credit: decimal(r.credit, r.currency),
            currency: r.currency,
            source: r.source,
            reference: r.reference,
            clinicId: r.clinic_id,
          })),
          totals: {
            debit: decimal(totals[0]?.debit ?? '0', currency),
            credit: decimal(totals[0]?.credit ?? '0', currency),
          },
          nextCursor: more && last ? encodeCursor([last.date, Number(last.id)]) : null,
        };
      },
      { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
    );
  }
}
