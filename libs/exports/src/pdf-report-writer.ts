import type { Writable } from 'node:stream';
import { outputFinished, outputReady } from './backpressure';
import { createPdfDocument, PDF_FONTS, pdfSafe } from './fonts';
import { formatMoney, isDecimalAmount } from './money-format';
import { checkRow, formatGeneratedAt, ReportColumn, ReportHeader, ReportRow, ReportWriter } from './report';

/** The writer's own words in the clinic's language (the header's locale); anything but Turkish reads English. */
const WORDS = {
  en: { generated: 'Generated', amountsIn: 'Amounts in', page: 'Page' },
  tr: { generated: 'Oluşturuldu', amountsIn: 'Tutarlar', page: 'Sayfa' },
} as const;

function pdfWords(locale: string | undefined): (typeof WORDS)[keyof typeof WORDS] {
  return locale?.toLowerCase().split('-')[0] === 'tr' ? WORDS.tr : WORDS.en;
}

const MARGIN = 36;
const FONT_SIZE = 8;
const ROW_HEIGHT = 13;
const CELL_PADDING = 3;

/**
 * PDF through PDFKit, piped into `out` as pages fill: A4 landscape, a simple table with the report header, the
 * column titles and a page number on every page, the totals row in bold under a rule. Written in the embedded Noto
 * Sans (`fonts.ts`), so every letter prints as it is written. With `header.locale`, money cells show as that locale
 * writes them with the currency sign ("₺1.250,50"); without it, as the decimal strings the CSV holds.
 */
export function pdfReportWriter(
  out: Writable,
  header: ReportHeader,
  columns: ReadonlyArray<ReportColumn>,
): ReportWriter {
  const doc = createPdfDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    // the document's properties are Unicode strings, not drawn with the font
    info: { Title: header.title, Author: header.organization, CreationDate: header.generatedAt },
  });
  doc.pipe(out);
  const left = MARGIN;
  const tableWidth = doc.page.width - 2 * MARGIN;
  const bottom = doc.page.height - MARGIN;
  const totalWeight = columns.reduce((sum, c) => sum + c.width, 0);
  const widths = columns.map((c) => (c.width / totalWeight) * tableWidth);
  const lefts = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const filtersLine = pdfSafe(header.filters.map((f) => `${f.label}: ${f.value}`).join('   ·   '));
  const words = pdfWords(header.locale);
  const madeLine = pdfSafe(
    `${words.generated} ${formatGeneratedAt(header.generatedAt)}   ·   ${words.amountsIn} ${header.currency}`,
  );
  let page = 0;
  let y = 0;
  let failed = false;

  const shown = (raw: string, column: ReportColumn): string =>
    header.locale && column.kind === 'money' && isDecimalAmount(raw)
      ? formatMoney(raw, header.currency, header.locale)
      : raw;

  const fit = (text: string, width: number): string => {
    const room = width - 2 * CELL_PADDING;
    if (doc.widthOfString(text) <= room) return text;
    let cut = text;
    while (cut.length > 1 && doc.widthOfString(`${cut}…`) > room) cut = cut.slice(0, -1);
    return `${cut}…`;
  };

  const drawCells = (cells: ReadonlyArray<string>, bold: boolean) => {
    doc.font(bold ? PDF_FONTS.bold : PDF_FONTS.regular).fontSize(FONT_SIZE);
    cells.forEach((raw, i) => {
      const text = fit(pdfSafe(shown(raw, columns[i])), widths[i]);
      const numeric = columns[i].kind === 'money' || columns[i].kind === 'count';
      const x = numeric ? lefts[i] + widths[i] - CELL_PADDING - doc.widthOfString(text) : lefts[i] + CELL_PADDING;
      doc.text(text, x, y + 2, { lineBreak: false });
    });
  };

  const rule = (at: number, weight = 0.5) => {
    doc
      .moveTo(left, at)
      .lineTo(left + tableWidth, at)
      .lineWidth(weight)
      .stroke();
  };

  const pageHeader = () => {
    page += 1;
    y = MARGIN;
    // the page number on the organization's baseline: one line of text, whatever the two sizes' ascents
    const baseline = y + 13;
    doc
      .font(PDF_FONTS.regular)
      .fontSize(FONT_SIZE)
      .text(`${words.page} ${page}`, left + tableWidth - 80, baseline, {
        width: 80,
        align: 'right',
        lineBreak: false,
        baseline: 'alphabetic',
      });
    doc
      .font(PDF_FONTS.bold)
      .fontSize(12)
      .text(fit(pdfSafe(header.organization), tableWidth - 90), left, baseline, {
        lineBreak: false,
        baseline: 'alphabetic',
      });
    y += 17;
    doc.font(PDF_FONTS.bold).fontSize(10).text(pdfSafe(header.title), left, y, { lineBreak: false });
    y += 14;
    doc.font(PDF_FONTS.regular).fontSize(FONT_SIZE);
    doc.text(filtersLine, left, y, { width: tableWidth });
    y = doc.y + 2;
    doc.text(madeLine, left, y, { width: tableWidth });
    y = doc.y + 8;
    drawCells(
      columns.map((c) => c.title),
      true,
    );
    y += ROW_HEIGHT;
    rule(y);
  };

  const addRow = (cells: ReadonlyArray<string>, bold = false) => {
    if (y + ROW_HEIGHT > bottom) {
      doc.addPage();
      pageHeader();
    }
    drawCells(cells, bold);
    y += ROW_HEIGHT;
  };

  pageHeader();

  return {
    async addRows(rows: ReadonlyArray<ReportRow>) {
      for (const row of rows) {
        checkRow(row, columns);
        addRow(row);
      }
      await outputReady(out, doc);
    },
    async finish(totals: ReportRow) {
      checkRow(totals, columns);
      if (y + ROW_HEIGHT + 4 > bottom) {
        doc.addPage();
        pageHeader();
      }
      rule(y + 1, 1);
      y += 3;
      addRow(totals, true);
      doc.end();
      await outputFinished(out);
    },
    abort() {
      if (failed) return;
      failed = true;
      doc.unpipe(out);
    },
  };
}
