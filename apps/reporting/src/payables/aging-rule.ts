import { PAYABLES_AGING_BUCKETS, PayablesAgingBucket } from '@dental/contracts';

// DOMAIN.md D "Payables aging", as plain TypeScript over minor units: the oracle the SQL of
// payables-aging.handler.ts is tested against (test/payables-aging-rule.int-spec.ts), and its unit tests.

export interface AgingInstallment {
  dueDate: string;
  amount: bigint;
}

export interface AgingPayment {
  date: string;
  /** negative: a refund from the lab to the clinic */
  amount: bigint;
}

export interface AgingWorkOrder {
  id: string;
  labId: string;
  documentedDate: string;
  cancelled: boolean;
  /** the plan's installments in plan order; a plan with one due date is one installment of the total */
  installments: AgingInstallment[];
  /** live payments (deleted ones left out) */
  payments: AgingPayment[];
}

export type BucketAmounts = Record<PayablesAgingBucket, bigint>;

export interface AgedWorkOrder {
  id: string;
  labId: string;
  buckets: BucketAmounts;
  total: bigint;
}

export interface AgingResult {
  /** work orders owed something, in input order */
  workOrders: AgedWorkOrder[];
  /** per lab: the sum of its work orders */
  labs: Map<string, { buckets: BucketAmounts; total: bigint }>;
  totals: { buckets: BucketAmounts; total: bigint };
}

const DAY_MS = 86_400_000;

export const emptyBuckets = (): BucketAmounts =>
  Object.fromEntries(PAYABLES_AGING_BUCKETS.map((b) => [b, 0n])) as BucketAmounts;

/** Calendar days from `dueDate` to `asOf` (both YYYY-MM-DD); 0 when due on the as-of date, negative before it. */
export function daysPastDue(dueDate: string, asOf: string): number {
  return Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / DAY_MS);
}

/** Not yet past due (due on or after D, 0 days past due included), then 1-30, 31-60, 61-90, 91+ days. */
export function agingBucket(dueDate: string, asOf: string): PayablesAgingBucket {
  const days = daysPastDue(dueDate, asOf);
  if (days <= 0) return 'not_due';
  if (days <= 30) return '1-30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  return '91+';
}

/**
 * One work order as of D: null when it does not count (cancelled, documented after D). Paid = its payments dated on
 * or before D (refunds reduce it); paid covers the installments oldest due first (plan order among equal dates);
 * each installment's uncovered remainder goes to its bucket. A net paid at or below 0 covers nothing; an overpaid
 * work order is owed nothing.
 */
export function ageWorkOrder(wo: AgingWorkOrder, asOf: string): BucketAmounts | null {
  if (wo.cancelled || wo.documentedDate > asOf) return null;
  let unapplied = wo.payments.filter((p) => p.date <= asOf).reduce((sum, p) => sum + p.amount, 0n);
  const buckets = emptyBuckets();
  const oldestFirst = wo.installments
    .map((installment, index) => ({ installment, index }))
    .sort((a, b) => a.installment.dueDate.localeCompare(b.installment.dueDate) || a.index - b.index);
  for (const { installment } of oldestFirst) {
    const covered = unapplied <= 0n ? 0n : unapplied >= installment.amount ? installment.amount : unapplied;
    unapplied -= covered;
    buckets[agingBucket(installment.dueDate, asOf)] += installment.amount - covered;
  }
  return buckets;
}

const sumOf = (b: BucketAmounts) => PAYABLES_AGING_BUCKETS.reduce((sum, k) => sum + b[k], 0n);

function add(into: BucketAmounts, b: BucketAmounts): void {
  for (const k of PAYABLES_AGING_BUCKETS) into[k] += b[k];
}

/** The report as of D: per work order owed something, per lab, and the totals. */
export function payablesAging(workOrders: AgingWorkOrder[], asOf: string): AgingResult {
  const aged: AgedWorkOrder[] = [];
  const labs = new Map<string, { buckets: BucketAmounts; total: bigint }>();
  const totals = emptyBuckets();
  for (const wo of workOrders) {
    const buckets = ageWorkOrder(wo, asOf);
    if (!buckets) continue;
    const total = sumOf(buckets);
    if (total === 0n) continue;
    aged.push({ id: wo.id, labId: wo.labId, buckets, total });
    let lab = labs.get(wo.labId);
    if (!lab) labs.set(wo.labId, (lab = { buckets: emptyBuckets(), total: 0n }));
    add(lab.buckets, buckets);
    lab.total += total;
    add(totals, buckets);
  }
  return { workOrders: aged, labs, totals: { buckets: totals, total: sumOf(totals) } };
}
