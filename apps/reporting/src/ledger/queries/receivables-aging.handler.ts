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
import { LedgerSql } from '../ledger.sql';
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
    const statement = LedgerSql.receivablesAging.build(
      scopeCondition(scope),
      scopeCondition(scope, 'b'),
      after !== null,
    );
    const { sql, params } = named(statement, {
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
      await tx.execute(LedgerSql.jitOff.text);
      return tx.execute<AgingLine[]>(sql, params);
    });
  }
}
