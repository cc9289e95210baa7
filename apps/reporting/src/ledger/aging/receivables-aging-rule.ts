import { RECEIVABLES_AGING_BUCKETS, ReceivablesAgingBucket } from '@dental/contracts';

// DOMAIN.md D, Receivables aging, as a pure function over one patient's records: the rule the SQL of
// ReceivablesAgingHandler computes set-based, and the oracle its property test compares it with.

type AgingBucket = ReceivablesAgingBucket;

export interface AgingTreatment {
  /** YYYY-MM-DD */
  date: string;
  /** minor units, above 0 */
  amount: bigint;
  /** creation order among treatments of the same date (smaller first) */
  order: number | string;
}

/** Received money (signed: a refund is negative) or a closure's write-off (signed: + unpaid, − received more). */
export interface AgingMoney {
  date: string;
  amount: bigint;
}

export interface PatientAging {
  buckets: Record<AgingBucket, bigint>;
  /** what is owed as of D: the sum of the buckets */
  total: bigint;
  /** received more than treated as of D; all buckets are then 0 */
  credit: bigint;
}

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The bucket of a remainder `days` old: 0-30, 31-60, 61-90, 91+. */
export function bucketOf(days: number): AgingBucket {
  if (days <= 30) return '0-30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  return '91+';
}

/**
 * As of D: treatments dated ≤ D, money and write-offs dated ≤ D. The money received (write-offs included) is
 * applied to the treatments oldest first (by date, then creation order); each treatment's unapplied remainder is
 * aged by the days from its date to D. Received more than treated: every bucket 0 and a credit.
 *
 * Decided where DOMAIN.md is silent: when more was refunded (or written off as received more) than received, so
 * that the money as of D is below zero, nothing covers any treatment and that negative part is owed too, aged from
 * the date of the latest negative record (refund or write-off) dated ≤ D. So the buckets always sum to the unpaid
 * balance as of D (treatments − money when positive).
 */
export function ageReceivables(
  treatments: readonly AgingTreatment[],
  money: readonly AgingMoney[],
  asOf: string,
): PatientAging {
  const buckets: Record<AgingBucket, bigint> = { '0-30': 0n, '31-60': 0n, '61-90': 0n, '91+': 0n };
  const dueTreatments = treatments
    .filter((t) => t.date <= asOf)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : compareOrder(a.order, b.order)));
  const dueMoney = money.filter((m) => m.date <= asOf);
  const received = dueMoney.reduce((sum, m) => sum + m.amount, 0n);
  let left = received > 0n ? received : 0n;
  let treated = 0n;
  for (const t of dueTreatments) {
    treated += t.amount;
    const applied = left < t.amount ? left : t.amount;
    left -= applied;
    const remainder = t.amount - applied;
    if (remainder > 0n) buckets[bucketOf(daysBetween(t.date, asOf))] += remainder;
  }
  if (received < 0n) {
    const latestNegative = dueMoney
      .filter((m) => m.amount < 0n)
      .reduce((latest, m) => (m.date > latest ? m.date : latest), '');
    buckets[bucketOf(daysBetween(latestNegative, asOf))] += -received;
  }
  const total = RECEIVABLES_AGING_BUCKETS.reduce((sum, b) => sum + buckets[b], 0n);
  return { buckets, total, credit: received > treated ? received - treated : 0n };
}

function compareOrder(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
