import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';

/**
 * The font every PDF of the platform is written in: Noto Sans, regular and bold, embedded (only the glyphs used).
 * PDF's standard fonts (Helvetica) show WinAnsi only, which has no ı, İ, ş, Ş, ğ, Ğ nor ₺.
 *
 * The files come from `@fontsource/noto-sans` 4.x, whose `all` files hold the whole font in one WOFF per weight
 * (Latin, Latin Extended, Greek, Cyrillic, Vietnamese, Devanagari and the currency signs, ₺ included). Fontsource 5
 * ships only per-script subsets: its `latin` file has ı but no ş, ğ, İ nor ₺, its `latin-ext` file has those but no
 * ASCII, and PDFKit does not fall back from one font to another within a line. PDFKit reads TTF, OTF and WOFF, not
 * WOFF2; it is handed the font as TrueType, unpacked from the WOFF once per process (`woffToSfnt`): fontkit reads a
 * WOFF by inflating a table again at each access, every glyph of the glyf table included, which made a one-page
 * receipt take seconds.
 *
 * The files are found with `require.resolve`, from the package in node_modules: the same in Jest, in `dist/` (the
 * build compiles with SWC and bundles nothing) and in the service images (which carry the production node_modules).
 */
export const PDF_FONTS = { regular: 'NotoSans', bold: 'NotoSans-Bold' } as const;
export type PdfFontWeight = keyof typeof PDF_FONTS;

const FONT_FILES: Record<PdfFontWeight, string> = {
  regular: '@fontsource/noto-sans/files/noto-sans-all-400-normal.woff',
  bold: '@fontsource/noto-sans/files/noto-sans-all-700-normal.woff',
};

const fonts = new Map<PdfFontWeight, Buffer>();

/** The font of a weight as TrueType bytes, read and unpacked once. */
export function pdfFontFile(weight: PdfFontWeight): Buffer {
  let font = fonts.get(weight);
  if (!font) {
    font = woffToSfnt(readFileSync(require.resolve(FONT_FILES[weight])));
    fonts.set(weight, font);
  }
  return font;
}

/** Names the regular and bold fonts `PDF_FONTS.regular` / `PDF_FONTS.bold` in `doc`, and makes the regular current. */
export function registerFonts(doc: PDFKit.PDFDocument): PDFKit.PDFDocument {
  doc.registerFont(PDF_FONTS.regular, pdfFontFile('regular'));
  doc.registerFont(PDF_FONTS.bold, pdfFontFile('bold'));
  return doc.font(PDF_FONTS.regular);
}

/**
 * A PDFKit document in the platform's font, both weights registered under `PDF_FONTS`, the regular one current.
 * (PDFKit starts every document on Helvetica; a standard font that writes nothing is left out of the file.)
 */
export function createPdfDocument(options: PDFKit.PDFDocumentOptions = {}): PDFKit.PDFDocument {
  return registerFonts(new PDFDocument(options));
}

const WOFF_SIGNATURE = 0x774f4646; // "wOFF"

/**
 * A WOFF 1.0 font as the TrueType/OpenType file it wraps (W3C WOFF 1.0, section 5): each table inflated when it
 * was compressed, laid out again behind an sfnt table directory, 4-byte aligned. The tables and their checksums are
 * the original font's.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.length < 44 || woff.readUInt32BE(0) !== WOFF_SIGNATURE) throw new Error('not a WOFF 1.0 font');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const entry = 44 + i * 20;
    const offset = woff.readUInt32BE(entry + 4);
    const compLength = woff.readUInt32BE(entry + 8);
    const origLength = woff.readUInt32BE(entry + 12);
    const stored = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(stored) : stored;
    if (data.length !== origLength) throw new Error('a WOFF table does not unpack to its length');
    return { tag: woff.readUInt32BE(entry), checksum: woff.readUInt32BE(entry + 16), data };
  });
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= numTables) entrySelector += 1;
  const searchRange = 2 ** entrySelector * 16;
  const directory = Buffer.alloc(12 + 16 * numTables);
  directory.writeUInt32BE(flavor, 0);
  directory.writeUInt16BE(numTables, 4);
  directory.writeUInt16BE(searchRange, 6);
  directory.writeUInt16BE(entrySelector, 8);
  directory.writeUInt16BE(numTables * 16 - searchRange, 10);
  const bodies: Buffer[] = [];
  let at = directory.length;
  tables.forEach((table, i) => {
    const entry = 12 + i * 16;
    directory.writeUInt32BE(table.tag, entry);
    directory.writeUInt32BE(table.checksum, entry + 4);
    directory.writeUInt32BE(at, entry + 8);
    directory.writeUInt32BE(table.data.length, entry + 12);
    const padded = Buffer.alloc((table.data.length + 3) & ~3);
    table.data.copy(padded);
    bodies.push(padded);
    at += padded.length;
  });
  return Buffer.concat([directory, ...bodies]);
}

interface GlyphSource {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

let glyphs: GlyphSource | undefined;

/** The regular font as fontkit reads it (the bold has the same characters), through a document of its own. */
function fontGlyphs(): GlyphSource {
  if (!glyphs) {
    const probe = createPdfDocument({ autoFirstPage: false }) as unknown as { _font?: { font?: GlyphSource } };
    const font = probe._font?.font;
    if (typeof font?.hasGlyphForCodePoint !== 'function')
      throw new Error('PDFKit no longer exposes the embedded font: pdfSafe cannot tell which characters it has');
    glyphs = font;
  }
  return glyphs;
}

/**
 * The text as the embedded font can show it: composed (NFC), every character the font has kept; one it lacks
 * becomes its base letter when that has a glyph (a rare accent dropped), otherwise "?" (Chinese, emoji): never the
 * font's empty box. Turkish, the rest of Latin, Greek, Cyrillic and the currency signs all pass unchanged.
 */
export function pdfSafe(text: string): string {
  const font = fontGlyphs();
  const has = (ch: string) => font.hasGlyphForCodePoint(ch.codePointAt(0)!);
  let safe = '';
  for (const ch of text.normalize('NFC')) {
    if (has(ch) || ch === '\n' || ch === '\t') {
      safe += ch;
      continue;
    }
    const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
    safe += base.length > 0 && [...base].every(has) ? base : '?';
  }
  return safe;
}
