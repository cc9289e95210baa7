import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { outputFinished, outputReady } from './backpressure';
import { checkRow, formatGeneratedAt, ReportColumn, ReportHeader, ReportRow, ReportWriter } from './report';

const MARGIN = 36;
const FONT_SIZE = 8;
const ROW_HEIGHT = 13;
const CELL_PADDING = 3;
// WinAnsi characters above Latin-1 that PDF's standard fonts can show.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * PDF's standard fonts (Helvetica) show WinAnsi only: other letters lose their accent where that maps them into it
 * (ş → s, ğ → g), the dotless ı becomes i, anything else a "?". Embedding a font would lift this.
 */
export function pdfSafe(text: string): string {
  let safe = '';
  for (const ch of text) {
    if (ch.charCodeAt(0) <= 0xff || WIN_ANSI_EXTRA.has(ch)) {
      safe += ch;
      continue;
    }
    const base = ch === 'ı' ? 'i' : ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    safe += base.length === 1 && base.charCodeAt(0) <= 0xff ? base : '?';
  }
  return safe;
}

/**
 * PDF through PDFKit, piped into `out` as pages fill: A4 landscape, a simple table with the report header, the
 * column titles and a page number on every page, the totals row in bold under a rule.
 */
export function pdfReportWriter(
  out: Writable,
  header: ReportHeader,
  columns: ReadonlyArray<ReportColumn>,
): ReportWriter {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    info: { Title: pdfSafe(header.title), Author: pdfSafe(header.organization), CreationDate: header.generatedAt },
  });
  doc.pipe(out);
  const left = MARGIN;
  const tableWidth = doc.page.width - 2 * MARGIN;
  const bottom = doc.page.height - MARGIN;
  const totalWeight = columns.reduce((sum, c) => sum + c.width, 0);
  const widths = columns.map((c) => (c.width / totalWeight) * tableWidth);
  const lefts = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const filtersLine = pdfSafe(header.filters.map((f) => `${f.label}: ${f.value}`).join('   ·   '));
  const madeLine = pdfSafe(`Generated ${formatGeneratedAt(header.generatedAt)}   ·   Amounts in ${header.currency}`);
  let page = 0;
  let y = 0;
  let failed = false;

  const fit = (text: string, width: number): string => {
    const room = width - 2 * CELL_PADDING;
    if (doc.widthOfString(text) <= room) return text;
    let cut = text;
    while (cut.length > 1 && doc.widthOfString(`${cut}…`) > room) cut = cut.slice(0, -1);
    return `${cut}…`;
  };

  const drawCells = (cells: ReadonlyArray<string>, bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(FONT_SIZE);
    cells.forEach((raw, i) => {
      const text = fit(pdfSafe(raw), widths[i]);
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
    doc
      .font('Helvetica')
      .fontSize(FONT_SIZE)
      .text(`Page ${page}`, left + tableWidth - 80, y, { width: 80, align: 'right', lineBreak: false });
    doc
      .font('Helvetica-Bold')
      .fontSize(12)
      .text(fit(pdfSafe(header.organization), tableWidth - 90), left, y, { lineBreak: false });
    y += 16;
    doc.font('Helvetica-Bold').fontSize(10).text(pdfSafe(header.title), left, y, { lineBreak: false });
    y += 14;
    doc.font('Helvetica').fontSize(FONT_SIZE);
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
