import { CallerContext, PatientBalanceRow, PatientBalancesAnswer, PatientBalancesQueryDto } from '@dental/contracts';
import { Money } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { LedgerSql } from '../ledger.sql';
import { ReportClinics } from '../../reports/queries/report-clinic';
import {
  decodeCursor,
  encodeCursor,
  invalidCursor,
  pageOf,
  ReceivablesScope,
  receivablesScope,
  named,
  scopeCondition,
  scopeValues,
  seesNothing,
  singleCurrency,
} from './receivables-scope';

export const BALANCES_DEFAULT_PAGE_SIZE = 50;

interface BalanceLine {
  grand: boolean;
  ordinal: string | null;
  patient_id: string | null;
  clinic_id: string | null;
  name: string | null;
  currency: string | null;
  treatment_total: string;
  received_total: string;
  amount: string;
  contract_balance: string;
  last_payment_date: string | null;
  row_count: string | null;
  max_currency: string | null;
}

/**
 * The balance report (DOMAIN.md D, DrDentes' REPORT > Balance): debtors (unpaid > 0) or overpayers (received more
 * > 0) of one clinic or every clinic the caller may see. The figures are the account page's: the open part after the
 * latest closure (the closed part was written off), so a patient reads here what their account summary reads.
 * Sorted by amount, largest first, then name and id; the totals cover every row.
 */
@Injectable()
export class PatientBalancesHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly clinics: ReportClinics,
  ) {}

  async execute(query: PatientBalancesQueryDto, caller: CallerContext): Promise<PatientBalancesAnswer> {
    const scope = await receivablesScope(this.em, this.clinics, caller, query.clinicId);
    const after = query.after ? decodeCursor(query.after, ['string', 'string', 'string']) : null;
    if (after && !/^\d{1,19}$/.test(after[0] as string)) throw invalidCursor();
    const { page, pageSize, offset, limit } = pageOf(query, BALANCES_DEFAULT_PAGE_SIZE);
    const lines = seesNothing(scope)
      ? []
      : await this.read(scope, query.kind, after as [string, string, string] | null, limit, offset);
    const grand = lines.find((l) => l.grand);
    const rows = lines.filter((l) => !l.grand).sort((a, b) => Number(a.ordinal) - Number(b.ordinal));
    const currency = singleCurrency(scope, grand?.currency ? [grand.currency, grand.max_currency!] : []);
    const more = rows.length > pageSize;
    const shown = more ? rows.slice(0, pageSize) : rows;
    const m = (minor: string | undefined) => Money.of(BigInt(minor ?? '0'), currency).toDecimal();
    const items: PatientBalanceRow[] = shown.map((l) => ({
      patientId: l.patient_id!,
      name: l.name!,
      clinicId: l.clinic_id!,
      treatmentTotal: m(l.treatment_total),
      receivedTotal: m(l.received_total),
      amount: m(l.amount),
      contractBalance: m(l.contract_balance),
      lastPaymentDate: l.last_payment_date,
    }));
    const last = shown[shown.length - 1];
    return {
      kind: query.kind,
      clinicId: scope.clinicId,
      clinicName: scope.clinicName ?? undefined,
      locale: scope.locale,
      currency,
      items,
      totals: {
        treatmentTotal: m(grand?.treatment_total),
        receivedTotal: m(grand?.received_total),
        amount: m(grand?.amount),
        contractBalance: m(grand?.contract_balance),
      },
      total: Number(grand?.row_count ?? 0),
      page,
      pageSize,
      nextCursor: more && last ? encodeCursor([last.amount, last.name!, last.patient_id!]) : null,
    };
  }

  /**
   * The page walks the kind's partial index in its order (largest amount first, then name and id); the totals are
   * the per-clinic sums the projection keeps (ledger_clinic_total), so neither reads every debtor.
   */
  private read(
    scope: ReceivablesScope,
    kind: PatientBalancesQueryDto['kind'],
    after: [string, string, string] | null,
    limit: number,
    offset: number,
  ) {
    const debtors = kind === 'debtors';
    const sql = LedgerSql.patientBalances.build(
      scopeCondition(scope, 'b'),
      scopeCondition(scope),
      debtors,
      after !== null,
    );
    const statement = named(sql, {
      ...scopeValues(scope),
      // the open balance of the cursor's row: debtors' amount as it is, overpayers' negated
      afterBalance: after ? (debtors ? after[0] : `-${after[0]}`) : undefined,
      afterName: after?.[1],
      afterId: after?.[2],
      limit,
      offset,
    });
    return this.em.transactional(async (tx) => {
      await tx.execute(LedgerSql.jitOff.text);
      return tx.execute<BalanceLine[]>(statement.sql, statement.params);
    });
  }
}
