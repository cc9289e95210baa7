import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { PassThrough, Writable } from 'node:stream';
import {
  createReportWriter,
  formatMoney,
  OutputClosedError,
  ReportColumn,
  ReportFormat,
  ReportHeader,
  reportFileName,
  ReportRow,
  spreadsheetNumber,
} from './index';
import { pdfFontFile, pdfSafe, woffToSfnt } from './fonts';

// the PDF tests embed a font and read the files back in a child process
jest.setTimeout(30_000);

const columns: ReportColumn[] = [
  { title: 'Dental lab', kind: 'text', width: 30 },
  { title: 'Work orders', kind: 'count', width: 10 },
  { title: 'Paid', kind: 'money', width: 14 },
  { title: 'Documented date', kind: 'date', width: 14 },
];

const header: ReportHeader = {
  organization: 'Smile Dental Group',
  title: 'Finance: Dental Labs',
  filters: [
    { label: 'Period', value: '2026-01-01 to 2026-03-31' },
    { label: 'Clinic', value: 'All clinics' },
  ],
  generatedAt: new Date('2026-11-21T14:03:09Z'),
  currency: 'EUR',
};

const rowsOf = (n: number, from = 0): ReportRow[] =>
  Array.from({ length: n }, (_, i) => [
    `Lab ${from + i}, "the best"`,
    String(from + i),
    `${from + i}.50`,
    '2026-01-10',
  ]);

/** A slow reader: takes a chunk every few milliseconds, so writers must wait for it. */
function slowSink(highWaterMark = 1024): { out: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    highWaterMark,
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      setTimeout(done, 1);
    },
  });
  return { out, bytes: () => Buffer.concat(chunks) };
}

async function render(
  format: ReportFormat,
  chunks: ReportRow[][],
  totals: ReportRow,
  head: ReportHeader = header,
): Promise<Buffer> {
  const sink = slowSink();
  const writer = createReportWriter(format, sink.out, head, columns);
  for (const chunk of chunks) await writer.addRows(chunk);
  await writer.finish(totals);
  return sink.bytes();
}

