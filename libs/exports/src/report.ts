import type { Writable } from 'node:stream';

export const REPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * What a column holds. Cells are always strings (money arrives as decimal strings); the kind decides how a format
 * shows them: XLSX writes `money` and `count` as numbers, PDF right-aligns them.
 */
export type ColumnKind = 'text' | 'money' | 'count' | 'date';

export interface ReportColumn {
  title: string;
  kind: ColumnKind;
  /** Relative width: PDF columns share the page width by it, XLSX uses it as the column width in characters. */
  width: number;
}

export interface ReportHeader {
  /** Who the report is for: the organization's name. */
  organization: string;
  /** What the report is, e.g. "Finance: Dental Labs". */
  title: string;
  /** The filters the rows were selected by, in the order they are shown. */
  filters: ReadonlyArray<{ label: string; value: string }>;
  generatedAt: Date;
  /** ISO 4217 code of every amount in the report. */
  currency: string;
  /**
   * The clinic's locale (BCP 47: "tr", "tr-TR", "en-GB"). When given, the PDF shows `money` cells as it writes them
   * with the currency sign ("₺1.250,50", "€1,250.50"); CSV and XLSX keep the decimal strings and numbers either way.
   */
  locale?: string;
}

export type ReportRow = ReadonlyArray<string>;

/**
 * Writes one report into `out` as it goes: rows are formatted and flushed chunk by chunk, never gathered. Each
 * `addRows` resolves once `out` can take more (its 'drain'), so a caller that awaits it before fetching the next
 * chunk holds at most one chunk in memory. It rejects when `out` closed early (the client went away).
 */
export interface ReportWriter {
  addRows(rows: ReadonlyArray<ReportRow>): Promise<void>;
  /** Writes the totals row, ends the file and resolves once `out` has flushed everything. */
  finish(totals: ReportRow): Promise<void>;
  /** Stops writing after a failure; `out` is left for the caller to destroy. */
  abort(): void;
}

export type ReportWriterFactory = (
  out: Writable,
  header: ReportHeader,
  columns: ReadonlyArray<ReportColumn>,
) => ReportWriter;

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** `finance-work-orders-2026-11-21.csv`: the base name, the day it was made (UTC) and the format's extension. */
export function reportFileName(base: string, format: ReportFormat, madeAt: Date): string {
  return `${base}-${madeAt.toISOString().slice(0, 10)}.${format}`;
}

/** "2026-11-21 14:03 UTC": when the report was made, as its header says it. */
export function formatGeneratedAt(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The header as label/value lines, shared by the CSV and XLSX layouts. */
export function headerLines(header: ReportHeader): Array<[string, string]> {
  return [
    ['Organization', header.organization],
    ['Report', header.title],
    ...header.filters.map((f): [string, string] => [f.label, f.value]),
    ['Generated', formatGeneratedAt(header.generatedAt)],
    ['Currency', header.currency],
  ];
}

export function checkRow(row: ReportRow, columns: ReadonlyArray<ReportColumn>): void {
  if (row.length !== columns.length)
    throw new Error(`a report row has ${row.length} cells for ${columns.length} columns`);
}
