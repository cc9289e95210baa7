import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { LOCALES } from '../payments/clinics.contracts';
import type { ProgressMode } from '../payments/progress-settings.contracts';
import { EXPORT_FORMATS, ExportFormat } from './finance.contracts';
import { IsCalendarDate } from '../validation';

// Account Book and Progress Payment (DOMAIN.md B "Progress payment", C), served by `reporting` from its read models.
export const ReportSubjects = {
  accountBook: 'reporting.query.account-book',
  progressPayments: 'reporting.query.progress-payments',
  /** A whole report file in one answer (small reports only): used by notifications' scheduled reports. */
  renderReport: 'reporting.query.render-report',
} as const;

export const ReportErrors = {
  /** render-report answers a whole file over the bus: a period with too many rows is refused, not cut short */
  TOO_LARGE: 'REPORT.TOO_LARGE',
} as const;

export const ACCOUNT_BOOK_GROUPINGS = ['day', 'month', 'year'] as const;
export type AccountBookGrouping = (typeof ACCOUNT_BOOK_GROUPINGS)[number];

/** The payment types received money is shown under (a `refund` has its own column). */
export const RECEIVED_PAYMENT_TYPES = ['cash', 'card', 'bank_transfer', 'check'] as const;
export type ReceivedPaymentType = (typeof RECEIVED_PAYMENT_TYPES)[number];

export const RENDERABLE_REPORTS = ['account-book', 'progress-payments', 'finance-labs'] as const;
export type RenderableReport = (typeof RENDERABLE_REPORTS)[number];

export const REPORT_LOCALES = LOCALES;
export type ReportLocale = (typeof LOCALES)[number];

/** The period filter of both reports: money dated from..to, both inclusive, both optional. */
export class ReportPeriodDto {
  @ApiProperty({ description: 'the clinic the report is about' })
  @IsUUID()
  clinicId: string;

