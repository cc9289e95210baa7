import type { Writable } from 'node:stream';
import { csvReportWriter } from './csv-report-writer';
import { pdfReportWriter } from './pdf-report-writer';
import { ReportColumn, ReportFormat, ReportHeader, ReportWriter } from './report';
import { xlsxReportWriter } from './xlsx-report-writer';

export * from './report';
export { OutputClosedError, outputReady, outputFinished } from './backpressure';
export { csvReportWriter } from './csv-report-writer';
export { xlsxReportWriter, spreadsheetNumber } from './xlsx-report-writer';
export { pdfReportWriter } from './pdf-report-writer';
export { createPdfDocument, PDF_FONTS, pdfFontFile, pdfSafe, registerFonts } from './fonts';
export type { PdfFontWeight } from './fonts';
export { formatMoney, isDecimalAmount } from './money-format';

/** The writer of one format, streaming into `out` (an HTTP response, a file). */
export function createReportWriter(
  format: ReportFormat,
  out: Writable,
  header: ReportHeader,
  columns: ReadonlyArray<ReportColumn>,
): ReportWriter {
  switch (format) {
    case 'csv':
      return csvReportWriter(out, header, columns);
    case 'xlsx':
      return xlsxReportWriter(out, header, columns);
    case 'pdf':
      return pdfReportWriter(out, header, columns);
  }
}
