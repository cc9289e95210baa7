import {
  CallerContext,
  ClinicSubjects,
  ClinicView,
  FinanceFiltersDto,
  FinanceLabsAnswer,
  FinanceSubjects,
  FinanceTotals,
  FinanceWorkOrderExportRow,
  FinanceWorkOrdersExportChunk,
  LabView,
  LOCALES,
  WorkOrderSubjects,
} from '@dental/contracts';
import { ReportColumn, ReportHeader, ReportRow } from '@dental/exports';
import { RpcClient } from '@dental/messaging';
import { Money } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { ReportDownload } from '../../http/report-download';
import { Organization } from '../../identity/organization.entity';
import { FinanceLabsExportQueryDto, FinanceWorkOrdersExportQueryDto } from './finance-export.dto';
import { PAYMENT_METHOD_LABELS, PAYMENT_STATUS_LABELS, SORT_FIELD_LABELS } from './finance-labels';

/** Rows per export chunk from reporting: compact rows, ~100 bytes each, well below NATS's 1 MB payload. */
export const EXPORT_CHUNK_SIZE = 2000;
const DEFAULT_SORT = '-documentedDate';
const NAME_LOOKUP_TIMEOUT_MS = 1000;

const LAB_COLUMNS: ReportColumn[] = [
  { title: 'Dental lab', kind: 'text', width: 32 },
  { title: 'Work orders', kind: 'count', width: 12 },
  { title: 'Paid', kind: 'money', width: 16 },
  { title: 'Total', kind: 'money', width: 16 },
  { title: 'Outstanding', kind: 'money', width: 16 },
];

const WORK_ORDER_COLUMNS: ReportColumn[] = [
  { title: 'Work order #', kind: 'text', width: 14 },
  { title: 'Dental lab', kind: 'text', width: 26 },
  { title: 'Payment method', kind: 'text', width: 15 },
  { title: 'Paid', kind: 'money', width: 14 },
  { title: 'Total', kind: 'money', width: 14 },
  { title: 'Outstanding', kind: 'money', width: 14 },
  { title: 'Status', kind: 'text', width: 14 },
  { title: 'Documented date', kind: 'date', width: 15 },
];

function filtersOf(q: FinanceFiltersDto): FinanceFiltersDto {
  const f: FinanceFiltersDto = {};
  if (q.from !== undefined) f.from = q.from;
  if (q.to !== undefined) f.to = q.to;
  if (q.labId !== undefined) f.labId = q.labId;
  if (q.paymentMethod !== undefined) f.paymentMethod = q.paymentMethod;
  if (q.clinicId !== undefined) f.clinicId = q.clinicId;
  if (q.includeCancelled !== undefined) f.includeCancelled = q.includeCancelled;
  return f;
}

function totalsRow(label: string, totals: FinanceTotals, layout: 'labs' | 'work-orders'): ReportRow {
  return layout === 'labs'
    ? [label, String(totals.workOrderCount), totals.paidAmount, totals.totalAmount, totals.outstandingAmount]
    : [
        label,
        `${totals.workOrderCount} work orders`,
        '',
        totals.paidAmount,
        totals.totalAmount,
        totals.outstandingAmount,
        '',
        '',
      ];
}

/** The chunk's rows as the file's cells, in place: only method and status are shown by their labels. */
function workOrderCells(rows: FinanceWorkOrderExportRow[]): ReportRow[] {
  for (const r of rows) {
    r[2] = (PAYMENT_METHOD_LABELS[r[2]] ?? r[2]) as FinanceWorkOrderExportRow[2];
    r[6] = (PAYMENT_STATUS_LABELS[r[6]] ?? r[6]) as FinanceWorkOrderExportRow[6];
  }
  return rows;
}

/** Adds up the sums of the exported chunks, so the totals row is the sum of exactly the rows in the file. */
class RunningTotals {
  private count = 0;
  private paid: Money;
  private total: Money;

  constructor(private readonly currency: string) {
    this.paid = Money.zero(currency);
    this.total = Money.zero(currency);
  }

