import {
  BalanceKind,
  CallerContext,
  PatientBalancesAnswer,
  PatientBalancesQueryDto,
  RECEIVABLES_LABELS,
  RECEIVABLES_MAX_CHUNK,
  ReceivablesAgingAnswer,
  ReceivablesAgingQueryDto,
  ReceivablesLayouts,
  ReceivablesSubjects,
  ReportClinicLabel,
} from '@dental/contracts';
import { ReportHeader } from '@dental/exports';
import { RpcClient } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { ReportDownload } from '../../http/report-download';
import { Organization } from '../../identity/organization.entity';
import { PatientBalancesHttpQueryDto, ReceivablesAgingHttpQueryDto } from './receivables-query.dto';

/** API.md's JSON: the clinic's name, the locale and the keyset cursor are for the files only. */
export type ReceivablesAgingJson = Omit<ReceivablesAgingAnswer, keyof ReportClinicLabel | 'nextCursor'>;
export type PatientBalancesJson = Omit<PatientBalancesAnswer, keyof ReportClinicLabel | 'nextCursor'>;

function json<T extends ReportClinicLabel & { nextCursor: string | null }>(answer: T) {
  const { clinicName: _n, locale: _l, nextCursor: _c, ...rest } = answer;
  return rest;
}

/**
 * Chunks of a report from reporting, each asked while the previous one is written (a failure waits for its turn,
 * never unhandled); `first` is already there.
 */
async function* chunks<T extends { nextCursor: string | null }>(first: T, next: (after: string) => Promise<T>) {
  let chunk = first;
  for (;;) {
    const following = chunk.nextCursor ? next(chunk.nextCursor) : undefined;
    following?.catch(() => undefined);
    yield chunk;
    if (!following) return;
    chunk = await following;
  }
}

/**
 * Receivables aging and the balance report (DOMAIN.md D) as JSON (one page) or as a streamed CSV, XLSX or PDF file
 * of every row, asked of reporting in keyset chunks. Errors of the first request answer as JSON; once a file has
 * started, a failure can only cut it short.
 */
@Injectable()
export class ReceivablesService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly em: EntityManager,
    private readonly download: ReportDownload,
  ) {}

  async aging(query: ReceivablesAgingHttpQueryDto, caller: CallerContext, res: Response): Promise<void> {
    const format = query.format ?? 'json';
    const scope: ReceivablesAgingQueryDto = {
      ...(query.clinicId !== undefined ? { clinicId: query.clinicId } : {}),
      ...(query.asOf !== undefined ? { asOf: query.asOf } : {}),
    };
    const ask = (more: Partial<ReceivablesAgingQueryDto>) =>
      this.rpc.request<ReceivablesAgingAnswer>(ReceivablesSubjects.aging, { ...scope, ...more }, caller);
    if (format === 'json') {
      const answer = await ask({ page: query.page ?? 1, pageSize: query.pageSize ?? 50 });
      const body: ReceivablesAgingJson = json(answer);
      res.status(200).json(body);
      return;
    }
    const first = await ask({ pageSize: RECEIVABLES_MAX_CHUNK });
    const locale = first.locale ?? 'en';
    const header = await this.header(caller, first, RECEIVABLES_LABELS[locale].aging, { asOf: first.asOf });
    // the later chunks as of the first one's date, even when "today" turns over meanwhile
    const next = (after: string) => ask({ asOf: first.asOf, pageSize: RECEIVABLES_MAX_CHUNK, after });
    await this.download.stream(
      res,
      format,
      'receivables-aging',
      header,
      ReceivablesLayouts.agingColumns(locale),
      async (write) => {
        for await (const chunk of chunks(first, next)) await write(chunk.items.map(ReceivablesLayouts.agingCells));
        return ReceivablesLayouts.agingTotals(first.totals, locale);
      },
    );
  }

  async balances(query: PatientBalancesHttpQueryDto, caller: CallerContext, res: Response): Promise<void> {
    const format = query.format ?? 'json';
    const scope: PatientBalancesQueryDto = {
      kind: query.kind,
      ...(query.clinicId !== undefined ? { clinicId: query.clinicId } : {}),
    };
    const ask = (more: Partial<PatientBalancesQueryDto>) =>
      this.rpc.request<PatientBalancesAnswer>(ReceivablesSubjects.balances, { ...scope, ...more }, caller);
    if (format === 'json') {
      const answer = await ask({ page: query.page ?? 1, pageSize: query.pageSize ?? 50 });
      const body: PatientBalancesJson = json(answer);
      res.status(200).json(body);
      return;
    }
    const first = await ask({ pageSize: RECEIVABLES_MAX_CHUNK });
    const locale = first.locale ?? 'en';
    const header = await this.header(caller, first, RECEIVABLES_LABELS[locale][query.kind], { kind: query.kind });
    const next = (after: string) => ask({ pageSize: RECEIVABLES_MAX_CHUNK, after });
    await this.download.stream(
      res,
      format,
      `balances-${query.kind}`,
      header,
      ReceivablesLayouts.balanceColumns(query.kind, locale),
      async (write) => {
        for await (const chunk of chunks(first, next)) await write(chunk.items.map(ReceivablesLayouts.balanceCells));
        return ReceivablesLayouts.balanceTotals(first.totals, locale);
      },
    );
  }

  // Labels in the clinic's locale; the clinic's name comes with reporting's answer, the organization's from here.
  private async header(
    caller: CallerContext,
    answer: ReportClinicLabel & { clinicId: string | null; currency: string },
    title: string,
    filters: { asOf?: string; kind?: BalanceKind },
  ): Promise<ReportHeader> {
    const locale = answer.locale ?? 'en';
    const organization = await this.em.findOne(Organization, { id: caller.organizationId });
    return {
      organization: organization?.name ?? caller.organizationId,
      title,
      filters: ReceivablesLayouts.filterLines(locale, {
        clinicName: answer.clinicId ? (answer.clinicName ?? answer.clinicId) : null,
        ...filters,
      }),
      generatedAt: new Date(),
      currency: answer.currency,
      // the PDF's amounts as the clinics in scope write them (English when they differ); CSV and XLSX keep decimals
      locale,
    };
  }
}
