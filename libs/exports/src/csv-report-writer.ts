import { stringify } from 'csv-stringify';
import type { Writable } from 'node:stream';
import { outputFinished, outputReady } from './backpressure';
import { checkRow, headerLines, ReportColumn, ReportHeader, ReportRow, ReportWriter } from './report';

/**
 * CSV through csv-stringify's stream: the header as label/value lines, a blank line, the column titles, the rows,
 * the totals row. UTF-8 with a byte order mark, so spreadsheet programs read accents (lab names) right.
 */
export function csvReportWriter(
  out: Writable,
  header: ReportHeader,
  columns: ReadonlyArray<ReportColumn>,
): ReportWriter {
  const csv = stringify({ bom: true, record_delimiter: 'windows' });
  csv.pipe(out);
  let failed = false;

  const write = async (record: ReadonlyArray<string>) => {
    if (!csv.write(record)) await outputReady(out, csv, () => [csv]);
  };

  const started = (async () => {
    for (const line of headerLines(header)) await write(line);
    await write([]);
    await write(columns.map((c) => c.title));
  })();

  return {
    async addRows(rows: ReadonlyArray<ReportRow>) {
      await started;
      for (const row of rows) {
        checkRow(row, columns);
        await write(row);
      }
      await outputReady(out, csv, () => [csv]);
    },
    async finish(totals: ReportRow) {
      await started;
      checkRow(totals, columns);
      await write(totals);
      csv.end();
      await outputFinished(out);
    },
    abort() {
      if (failed) return;
      failed = true;
      csv.unpipe(out);
      csv.destroy();
    },
  };
}
