import {
  AccountBookAnswer,
  AccountBookGrouping,
  AccountBookQueryDto,
  AccountBookTotals,
  CallerContext,
  RECEIVED_PAYMENT_TYPES,
} from '@dental/contracts';
import { Money } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ReportsSql } from '../reports.sql';
import { checkPeriod, periodCondition, ReportClinics, reportLocaleOf } from './report-clinic';

const PERIOD_FORMATS: Record<AccountBookGrouping, string> = { day: 'YYYY-MM-DD', month: 'YYYY-MM', year: 'YYYY' };
export const ACCOUNT_BOOK_MAX_ROWS = 1000;

/** Minor-unit sums of one period (or of all), as text: bigint sums do not fit a JS number. */
interface SumsRow {
  period?: string;
  cash: string;
  card: string;
  bank_transfer: string;
  check: string;
  refunds: string;
  bank_expenses: string;
  lab_payments: string;
}

/**
 * The Account Book (DOMAIN.md C): a clinic's money per day, month or year: received by payment type, refunds,
 * bank expenses, net turnover, and lab payments as money out. Only periods with money in them are listed.
 */
@Injectable()
export class AccountBookHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly clinics: ReportClinics,
  ) {}

  async execute(query: AccountBookQueryDto, caller: CallerContext): Promise<AccountBookAnswer> {
    checkPeriod(query.from, query.to);
    const em = this.em;
    const clinic = await this.clinics.visible(em, caller, query.clinicId);
    const groupBy = query.groupBy ?? 'day';
    const pageSize = query.pageSize ?? ACCOUNT_BOOK_MAX_ROWS;
    const patients = periodCondition('date', query.from, query.to);
    const labs = periodCondition('date', query.from, query.to);
    const params = [
      caller.organizationId,
      clinic.id,
      ...patients.params,
      caller.organizationId,
      clinic.id,
      ...labs.params,
    ];
    // rows and totals from one statement: one snapshot, the totals are the sum of every row
    const rows = await em.execute<Array<SumsRow & { grand: boolean }>>(
      ReportsSql.accountBook.build(patients.sql, labs.sql, PERIOD_FORMATS[groupBy]),
      [...params, query.after ?? '', pageSize + 1],
    );
    const grand = rows.find((r) => r.grand)!;
    const periods = rows.filter((r) => !r.grand).sort((a, b) => (a.period! < b.period! ? -1 : 1));
    const more = periods.length > pageSize;
    const page = more ? periods.slice(0, pageSize) : periods;
    return {
      clinicId: clinic.id,
      clinicName: clinic.name,
      locale: reportLocaleOf(clinic),
      currency: clinic.currency,
      groupBy,
      from: query.from ?? null,
      to: query.to ?? null,
      items: page.map((r) => ({ period: r.period!, ...figures(r, clinic.currency) })),
      totals: figures(grand, clinic.currency),
      nextCursor: more ? page[page.length - 1].period! : null,
    };
  }
}

function figures(r: SumsRow, currency: string): AccountBookTotals {
  const m = (minor: string) => Money.of(BigInt(minor), currency);
  const byType = RECEIVED_PAYMENT_TYPES.map((t) => m(r[t]));
  const received = Money.sum(byType, currency);
  const refunds = m(r.refunds);
  const bank = m(r.bank_expenses);
  return {
    receivedByType: {
      cash: byType[0].toDecimal(),
      card: byType[1].toDecimal(),
      bank_transfer: byType[2].toDecimal(),
      check: byType[3].toDecimal(),
    },
    receivedAmount: received.toDecimal(),
    refunds: refunds.toDecimal(),
    bankExpenses: bank.toDecimal(),
    labPayments: m(r.lab_payments).toDecimal(),
    netTurnover: received.plus(refunds).minus(bank).toDecimal(),
  };
}