/** The text of each page, as pdf-parse reads it (in a child process: PDF.js's dynamic import is refused by Jest). */
function pdfPageTexts(bytes: Buffer): string[] {
  const script = `const { PDFParse } = require('pdf-parse');
    const chunks = []; process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', async () => {
      const r = await new PDFParse({ data: Buffer.concat(chunks) }).getText();
      process.stdout.write(JSON.stringify(r.pages.map((p) => p.text)));
    });`;
  return JSON.parse(
    execFileSync(process.execPath, ['-e', script], { input: bytes, cwd: process.cwd() }).toString('utf8'),
  );
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

const totals: ReportRow = ['Total', '30', '435.00', ''];

describe('report writers', () => {
  it('CSV: BOM, the header lines, a blank line, the titles, every row in order and the totals', async () => {
    const bytes = await render('csv', [rowsOf(10), rowsOf(20, 10)], totals);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(lines.slice(0, 7)).toEqual([
      ['Organization', 'Smile Dental Group'],
      ['Report', 'Finance: Dental Labs'],
      ['Period', '2026-01-01 to 2026-03-31'],
      ['Clinic', 'All clinics'],
      ['Generated', '2026-11-21 14:03 UTC'],
      ['Currency', 'EUR'],
      [''],
    ]);
    expect(lines[7]).toEqual(columns.map((c) => c.title));
    expect(lines.slice(8, 38)).toEqual(rowsOf(30));
    expect(lines[38]).toEqual(totals);
    expect(lines).toHaveLength(39);
  });

  it('XLSX: the same lines, amounts and counts as numbers with their decimals', async () => {
    const bytes = await render('xlsx', [rowsOf(10), rowsOf(20, 10)], totals);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('Finance Dental Labs');
    const values: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => values.push((row.values as unknown[]).slice(1)));
    expect(values.slice(0, 6)).toEqual([
      ['Organization', 'Smile Dental Group'],
      ['Report', 'Finance: Dental Labs'],
      ['Period', '2026-01-01 to 2026-03-31'],
      ['Clinic', 'All clinics'],
      ['Generated', '2026-11-21 14:03 UTC'],
      ['Currency', 'EUR'],
    ]);
    expect(values[7]).toEqual(columns.map((c) => c.title));
    expect(values.slice(8, 38)).toEqual(
      rowsOf(30).map(([lab, count, paid, date]) => [lab, Number(count), Number(paid), date]),
    );
    expect(values[38]).toEqual(['Total', 30, 435]);
    expect(sheet.getRow(9).getCell(3).numFmt).toBe('#,##0.00');
  });

  it('PDF: a table over several pages, the header and titles on each, the totals at the end', async () => {
    const bytes = await render('pdf', [rowsOf(50), rowsOf(50, 50)], ['Total', '100', '5000.00', '']);
    const pages = pdfPageTexts(bytes);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((text, i) => {
      expect(text).toContain('Smile Dental Group');
      expect(text).toContain('Finance: Dental Labs');
      expect(text).toContain(`Page ${i + 1}`);
      expect(text).toContain('Period: 2026-01-01 to 2026-03-31');
      expect(text).toMatch(/Dental lab\s+Work orders\s+Paid\s+Documented date/);
    });
    const all = pages.join('\n');
    for (let i = 0; i < 100; i++)
      expect(all).toMatch(new RegExp(`Lab ${i}, "the best"\\s+${i}\\s+${i}\\.50\\s+2026-01-10`));
    expect(pages[pages.length - 1]).toMatch(/Total\s+100\s+5000\.00/);
  });

  it('PDF: Turkish letters and ₺ as written, amounts in the locale of the header, no standard font', async () => {
    const turkish: ReportHeader = {
      organization: 'Gülüş Diş Grubu',
      title: 'Finans: Laboratuvarlar',
      filters: [{ label: 'Klinik', value: 'Şişli Şubesi' }],
      generatedAt: new Date('2026-11-21T14:03:09Z'),
      currency: 'TRY',
      locale: 'tr',
    };
    const rows: ReportRow[] = [
      ['Yılmaz Dental Laboratuvarı', '12', '1250.50', '2026-01-10'],
      ['Şükrü Öztürk Ğ Lab', '3', '-34.50', '2026-01-11'],
      ['Çağlayan İmplant', '1', '90071992547409.93', '2026-01-12'],
    ];
    const bytes = await render('pdf', [rows], ['Toplam', '16', '90071992548625.93', ''], turkish);
    const [text] = pdfPageTexts(bytes);
    expect(text).toContain('Gülüş Diş Grubu');
    expect(text).toContain('Klinik: Şişli Şubesi');
    expect(text).toMatch(/Yılmaz Dental Laboratuvarı\s+12\s+₺1\.250,50\s+2026-01-10/);
    expect(text).toMatch(/Şükrü Öztürk Ğ Lab\s+3\s+-₺34,50/);
    expect(text).toMatch(/Çağlayan İmplant\s+1\s+₺90\.071\.992\.547\.409,93/);
    expect(text).toMatch(/Toplam\s+16\s+₺90\.071\.992\.548\.625,93/);
    // the page's own words in Turkish too
    expect(text).toContain('Sayfa 1');
    expect(text).toContain('Oluşturuldu 2026-11-21 14:03 UTC');
    expect(text).toContain('Tutarlar TRY');
    expect(text).not.toMatch(/Page|Generated|Amounts in/);
    const raw = bytes.toString('latin1');
    expect(raw).toContain('NotoSans-Regular');
    expect(raw).toContain('NotoSans-Bold');
    expect(raw).not.toContain('Helvetica');
  });

  it('PDF: without a locale, amounts stay the decimal strings of the CSV', async () => {
    const bytes = await render('pdf', [[['Ayşe Lab', '1', '1250.50', '2026-01-10']]], ['Total', '1', '1250.50', '']);
    const [text] = pdfPageTexts(bytes);
    expect(text).toMatch(/Ayşe Lab\s+1\s+1250\.50\s+2026-01-10/);
    expect(text).toContain('Amounts in EUR');
  });

  it('addRows resolves only once a slow reader has taken the rows', async () => {
    let taken = 0;
    let release: () => void = () => undefined;
    const out = new Writable({
      highWaterMark: 512,
      write(chunk: Buffer, _enc, done) {
        taken += chunk.length;
        release = done; // the reader takes the next chunk only when told
      },
    });
    const writer = createReportWriter('csv', out, header, columns);
    let finished = false;
    const adding = writer.addRows(rowsOf(200)).then(() => (finished = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(finished).toBe(false); // the reader has not taken the rows yet
    for (let i = 0; i < 10_000 && !finished; i++) {
      release();
      await new Promise((r) => setImmediate(r));
    }
    await adding;
    expect(taken).toBeGreaterThan(0);
  });

  it.each(['csv', 'xlsx', 'pdf'] as const)(
    '%s: rejects with OutputClosedError when the reader goes away',
    async (format) => {
      const out = new PassThrough({ highWaterMark: 16 });
      const writer = createReportWriter(format, out, header, columns);
      out.destroy();
      await expect(
        (async () => {
          for (let i = 0; i < 50; i++) await writer.addRows(rowsOf(100));
        })(),
      ).rejects.toBeInstanceOf(OutputClosedError);
      writer.abort();
    },
  );

  it('names files by base, day and format', () => {
    expect(reportFileName('finance-work-orders', 'csv', new Date('2026-11-21T23:59:00Z'))).toBe(
      'finance-work-orders-2026-11-21.csv',
    );
  });

  it('writes amounts as spreadsheet numbers only when exact', () => {
    expect(spreadsheetNumber('1250.00')).toEqual({ value: 1250, decimals: 2 });
    expect(spreadsheetNumber('-0.50')).toEqual({ value: -0.5, decimals: 2 });
    expect(spreadsheetNumber('1250')).toEqual({ value: 1250, decimals: 0 });
    expect(spreadsheetNumber('123456789012345678.99')).toEqual({ value: '123456789012345678.99', decimals: 0 });
    expect(spreadsheetNumber('3 work orders')).toEqual({ value: '3 work orders', decimals: 0 });
  });

  it('keeps PDF text the embedded font can show, Turkish and the currency signs included', () => {
    expect(pdfSafe('Ayşe Diş Laboratuvarı — İzmir € ₺ Ğğ Çç Öö Üü Iı')).toBe(
      'Ayşe Diş Laboratuvarı — İzmir € ₺ Ğğ Çç Öö Üü Iı',
    );
    expect(pdfSafe('Şükru\u0308')).toBe('Şükrü'); // composed
    expect(pdfSafe('牙科 😀')).toBe('?? ?');
  });

  it('formats amounts as the locale writes them, with the currency sign, exactly', () => {
    expect(formatMoney('1250.50', 'TRY', 'tr')).toBe('₺1.250,50');
    expect(formatMoney('1250.50', 'TRY', 'tr-TR')).toBe('₺1.250,50');
    expect(formatMoney('1250.50', 'EUR', 'en')).toBe('€1,250.50');
    expect(formatMoney('-34.50', 'TRY', 'tr')).toBe('-₺34,50');
    expect(formatMoney('-600.00', 'EUR', 'en-GB')).toBe('-€600.00');
    expect(formatMoney('1250', 'EUR', 'en')).toBe('€1,250.00');
    expect(formatMoney('1500', 'JPY', 'en')).toBe('¥1,500');
    expect(formatMoney('0.005', 'EUR', 'en')).toBe('€0.005');
    expect(formatMoney('90071992547409.93', 'EUR', 'en')).toBe('€90,071,992,547,409.93');
    expect(formatMoney('123456789012345678.99', 'TRY', 'tr')).toBe('₺123.456.789.012.345.678,99');
    expect(() => formatMoney('12,50', 'EUR', 'en')).toThrow('not a decimal amount');
  });

  it('hands PDFKit the font as TrueType unpacked from the WOFF', () => {
    const ttf = pdfFontFile('regular');
    expect(ttf.readUInt32BE(0)).toBe(0x00010000);
    expect(pdfFontFile('regular')).toBe(ttf); // once per process
    expect(() => woffToSfnt(Buffer.from('not a font at all, not even close to one, no'))).toThrow('not a WOFF');
  });
});
