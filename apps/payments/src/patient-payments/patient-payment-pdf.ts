import { PatientPaymentType, PatientPaymentView } from '@dental/contracts';
import { createPdfDocument, formatMoney, PDF_FONTS, pdfSafe } from '@dental/exports';
import { DateTime } from 'luxon';

// The clinic's language for the documents given to patients; anything but Turkish reads English.
const LABELS = {
  en: {
    receipt: 'Receipt',
    receivedMoney: 'Received money',
    receiptNumber: 'Receipt no.',
    date: 'Date',
    patient: 'Patient',
    paymentType: 'Payment type',
    amount: 'Amount',
    enteredAmount: 'Amount entered',
    bankCost: 'Bank cost',
    note: 'Note',
    total: 'Total',
    closed: 'closed',
    printed: 'Printed',
    page: 'Page',
    showPaid: 'Closed part included',
    types: { cash: 'Cash', card: 'Card', bank_transfer: 'Bank transfer', check: 'Check', refund: 'Refund' },
  },
  tr: {
    receipt: 'Makbuz',
    receivedMoney: 'Alınan ödemeler',
    receiptNumber: 'Makbuz no.',
    date: 'Tarih',
    patient: 'Hasta',
    paymentType: 'Ödeme türü',
    amount: 'Tutar',
    enteredAmount: 'Girilen tutar',
    bankCost: 'Banka masrafı',
    note: 'Not',
    total: 'Toplam',
    closed: 'kapalı',
    printed: 'Yazdırıldı',
    page: 'Sayfa',
    showPaid: 'Kapanan kısım dahil',
    types: { cash: 'Nakit', card: 'Kredi kartı', bank_transfer: 'Havale', check: 'Çek', refund: 'İade' },
  },
} satisfies Record<string, Labels>;

export interface Labels {
  receipt: string;
  receivedMoney: string;
  receiptNumber: string;
  date: string;
  patient: string;
  paymentType: string;
  amount: string;
  enteredAmount: string;
  bankCost: string;
  note: string;
  total: string;
  closed: string;
  printed: string;
  page: string;
  showPaid: string;
  types: Record<PatientPaymentType, string>;
}

export interface ClinicPrintSettings {
  name: string;
  locale: string;
  timeZone: string;
}

export function labelsFor(locale: string): Labels {
  return locale.toLowerCase().startsWith('tr') ? LABELS.tr : LABELS.en;
}

export function formatDate(date: string, locale: string): string {
  return DateTime.fromISO(date).setLocale(locale).toLocaleString(DateTime.DATE_MED);
}

function printedAt(clinic: ClinicPrintSettings): string {
  return DateTime.now().setZone(clinic.timeZone).setLocale(clinic.locale).toLocaleString(DateTime.DATETIME_MED);
}

