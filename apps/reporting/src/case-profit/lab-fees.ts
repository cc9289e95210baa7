import { Money } from '@dental/money';

/** A live treatment linked to a lab case, as the ledger holds it. */
export interface LinkedTreatment {
  id: string;
  physicianId: string | null;
  /** YYYY-MM-DD, the date performed */
  date: string;
  amount: Money;
}

export interface LabFeePart extends LinkedTreatment {
  /** this treatment's part of the case's lab cost */
  fee: Money;
}

/**
 * A case's lab cost over its linked treatments, in proportion to their amounts (largest remainder through
 * libs/money: the parts sum exactly to the cost), the treatments in date then id order so that a tie always goes to
 * the same one. Each part keeps its treatment's physician and date: that is whose progress payment it comes off,
 * and when. No live treatment: no parts (the cost is nobody's).
 */
export function labFeeParts(cost: Money, treatments: readonly LinkedTreatment[]): LabFeePart[] {
  // date then id: a date is always 10 characters, so one string compares both (ids are unique: never equal keys)
  const key = (t: LinkedTreatment) => `${t.date} ${t.id}`;
  // Stryker disable next-line EqualityOperator: equivalent, `<=` differs from `<` only on equal keys, which unique ids never give
  const ordered = [...treatments].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  if (!ordered.length) return [];
  const weights = ordered.map((t) => (t.amount.isNegative() ? 0n : t.amount.minor));
  // every linked treatment amounts to 0: equal parts (allocate needs one weight above 0)
  const parts = cost.allocate(weights.some((w) => w > 0n) ? weights : weights.map(() => 1n));
  return ordered.map((t, i) => ({ ...t, fee: parts[i] }));
}
