// The oracle of the Finance tests: the figures DOMAIN.md A asks for, computed the plain way from the final state of
// each work order (its last snapshot and its live payments), to compare reporting's answers with.
import { FinanceLabRow, FinanceTotals, FinanceWorkOrderRow, PaymentMethod, PaymentStatus } from '@dental/contracts';

export interface ModelWorkOrder {
  id: string;
  number: string;
  clinicId: string;
  labId: string;
  labName: string;
  method: PaymentMethod;
  date: string;
  cancelled: boolean;
  /** cents */
  total: bigint;
  paid: bigint;
}

export interface ModelFilters {
  from?: string;
  to?: string;
  labId?: string;
  paymentMethod?: PaymentMethod;
  clinicId?: string;
  includeCancelled?: boolean;
  paymentStatus?: PaymentStatus;
}

export const cents = (decimal: string): bigint => {
  const [whole, fraction = ''] = decimal.replace('-', '').split('.');
  const value = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return decimal.startsWith('-') ? -value : value;
};

export const decimal = (c: bigint): string => {
  const sign = c < 0n ? '-' : '';
  const a = c < 0n ? -c : c;
  return `${sign}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
};

export function statusOf(wo: Pick<ModelWorkOrder, 'paid' | 'total'>): PaymentStatus {
  if (wo.paid > wo.total) return 'overpaid';
  if (wo.paid === wo.total) return 'paid';
  if (wo.paid > 0n) return 'partially_paid';
  return 'unpaid';
}

export function select(all: ModelWorkOrder[], f: ModelFilters): ModelWorkOrder[] {
  return all.filter(
    (wo) =>
      (f.includeCancelled || !wo.cancelled) &&
      (!f.from || wo.date >= f.from) &&
      (!f.to || wo.date <= f.to) &&
      (!f.labId || wo.labId === f.labId) &&
      (!f.paymentMethod || wo.method === f.paymentMethod) &&
      (!f.clinicId || wo.clinicId === f.clinicId) &&
      (!f.paymentStatus || statusOf(wo) === f.paymentStatus),
  );
}

export function totalsOf(set: ReadonlyArray<Pick<ModelWorkOrder, 'total' | 'paid'>>): FinanceTotals {
  const paid = set.reduce((s, w) => s + w.paid, 0n);
  const total = set.reduce((s, w) => s + w.total, 0n);
  return {
    workOrderCount: set.length,
    paidAmount: decimal(paid),
    totalAmount: decimal(total),
    outstandingAmount: decimal(total - paid),
  };
}

/** Dental Labs tab rows, in lab-name order. */
export function labRows(set: ModelWorkOrder[]): FinanceLabRow[] {
  const byLab = new Map<string, ModelWorkOrder[]>();
  for (const wo of set) byLab.set(wo.labId, [...(byLab.get(wo.labId) ?? []), wo]);
  return [...byLab.entries()]
    .map(([labId, wos]) => ({ labId, labName: wos[0].labName, ...totalsOf(wos) }))
    .sort((a, b) => a.labName.localeCompare(b.labName) || (a.labId < b.labId ? -1 : 1));
}

export function workOrderRow(wo: ModelWorkOrder): FinanceWorkOrderRow {
  return {
    workOrderId: wo.id,
    number: wo.number,
    labId: wo.labId,
    labName: wo.labName,
    paymentMethod: wo.method,
    paidAmount: decimal(wo.paid),
    totalAmount: decimal(wo.total),
    outstandingAmount: decimal(wo.total - wo.paid),
    paymentStatus: statusOf(wo),
    documentedDate: wo.date,
  };
}

const RANK: Record<PaymentStatus, number> = { unpaid: 0, partially_paid: 1, paid: 2, overpaid: 3 };

/** The Work Orders tab's order for `sort` ("field" or "-field"), the id breaking ties in the same direction. */
export function sortRows(rows: FinanceWorkOrderRow[], sort: string): FinanceWorkOrderRow[] {
  const desc = sort.startsWith('-');
  const field = (desc ? sort.slice(1) : sort) as keyof FinanceWorkOrderRow;
  const key = (r: FinanceWorkOrderRow): bigint | string => {
    if (field === 'paidAmount' || field === 'totalAmount' || field === 'outstandingAmount') return cents(r[field]);
    if (field === 'paymentStatus') return BigInt(RANK[r.paymentStatus]);
    return r[field] as string;
  };
  const cmp = (a: FinanceWorkOrderRow, b: FinanceWorkOrderRow) => {
    const ka = key(a);
    const kb = key(b);
    const c = ka < kb ? -1 : ka > kb ? 1 : a.workOrderId < b.workOrderId ? -1 : a.workOrderId > b.workOrderId ? 1 : 0;
    return desc ? -c : c;
  };
  return [...rows].sort(cmp);
}
