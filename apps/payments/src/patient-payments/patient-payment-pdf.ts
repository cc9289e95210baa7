import { PatientPaymentType, PatientPaymentView } from '@dental/contracts';
import { pdfSafe } from '@dental/exports';
import { DateTime } from 'luxon';
import PDFDocument from 'pdfkit';

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

/**
 * A decimal money string in the clinic's number style with the ISO code ("1.025,00 EUR" in tr, "1,025.00 EUR" in
 * en): the code, not the sign, since PDF's standard fonts cannot show "₺". Exact: digits are regrouped, never floated.
 */
export function formatMoney(decimal: string, currency: string, locale: string): string {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  const point = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  const negative = decimal.startsWith('-');
  const [whole, fraction] = decimal.replace(/^-/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : point + fraction}\u00a0${currency}`;
}

export function formatDate(date: string, locale: string): string {
  return DateTime.fromISO(date).setLocale(locale).toLocaleString(DateTime.DATE_MED);
}

function printedAt(clinic: ClinicPrintSettings): string {
  return DateTime.now().setZone(clinic.timeZone).setLocale(clinic.locale).toLocaleString(DateTime.DATETIME_MED);
}

/** Renders into memory: receipts and lists of one patient are small. */
function render(draw: (doc: PDFKit.PDFDocument) => void, title: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: pdfSafe(title) } });
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
    doc.font('Helvetica-Bold').fontSize(16).text(pdfSafe(clinic.name));
    doc
      .moveDown(0.5)
      .fontSize(13)
      .text(pdfSafe(`${l.receipt} ${p.receiptNumber}`));
    doc.moveDown();
    for (const [label, value] of rows) {
      const y = doc.y;
      doc.font('Helvetica-Bold').fontSize(10).text(pdfSafe(label), 48, y, { width: 150 });
      doc.font('Helvetica').fontSize(10).text(pdfSafe(value), 210, y, { width: 330 });
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

/** The patient's received money as a table with its total, one page after the other. */
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
    const bottom = doc.page.height - 48;
    let page = 0;
    let y = 0;
    const cells = (values: string[], bold: boolean) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
      let x = left;
      COLUMNS.forEach((c, i) => {
        const text = pdfSafe(values[i]);
        doc.text(text, x + 2, y, {
          width: c.width - 4,
          align: c.right ? 'right' : 'left',
          lineBreak: false,
          ellipsis: true,
        });
        x += c.width;
      });
      y += 14;
    };
    const header = () => {
      page += 1;
      doc
        .font('Helvetica')
        .fontSize(8)
        .text(pdfSafe(`${l.page} ${page}`), left, 48, { width: 499, align: 'right' });
      doc.font('Helvetica-Bold').fontSize(14).text(pdfSafe(clinic.name), left, 48);
      doc.fontSize(11).text(pdfSafe(`${l.receivedMoney}: ${patientName}`));
      doc
        .font('Helvetica')
        .fontSize(8)
        .text(pdfSafe(`${l.printed}: ${printedAt(clinic)}${showPaid ? ` · ${l.showPaid}` : ''}`));
      y = doc.y + 8;
      cells(titles, true);
      doc
        .moveTo(left, y - 2)
        .lineTo(left + 499, y - 2)
        .lineWidth(0.5)
        .stroke();
    };
    header();
    for (const p of payments) {
      if (y + 14 > bottom - 20) {
        doc.addPage();
        header();
      }
      cells(
        [
          p.receiptNumber,
          formatDate(p.date, clinic.locale),
          `${l.types[p.paymentType]}${p.closed ? ` (${l.closed})` : ''}`,
          p.bankCost === null ? '' : money(p.bankCost),
          money(p.amount),
          p.note ?? '',
        ],
        false,
      );
    }
    doc
      .moveTo(left, y)
      .lineTo(left + 499, y)
      .lineWidth(1)
      .stroke();
    y += 3;
    cells([l.total, '', '', '', money(total), ''], true);
  }, `${l.receivedMoney}: ${patientName}`);
}
