// Reads the exported files back: CSV with libs/testing's RFC 4180 parser, XLSX with ExcelJS's reader, PDF text with pdf-parse
// (in a child process: pdf-parse loads its PDF.js worker with a dynamic import, which Jest's runtime refuses).
import { formatMoney, isDecimalAmount } from '@dental/exports';
import { parseCsv } from '@dental/testing';
import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';

export interface ReadReport {
  /** Label → value lines above the table (CSV, XLSX). */
  header: Map<string, string>;
  titles: string[];
  rows: string[][];
  totals: string[];
}

function split(lines: string[][], titles: string[]): ReadReport {
  const at = lines.findIndex((l) => l.join('|') === titles.join('|'));
  if (at < 0) throw new Error('the column titles are missing');
  const header = new Map(
    lines
      .slice(0, at)
      .filter((l) => l.length >= 2 && l[0])
      .map((l) => [l[0], l[1]]),
  );
  const body = lines.slice(at + 1);
  return { header, titles: lines[at], rows: body.slice(0, -1), totals: body[body.length - 1] };
}

export function readCsv(bytes: Buffer, titles: string[]): ReadReport {
  if (!bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])))
    throw new Error('the CSV has no UTF-8 byte order mark');
  return split(parseCsv(bytes.subarray(3).toString('utf8')), titles);
}

/** Cells as the CSV shows them: numbers back to decimal strings with their format's decimals. */
export async function readXlsx(bytes: Buffer, titles: string[]): Promise<ReadReport> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const lines: string[][] = [];
  book.worksheets[0].eachRow({ includeEmpty: true }, (row) => {
    const cells: string[] = [];
    for (let i = 1; i <= titles.length; i++) {
      const cell = row.getCell(i);
      const v = cell.value;
      const decimals = /\.(0+)$/.exec(cell.numFmt ?? '')?.[1].length ?? 0;
      cells.push(v === null || v === undefined ? '' : typeof v === 'number' ? v.toFixed(decimals) : String(v));
    }
    lines.push(cells);
  });
  return split(lines, titles);
}

/** The text of each page. */
export function pdfPages(bytes: Buffer): Promise<string[]> {
  const script = `const { PDFParse } = require('pdf-parse');
    const chunks = []; process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', async () => {
      const r = await new PDFParse({ data: Buffer.concat(chunks) }).getText();
      process.stdout.write(JSON.stringify(r.pages.map((p) => p.text)));
    });`;
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', script],
      { cwd: process.cwd(), maxBuffer: 256 * 1024 * 1024 },
      (err, stdout) => (err ? reject(err) : resolve(JSON.parse(stdout) as string[])),
    );
    child.stdin!.end(bytes);
  });
}

/** True when every line (cells separated by any whitespace) appears in `text`, in this order. */
export function linesInOrder(text: string, lines: string[][]): { ok: true } | { ok: false; missing: string } {
  const flat = text.replace(/\s+/g, ' ');
  let from = 0;
  for (const cells of lines) {
    const line = cells.filter((c) => c !== '').join(' ');
    const at = flat.indexOf(line, from);
    if (at < 0) return { ok: false, missing: line };
    from = at + line.length;
  }
  return { ok: true };
}

/**
 * A row as the PDF prints it: the `money` cells (by the columns' kinds) as `formatMoney` writes them in the report's
 * locale with the currency sign ("€1,250.50", "₺1.250,50"), the other cells as they are. The JSON's decimals go
 * through the writer's own formatter, so a PDF that dropped or rounded an amount still fails.
 */
export function pdfCells(
  cells: ReadonlyArray<string>,
  kinds: ReadonlyArray<{ kind: string } | string>,
  currency: string,
  locale: string,
): string[] {
  return cells.map((c, i) => {
    const k = kinds[i];
    const kind = typeof k === 'string' ? k : k?.kind;
    return kind === 'money' && isDecimalAmount(c) ? formatMoney(c, currency, locale) : c;
  });
}
