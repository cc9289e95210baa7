import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { outputFinished, outputReady } from './backpressure';
import { checkRow, headerLines, ReportColumn, ReportHeader, ReportRow, ReportWriter } from './report';

type CellValue = string | number;

/**
 * A decimal string as a spreadsheet number when the number shows exactly the same amount (every amount below
 * 10^13 does), so sums work in Excel; otherwise the text itself, never a rounded amount.
 */
export function spreadsheetNumber(text: string): { value: CellValue; decimals: number } {
  const match = /^-?\d+(?:\.(\d+))?$/.exec(text);
  if (!match) return { value: text, decimals: 0 };
  const decimals = match[1]?.length ?? 0;
  const n = Number(text);
  const canonical = text.replace(/^(-?)0+(?=\d)/, '$1');
  return n.toFixed(decimals) === canonical ? { value: n, decimals } : { value: text, decimals: 0 };
}

function numberFormat(decimals: number): string {
  return decimals ? `#,##0.${'0'.repeat(decimals)}` : '#,##0';
}

/** The sheet's name: Excel allows 31 characters and none of : \ / ? * [ ]. */
function sheetName(title: string): string {
  return (
    title
      .replace(/[:\\/?*[\]]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 31) || 'Report'
  );
}

/**
 * XLSX through ExcelJS's streaming WorkbookWriter: each row is committed as soon as it is added, with inline
 * strings (no shared-string table growing with the rows). One sheet: the header lines, a blank row, the column
 * titles (frozen), the rows, the totals row in bold.
 */
export function xlsxReportWriter(
  out: Writable,
  header: ReportHeader,
  columns: ReadonlyArray<ReportColumn>,
): ReportWriter {
  const headerRows = headerLines(header);
  const titleRow = headerRows.length + 2;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = header.organization;
  const sheet = workbook.addWorksheet(sheetName(header.title), { views: [{ state: 'frozen', ySplit: titleRow }] });
  sheet.columns = columns.map((c) => ({ width: Math.max(c.width, c.title.length + 2) }));
  let failed = false;

  // ExcelJS writes the sheet into the zip through an inner stream that ignores backpressure: wait on it too.
  const sheetPipes = (): Writable[] => (sheet as unknown as { stream?: { pipes?: Writable[] } }).stream?.pipes ?? [];

  const addRow = (cells: ReadonlyArray<string>, bold = false) => {
    // an empty string is no cell at all, as in a hand-made sheet
    const row = sheet.addRow(
      cells.map((text, i) =>
        text === ''
          ? null
          : columns[i].kind === 'money' || columns[i].kind === 'count'
            ? spreadsheetNumber(text).value
            : text,
      ),
    );
    cells.forEach((text, i) => {
      const column = columns[i];
      if (text === '') return;
      const cell = row.getCell(i + 1);
      if (column.kind === 'money' || column.kind === 'count') {
        const { value, decimals } = spreadsheetNumber(text);
        if (typeof value === 'number') cell.numFmt = column.kind === 'money' ? numberFormat(decimals) : '0';
        cell.alignment = { horizontal: 'right' };
      }
      if (bold) cell.font = { bold: true };
    });
    row.commit();
  };

  for (const [label, value] of headerRows) {
    const row = sheet.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    row.commit();
  }
  sheet.addRow([]).commit();
  const titles = sheet.addRow(columns.map((c) => c.title));
  titles.eachCell((cell, i) => {
    cell.font = { bold: true };
    const kind = columns[i - 1]?.kind;
    if (kind === 'money' || kind === 'count') cell.alignment = { horizontal: 'right' };
  });
  titles.commit();

  return {
    async addRows(rows: ReadonlyArray<ReportRow>) {
      for (const row of rows) {
        checkRow(row, columns);
        addRow(row);
      }
      await outputReady(out, undefined, sheetPipes);
    },
    async finish(totals: ReportRow) {
      checkRow(totals, columns);
      addRow(totals, true);
      sheet.commit();
      await workbook.commit();
      await outputFinished(out);
    },
    abort() {
      if (failed) return;
      failed = true;
      const zip = (workbook as unknown as { zip?: { abort?: () => void } }).zip;
      zip?.abort?.();
    },
  };
}