/** Renders into memory (receipts and lists of one patient are small), in the embedded font of @dental/exports. */
function render(draw: (doc: PDFKit.PDFDocument) => void, title: string): Promise<Buffer> {
  const doc = createPdfDocument({ size: 'A4', margin: 48, info: { Title: title } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return done;
}

/** One received-money record as a receipt for the patient. */
export function receiptPdf(clinic: ClinicPrintSettings, patientName: string, p: PatientPaymentView): Promise<Buffer> {
  const l = labelsFor(clinic.locale);
  const money = (decimal: string) => formatMoney(decimal, p.currency, clinic.locale);
  const rows: [string, string][] = [
    [l.receiptNumber, p.receiptNumber],
    [l.date, formatDate(p.date, clinic.locale)],
    [l.patient, patientName],
    [l.paymentType, l.types[p.paymentType]],
    ...(p.bankCost !== null && p.amount !== p.enteredAmount
      ? [[l.enteredAmount, money(p.enteredAmount)] as [string, string]]
      : []),
    ...(p.bankCost !== null ? [[l.bankCost, money(p.bankCost)] as [string, string]] : []),
    [l.amount, money(p.amount)],
    ...(p.note ? [[l.note, p.note] as [string, string]] : []),
  ];
  return render((doc) => {
    doc.font(PDF_FONTS.bold).fontSize(16).text(pdfSafe(clinic.name));
    doc
      .moveDown(0.5)
      .fontSize(13)
      .text(pdfSafe(`${l.receipt} ${p.receiptNumber}`));
    doc.moveDown();
    for (const [label, value] of rows) {
      const y = doc.y;
      doc.font(PDF_FONTS.bold).fontSize(10).text(pdfSafe(label), 48, y, { width: 150 });
      const labelEnd = doc.y;
      doc.font(PDF_FONTS.regular).fontSize(10).text(pdfSafe(value), 210, y, { width: 330 });
      // the next line under the taller of the two (a long note wraps within its column)
      doc.y = Math.max(doc.y, labelEnd);
      doc.moveDown(0.4);
    }
    doc
      .moveDown()
      .fontSize(8)
      .text(pdfSafe(`${l.printed}: ${printedAt(clinic)}`), 48);
  }, `${l.receipt} ${p.receiptNumber}`);
}

const COLUMNS = [
  { key: 'receiptNumber', width: 70, right: false },
  { key: 'date', width: 80, right: false },
  { key: 'paymentType', width: 85, right: false },
  { key: 'bankCost', width: 80, right: true },
  { key: 'amount', width: 95, right: true },
  { key: 'note', width: 89, right: false },
] as const;

const ROW_MIN = 14;
const ROW_PADDING = 2;

/**
 * The patient's received money as a table with its total, one page after the other. A cell too long for its column
 * (a long note) wraps within it and its row grows to the tallest cell, so nothing runs over the next row; a row that
 * would not fit under the page's column titles even alone is cut with "…".
 */
export function paymentsListPdf(
  clinic: ClinicPrintSettings,
  patientName: string,
  payments: PatientPaymentView[],
  total: string,
  currency: string,
  showPaid: boolean,
): Promise<Buffer> {
  const l = labelsFor(clinic.locale);
  const money = (decimal: string) => formatMoney(decimal, currency, clinic.locale);
  const titles = [l.receiptNumber, l.date, l.paymentType, l.bankCost, l.amount, l.note];
  return render((doc) => {
    const left = 48;
    const bottom = doc.page.height - 48 - 20;
    let page = 0;
    let y = 0;
    // the room for rows on a page: from under the column titles to the bottom
    let room = Infinity;
    const font = (bold: boolean) => doc.font(bold ? PDF_FONTS.bold : PDF_FONTS.regular).fontSize(9);
    /** The height of a row: its tallest cell, wrapped in its column, at most a page's room. */
    const rowHeight = (values: string[], bold: boolean): number => {
      font(bold);
      const tallest = Math.max(
        ...COLUMNS.map((c, i) => (values[i] ? doc.heightOfString(pdfSafe(values[i]), { width: c.width - 4 }) : 0)),
      );
      return Math.min(Math.max(ROW_MIN, tallest + ROW_PADDING), room);
    };
    const cells = (values: string[], bold: boolean, height: number) => {
      font(bold);
      let x = left;
      COLUMNS.forEach((c, i) => {
        if (values[i])
          doc.text(pdfSafe(values[i]), x + 2, y, {
            width: c.width - 4,
            height,
            align: c.right ? 'right' : 'left',
            ellipsis: true,
          });
        x += c.width;
      });
      y += height;
    };
    const header = () => {
      page += 1;
      // the page number on the first line of the clinic's name
      const baseline = 48 + 15;
      doc
        .font(PDF_FONTS.regular)
        .fontSize(8)
        .text(pdfSafe(`${l.page} ${page}`), left, baseline, { width: 499, align: 'right', baseline: 'alphabetic' });
      doc.font(PDF_FONTS.bold).fontSize(14).text(pdfSafe(clinic.name), left, 48, { width: 420 });
      doc.fontSize(11).text(pdfSafe(`${l.receivedMoney}: ${patientName}`), { width: 499 });
      doc
        .font(PDF_FONTS.regular)
        .fontSize(8)
        .text(pdfSafe(`${l.printed}: ${printedAt(clinic)}${showPaid ? ` · ${l.showPaid}` : ''}`), { width: 499 });
      y = doc.y + 8;
      room = Infinity;
      cells(titles, true, rowHeight(titles, true));
      room = bottom - y;
      doc
        .moveTo(left, y - 2)
        .lineTo(left + 499, y - 2)
        .lineWidth(0.5)
        .stroke();
    };
    /** Starts a new page when a row of `height` (and `before` above it) does not fit under `y`. */
    const fits = (height: number, before = 0) => {
      if (y + before + height <= bottom) return height;
      doc.addPage();
      header();
      return Math.min(height, room - before);
    };
    header();
    for (const p of payments) {
      const values = [
        p.receiptNumber,
        formatDate(p.date, clinic.locale),
        `${l.types[p.paymentType]}${p.closed ? ` (${l.closed})` : ''}`,
        p.bankCost === null ? '' : money(p.bankCost),
        money(p.amount),
        p.note ?? '',
      ];
      cells(values, false, fits(rowHeight(values, false)));
    }
    const totals = [l.total, '', '', '', money(total), ''];
    const totalsHeight = fits(rowHeight(totals, true), 3);
    doc
      .moveTo(left, y)
      .lineTo(left + 499, y)
      .lineWidth(1)
      .stroke();
    y += 3;
    cells(totals, true, totalsHeight);
  }, `${l.receivedMoney}: ${patientName}`);
}