  add(chunk: FinanceWorkOrdersExportChunk, rows: number): void {
    if (chunk.currency !== this.currency && rows) {
      throw new Error(`an export chunk in ${chunk.currency} in a report in ${this.currency}`);
    }
    if (chunk.sums.workOrderCount !== rows) throw new Error('an export chunk whose sums are not of its rows');
    this.count += chunk.sums.workOrderCount;
    this.paid = this.paid.plus(Money.parse(chunk.sums.paidAmount, this.currency));
    this.total = this.total.plus(Money.parse(chunk.sums.totalAmount, this.currency));
  }

  get totals(): FinanceTotals {
    return {
      workOrderCount: this.count,
      paidAmount: this.paid.toDecimal(),
      totalAmount: this.total.toDecimal(),
      outstandingAmount: this.total.minus(this.paid).toDecimal(),
    };
  }
}

/**
 * Generate Report (DOMAIN.md A): the tab on screen with its filters as CSV, XLSX or PDF, streamed. Errors of the
 * first request to reporting (404, 422, 400) answer as JSON like the tab itself; once the file has started, a
 * failure can only cut the response short, which the client sees as an incomplete download.
 */
@Injectable()
export class FinanceExportService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly em: EntityManager,
    private readonly download: ReportDownload,
  ) {}

  async exportLabs(query: FinanceLabsExportQueryDto, caller: CallerContext, res: Response): Promise<void> {
    const filters = filtersOf(query);
    const answer = await this.rpc.request<FinanceLabsAnswer>(FinanceSubjects.labs, filters, caller);
    const header = await this.header(caller, 'Finance: Dental Labs', filters, answer.currency, {
      labName: answer.items.find((i) => i.labId === filters.labId)?.labName,
    });
    await this.download.stream(res, query.format, 'finance-labs', header, LAB_COLUMNS, async (write) => {
      await write(
        answer.items.map((i) => [
          i.labName,
          String(i.workOrderCount),
          i.paidAmount,
          i.totalAmount,
          i.outstandingAmount,
        ]),
      );
      return totalsRow('Total', answer.totals, 'labs');
    });
  }

  /** Rows per chunk asked from reporting (tests make it small to see several chunks). */
  chunkSize = EXPORT_CHUNK_SIZE;

  async exportWorkOrders(query: FinanceWorkOrdersExportQueryDto, caller: CallerContext, res: Response): Promise<void> {
    const filters = filtersOf(query);
    const base = {
      ...filters,
      ...(query.paymentStatus ? { paymentStatus: query.paymentStatus } : {}),
      sort: query.sort ?? DEFAULT_SORT,
      chunkSize: this.chunkSize,
    };
    const ask = (after?: string) =>
      this.rpc.request<FinanceWorkOrdersExportChunk>(
        FinanceSubjects.workOrdersExportChunk,
        after === undefined ? base : { ...base, after },
        caller,
      );
    // Asked one chunk ahead, while the previous one is written: a failure must wait for its turn, not go unhandled.
    const prefetch = (after: string) => {
      const chunk = ask(after);
      chunk.catch(() => undefined);
      return chunk;
    };
    const first = await ask();
    const firstRows = JSON.parse(first.rows) as FinanceWorkOrderExportRow[];
    const header = await this.header(caller, 'Finance: Work Orders', filters, first.currency, {
      labName: filters.labId ? firstRows[0]?.[1] : undefined,
      workOrders: { paymentStatus: query.paymentStatus, sort: base.sort },
    });
    await this.download.stream(res, query.format, 'finance-work-orders', header, WORK_ORDER_COLUMNS, async (write) => {
      const running = new RunningTotals(first.currency);
      let chunk = first;
      let rows = firstRows;
      for (;;) {
        const next = chunk.nextCursor ? prefetch(chunk.nextCursor) : undefined;
        running.add(chunk, rows.length);
        await write(workOrderCells(rows));
        if (!next) break;
        chunk = await next;
        rows = JSON.parse(chunk.rows) as FinanceWorkOrderExportRow[];
      }
      return totalsRow('Total', running.totals, 'work-orders');
    });
  }

  private async header(
    caller: CallerContext,
    title: string,
    filters: FinanceFiltersDto,
    currency: string,
    extra: {
      labName?: string;
      /** the Work Orders tab only: its status filter and sort */
      workOrders?: { paymentStatus?: FinanceWorkOrdersExportQueryDto['paymentStatus']; sort: string };
    },
  ): Promise<ReportHeader> {
    const organization = await this.em.findOne(Organization, { id: caller.organizationId });
    const clinics = await this.clinicsInScope(filters.clinicId, caller);
    const lines: Array<{ label: string; value: string }> = [
      { label: 'Period', value: periodLabel(filters.from, filters.to) },
      {
        label: 'Dental lab',
        value: filters.labId ? (extra.labName ?? (await this.labName(filters.labId, caller))) : 'All labs',
      },
      {
        label: 'Payment method',
        value: filters.paymentMethod ? PAYMENT_METHOD_LABELS[filters.paymentMethod] : 'All methods',
      },
      { label: 'Clinic', value: filters.clinicId ? (clinics?.[0]?.name ?? filters.clinicId) : 'All clinics' },
    ];
    const tab = extra.workOrders;
    if (tab) {
      lines.push({
        label: 'Payment status',
        value: tab.paymentStatus ? PAYMENT_STATUS_LABELS[tab.paymentStatus] : 'All statuses',
      });
    }
    lines.push({ label: 'Cancelled work orders', value: filters.includeCancelled ? 'Included' : 'Left out' });
    if (tab) lines.push({ label: 'Sorted by', value: sortLabel(tab.sort) });
    return {
      organization: organization?.name ?? caller.organizationId,
      title,
      filters: lines,
      generatedAt: new Date(),
      currency,
      // the PDF's amounts as the clinics write them (₺1.250,50); CSV and XLSX keep decimals
      locale: sharedLocale(clinics),
    };
  }

  // Names (and the clinics' locale) for the header only: when the owning service does not answer quickly, the id
  // stands in.
  private async labName(labId: string, caller: CallerContext): Promise<string> {
    return this.rpc
      .request<LabView>(WorkOrderSubjects.getLab, { labId }, caller, NAME_LOOKUP_TIMEOUT_MS)
      .then((lab) => lab.name)
      .catch(() => labId);
  }

  /**
   * The clinics the rows may come from: the one filtered by, else every clinic the caller sees. Undefined when
   * `payments` does not answer quickly (the header then shows the id and the amounts in English).
   */
  private async clinicsInScope(clinicId: string | undefined, caller: CallerContext): Promise<ClinicView[] | undefined> {
    const ask = clinicId
      ? this.rpc.request<ClinicView>(ClinicSubjects.get, { clinicId }, caller, NAME_LOOKUP_TIMEOUT_MS).then((c) => [c])
      : this.rpc
          .request<{ items: ClinicView[] }>(ClinicSubjects.list, {}, caller, NAME_LOOKUP_TIMEOUT_MS)
          .then((r) => r.items);
    return ask.catch(() => undefined);
  }
}

/**
 * The locale the PDF writes amounts in: the clinics' when they all share one, else (clinics of different locales,
 * none, or not known) English.
 */
export function sharedLocale(clinics: ReadonlyArray<Pick<ClinicView, 'locale'>> | undefined): string {
  const locales = new Set(clinics?.map((c) => c.locale));
  const [only] = locales;
  return locales.size === 1 && (LOCALES as readonly string[]).includes(only) ? only : 'en';
}

function periodLabel(from?: string, to?: string): string {
  if (from && to) return `${from} to ${to}`;
  if (from) return `from ${from}`;
  if (to) return `until ${to}`;
  return 'All dates';
}

function sortLabel(sort: string): string {
  const descending = sort.startsWith('-');
  const field = (descending ? sort.slice(1) : sort) as keyof typeof SORT_FIELD_LABELS;
  return `${SORT_FIELD_LABELS[field] ?? field}, ${descending ? 'descending' : 'ascending'}`;
}
