import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { ItemCount, MAX_PAGE } from '../paging';
import { IsCalendarDate } from '../validation';
import type { ReportClinicLabel, ReportFileColumn, ReportLocale } from './reports.contracts';

// DOMAIN.md D, the receivables side: receivables aging and the balance report, served by `reporting` from its
// patient ledger (events of patient-accounts and payments).
export const ReceivablesSubjects = {
  aging: 'reporting.query.receivables-aging',
  balances: 'reporting.query.patient-balances',
} as const;

export const RECEIVABLES_AGING_BUCKETS = ['0-30', '31-60', '61-90', '91+'] as const;
export type ReceivablesAgingBucket = (typeof RECEIVABLES_AGING_BUCKETS)[number];

export const BALANCE_KINDS = ['debtors', 'overpayers'] as const;
export type BalanceKind = (typeof BALANCE_KINDS)[number];

/** Rows one answer may hold: a page of the JSON (≤ 500) or a chunk of an export (≤ 2,000, well under 1 MB). */
export const RECEIVABLES_MAX_CHUNK = 2000;

/** The scope of both reports: one clinic, or every clinic the caller may see. */
export class ReceivablesScopeDto {
  @ApiPropertyOptional({ description: 'one clinic; absent: every clinic the caller may see' })
  @IsOptional()
  @IsUUID()
  clinicId?: string;
}

/** Paging of the reporting queries: `page` (offset), or keyset after `after` (the exports' chunks). */
class ReceivablesPagingDto extends ReceivablesScopeDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(RECEIVABLES_MAX_CHUNK)
  pageSize?: number;

  /** Rows after this cursor (a previous answer's nextCursor); `page` is then ignored. */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  after?: string;
}

