// Reading the exported reports back the way a user's tools would: CSV as text, XLSX with ExcelJS, PDF as its text.
import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import { repoRoot } from './whole-stack';

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) into rows of cells; a leading byte order mark is dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

export interface SheetCell {
  /** what the cell holds: a number stays a number */
  value: string | number | null;
  bold: boolean;
  /** the number format it is shown with, e.g. "#,##0.00" */
  numFmt: string | undefined;
}

/** Every sheet of a workbook: name and rows of cells (values as stored, rich text and formulas flattened). */
export async function readXlsx(buffer: Buffer): Promise<{ name: string; rows: SheetCell[][] }[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => {
    const rows: SheetCell[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: SheetCell[] = [];
      for (let c = 1; c <= row.cellCount; c++) {
        const cell = row.getCell(c);
        cells.push({ value: plainValue(cell.value), bold: cell.font?.bold === true, numFmt: cell.numFmt || undefined });
      }
      rows[rowNumber - 1] = cells;
    });
    return { name: sheet.name, rows: Array.from(rows, (r) => r ?? []) };
  });
}

function plainValue(value: ExcelJS.CellValue): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('result' in value) return plainValue(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  return JSON.stringify(value);
}

// pdf.js loads its worker with a dynamic import(), which Jest's module runtime refuses without
// --experimental-vm-modules; a plain Node process reads the PDF instead.
const PDF_TEXT_SCRIPT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const text = await parser.getText();
    const info = await parser.getInfo();
    process.stdout.write(JSON.stringify({ text: text.text, pages: text.total, info: info.info ?? {} }));
  } finally {
    await parser.destroy();
  }
});`;

export interface PdfContent {
  /** the text, one line per printed line; cells of a line separated by blanks */
  text: string;
  pages: number;
  info: Record<string, unknown>;
}

/** The text of a PDF as pdf-parse (v2) extracts it. */
export function pdfText(buffer: Buffer): Promise<PdfContent> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', PDF_TEXT_SCRIPT],
      { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`pdf-parse failed: ${err.message} ${stderr}`));
        else resolve(JSON.parse(stdout) as PdfContent);
      },
    );
    child.stdin!.end(buffer);
  });
}
