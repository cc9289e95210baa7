import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from '../validation';
import type { ReportClinicLabel, ReportFileColumn, ReportLocale } from './reports.contracts';

// Payables aging (DOMAIN.md D): what the clinic owes each dental lab as of a date, by how long it is past due.
// Served by `reporting` from its read models (apps/reporting/src/payables), fed by work-order and payment events.
export const PayablesAgingSubjects = {
  aging: 'reporting.query.payables-aging',
} as const;

/** Days past due: a remainder due on or after the as-of date is `not_due` (due exactly on it is 0 days past due). */
export const PAYABLES_AGING_BUCKETS = ['not_due', '1-30', '31-60', '61-90', '91+'] as const;
export type PayablesAgingBucket = (typeof PAYABLES_AGING_BUCKETS)[number];
export type PayablesAgingBuckets = Record<PayablesAgingBucket, string>;

/** The report's filters (API.md `GET /reports/payables-aging`); all optional. */
export class PayablesAgingFiltersDto {
  @ApiPropertyOptional({ description: 'one clinic (default: every clinic the caller may see)' })
  @IsOptional()
  @IsUUID()
  clinicId?: string;

  @ApiPropertyOptional({ description: 'one dental lab: its row comes with the drill-down to its work orders' })
  @IsOptional()
  @IsUUID()
  labId?: string;

  @ApiPropertyOptional({
    description: "the date D the debts are aged at, YYYY-MM-DD (default: today in the clinic's time zone)",
  })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

/** `reporting.query.payables-aging`: the filters, and keyset paging of the drill-down (gateway chunks). */
export class PayablesAgingQueryDto extends PayablesAgingFiltersDto {
  /** The drill-down's work orders after this opaque cursor (`nextCursor` of the previous answer). */
  @IsOptional()
  @IsString()
  @MaxLength(300)
  after?: string;

  /** Drill-down work orders per answer (default and maximum 1000). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  pageSize?: number;
}

/** One work order of the drill-down: its uncovered installments by bucket. */
export interface PayablesAgingWorkOrderRow {
  workOrderId: string;
  number: string;
  documentedDate: string;
  buckets: PayablesAgingBuckets;
  total: string;
}

export interface PayablesAgingLabRow {
  labId: string;
  labName: string;
  buckets: PayablesAgingBuckets;
  total: string;
  /** Only with a `labId` filter: the lab's work orders that are owed something, oldest documented first. */
  workOrders?: PayablesAgingWorkOrderRow[];
}

export interface PayablesAgingTotals {
  buckets: PayablesAgingBuckets;
  total: string;
}

export interface PayablesAgingAnswer extends ReportClinicLabel {
  /** the date the figures are as of (the default resolved) */
  asOf: string;
  currency: string;
  clinicId: string | null;
  labId: string | null;
  /** labs owed something, by name */
  items: PayablesAgingLabRow[];
  totals: PayablesAgingTotals;
  /** the lab filter's name, for the files' header */
  labName?: string;
  /** set when more drill-down work orders follow (pass it back as `after`) */
  nextCursor?: string | null;
}

/** Column titles, report name and filter lines of the files, by locale (key parity: payables-aging.spec.ts). */
export const PAYABLES_AGING_LABELS = {
  en: {
    title: 'Payables Aging',
    asOf: 'As of',
    clinic: 'Clinic',
    allClinics: 'All clinics',
    lab: 'Dental lab',
    allLabs: 'All labs',
    workOrder: 'Work order #',
    documentedDate: 'Documented date',
    not_due: 'Not due',
    '1-30': '1-30 days',
    '31-60': '31-60 days',
    '61-90': '61-90 days',
    '91+': '91+ days',
    total: 'Total',
  },
  tr: {
    title: 'Borç Yaşlandırma',
    asOf: 'Tarih itibarıyla',
    clinic: 'Klinik',
    allClinics: 'Tüm klinikler',
    lab: 'Laboratuvar',
    allLabs: 'Tüm laboratuvarlar',
    workOrder: 'İş emri no',
    documentedDate: 'Kayıt tarihi',
    not_due: 'Vadesi gelmemiş',
    '1-30': '1-30 gün',
    '31-60': '31-60 gün',
    '61-90': '61-90 gün',
    '91+': '91+ gün',
    total: 'Toplam',
  },
} as const satisfies Record<ReportLocale, Record<string, string>>;

const bucketColumns = (locale: ReportLocale): ReportFileColumn[] =>
  [...PAYABLES_AGING_BUCKETS, 'total' as const].map((b) => ({
    title: PAYABLES_AGING_LABELS[locale][b],
    kind: 'money',
    width: 14,
  }));

const bucketCells = (r: PayablesAgingTotals): string[] => [...PAYABLES_AGING_BUCKETS.map((b) => r.buckets[b]), r.total];

/**
 * The files' table, shared by the gateway's exports: one row per lab, or with a lab filter one row per work order of
 * the drill-down; the totals row last.
 */
export const PayablesAgingLayouts = {
  labColumns(locale: ReportLocale = 'en'): ReportFileColumn[] {
    return [{ title: PAYABLES_AGING_LABELS[locale].lab, kind: 'text', width: 30 }, ...bucketColumns(locale)];
  },

  labCells(r: PayablesAgingLabRow): string[] {
    return [r.labName, ...bucketCells(r)];
  },

  workOrderColumns(locale: ReportLocale = 'en'): ReportFileColumn[] {
    const l = PAYABLES_AGING_LABELS[locale];
    return [
      { title: l.workOrder, kind: 'text', width: 14 },
      { title: l.documentedDate, kind: 'date', width: 14 },
      ...bucketColumns(locale),
    ];
  },

  workOrderCells(r: PayablesAgingWorkOrderRow): string[] {
    return [r.number, r.documentedDate, ...bucketCells(r)];
  },

  /** The totals row under `columns` columns: the label first, the figures last. */
  totalsCells(t: PayablesAgingTotals, locale: ReportLocale, columns: number): string[] {
    const figures = bucketCells(t);
    const blanks = Array.from({ length: columns - 1 - figures.length }, () => '');
    return [PAYABLES_AGING_LABELS[locale].total, ...blanks, ...figures];
  },

  /** The header's filter lines: the as-of date, the clinic and the lab. */
  filterLines(
    locale: ReportLocale,
    f: { asOf: string; clinicName?: string | null; labName?: string | null },
  ): Array<{ label: string; value: string }> {
    const l = PAYABLES_AGING_LABELS[locale];
    return [
      { label: l.asOf, value: f.asOf },
      { label: l.clinic, value: f.clinicName || l.allClinics },
      { label: l.lab, value: f.labName || l.allLabs },
    ];
  },
} as const;
