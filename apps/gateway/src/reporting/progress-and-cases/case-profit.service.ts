import {
  CallerContext,
  CASE_PROFIT_LABELS,
  CaseProfitAnswer,
  CaseProfitCaseRow,
  CaseProfitLayouts,
  CaseProfitQueryDto,
  CaseProfitSubjects,
  ReportLayouts,
} from '@dental/contracts';
import { ReportHeader } from '@dental/exports';
import { RpcClient } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { ReportDownload } from '../../http/report-download';
import { Organization } from '../../identity/organization.entity';
import { CaseProfitHttpQueryDto } from './case-profit-query.dto';
import { CaseProfitJson } from './progress-and-cases.views';

/** Cases per request to reporting: far below NATS's 1 MB payload. */
export const CASE_PROFIT_CHUNK_SIZE = 500;

/**
 * Case profit (DOMAIN.md D) as JSON or as a streamed CSV, XLSX or PDF file of one of its tables (`groupBy`: per case,
 * per physician, per lab). The cases come from reporting in chunks, each asked while the previous one is written;
 * the per-physician, per-lab and total figures come whole with the first. Errors of the first request answer as
 * JSON; once a file has started, a failure can only cut it short.
 */
@Injectable()
export class CaseProfitService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly em: EntityManager,
    private readonly download: ReportDownload,
  ) {}

  async caseProfit(query: CaseProfitHttpQueryDto, caller: CallerContext, res: Response): Promise<void> {
    const ask: CaseProfitQueryDto = {
      clinicId: query.clinicId,
      ...(query.from !== undefined ? { from: query.from } : {}),
      ...(query.to !== undefined ? { to: query.to } : {}),
      ...(query.physicianId !== undefined ? { physicianId: query.physicianId } : {}),
      ...(query.labId !== undefined ? { labId: query.labId } : {}),
      pageSize: CASE_PROFIT_CHUNK_SIZE,
    };
    const first = await this.rpc.request<CaseProfitAnswer>(CaseProfitSubjects.caseProfit, ask, caller);
    const prefetch = (after: string) => {
      const chunk = this.rpc.request<CaseProfitAnswer>(CaseProfitSubjects.caseProfit, { ...ask, after }, caller);
      chunk.catch(() => undefined);
      return chunk;
    };
    const cases = async function* (): AsyncGenerator<CaseProfitCaseRow[]> {
      let chunk = first;
      for (;;) {
        const next = chunk.nextCursor ? prefetch(chunk.nextCursor) : undefined;
        yield chunk.items;
        if (!next) return;
        chunk = await next;
      }
    };
    const format = query.format ?? 'json';
    const grouping = query.groupBy ?? 'case';
    if (format === 'json') {
      const { clinicName: _c, locale: _l, nextCursor: _n, ...answer } = first;
      const items: CaseProfitCaseRow[] = [];
      for await (const rows of cases()) items.push(...rows);
      const json: CaseProfitJson = { ...answer, items };
      res.status(200).json(json);
      return;
    }
    const locale = first.locale ?? 'en';
    const header = await this.header(caller, first, query);
    const columns = CaseProfitLayouts.columns(grouping, locale);
    await this.download.stream(res, format, 'case-profit', header, columns, async (write) => {
      if (grouping === 'case') {
        for await (const rows of cases())
          await write(CaseProfitLayouts.rows({ ...first, items: rows }, 'case', locale));
      } else {
        await write(CaseProfitLayouts.rows(first, grouping, locale));
      }
      return CaseProfitLayouts.totals(first, grouping, locale);
    });
  }

  // Labels in the clinic's locale; names come with reporting's answer, the organization's from here.
  private async header(
    caller: CallerContext,
    answer: CaseProfitAnswer,
    query: CaseProfitHttpQueryDto,
  ): Promise<ReportHeader> {
    const locale = answer.locale ?? 'en';
    const l = CASE_PROFIT_LABELS[locale];
    const organization = await this.em.findOne(Organization, { id: caller.organizationId });
    const physician = query.physicianId
      ? (answer.physicians.find((p) => p.physicianId === query.physicianId)?.name ?? query.physicianId)
      : '';
    const lab = query.labId ? (answer.labs.find((r) => r.labId === query.labId)?.labName ?? query.labId) : l.allLabs;
    const grouping = query.groupBy ?? 'case';
    return {
      organization: organization?.name ?? caller.organizationId,
      title: l.title,
      filters: [
        ...ReportLayouts.filterLines(locale, {
          clinicName: answer.clinicName ?? answer.clinicId,
          from: query.from,
          to: query.to,
          physician,
        }),
        { label: l.lab, value: lab },
        { label: l.rows, value: grouping === 'case' ? l.case : grouping === 'physician' ? l.byPhysician : l.byLab },
      ],
      generatedAt: new Date(),
      currency: answer.currency,
      // the PDF's amounts as the clinic writes them (₺1.250,50); CSV and XLSX keep decimals
      locale,
    };
  }
}
