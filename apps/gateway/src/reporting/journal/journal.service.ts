import {
  CallerContext,
  JOURNAL_MAX_CHUNK,
  JournalLineRow,
  JournalLinesAnswer,
  JournalLinesQueryDto,
  JournalSubjects,
  JournalTotals,
} from '@dental/contracts';
import { outputFinished, outputReady, ReportColumn, ReportHeader, ReportRow } from '@dental/exports';
import { RpcClient } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { ReportDownload } from '../../http/report-download';
import { Organization } from '../../identity/organization.entity';
import { AccountChart, AccountCharts } from './account-chart';
import { JournalHttpQueryDto } from './journal-query.dto';

/** A journal line as the API answers it: the account by the organization's code and name. */
export interface JournalLineView {
  date: string;
  entryId: string;
  accountCode: string;
  accountName: string;
  debit: string;
  credit: string;
  currency: string;
  source: string;
  reference: string;
}

export interface JournalView {
  clinicId: string | null;
  from: string | null;
  to: string | null;
  currency: string;
  items: JournalLineView[];
  totals: JournalTotals;
}

export const JOURNAL_COLUMNS: ReportColumn[] = [
  { title: 'Date', kind: 'date', width: 12 },
  { title: 'Entry', kind: 'text', width: 38 },
  { title: 'Account code', kind: 'text', width: 12 },
  { title: 'Account name', kind: 'text', width: 24 },
  { title: 'Debit', kind: 'money', width: 14 },
  { title: 'Credit', kind: 'money', width: 14 },
  { title: 'Currency', kind: 'text', width: 9 },
  { title: 'Source', kind: 'text', width: 36 },
  { title: 'Reference', kind: 'text', width: 38 },
];

const viewOf =
  (chart: AccountChart) =>
  (l: JournalLineRow): JournalLineView => ({
    date: l.date,
    entryId: l.entryId,
    accountCode: chart[l.account].code,
    accountName: chart[l.account].name,
    debit: l.debit,
    credit: l.credit,
    currency: l.currency,
    source: l.source,
    reference: l.reference,
  });

const cellsOf = (l: JournalLineView): ReportRow => [
  l.date,
  l.entryId,
  l.accountCode,
  l.accountName,
  l.debit,
  l.credit,
  l.currency,
  l.source,
  l.reference,
];

/** Chunks of the journal, each asked while the previous one is written; `first` is already there. */
async function* chunks(first: JournalLinesAnswer, next: (after: string) => Promise<JournalLinesAnswer>) {
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
 * The journal export (DOMAIN.md E): reporting's lines in keyset chunks of 2,000, named with the organization's
 * chart, streamed as JSON, CSV (a byte order mark, `,` or `;`, one title row then the lines: ready for an import)
 * or XLSX (@dental/exports' layout: header, titles, lines, a totals row). Errors of the first chunk answer as JSON;
 * once the answer has started a failure can only cut it short.
 */
@Injectable()
export class JournalService {
  private readonly logger = new Logger(JournalService.name);

  constructor(
    private readonly rpc: RpcClient,
    private readonly em: EntityManager,
    private readonly charts: AccountCharts,
    private readonly download: ReportDownload,
  ) {}

  async journal(query: JournalHttpQueryDto, caller: CallerContext, res: Response): Promise<void> {
    const scope: JournalLinesQueryDto = {
      ...(query.clinicId !== undefined ? { clinicId: query.clinicId } : {}),
      ...(query.from !== undefined ? { from: query.from } : {}),
      ...(query.to !== undefined ? { to: query.to } : {}),
      pageSize: JOURNAL_MAX_CHUNK,
    };
    const ask = (after?: string) =>
      this.rpc.request<JournalLinesAnswer>(JournalSubjects.lines, after ? { ...scope, after } : scope, caller);
    const first = await ask();
    const chart = await this.charts.chartOf(caller.organizationId);
    const view = viewOf(chart);
    const format = query.format ?? 'json';
    if (format === 'xlsx') {
      const header = await this.header(caller, first);
      await this.download.stream(res, 'xlsx', 'journal', header, JOURNAL_COLUMNS, async (write) => {
        for await (const chunk of chunks(first, ask)) await write(chunk.items.map((l) => cellsOf(view(l))));
        return ['', '', '', 'Total', first.totals.debit, first.totals.credit, first.currency, '', ''];
      });
      return;
    }
    const madeAt = new Date().toISOString().slice(0, 10);
    res.status(200);
    res.setHeader('Cache-Control', 'no-store');
    try {
      if (format === 'csv') {
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="journal-${madeAt}.csv"`);
        const csv = stringify({
          bom: true,
          delimiter: query.delimiter === 'semicolon' ? ';' : ',',
          record_delimiter: 'windows',
        });
        csv.pipe(res);
        const write = async (record: ReportRow) => {
          if (!csv.write(record)) await outputReady(res, csv, () => [csv]);
        };
        await write(JOURNAL_COLUMNS.map((c) => c.title));
        for await (const chunk of chunks(first, ask)) {
          for (const line of chunk.items) await write(cellsOf(view(line)));
          await outputReady(res, csv, () => [csv]);
        }
        csv.end();
        await outputFinished(res);
        return;
      }
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      const { items: _items, nextCursor: _next, totals, ...head } = first;
      const send = async (text: string) => {
        if (!res.write(text)) await outputReady(res);
      };
      await send(`${JSON.stringify(head).slice(0, -1)},"items":[`);
      let separator = '';
      for await (const chunk of chunks(first, ask)) {
        const text = chunk.items.map((l) => JSON.stringify(view(l))).join(',');
        if (text) {
          await send(separator + text);
          separator = ',';
        }
      }
      res.end(`],"totals":${JSON.stringify(totals)}}`);
      await outputFinished(res);
    } catch (e) {
      this.logger.error({ err: e, report: 'journal', format }, 'journal failed after it had started; cut short');
      res.destroy();
    }
  }

  private async header(caller: CallerContext, answer: JournalLinesAnswer): Promise<ReportHeader> {
    const organization = await this.em.fork().findOne(Organization, { id: caller.organizationId });
    return {
      organization: organization?.name ?? caller.organizationId,
      title: 'Journal',
      filters: [
        { label: 'Clinic', value: answer.clinicId ?? 'All clinics' },
        { label: 'From', value: answer.from ?? '—' },
        { label: 'To', value: answer.to ?? '—' },
      ],
      generatedAt: new Date(),
      currency: answer.currency,
    };
  }
}