  @ApiPropertyOptional({ description: 'money dated from (inclusive), YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: 'money dated to (inclusive), YYYY-MM-DD; not before from' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class AccountBookQueryDto extends ReportPeriodDto {
  @ApiPropertyOptional({ enum: ACCOUNT_BOOK_GROUPINGS, default: 'day' })
  @IsOptional()
  @IsIn(ACCOUNT_BOOK_GROUPINGS)
  groupBy?: AccountBookGrouping;

  /** Keyset paging for the gateway's chunks: rows whose period sorts after this one. Totals cover the whole period. */
  @IsOptional()
  @IsString()
  @MaxLength(10)
  after?: string;

  /** Rows per answer (default and maximum 1000; the gateway asks in chunks). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  pageSize?: number;
}

export class ProgressPaymentsQueryDto extends ReportPeriodDto {
  @ApiPropertyOptional({ description: 'only this physician' })
  @IsOptional()
  @IsUUID()
  physicianId?: string;
}

/** `reporting.query.render-report`: the organization comes from the caller. */
export class RenderReportQueryDto {
  @IsIn(RENDERABLE_REPORTS)
  report: RenderableReport;

  @IsUUID()
  clinicId: string;

  @IsCalendarDate()
  from: string;

  @IsCalendarDate()
  to: string;

  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;

  /** Column titles and report name language; default: the clinic's locale. */
  @IsOptional()
  @IsIn(REPORT_LOCALES)
  locale?: ReportLocale;

  /** account-book only; default 'day'. */
  @IsOptional()
  @IsIn(ACCOUNT_BOOK_GROUPINGS)
  groupBy?: AccountBookGrouping;

  /** progress-payments only. */
  @IsOptional()
  @IsUUID()
  physicianId?: string;

  /** Shown as the header's organization; reporting does not keep organization names (default: the clinic's name). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  organizationName?: string;
}

export type ReceivedByType = Record<ReceivedPaymentType, string>;

export interface AccountBookRow {
  /** `2026-11-21` (day), `2026-11` (month) or `2026` (year) */
  period: string;
  receivedByType: ReceivedByType;
  /** sum of receivedByType */
  receivedAmount: string;
  /** refunds to patients: zero or negative */
  refunds: string;
  /** bank costs of card payments: the clinic's expense */
  bankExpenses: string;
  /** work-order payments to dental labs (money out; a lab's refund to the clinic lowers it) */
  labPayments: string;
  /** receivedAmount + refunds − bankExpenses (lab payments are not deducted) */
  netTurnover: string;
}

export type AccountBookTotals = Omit<AccountBookRow, 'period'>;

/** What a report's file header and labels need of its clinic (the gateway leaves them out of its JSON). */
export interface ReportClinicLabel {
  clinicName?: string;
  /** the clinic's locale: the language of the files' column titles and filter lines */
  locale?: ReportLocale;
}

export interface AccountBookAnswer extends ReportClinicLabel {
  clinicId: string;
  currency: string;
  groupBy: AccountBookGrouping;
  from: string | null;
  to: string | null;
  /** only periods with money in them, oldest first */
  items: AccountBookRow[];
  /** over the whole period, whatever page this is */
  totals: AccountBookTotals;
  /** set when more rows follow (keyset paging with `after`) */
  nextCursor: string | null;
}

export interface ProgressPaymentRow {
  /** null: the "Clinic" row (splits of treatments with no physician, e.g. Bank Cost) */
  physicianId: string | null;
  name: string;
  /** sum of the physician's pay splits of money dated in the period (refunds negative), whatever the mode */
  collectedAmount: string;
  /**
   * what the clinic's mode counts (DOMAIN.md D): collections = collectedAmount; treatments = their treatments
   * performed in the period; registered = money received in the period on their behalf, net of bank costs
   */
  baseAmount: string;
  /** base × the clinic's cost percentage, half-up to the cent */
  costAmount: string;
  /** the lab fees linked to their treatments performed in the period (a case's cost split by treatment amount) */
  labFeeAmount: string;
  /** base − cost − lab fees */
  netAmount: string;
  /** the physician's current commission percent, e.g. "40.00"; null when not set */
  commissionPercent: string | null;
  /** net × commission % half-up to the cent; = net when no commission is set */
  earnedAmount: string;
}

export interface ProgressPaymentTotals {
  collectedAmount: string;
  baseAmount: string;
  costAmount: string;
  labFeeAmount: string;
  netAmount: string;
  earnedAmount: string;
}

export interface ProgressPaymentsAnswer extends ReportClinicLabel {
  clinicId: string;
  currency: string;
  from: string | null;
  to: string | null;
  /** the clinic's progress-payment mode (PUT /clinics/:id/progress-settings; default collections) */
  mode: ProgressMode;
  /** the clinic's cost percentage taken off the base, e.g. "10.00" (default "0.00") */
  costPercent: string;
  /** physicians by name, the Clinic row last */
  items: ProgressPaymentRow[];
  totals: ProgressPaymentTotals;
}

/** A whole file (render-report). Same shape as the payments' FileView. */
export interface ReportFileView {
  fileName: string;
  contentType: string;
  contentBase64: string;
}

/** Column titles and report names of the files, by locale: the gateway's exports and render-report share them. */
export const REPORT_LABELS = {
  en: {
    accountBook: 'Account Book',
    progressPayments: 'Progress Payment',
    period: 'Period',
    cash: 'Cash',
    card: 'Card',
    bank_transfer: 'Bank transfer',
    check: 'Check',
    received: 'Received',
    refunds: 'Refunds',
    bankExpenses: 'Bank expenses',
    labPayments: 'Lab payments',
    netTurnover: 'Net turnover',
    physician: 'Physician',
    collected: 'Collected',
    base: 'Base',
    cost: 'Cost',
    labFees: 'Lab fees',
    net: 'Net',
    mode: 'Mode',
    costPercent: 'Cost %',
    collections: 'Collections',
    treatments: 'Treatments',
    registered: 'Registered',
    commissionPercent: 'Commission %',
    earned: 'Earned',
    clinicRow: 'Clinic',
    total: 'Total',
    clinic: 'Clinic',
    groupBy: 'Grouped by',
    day: 'Day',
    month: 'Month',
    year: 'Year',
    allDates: 'All dates',
    allPhysicians: 'All physicians',
    notSet: 'not set',
  },
  tr: {
    accountBook: 'Kasa Defteri',
    progressPayments: 'Hakediş',
    period: 'Dönem',
    cash: 'Nakit',
    card: 'Kredi kartı',
    bank_transfer: 'Havale/EFT',
    check: 'Çek',
    received: 'Tahsilat',
    refunds: 'İadeler',
    bankExpenses: 'Banka giderleri',
    labPayments: 'Laboratuvar ödemeleri',
    netTurnover: 'Net ciro',
    physician: 'Hekim',
    collected: 'Tahsil edilen',
    base: 'Matrah',
    cost: 'Gider',
    labFees: 'Laboratuvar ücretleri',
    net: 'Net',
    mode: 'Yöntem',
    costPercent: 'Gider %',
    collections: 'Tahsilat',
    treatments: 'Tedaviler',
    registered: 'Kayıtlı',
    commissionPercent: 'Prim %',
    earned: 'Hakediş',
    clinicRow: 'Klinik',
    total: 'Toplam',
    clinic: 'Klinik',
    groupBy: 'Gruplama',
    day: 'Gün',
    month: 'Ay',
    year: 'Yıl',
    allDates: 'Tüm tarihler',
    allPhysicians: 'Tüm hekimler',
    notSet: 'yok',
  },
} as const satisfies Record<ReportLocale, Record<string, string>>;

/** A column of a report file; the same shape as @dental/exports' ReportColumn (contracts do not depend on it). */
export interface ReportFileColumn {
  title: string;
  kind: 'text' | 'money' | 'count' | 'date';
  width: number;
}

/** The files' tables, shared by the gateway's streamed exports and render-report so that both read alike. */
export const ReportLayouts = {
  accountBookColumns(locale: ReportLocale = 'en'): ReportFileColumn[] {
    const l = REPORT_LABELS[locale];
    return [
      { title: l.period, kind: 'text', width: 12 },
      ...RECEIVED_PAYMENT_TYPES.map((t): ReportFileColumn => ({ title: l[t], kind: 'money', width: 13 })),
      { title: l.received, kind: 'money', width: 14 },
      { title: l.refunds, kind: 'money', width: 13 },
      { title: l.bankExpenses, kind: 'money', width: 13 },
      { title: l.netTurnover, kind: 'money', width: 14 },
      { title: l.labPayments, kind: 'money', width: 14 },
    ];
  },

  accountBookCells(label: string, r: AccountBookTotals): string[] {
    return [
      label,
      ...RECEIVED_PAYMENT_TYPES.map((t) => r.receivedByType[t]),
      r.receivedAmount,
      r.refunds,
      r.bankExpenses,
      r.netTurnover,
      r.labPayments,
    ];
  },

  progressPaymentColumns(locale: ReportLocale = 'en'): ReportFileColumn[] {
    const l = REPORT_LABELS[locale];
    return [
      { title: l.physician, kind: 'text', width: 26 },
      { title: l.collected, kind: 'money', width: 13 },
      { title: l.base, kind: 'money', width: 13 },
      { title: l.cost, kind: 'money', width: 12 },
      { title: l.labFees, kind: 'money', width: 12 },
      { title: l.net, kind: 'money', width: 13 },
      { title: l.commissionPercent, kind: 'text', width: 11 },
      { title: l.earned, kind: 'money', width: 13 },
    ];
  },

  progressPaymentCells(r: ProgressPaymentRow, locale: ReportLocale = 'en'): string[] {
    const name = r.physicianId === null ? REPORT_LABELS[locale].clinicRow : r.name;
    return [
      name,
      r.collectedAmount,
      r.baseAmount,
      r.costAmount,
      r.labFeeAmount,
      r.netAmount,
      r.commissionPercent ?? '',
      r.earnedAmount,
    ];
  },

  progressPaymentTotals(t: ProgressPaymentTotals, locale: ReportLocale = 'en'): string[] {
    return [
      REPORT_LABELS[locale].total,
      t.collectedAmount,
      t.baseAmount,
      t.costAmount,
      t.labFeeAmount,
      t.netAmount,
      '',
      t.earnedAmount,
    ];
  },

  /** The header's filter lines. */
  filterLines(
    locale: ReportLocale,
    f: {
      clinicName: string;
      from?: string | null;
      to?: string | null;
      groupBy?: AccountBookGrouping;
      physician?: string;
      /** progress payments: the clinic's mode and cost percentage */
      progress?: { mode: ProgressMode; costPercent: string };
    },
  ): Array<{ label: string; value: string }> {
    const l = REPORT_LABELS[locale];
    const period = f.from && f.to ? `${f.from} – ${f.to}` : f.from ? `${f.from} –` : f.to ? `– ${f.to}` : l.allDates;
    const lines: Array<{ label: string; value: string }> = [
      { label: l.clinic, value: f.clinicName },
      { label: l.period, value: period },
    ];
    if (f.groupBy) lines.push({ label: l.groupBy, value: l[f.groupBy] });
    if (f.physician !== undefined) lines.push({ label: l.physician, value: f.physician || l.allPhysicians });
    if (f.progress) {
      lines.push({ label: l.mode, value: l[f.progress.mode] });
      lines.push({ label: l.costPercent, value: f.progress.costPercent });
    }
    return lines;
  },
} as const;
