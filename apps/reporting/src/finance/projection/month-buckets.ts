import { PAYMENT_STATUSES, paymentStatus } from '@dental/contracts';
import { Money } from '@dental/money';
import type { BoundParam } from '@dental/persistence';
import { BucketLevel, FinanceSql } from '../finance.sql';

export { BUCKET_TABLES } from '../finance.sql';

/** What one work order adds to its month bucket. */
export interface BucketContribution {
  organizationId: string;
  month: string;
  /** null in the organization-wide buckets */
  clinicId: string | null;
  /** the payment status's rank (unpaid 0 … overpaid 3) in the status buckets; null in the others */
  statusRank: number | null;
  labId: string;
  paymentMethod: string;
  cancelled: boolean;
  currency: string;
  count: bigint;
  total: bigint;
  paid: bigint;
}

/** The row of a work order as the buckets see it (minor units as bigint). */
export interface BucketedWorkOrder {
  organizationId: string;
  clinicId: string;
  labId: string;
  paymentMethod: string;
  cancelled: boolean;
  currency: string;
  documentedDate: string;
  total: bigint;
  paid: bigint;
}

/** "2026-03-17" → "2026-03-01". */
export function monthOf(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

/** The rank of the work order's payment status (paymentStatus of libs/contracts). */
export function statusRankOf(wo: BucketedWorkOrder): number {
  return PAYMENT_STATUSES.indexOf(paymentStatus(Money.of(wo.paid, wo.currency), Money.of(wo.total, wo.currency)));
}

export function contributionOf(wo: BucketedWorkOrder, sign: 1n | -1n): BucketContribution {
  return {
    organizationId: wo.organizationId,
    month: monthOf(wo.documentedDate),
    clinicId: wo.clinicId,
    statusRank: null,
    labId: wo.labId,
    paymentMethod: wo.paymentMethod,
    cancelled: wo.cancelled,
    currency: wo.currency,
    count: sign,
    total: sign * wo.total,
    paid: sign * wo.paid,
  };
}

const keyOf = (c: BucketContribution) =>
  [c.organizationId, c.month, c.clinicId, c.labId, c.paymentMethod, c.cancelled, c.currency, c.statusRank].join('|');

function merge(contributions: BucketContribution[]): BucketContribution[] {
  const merged = new Map<string, BucketContribution>();
  for (const c of contributions) {
    const seen = merged.get(keyOf(c));
    if (seen) {
      seen.count += c.count;
      seen.total += c.total;
      seen.paid += c.paid;
    } else merged.set(keyOf(c), { ...c });
  }
  return [...merged.values()].filter((d) => d.count !== 0n || d.total !== 0n || d.paid !== 0n);
}

/**
 * What moving a work order from `before` to `after` (either may be absent) changes in the buckets: the old
 * contribution subtracted, the new one added, merged per bucket; buckets left as they were are not listed.
 */
export function bucketDeltas(before: BucketedWorkOrder | null, after: BucketedWorkOrder | null): BucketContribution[] {
  return merge(
    [before && contributionOf(before, -1n), after && contributionOf(after, 1n)].filter(
      (c): c is BucketContribution => c !== null,
    ),
  );
}

/** The same deltas for the organization-wide buckets (all clinics together): `clinicId` is null. */
export function organizationDeltas(deltas: BucketContribution[]): BucketContribution[] {
  return merge(deltas.map((d) => ({ ...d, clinicId: null })));
}

/** The organization-wide deltas by payment status: the old status's contribution out, the new one's in. */
export function statusDeltas(before: BucketedWorkOrder | null, after: BucketedWorkOrder | null): BucketContribution[] {
  const ranked = (wo: BucketedWorkOrder, sign: 1n | -1n) => ({
    ...contributionOf(wo, sign),
    clinicId: null,
    statusRank: statusRankOf(wo),
  });
  return merge([...(before ? [ranked(before, -1n)] : []), ...(after ? [ranked(after, 1n)] : [])]);
}

/**
 * One statement adding the deltas to their buckets (each bucket at most once, in key order so that concurrent batches
 * lock bucket rows in the same order), or null when there are none. The rows travel as one JSON parameter.
 */
export function bucketUpsert(
  table: BucketLevel,
  deltas: BucketContribution[],
): { sql: string; params: BoundParam[] } | null {
  if (!deltas.length) return null;
  const perClinic = table === 'perClinic';
  const byStatus = table === 'status';
  const rows = [...deltas]
    .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0))
    .map((d) => ({
      organization_id: d.organizationId,
      month: d.month,
      ...(perClinic ? { clinic_id: d.clinicId } : {}),
      lab_id: d.labId,
      payment_method: d.paymentMethod,
      cancelled: d.cancelled,
      currency: d.currency,
      ...(byStatus ? { payment_status_rank: d.statusRank } : {}),
      work_order_count: d.count.toString(),
      total_amount: d.total.toString(),
      paid_amount: d.paid.toString(),
    }));
  return {
    sql: FinanceSql.addToBuckets.build(table),
    params: [JSON.stringify(rows)],
  };
}

/** The three kinds of buckets for the moves of any number of work orders, summed per bucket. */
export function bucketWrites(
  ...moves: Array<[before: BucketedWorkOrder | null, after: BucketedWorkOrder | null]>
): Array<{ sql: string; params: BoundParam[] } | null> {
  const deltas = merge(moves.flatMap(([before, after]) => bucketDeltas(before, after)));
  const byStatus = merge(moves.flatMap(([before, after]) => statusDeltas(before, after)));
  return [
    bucketUpsert('perClinic', deltas),
    bucketUpsert('organization', organizationDeltas(deltas)),
    bucketUpsert('status', byStatus),
  ];
}
