import {
  CallerContext,
  PAYABLES_AGING_LABELS,
  PayablesAgingAnswer,
  PayablesAgingLayouts,
  PayablesAgingQueryDto,
  PayablesAgingSubjects,
  PayablesAgingWorkOrderRow,
} from '@dental/contracts';
import { ReportHeader } from '@dental/exports';
import { RpcClient } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { ReportDownload } from '../../http/report-download';
import { Organization } from '../../identity/organization.entity';
import { PayablesAgingHttpQueryDto } from './payables-aging-query.dto';

/** Drill-down work orders per request to reporting: far below NATS's 1 MB payload. */
export const PAYABLES_AGING_CHUNK_SIZE = 500;

/** API.md's JSON: the names, locale and cursor are for the files and the chunks only. */
export type PayablesAgingJson = Omit<PayablesAgingAnswer, 'clinicName' | 'locale' | 'labName' | 'nextCursor'>;

/**
 * Payables aging (DOMAIN.md D) as JSON or as a streamed CSV, XLSX or PDF file. With a lab filter the lab's work
 * orders (the drill-down) come from reporting in chunks, each asked while the previous one is written. Errors of the
 * first request answer as JSON; once a file has started, a failure can only cut it short.
 */
@Injectable()
export class PayablesAgingService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly em: EntityManager,
    private readonly download: ReportDownload,
  ) {}

  async aging(query: PayablesAgingHttpQueryDto, caller: CallerContext, res: Response): Promise<void> {
    const ask: PayablesAgingQueryDto = {
      ...(query.clinicId !== undefined ? { clinicId: query.clinicId } : {}),
      ...(query.labId !== undefined ? { labId: query.labId } : {}),
      ...(query.asOf !== undefined ? { asOf: query.asOf } : {}),
      pageSize: PAYABLES_AGING_CHUNK_SIZE,
    };
    const first = await this.rpc.request<PayablesAgingAnswer>(PayablesAgingSubjects.aging, ask, caller);
    // the later chunks at the first one's date, even when "today" turns over meanwhile
    const prefetch = (after: string) => {
      const chunk = this.rpc.request<PayablesAgingAnswer>(
        PayablesAgingSubjects.aging,
        { ...ask, asOf: first.asOf, after },
        caller,
      );
      chunk.catch(() => undefined);
      return chunk;
    };
    const drillDown = async function* (): AsyncGenerator<PayablesAgingWorkOrderRow[]> {
      let chunk = first;
      for (;;) {
        const next = chunk.nextCursor ? prefetch(chunk.nextCursor) : undefined;
        yield chunk.items[0]?.workOrders ?? [];
        if (!next) return;
        chunk = await next;
      }
    };

    const format = query.format ?? 'json';
    if (format === 'json') {
      const { clinicName: _c, locale: _l, labName: _n, nextCursor: _x, ...answer } = first;
      const json: PayablesAgingJson = answer;
      if (query.labId && answer.items.length) {
        const workOrders: PayablesAgingWorkOrderRow[] = [];
        for await (const rows of drillDown()) workOrders.push(...rows);
        json.items = [{ ...answer.items[0], workOrders }];
      }
      res.status(200).json(json);
      return;
    }

    const locale = first.locale ?? 'en';
    const header = await this.header(caller, first);
    const columns = query.labId
      ? PayablesAgingLayouts.workOrderColumns(locale)
      : PayablesAgingLayouts.labColumns(locale);
    await this.download.stream(res, format, 'payables-aging', header, columns, async (write) => {
      if (query.labId) {
        for await (const rows of drillDown()) await write(rows.map((r) => PayablesAgingLayouts.workOrderCells(r)));
      } else {
        await write(first.items.map((r) => PayablesAgingLayouts.labCells(r)));
      }
      return PayablesAgingLayouts.totalsCells(first.totals, locale, columns.length);
    });
  }

  // Labels in the clinic's locale; clinic and lab names come with reporting's answer, the organization's from here.
  private async header(caller: CallerContext, answer: PayablesAgingAnswer): Promise<ReportHeader> {
    const locale = answer.locale ?? 'en';
    const organization = await this.em.findOne(Organization, { id: caller.organizationId });
    return {
      organization: organization?.name ?? caller.organizationId,
      title: PAYABLES_AGING_LABELS[locale].title,
      filters: PayablesAgingLayouts.filterLines(locale, {
        asOf: answer.asOf,
        clinicName: answer.clinicName,
        labName: answer.labName,
      }),
      generatedAt: new Date(),
      currency: answer.currency,
      // the PDF's amounts as the clinics in scope write them (English when they differ); CSV and XLSX keep decimals
      locale,
    };
  }
}
