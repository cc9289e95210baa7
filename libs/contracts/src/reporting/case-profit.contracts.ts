import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import type { ReportClinicLabel, ReportFileColumn, ReportLocale } from './reports.contracts';
import { IsCalendarDate } from '../validation';
import { ReportPeriodDto } from './reports.contracts';

// DOMAIN.md D "Case profit": a lab case (work order) against the treatments linked to it, served by `reporting`.
export const CaseProfitSubjects = {
  caseProfit: 'reporting.query.case-profit',
} as const;

/** Which table a case-profit file holds: one row per case, per physician or per lab (JSON answers all three). */
export const CASE_PROFIT_GROUPINGS = ['case', 'physician', 'lab'] as const;
export type CaseProfitGrouping = (typeof CASE_PROFIT_GROUPINGS)[number];

/**
 * Work orders documented from..to (both inclusive) with at least one linked treatment, optionally one lab's; with
 * `physicianId` only the cases with a treatment of that physician, and every figure is that physician's part.
 */
export class CaseProfitFiltersDto extends ReportPeriodDto {
  @ApiPropertyOptional({ description: 'work orders documented from (inclusive), YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  override from?: string;

  @ApiPropertyOptional({ description: 'work orders documented to (inclusive), YYYY-MM-DD; not before from' })
  @IsOptional()
  @IsCalendarDate()
  override to?: string;

  @ApiPropertyOptional({ description: 'only cases with a linked treatment of this physician' })
  @IsOptional()
  @IsUUID()
  physicianId?: string;

  @ApiPropertyOptional({ description: 'only cases of this dental lab' })
  @IsOptional()
  @IsUUID()
  labId?: string;
}

/** `reporting.query.case-profit`: the filters, and keyset paging of the cases for the gateway's chunks. */
export class CaseProfitQueryDto extends CaseProfitFiltersDto {
  /** cases after this cursor (a previous answer's nextCursor); the per-physician, per-lab and totals are always whole */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;

  /** cases per answer (default and maximum 1000) */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  pageSize?: number;
}

/** A physician's part of a case: their linked treatments and the lab cost split over them by treatment amount. */
export interface CaseProfitShare {
  /** null: linked treatments with no physician (named "Clinic", as in the Progress Payment) */
  physicianId: string | null;
  name: string;
  treatmentAmount: string;
  labCost: string;
  profit: string;
}

/** A case: the whole work order, or the asked physician's part of it (physicianId filter). */
export interface CaseProfitCaseRow {
  workOrderId: string;
  /** WO-000123 */
  number: string;
  documentedDate: string;
  labId: string;
  labName: string;
  patientId: string | null;
  /** the linked treatments that still exist (deleted ones drop out) */
  treatmentIds: string[];
  /** sum of the linked treatments */
  treatmentAmount: string;
  /** the work order's total (its payment plan) */
  labCost: string;
  /** treatmentAmount − labCost */
  profit: string;
  /** by physician name, the no-physician part last */
  physicians: CaseProfitShare[];
}

export interface CaseProfitPhysicianRow {
  physicianId: string | null;
  name: string;
  /** cases with at least one linked treatment of the physician */
  caseCount: number;
  treatmentAmount: string;
  labCost: string;
  profit: string;
}

export interface CaseProfitLabRow {
  labId: string;
  labName: string;
  caseCount: number;
  treatmentAmount: string;
  labCost: string;
  profit: string;
}

export interface CaseProfitTotals {
  caseCount: number;
  treatmentAmount: string;
  labCost: string;
  profit: string;
}

export interface CaseProfitAnswer extends ReportClinicLabel {
  clinicId: string;
  currency: string;
  from: string | null;
  to: string | null;
  /** cases by documented date, then number (one page of them over the bus; the whole list over HTTP) */
  items: CaseProfitCaseRow[];
  /** per physician over the cases (only the one asked for with physicianId) */
  physicians: CaseProfitPhysicianRow[];
  /** per lab over the cases */
  labs: CaseProfitLabRow[];
  /** over every case of the filters: a case of two physicians counts once */
  totals: CaseProfitTotals;
  /** set when more cases follow (pass it as `after`) */
  nextCursor: string | null;
}

export const CASE_PROFIT_LABELS = {
  en: {
    title: 'Case Profit',
    workOrder: 'Work order',
    documented: 'Documented',
    lab: 'Dental lab',
    physicians: 'Physicians',
    physician: 'Physician',
    cases: 'Cases',
    treatmentAmount: 'Treatments',
    labCost: 'Lab cost',
    profit: 'Profit',
    clinicRow: 'Clinic',
    allLabs: 'All labs',
    rows: 'Rows',
    case: 'per case',
    byPhysician: 'per physician',
    byLab: 'per lab',
  },
  tr: {
    title: 'Vaka Kârlılığı',
    workOrder: 'İş emri',
    documented: 'Kayıt tarihi',
    lab: 'Laboratuvar',
    physicians: 'Hekimler',
    physician: 'Hekim',
    cases: 'Vaka',
    treatmentAmount: 'Tedaviler',
    labCost: 'Laboratuvar maliyeti',
    profit: 'Kâr',
    clinicRow: 'Klinik',
    allLabs: 'Tüm laboratuvarlar',
    rows: 'Satırlar',
    case: 'vaka bazında',
    byPhysician: 'hekim bazında',
    byLab: 'laboratuvar bazında',
  },
} as const satisfies Record<ReportLocale, Record<string, string>>;

/** The case-profit files' tables (gateway exports); cells are the JSON's strings, so a file reads back equal. */
export const CaseProfitLayouts = {
  columns(grouping: CaseProfitGrouping, locale: ReportLocale = 'en'): ReportFileColumn[] {
    const l = CASE_PROFIT_LABELS[locale];
    const figures: ReportFileColumn[] = [
      { title: l.treatmentAmount, kind: 'money', width: 15 },
      { title: l.labCost, kind: 'money', width: 15 },
      { title: l.profit, kind: 'money', width: 15 },
    ];
    switch (grouping) {
      case 'case':
        return [
          { title: l.workOrder, kind: 'text', width: 13 },
          { title: l.documented, kind: 'date', width: 12 },
          { title: l.lab, kind: 'text', width: 22 },
          { title: l.physicians, kind: 'text', width: 30 },
          ...figures,
        ];
      case 'physician':
        return [
          { title: l.physician, kind: 'text', width: 30 },
          { title: l.cases, kind: 'count', width: 8 },
          ...figures,
        ];
      case 'lab':
        return [{ title: l.lab, kind: 'text', width: 30 }, { title: l.cases, kind: 'count', width: 8 }, ...figures];
    }
  },

  rows(answer: CaseProfitAnswer, grouping: CaseProfitGrouping, locale: ReportLocale = 'en'): string[][] {
    const l = CASE_PROFIT_LABELS[locale];
    const name = (p: { physicianId: string | null; name: string }) => (p.physicianId === null ? l.clinicRow : p.name);
    switch (grouping) {
      case 'case':
        return answer.items.map((c) => [
          c.number,
          c.documentedDate,
          c.labName,
          c.physicians.map(name).join(', '),
          c.treatmentAmount,
          c.labCost,
          c.profit,
        ]);
      case 'physician':
        return answer.physicians.map((p) => [name(p), String(p.caseCount), p.treatmentAmount, p.labCost, p.profit]);
      case 'lab':
        return answer.labs.map((r) => [r.labName, String(r.caseCount), r.treatmentAmount, r.labCost, r.profit]);
    }
  },

  totals(answer: CaseProfitAnswer, grouping: CaseProfitGrouping, locale: ReportLocale = 'en'): string[] {
    const t = answer.totals;
    const total = locale === 'tr' ? 'Toplam' : 'Total';
    if (grouping === 'case') return [total, '', '', '', t.treatmentAmount, t.labCost, t.profit];
    return [total, String(t.caseCount), t.treatmentAmount, t.labCost, t.profit];
  },
} as const;
