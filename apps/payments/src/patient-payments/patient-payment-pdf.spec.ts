import { PatientPaymentView } from '@dental/contracts';
import { execFile } from 'node:child_process';
import { ClinicPrintSettings, labelsFor, paymentsListPdf, receiptPdf } from './patient-payment-pdf';

// every test renders PDFs and reads them back in a child process
jest.setTimeout(30_000);

/** One piece of text as PDF.js places it: its top from the page's top edge, in points. */
interface TextItem {
  str: string;
  x: number;
  top: number;
  height: number;
}

// PDF.js (through pdf-parse's own copy) in a child process: it loads its worker with a dynamic import(), which
// Jest's module runtime refuses.
const PDF_ITEMS_SCRIPT = `
const { dirname } = require('node:path');
const { pathToFileURL } = require('node:url');
const pdfjsPath = require.resolve('pdfjs-dist/legacy/build/pdf.mjs', { paths: [dirname(require.resolve('pdf-parse'))] });
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const pdfjs = await import(pathToFileURL(pdfjsPath).href);
  const doc = await pdfjs.getDocument({ data: new Uint8Array(Buffer.concat(chunks)), verbosity: 0 }).promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const { height } = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    pages.push(content.items.filter((i) => i.str !== undefined && i.str.trim() !== '').map((i) => ({
      str: i.str, x: i.transform[4], top: height - i.transform[5] - i.height, height: i.height,
    })));
  }
  process.stdout.write(JSON.stringify(pages));
  await doc.destroy();
});`;

