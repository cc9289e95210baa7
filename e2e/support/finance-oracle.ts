// What the Finance view must show, worked out from what the test created (DOMAIN.md A), independently of reporting.
import type {
  FinanceLabRow,
  FinanceTotals,
  FinanceWorkOrderRow,
  PaymentMethod,
  PaymentStatus,
} from '@dental/contracts';

/** A work order as the test made it, with the sum of its live payments. Amounts in cents. */
export interface OrderFacts {
  id: string;
  number: string;
  clinicId: string;
  labId: string;
  labName: string;
  paymentMethod: PaymentMethod;
  documentedDate: string;
  total: bigint;
  paid: bigint;
  cancelled: boolean;
}

export interface FinanceFilters {
  from?: string;
  to?: string;
  labId?: string;
  paymentMethod?: PaymentMethod;
  clinicId?: string;
  includeCancelled?: boolean;
  paymentStatus?: PaymentStatus;
}

/** "1250.00" → 125000n; "-50" → -5000n. */
export function cents(decimal: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(decimal);
  if (!m) throw new Error(`not an amount: ${decimal}`);
  const value = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -value : value;
}

/** 125000n → "1250.00"; -10000n → "-100.00". */
export function decimal(amount: bigint): string {
  const abs = amount < 0n ? -amount : amount;
  return `${amount < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

export function statusOf(paid: bigint, total: bigint): PaymentStatus {
  if (paid > total) return 'overpaid';
  if (paid === total) return 'paid';
  return paid > 0n ? 'partially_paid' : 'unpaid';
}

export function selectOrders(orders: Iterable<OrderFacts>, f: FinanceFilters): OrderFacts[] {
  return [...orders].filter(
    (o) =>
      (f.includeCancelled || !o.cancelled) &&
      (f.from === undefined || o.documentedDate >= f.from) &&
      (f.to === undefined || o.documentedDate <= f.to) &&
      (f.labId === undefined || o.labId === f.labId) &&
      (f.paymentMethod === undefined || o.paymentMethod === f.paymentMethod) &&
      (f.clinicId === undefined || o.clinicId === f.clinicId) &&
      (f.paymentStatus === undefined || statusOf(o.paid, o.total) === f.paymentStatus),
  );
}

export function totalsOf(orders: OrderFacts[]): FinanceTotals {
  const paid = orders.reduce((s, o) => s + o.paid, 0n);
  const total = orders.reduce((s, o) => s + o.total, 0n);
  return {
    workOrderCount: orders.length,
    paidAmount: decimal(paid),
    totalAmount: decimal(total),
    outstandingAmount: decimal(total - paid),
  };
}

/** The Dental Labs tab: one row per lab with orders in the filtered set, by lab name, and the totals row. */
export function labsTab(
  orders: Iterable<OrderFacts>,
  f: FinanceFilters,
): { items: FinanceLabRow[]; totals: FinanceTotals } {
  const selected = selectOrders(orders, f);
  const byLab = new Map<string, OrderFacts[]>();
  for (const o of selected) byLab.set(o.labId, [...(byLab.get(o.labId) ?? []), o]);
  const items = [...byLab.values()]
    .map((group) => {
      const { workOrderCount, paidAmount, totalAmount, outstandingAmount } = totalsOf(group);
      return {
        labId: group[0].labId,
        labName: group[0].labName,
        workOrderCount,
        paidAmount,
        totalAmount,
        outstandingAmount,
      };
    })
    .sort((a, b) => a.labName.localeCompare(b.labName));
  return { items, totals: totalsOf(selected) };
}

export function workOrderRow(o: OrderFacts): FinanceWorkOrderRow {
  return {
    workOrderId: o.id,
    number: o.number,
    labId: o.labId,
    labName: o.labName,
    paymentMethod: o.paymentMethod,
    paidAmount: decimal(o.paid),
    totalAmount: decimal(o.total),
    outstandingAmount: decimal(o.total - o.paid),
    paymentStatus: statusOf(o.paid, o.total),
    documentedDate: o.documentedDate,
  };
}

/** The Work Orders tab's rows in the filtered set, in no particular order, and its totals row. */
export function workOrdersTab(
  orders: Iterable<OrderFacts>,
  f: FinanceFilters,
): { rows: FinanceWorkOrderRow[]; totals: FinanceTotals } {
  const selected = selectOrders(orders, f);
  return { rows: selected.map(workOrderRow), totals: totalsOf(selected) };
}

const STATUS_RANK: Record<PaymentStatus, number> = { unpaid: 0, partially_paid: 1, paid: 2, overpaid: 3 };

/** The value a Work Orders sort field orders by: amounts as numbers of cents, statuses in the domain's order. */
export function sortKey(row: FinanceWorkOrderRow, field: string): string | bigint | number {
  switch (field) {
    case 'paidAmount':
    case 'totalAmount':
    case 'outstandingAmount':
      return cents(row[field]);
    case 'paymentStatus':
      return STATUS_RANK[row.paymentStatus];
    default:
      return row[field as keyof FinanceWorkOrderRow] as string;
  }
}

/** The rows in the order of `sort` (`field` or `-field`); rows with equal keys keep no particular order. */
export function sortedByKey(rows: FinanceWorkOrderRow[], sort: string): FinanceWorkOrderRow[] {
  const desc = sort.startsWith('-');
  const field = desc ? sort.slice(1) : sort;
  return [...rows].sort((a, b) => {
    const ka = sortKey(a, field);
    const kb = sortKey(b, field);
    const c = ka < kb ? -1 : ka > kb ? 1 : 0;
    return desc ? -c : c;
  });
}
