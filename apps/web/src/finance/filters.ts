// The Finance filters live in the URL (a link reproduces the view): parsing, writing, the API query of each tab,
// the report links and the quick time ranges. Pure functions, unit-tested in filters.spec.ts.
import type { operations } from '@dental/api-client';
import { isoDay } from '../app/format';

export type FinanceTab = 'labs' | 'work-orders';
type LabsQuery = NonNullable<operations['listFinanceLabs']['parameters']['query']>;
type WorkOrdersQuery = NonNullable<operations['listFinanceWorkOrders']['parameters']['query']>;
export type PaymentMethod = NonNullable<LabsQuery['paymentMethod']>;
export type PaymentStatus = NonNullable<WorkOrdersQuery['paymentStatus']>;
export type ReportFormat = 'csv' | 'xlsx' | 'pdf';

export const PAYMENT_METHODS: PaymentMethod[] = ['cash', 'card', 'bank_transfer', 'check', 'other'];
export const PAYMENT_STATUSES: PaymentStatus[] = ['unpaid', 'partially_paid', 'paid', 'overpaid'];
export const WORK_ORDER_SORTS = [
  'number',
  'labName',
  'paymentMethod',
  'paidAmount',
  'totalAmount',
  'outstandingAmount',
  'paymentStatus',
  'documentedDate',
] as const;
export type WorkOrderSortField = (typeof WORK_ORDER_SORTS)[number];
export const PAGE_SIZES = [25, 50, 100] as const;

export interface FinanceFilters {
  from?: string;
  to?: string;
  labId?: string;
  paymentMethod?: PaymentMethod;
  paymentStatus?: PaymentStatus;
  clinicId?: string;
  /** Work Orders tab: `-outstandingAmount` = descending */
  sort?: string;
  page: number;
  pageSize: number;
  /** Dental Labs tab: sorted on the client (the rows are one per lab) */
  labSort?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}
function positive(value: string | null, fallback: number, max: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
}

/** Filters from the URL; whatever the API would refuse is dropped, so a hand-edited link still opens. */
export function parseFilters(params: URLSearchParams): FinanceFilters {
  const day = (k: string) => (DAY.test(params.get(k) ?? '') ? (params.get(k) as string) : undefined);
  const id = (k: string) => (UUID.test(params.get(k) ?? '') ? (params.get(k) as string) : undefined);
  const sort = params.get('sort');
  const sortField = sort?.replace(/^-/, '') ?? null;
  return {
    from: day('from'),
    to: day('to'),
    labId: id('labId'),
    clinicId: id('clinicId'),
    paymentMethod: oneOf(params.get('paymentMethod'), PAYMENT_METHODS),
    paymentStatus: oneOf(params.get('paymentStatus'), PAYMENT_STATUSES),
    sort: oneOf(sortField, WORK_ORDER_SORTS) ? (sort as string) : undefined,
    labSort: params.get('labSort') ?? undefined,
    page: positive(params.get('page'), 1, 1_000_000),
    pageSize: (PAGE_SIZES as readonly number[]).includes(Number(params.get('pageSize')))
      ? Number(params.get('pageSize'))
      : 50,
  };
}

/** The URL's search part for filters (defaults left out, so links stay short). */
export function writeFilters(filters: FinanceFilters): URLSearchParams {
  const out = new URLSearchParams();
  const put = (k: string, v: string | number | undefined) => {
    if (v !== undefined && v !== '') out.set(k, String(v));
  };
  put('from', filters.from);
  put('to', filters.to);
  put('labId', filters.labId);
  put('paymentMethod', filters.paymentMethod);
  put('paymentStatus', filters.paymentStatus);
  put('clinicId', filters.clinicId);
  put('sort', filters.sort);
  put('labSort', filters.labSort);
  if (filters.page !== 1) put('page', filters.page);
  if (filters.pageSize !== 50) put('pageSize', filters.pageSize);
  return out;
}

/** A filter changed: back to page 1, since the rows are others now. */
export function withFilter(filters: FinanceFilters, change: Partial<FinanceFilters>): FinanceFilters {
  const changesRows = Object.keys(change).some((k) => k !== 'page');
  return { ...filters, ...change, page: changesRows && change.page === undefined ? 1 : (change.page ?? filters.page) };
}

/** GET /finance/labs's query: the filters that tab takes (no payment status, no paging). */
export function labsQuery(filters: FinanceFilters, clinicId: string | undefined): LabsQuery {
  return strip({
    from: filters.from,
    to: filters.to,
    labId: filters.labId,
    paymentMethod: filters.paymentMethod,
    clinicId: filters.clinicId ?? clinicId,
  });
}

export function workOrdersQuery(filters: FinanceFilters, clinicId: string | undefined): WorkOrdersQuery {
  return strip({
    ...labsQuery(filters, clinicId),
    paymentStatus: filters.paymentStatus,
    sort: filters.sort,
    page: filters.page,
    pageSize: filters.pageSize,
  });
}

/** Generate Report: the export of exactly the tab and filters on screen (every page, in the order on screen). */
export function reportHref(
  tab: FinanceTab,
  filters: FinanceFilters,
  clinicId: string | undefined,
  format: ReportFormat,
): string {
  const query: Record<string, string | number | boolean | undefined> =
    tab === 'labs'
      ? { ...labsQuery(filters, clinicId) }
      : { ...workOrdersQuery(filters, clinicId), page: undefined, pageSize: undefined };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  params.set('format', format);
  return `/api/v1/finance/${tab}/export?${params.toString()}`;
}

export type QuickRange = 'thisMonth' | 'lastMonth' | 'thisYear' | 'last30';
export const QUICK_RANGES: QuickRange[] = ['thisMonth', 'lastMonth', 'thisYear', 'last30'];

export function quickRange(range: QuickRange, today: Date): { from: string; to: string } {
  const y = today.getFullYear();
  const m = today.getMonth();
  switch (range) {
    case 'thisMonth':
      return { from: isoDay(new Date(y, m, 1)), to: isoDay(new Date(y, m + 1, 0)) };
    case 'lastMonth':
      return { from: isoDay(new Date(y, m - 1, 1)), to: isoDay(new Date(y, m, 0)) };
    case 'thisYear':
      return { from: isoDay(new Date(y, 0, 1)), to: isoDay(new Date(y, 11, 31)) };
    case 'last30':
      return { from: isoDay(new Date(y, m, today.getDate() - 29)), to: isoDay(today) };
  }
}

/** Which quick range the from/to are, if any (so the select shows it). */
export function matchingRange(filters: FinanceFilters, today: Date): QuickRange | undefined {
  return QUICK_RANGES.find((r) => {
    const { from, to } = quickRange(r, today);
    return filters.from === from && filters.to === to;
  });
}

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}
