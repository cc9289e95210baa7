/** What one work order adds to its month bucket. */
export interface BucketContribution {
  organizationId: string;
  month: string;
  /** null in the organization-wide buckets */
  clinicId: string | null;
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

export function contributionOf(wo: BucketedWorkOrder, sign: 1n | -1n): BucketContribution {
  return {
    organizationId: wo.organizationId,
    month: monthOf(wo.documentedDate),
    clinicId: wo.clinicId,
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
  [c.organizationId, c.month, c.clinicId, c.labId, c.paymentMethod, c.cancelled, c.currency].join('|');

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

export const BUCKET_TABLES = {
  /** per clinic: for callers limited to some clinics and the clinic filter */
  perClinic: 'finance_month_bucket',
  /** all clinics of the organization together: the Dental Labs tab of everyone else, 1/clinics of the rows */
  organization: 'finance_org_month_bucket',
} as const;

/** One statement adding the deltas to their buckets (each bucket at most once), or null when there are none. */
export function bucketUpsert(
  table: keyof typeof BUCKET_TABLES,
  deltas: BucketContribution[],
): { sql: string; params: unknown[] } | null {
  if (!deltas.length) return null;
  const perClinic = table === 'perClinic';
  const key = `organization_id, month, ${perClinic ? 'clinic_id, ' : ''}lab_id, payment_method, cancelled, currency`;
  const columns = perClinic ? 10 : 9;
  return {
    sql: `insert into ${BUCKET_TABLES[table]} (${key}, work_order_count, total_amount, paid_amount)
      values ${deltas.map(() => `(${Array(columns).fill('?').join(', ')})`).join(', ')}
      on conflict (${key}) do update set
        work_order_count = ${BUCKET_TABLES[table]}.work_order_count + excluded.work_order_count,
        total_amount = ${BUCKET_TABLES[table]}.total_amount + excluded.total_amount,
        paid_amount = ${BUCKET_TABLES[table]}.paid_amount + excluded.paid_amount`,
    params: deltas.flatMap((d) => [
      d.organizationId,
      d.month,
      ...(perClinic ? [d.clinicId] : []),
      d.labId,
      d.paymentMethod,
      d.cancelled,
      d.currency,
      d.count,
      d.total,
      d.paid,
    ]),
  };
}

/** Both levels of buckets for the move of one work order. */
export function bucketWrites(
  before: BucketedWorkOrder | null,
  after: BucketedWorkOrder | null,
): Array<{ sql: string; params: unknown[] } | null> {
  const deltas = bucketDeltas(before, after);
  return [bucketUpsert('perClinic', deltas), bucketUpsert('organization', organizationDeltas(deltas))];
}
