import {
  AccountBookAnswer,
  AccountBookQueryDto,
  CallerContext,
  ProgressPaymentsAnswer,
  ProgressPaymentsQueryDto,
  REPORT_LABELS,
  ReportClinicLabel,
  ReportLayouts,
  ReportLocale,
  ReportSubjects,
} from '@dental/contracts';
import { ReportHeader } from '@dental/exports';
import { RpcClient } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { ReportDownload } from '../../http/report-download';
import { Organization } from '../../identity/organization.entity';
import { AccountBookHttpQueryDto, ProgressPaymentsHttpQueryDto } from '../reports-query.dto';

/** Periods per request to reporting: far below NATS's 1 MB payload. */
export const ACCOUNT_BOOK_CHUNK_SIZE = 500;

type AccountBookJson = Omit<AccountBookAnswer, 'nextCursor' | keyof ReportClinicLabel>;

/** API.md's JSON: the clinic's name and locale are for the files only. */
function withoutLabel<T extends ReportClinicLabel>(answer: T): Omit<T, keyof ReportClinicLabel> {
  const { clinicName: _name, locale: _locale, ...rest } = answer;
  return rest;
}

/**
 * The Account Book and Progress Payment (DOMAIN.md C) as JSON or as a streamed CSV, XLSX or PDF file. Errors of the
 * first request to reporting answer as JSON; once a file has started, a failure can only cut it short.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly em: EntityManager,
    private readonly download: ReportDownload,
  ) {}

  async accountBook(query: AccountBookHttpQueryDto, caller: CallerContext, res: Response): Promise<void> {
    const ask: AccountBookQueryDto = {
      clinicId: query.clinicId,
      ...(query.from !== undefined ? { from: query.from } : {}),
      ...(query.to !== undefined ? { to: query.to } : {}),
      groupBy: query.groupBy ?? 'day',
      pageSize: ACCOUNT_BOOK_CHUNK_SIZE,
    };
    // Asked one chunk ahead while the previous one is written: a failure must wait for its turn, not go unhandled.
    const prefetch = (after: string) => {
      const chunk = this.rpc.request<AccountBookAnswer>(ReportSubjects.accountBook, { ...ask, after }, caller);
      chunk.catch(() => undefined);
      return chunk;
    };
    const first = await this.rpc.request<AccountBookAnswer>(ReportSubjects.accountBook, ask, caller);
    const chunks = async function* () {
      let chunk = first;
      for (;;) {
        const next = chunk.nextCursor ? prefetch(chunk.nextCursor) : undefined;
        yield chunk;
        if (!next) return;
        chunk = await next;
      }
    };
    const format = query.format ?? 'json';
    if (format === 'json') {
      const items: AccountBookAnswer['items'] = [];
      for await (const chunk of chunks()) items.push(...chunk.items);
      const { nextCursor: _, ...rest } = withoutLabel(first);
      const answer: AccountBookJson = { ...rest, items };
      res.status(200).json(answer);
      return;
    }
    const locale = first.locale ?? 'en';
    const header = await this.header(caller, locale, REPORT_LABELS[locale].accountBook, first, {
      from: query.from,
      to: query.to,
      groupBy: first.groupBy,
    });
    const columns = ReportLayouts.accountBookColumns(locale);
    await this.download.stream(res, format, 'account-book', header, columns, async (write) => {
      for await (const chunk of chunks())
        await write(chunk.items.map((r) => ReportLayouts.accountBookCells(r.period, r)));
      return ReportLayouts.accountBookCells(REPORT_LABELS[locale].total, first.totals);
    });
  }

  async progressPayments(query: ProgressPaymentsHttpQueryDto, caller: CallerContext, res: Response): Promise<void> {
    const ask: ProgressPaymentsQueryDto = {
      clinicId: query.clinicId,
      ...(query.from !== undefined ? { from: query.from } : {}),
      ...(query.to !== undefined ? { to: query.to } : {}),
      ...(query.physicianId !== undefined ? { physicianId: query.physicianId } : {}),
    };
    const answer = await this.rpc.request<ProgressPaymentsAnswer>(ReportSubjects.progressPayments, ask, caller);
    const format = query.format ?? 'json';
    if (format === 'json') {
      res.status(200).json(withoutLabel(answer));
      return;
    }
    const locale = answer.locale ?? 'en';
    const header = await this.header(caller, locale, REPORT_LABELS[locale].progressPayments, answer, {
      from: query.from,
      to: query.to,
      physician: query.physicianId
        ? (answer.items.find((r) => r.physicianId === query.physicianId)?.name ?? query.physicianId)
        : '',
      progress: { mode: answer.mode, costPercent: answer.costPercent },
    });
    const columns = ReportLayouts.progressPaymentColumns(locale);
    await this.download.stream(res, format, 'progress-payments', header, columns, async (write) => {
      await write(answer.items.map((r) => ReportLayouts.progressPaymentCells(r, locale)));
      return ReportLayouts.progressPaymentTotals(answer.totals, locale);
    });
  }

  // Labels in the clinic's locale; the clinic's name comes with reporting's answer, the organization's from here.
  private async header(
    caller: CallerContext,
    locale: ReportLocale,
    title: string,
    answer: ReportClinicLabel & { clinicId: string; currency: string },
    filters: Omit<Parameters<typeof ReportLayouts.filterLines>[1], 'clinicName'>,
  ): Promise<ReportHeader> {
    const organization = await this.em.findOne(Organization, { id: caller.organizationId });
    return {
      organization: organization?.name ?? caller.organizationId,
      title,
      filters: ReportLayouts.filterLines(locale, { ...filters, clinicName: answer.clinicName ?? answer.clinicId }),
      generatedAt: new Date(),
      currency: answer.currency,
      // the PDF's amounts as the clinic writes them (₺1.250,50); CSV and XLSX keep decimals
      locale,
    };
  }
}