export class ReceivablesAgingQueryDto extends ReceivablesPagingDto {
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export class PatientBalancesQueryDto extends ReceivablesPagingDto {
  @IsIn(BALANCE_KINDS)
  kind: BalanceKind;
}

/** The asOf of GET /reports/receivables-aging (the HTTP query adds format, page and pageSize). */
export class ReceivablesAgingFilterDto extends ReceivablesScopeDto {
  @ApiPropertyOptional({
    example: '2026-06-30',
    description: "as of this date (YYYY-MM-DD); default: today in the clinic's time zone",
  })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export class PatientBalancesFilterDto extends ReceivablesScopeDto {
  @ApiProperty({ enum: BALANCE_KINDS, description: 'debtors: unpaid > 0; overpayers: received more > 0' })
  @IsIn(BALANCE_KINDS)
  kind: BalanceKind;
}

export type ReceivablesAgingBuckets = Record<ReceivablesAgingBucket, string>;

export interface ReceivablesAgingRow {
  /** drill-down: the patient's account page, GET /patients/:patientId/account */
  patientId: string;
  /** first and last name (the id while the patient's own event has not arrived) */
  name: string;
  clinicId: string;
  /** what is owed as of D, by the age of each treatment's unapplied remainder */
  buckets: ReceivablesAgingBuckets;
  /** the sum of the buckets */
  total: string;
  /** received more than treated as of D ("0.00" otherwise; all buckets are then 0) */
  credit: string;
  /** the latest money received (not a refund) dated ≤ D; null when none */
  lastPaymentDate: string | null;
}

export interface ReceivablesAgingTotals {
  buckets: ReceivablesAgingBuckets;
  total: string;
  credit: string;
}

export interface ReceivablesAgingAnswer extends ReportClinicLabel {
  asOf: string;
  /** null: every clinic the caller may see */
  clinicId: string | null;
  currency: string;
  /** patients owing something or in credit as of D, by name (then id) */
  items: ReceivablesAgingRow[];
  /** over every row, whatever page this is */
  totals: ReceivablesAgingTotals;
  total: ItemCount;
  page: number;
  pageSize: number;
  /** set when more rows follow (keyset paging with `after`) */
  nextCursor: string | null;
}

export interface PatientBalanceRow {
  patientId: string;
  name: string;
  clinicId: string;
  /** the open part of the account (after the latest closure), as the account page shows it */
  treatmentTotal: string;
  receivedTotal: string;
  /** debtors: unpaid (treatments − received); overpayers: received more (received − treatments) */
  amount: string;
  /** what is still to be received on the patient's contracts */
  contractBalance: string;
  lastPaymentDate: string | null;
}

export interface PatientBalanceTotals {
  treatmentTotal: string;
  receivedTotal: string;
  amount: string;
  contractBalance: string;
}

export interface PatientBalancesAnswer extends ReportClinicLabel {
  kind: BalanceKind;
  clinicId: string | null;
  currency: string;
  /** by amount, largest first (then name, id) */
  items: PatientBalanceRow[];
  totals: PatientBalanceTotals;
  total: ItemCount;
  page: number;
  pageSize: number;
  nextCursor: string | null;
}

/** Column titles and filter labels of the two reports' files, by locale. */
export const RECEIVABLES_LABELS = {
  en: {
    aging: 'Receivables Aging',
    debtors: 'Balance: patients with debt',
    overpayers: 'Balance: overpaying patients',
    patient: 'Patient',
    total: 'Total',
    credit: 'Credit',
    lastPaymentDate: 'Last payment',
    treatments: 'Treatments',
    received: 'Received',
    unpaid: 'Unpaid',
    receivedMore: 'Received more',
    contractBalance: 'Contract balance',
    clinic: 'Clinic',
    allClinics: 'All clinics',
    asOf: 'As of',
    kind: 'Patients',
    days: 'days',
  },
  tr: {
    aging: 'Alacak Yaşlandırma',
    debtors: 'Bakiye: borçlu hastalar',
    overpayers: 'Bakiye: fazla ödeyen hastalar',
    patient: 'Hasta',
    total: 'Toplam',
    credit: 'Alacaklı',
    lastPaymentDate: 'Son ödeme',
    treatments: 'Tedaviler',
    received: 'Tahsilat',
    unpaid: 'Kalan borç',
    receivedMore: 'Fazla ödeme',
    contractBalance: 'Sözleşme bakiyesi',
    clinic: 'Klinik',
    allClinics: 'Tüm klinikler',
    asOf: 'Tarih itibarıyla',
    kind: 'Hastalar',
    days: 'gün',
  },
} as const satisfies Record<ReportLocale, Record<string, string>>;

/** The files' tables of both reports (the gateway's streamed exports). */
export const ReceivablesLayouts = {
  agingColumns(locale: ReportLocale = 'en'): ReportFileColumn[] {
    const l = RECEIVABLES_LABELS[locale];
    return [
      { title: l.patient, kind: 'text', width: 30 },
      ...RECEIVABLES_AGING_BUCKETS.map((b): ReportFileColumn => ({
        title: `${b} ${l.days}`,
        kind: 'money',
        width: 14,
      })),
      { title: l.total, kind: 'money', width: 15 },
      { title: l.credit, kind: 'money', width: 14 },
      { title: l.lastPaymentDate, kind: 'date', width: 13 },
    ];
  },

  agingCells(r: ReceivablesAgingRow): string[] {
    return [r.name, ...RECEIVABLES_AGING_BUCKETS.map((b) => r.buckets[b]), r.total, r.credit, r.lastPaymentDate ?? ''];
  },

  agingTotals(t: ReceivablesAgingTotals, locale: ReportLocale = 'en'): string[] {
    return [
      RECEIVABLES_LABELS[locale].total,
      ...RECEIVABLES_AGING_BUCKETS.map((b) => t.buckets[b]),
      t.total,
      t.credit,
      '',
    ];
  },

  balanceColumns(kind: BalanceKind, locale: ReportLocale = 'en'): ReportFileColumn[] {
    const l = RECEIVABLES_LABELS[locale];
    return [
      { title: l.patient, kind: 'text', width: 30 },
      { title: l.treatments, kind: 'money', width: 15 },
      { title: l.received, kind: 'money', width: 15 },
      { title: kind === 'debtors' ? l.unpaid : l.receivedMore, kind: 'money', width: 15 },
      { title: l.contractBalance, kind: 'money', width: 16 },
      { title: l.lastPaymentDate, kind: 'date', width: 13 },
    ];
  },

  balanceCells(r: PatientBalanceRow): string[] {
    return [r.name, r.treatmentTotal, r.receivedTotal, r.amount, r.contractBalance, r.lastPaymentDate ?? ''];
  },

  balanceTotals(t: PatientBalanceTotals, locale: ReportLocale = 'en'): string[] {
    return [RECEIVABLES_LABELS[locale].total, t.treatmentTotal, t.receivedTotal, t.amount, t.contractBalance, ''];
  },

  /** The header's filter lines: the clinic (or all clinics), then the as-of date or the kind of patients. */
  filterLines(
    locale: ReportLocale,
    f: { clinicName: string | null; asOf?: string; kind?: BalanceKind },
  ): Array<{ label: string; value: string }> {
    const l = RECEIVABLES_LABELS[locale];
    const lines: Array<{ label: string; value: string }> = [{ label: l.clinic, value: f.clinicName ?? l.allClinics }];
    if (f.asOf) lines.push({ label: l.asOf, value: f.asOf });
    if (f.kind) lines.push({ label: l.kind, value: f.kind === 'debtors' ? l.unpaid : l.receivedMore });
    return lines;
  },
} as const;
