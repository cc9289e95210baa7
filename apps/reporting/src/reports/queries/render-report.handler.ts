import {
  CallerContext,
  DomainError,
  ProgressPaymentsAnswer,
  REPORT_LABELS,
  ReportErrors,
  ReportFileView,
  ReportLayouts,
  ReportLocale,
  RenderReportQueryDto,
} from '@dental/contracts';
import {
  createReportWriter,
  REPORT_CONTENT_TYPES,
  ReportColumn,
  ReportHeader,
  reportFileName,
  ReportRow,
} from '@dental/exports';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Writable } from 'node:stream';
import { FinanceLabsHandler } from '../../finance/queries/finance-labs.handler';
import { AccountBookHandler } from './account-book.handler';
import { ProgressPaymentsHandler } from './progress-payments.handler';
import { checkPeriod, ReportClinics, reportLocaleOf } from './report-clinic';

/** Rows a whole-file answer may hold: a scheduled report is a day or a week of one clinic. */
export const RENDER_REPORT_MAX_ROWS = 400;
/** The file's size before base64 (× 4/3 on the bus), well below NATS's 1 MB payload. */
export const RENDER_REPORT_MAX_BYTES = 512 * 1024;

const FINANCE_LAB_TITLES: Record<ReportLocale, { title: string; columns: string[] }> = {
  en: { title: 'Finance: Dental Labs', columns: ['Dental lab', 'Work orders', 'Paid', 'Total', 'Outstanding'] },
  tr: { title: 'Finans: Laboratuvarlar', columns: ['Laboratuvar', 'İş emri', 'Ödenen', 'Toplam', 'Kalan'] },
};

interface Table {
  baseName: string;
  title: string;
  currency: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  totals: ReportRow;
  /** progress-payments: the physician asked for, by name ('' = all) */
  physician?: string;
  /** progress-payments: the clinic's mode and cost percentage */
  progress?: { mode: ProgressPaymentsAnswer['mode']; costPercent: string };
}

function tooLarge(reason: string): DomainError {
  return new DomainError(ReportErrors.TOO_LARGE, 422, `the report is too large for one file answer: ${reason}`, {
    maxRows: RENDER_REPORT_MAX_ROWS,
    maxBytes: RENDER_REPORT_MAX_BYTES,
  });
}

/**
 * A whole report file in one answer, for notifications' scheduled reports: the same tables as the gateway's
 * streamed exports. Built in memory, so bounded: more rows or bytes than the limits are a 422 REPORT.TOO_LARGE.
 */
@Injectable()
export class RenderReportHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly clinics: ReportClinics,
    private readonly accountBook: AccountBookHandler,
    private readonly progressPayments: ProgressPaymentsHandler,
    private readonly financeLabs: FinanceLabsHandler,
  ) {}

  async execute(query: RenderReportQueryDto, caller: CallerContext): Promise<ReportFileView> {
    checkPeriod(query.from, query.to);
    const clinic = await this.clinics.visible(this.em, caller, query.clinicId);
    const locale = query.locale ?? reportLocaleOf(clinic);
    const period = { clinicId: query.clinicId, from: query.from, to: query.to };
    const table = await this.table(query, caller, locale, period);
    if (table.rows.length > RENDER_REPORT_MAX_ROWS) throw tooLarge(`more than ${RENDER_REPORT_MAX_ROWS} rows`);
    const header: ReportHeader = {
      organization: query.organizationName ?? clinic.name,
      title: table.title,
      filters: ReportLayouts.filterLines(locale, {
        clinicName: clinic.name,
        from: query.from,
        to: query.to,
        groupBy: query.report === 'account-book' ? (query.groupBy ?? 'day') : undefined,
        physician: query.report === 'progress-payments' ? table.physician : undefined,
        progress: table.progress,
      }),
      generatedAt: new Date(),
      currency: table.currency,
      // the PDF's amounts in the file's locale (the clinic's unless asked otherwise); CSV and XLSX keep decimals
      locale,
    };
    const chunks: Buffer[] = [];
    let size = 0;
    const out = new Writable({
      write(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        // past the limit the bytes are dropped, not held: the answer is a 422 anyway
        if (size <= RENDER_REPORT_MAX_BYTES) chunks.push(Buffer.from(chunk));
        done();
      },
    });
    const writer = createReportWriter(query.format, out, header, table.columns);
    await writer.addRows(table.rows);
    await writer.finish(table.totals);
    if (size > RENDER_REPORT_MAX_BYTES) throw tooLarge(`more than ${RENDER_REPORT_MAX_BYTES} bytes`);
    return {
      fileName: reportFileName(table.baseName, query.format, header.generatedAt),
      contentType: REPORT_CONTENT_TYPES[query.format],
      contentBase64: Buffer.concat(chunks).toString('base64'),
    };
  }

  private async table(
    query: RenderReportQueryDto,
    caller: CallerContext,
    locale: ReportLocale,
    period: { clinicId: string; from: string; to: string },
  ): Promise<Table> {
    const l = REPORT_LABELS[locale];
    switch (query.report) {
      case 'account-book': {
        // one page one row longer than allowed: its length tells a period too large without reading it all
        const ask = { ...period, groupBy: query.groupBy, pageSize: RENDER_REPORT_MAX_ROWS + 1 };
        const answer = await this.accountBook.execute(ask, caller);
        const items = answer.items;
        return {
          baseName: 'account-book',
          title: l.accountBook,
          currency: answer.currency,
          columns: ReportLayouts.accountBookColumns(locale),
          rows: items.map((r) => ReportLayouts.accountBookCells(r.period, r)),
          totals: ReportLayouts.accountBookCells(l.total, answer.totals),
        };
      }
      case 'progress-payments': {
        const answer = await this.progressPayments.execute({ ...period, physicianId: query.physicianId }, caller);
        return {
          baseName: 'progress-payments',
          title: l.progressPayments,
          currency: answer.currency,
          columns: ReportLayouts.progressPaymentColumns(locale),
          rows: answer.items.map((r) => ReportLayouts.progressPaymentCells(r, locale)),
          totals: ReportLayouts.progressPaymentTotals(answer.totals, locale),
          physician: query.physicianId
            ? (answer.items.find((r) => r.physicianId === query.physicianId)?.name ?? query.physicianId)
            : '',
          progress: { mode: answer.mode, costPercent: answer.costPercent },
        };
      }
      case 'finance-labs': {
        const answer = await this.financeLabs.execute(period, caller);
        const t = FINANCE_LAB_TITLES[locale];
        const kinds = ['text', 'count', 'money', 'money', 'money'] as const;
        const widths = [32, 12, 16, 16, 16];
        return {
          baseName: 'finance-labs',
          title: t.title,
          currency: answer.currency,
          columns: t.columns.map((title, i) => ({ title, kind: kinds[i], width: widths[i] })),
          rows: answer.items.map((r) => [
            r.labName,
            String(r.workOrderCount),
            r.paidAmount,
            r.totalAmount,
            r.outstandingAmount,
          ]),
          totals: [
            l.total,
            String(answer.totals.workOrderCount),
            answer.totals.paidAmount,
            answer.totals.totalAmount,
            answer.totals.outstandingAmount,
          ],
        };
      }
    }
  }
}
