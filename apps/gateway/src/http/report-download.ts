import {
  createReportWriter,
  OutputClosedError,
  REPORT_CONTENT_TYPES,
  ReportColumn,
  ReportFormat,
  ReportHeader,
  reportFileName,
  ReportRow,
} from '@dental/exports';
import { SERVICE_METRICS, ServiceMetrics } from '@dental/messaging';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';

/** A report file sent as it is written: every export route of the gateway (Finance tabs, Account Book, Progress Payment). */
@Injectable()
export class ReportDownload {
  private readonly logger = new Logger(ReportDownload.name);

  constructor(@Inject(SERVICE_METRICS) private readonly metrics: ServiceMetrics) {}

  /** Headers, then the rows as `produce` hands them over, then its totals row; backpressure through `write`. */
  async stream(
    res: Response,
    format: ReportFormat,
    baseName: string,
    header: ReportHeader,
    columns: ReportColumn[],
    produce: (write: (rows: ReportRow[]) => Promise<void>) => Promise<ReportRow>,
  ): Promise<void> {
    res.status(200);
    res.setHeader('Content-Type', REPORT_CONTENT_TYPES[format]);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${reportFileName(baseName, format, header.generatedAt)}"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    const writer = createReportWriter(format, res, header, columns);
    const timer = this.metrics.exportDuration.startTimer({ report: baseName, format });
    try {
      const totals = await produce((rows) => writer.addRows(rows));
      await writer.finish(totals);
      timer();
    } catch (e) {
      writer.abort();
      if (e instanceof OutputClosedError) {
        this.logger.warn({ report: baseName, format }, 'the client went away before the export was complete');
      } else {
        this.logger.error(
          { err: e, report: baseName, format },
          'export failed after it had started; response cut short',
        );
      }
      res.destroy();
    }
  }
}