function pdfPages(bytes: Buffer): Promise<TextItem[][]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', PDF_ITEMS_SCRIPT],
      { cwd: process.cwd(), maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message} ${stderr}`)) : resolve(JSON.parse(stdout))),
    );
    child.stdin!.end(bytes);
  });
}

/** A page's text in reading order: items on one baseline joined by a space, lines by a newline. */
function pageText(items: TextItem[]): string {
  const lines: TextItem[][] = [];
  for (const item of [...items].sort((a, b) => a.top - b.top || a.x - b.x)) {
    const line = lines.find((l) => Math.abs(l[0].top - item.top) < 2);
    if (line) line.push(item);
    else lines.push([item]);
  }
  return lines
    .map((l) =>
      l
        .sort((a, b) => a.x - b.x)
        .map((i) => i.str)
        .join(' '),
    )
    .join('\n');
}

const NOTE_COLUMN = 48 + 70 + 80 + 85 + 80 + 95;

interface TableRow {
  receiptNumber: string;
  top: number;
  /** where the next row (or the totals row, or the page's bottom margin) starts */
  next: number;
  /** the lowest edge of the row's text */
  bottom: number;
  cells: string[];
  noteLines: TextItem[];
  note: string;
}

/** The list's rows on one page, each from its receipt number's line down to the next row's. */
function tableRows(items: TextItem[], receiptNumbers: string[]): TableRow[] {
  const tops = receiptNumbers.map((n) => items.find((i) => i.str === n)!.top);
  const totals = items.find((i) => i.str === 'Toplam' || i.str === 'Total')?.top ?? 842 - 48;
  return receiptNumbers.map((receiptNumber, k) => {
    const top = tops[k];
    const next = tops[k + 1] ?? totals;
    const inRow = items.filter((i) => i.top >= top - 1 && i.top < next - 1);
    const noteLines = inRow.filter((i) => i.x >= NOTE_COLUMN).sort((a, b) => a.top - b.top);
    return {
      receiptNumber,
      top,
      next,
      bottom: Math.max(...inRow.map((i) => i.top + i.height)),
      cells: inRow.map((i) => i.str),
      noteLines,
      note: noteLines
        .map((i) => i.str)
        .join(' ')
        .replace(/\s+/g, ' '),
    };
  });
}

const turkish: ClinicPrintSettings = { name: 'Güneş Ağız ve Diş Sağlığı', locale: 'tr', timeZone: 'Europe/Istanbul' };
const english: ClinicPrintSettings = { name: 'Smile Dental', locale: 'en', timeZone: 'Europe/Dublin' };

let receiptNumber = 0;
function payment(over: Partial<PatientPaymentView> = {}): PatientPaymentView {
  receiptNumber += 1;
  return {
    id: `p-${receiptNumber}`,
    organizationId: 'org',
    clinicId: 'clinic',
    patientId: 'patient',
    receiptNumber: String(receiptNumber).padStart(6, '0'),
    date: '2026-03-01',
    amount: '1250.50',
    enteredAmount: '1250.50',
    bankCost: null,
    bankChargePercent: null,
    paymentType: 'cash',
    contractId: null,
    note: null,
    currency: 'TRY',
    closed: false,
    splits: [],
    physicianId: null,
    revision: 1,
    deleted: false,
    createdAt: '2026-03-01T10:00:00Z',
    ...over,
  };
}

const LONG_NOTE =
  'Şükrü Bey kalan tutarı iki taksitte ödeyecek; ilk taksit Ğ harfiyle yazılan Ağustos ayında, ikincisi de ' +
  'tedavi bittikten sonra. Kart slipi dosyada, İzmir şubesinden gönderildi.';

describe('receipt and received-money PDFs (embedded Noto Sans, the clinic locale)', () => {
  it('a Turkish receipt prints Turkish letters and ₺ as written', async () => {
    const pdf = await receiptPdf(
      turkish,
      'Şükrü Yılmaz',
      payment({ paymentType: 'card', amount: '1250.50', enteredAmount: '1250.50', note: 'Ğ ile başlayan not' }),
    );
    const pages = await pdfPages(pdf);
    expect(pages).toHaveLength(1);
    const text = pageText(pages[0]);
    expect(text).toContain('Güneş Ağız ve Diş Sağlığı');
    expect(text).toMatch(/Hasta\s+Şükrü Yılmaz/);
    expect(text).toMatch(/Ödeme türü\s+Kredi kartı/);
    expect(text).toMatch(/Tutar\s+₺1\.250,50/);
    expect(text).toMatch(/Not\s+Ğ ile başlayan not/);
    expect(pdf.toString('latin1')).not.toContain('Helvetica');
    expect(pdf.toString('latin1')).toContain('NotoSans');
  });

  it('an English receipt writes amounts the English way with the currency sign', async () => {
    const pdf = await receiptPdf(
      english,
      'Ayşe Öztürk',
      payment({ currency: 'EUR', amount: '1025.00', enteredAmount: '1000.00', bankCost: '25.00', paymentType: 'card' }),
    );
    const text = pageText((await pdfPages(pdf))[0]);
    expect(text).toMatch(/Patient\s+Ayşe Öztürk/);
    expect(text).toMatch(/Amount entered\s+€1,000\.00/);
    expect(text).toMatch(/Bank cost\s+€25\.00/);
    expect(text).toMatch(/Amount\s+€1,025\.00/);
  });

  it('the list: Turkish names and ₺ amounts, a long note wrapped within its row, the next row below it', async () => {
    const rows = [
      payment({ note: LONG_NOTE }),
      payment({ amount: '-34.50', enteredAmount: '34.50', paymentType: 'refund', note: 'Kısa not' }),
      payment({ amount: '10.00', enteredAmount: '10.00' }),
    ];
    const pdf = await paymentsListPdf(turkish, 'Şükrü Yılmaz', rows, '1226.00', 'TRY', false);
    const pages = await pdfPages(pdf);
    expect(pages).toHaveLength(1);
    const items = pages[0];
    const text = pageText(items);
    expect(text).toContain('Alınan ödemeler: Şükrü Yılmaz');
    expect(text).toContain('₺1.250,50');
    expect(text).toContain('-₺34,50');
    expect(text).toMatch(/Toplam\s+₺1\.226,00/);

    // the note wraps in lines inside its column and its row: every word there, the next row below its last line
    const [first, second] = tableRows(items, [rows[0].receiptNumber, rows[1].receiptNumber]);
    expect(first.noteLines.length).toBeGreaterThan(3);
    expect(first.note).toBe(LONG_NOTE);
    expect(second.top).toBeGreaterThanOrEqual(first.bottom);
    expect(second.cells).toEqual(expect.arrayContaining(['İade', '-₺34,50', 'Kısa not']));
  });

  it('the list breaks pages between rows: every row whole on one page, the titles on each page', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => payment({ note: i % 3 === 0 ? LONG_NOTE : `Not ${i}` }));
    const pdf = await paymentsListPdf(turkish, 'Şükrü Yılmaz', rows, '50020.00', 'TRY', true);
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(1);
    const numbers = rows.map((r) => r.receiptNumber);
    const seen: string[] = [];
    pages.forEach((items, p) => {
      const text = pageText(items);
      expect(text).toContain(`Sayfa ${p + 1}`);
      expect(text).toMatch(/Makbuz no\.\s+Tarih\s+Ödeme türü/);
      for (const row of tableRows(
        items,
        numbers.filter((n) => items.some((i) => i.str === n)),
      )) {
        seen.push(row.receiptNumber);
        expect(row.note).toBe(rows[numbers.indexOf(row.receiptNumber)].note);
        expect(row.bottom).toBeLessThanOrEqual(row.next);
      }
    });
    expect(seen).toEqual(numbers);
    expect(pageText(pages[pages.length - 1])).toMatch(/Toplam\s+₺50\.020,00/);
  });

  it('a note longer than a page is cut with "…" at the page bottom, the rows after it on the next page', async () => {
    const endless = Array.from({ length: 400 }, (_, i) => `söz${i}`).join(' ');
    const rows = [payment({ note: endless }), payment({ note: 'Sonraki' })];
    const pages = await pdfPages(await paymentsListPdf(turkish, 'Şükrü Yılmaz', rows, '2501.00', 'TRY', false));
    expect(pages).toHaveLength(2);
    const [cut] = tableRows(pages[0], [rows[0].receiptNumber]);
    expect(cut.bottom).toBeLessThanOrEqual(cut.next);
    expect(cut.note).toMatch(/^söz0 söz1 .*…$/);
    const [after] = tableRows(pages[1], [rows[1].receiptNumber]);
    expect(after.note).toBe('Sonraki');
    expect(pageText(pages[1])).toMatch(/Toplam\s+₺2\.501,00/);
  });

  it('reads Turkish for tr clinics, English otherwise', () => {
    expect(labelsFor('tr-TR').receipt).toBe('Makbuz');
    expect(labelsFor('de').receipt).toBe('Receipt');
  });
});
