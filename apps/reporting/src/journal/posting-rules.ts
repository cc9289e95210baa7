import type {
  ClosureView,
  JournalAccountKey,
  PatientPaymentType,
  PaymentMethod,
  TreatmentSnapshotV1,
  WorkOrderPaymentSnapshotV1,
  WorkOrderSnapshotV1,
} from '@dental/contracts';
import { Money } from '@dental/money';

// DOMAIN.md E "Journal export": what each record posts. Pure: the projection keeps what a record last posted and
// posts an event's entry as the reversal of that plus what the record posts now (reverse-and-repost).

/** One leg of a posting, signed: above 0 a debit, below 0 a credit (minor units). */
export interface PostingLeg {
  account: JournalAccountKey;
  amount: bigint;
}

/** What a record posts in its current state: no legs when it posts nothing (deleted, cancelled, undone, zero). */
export interface Posting {
  revision: number;
  clinicId: string;
  date: string;
  currency: string;
  reference: string;
  legs: PostingLeg[];
}

export type RecordKind = 'treatment' | 'received' | 'closure' | 'work_order' | 'work_order_payment';

/** One line of an entry: debit and credit never negative, exactly one of them above 0. */
export interface EntryLine {
  account: JournalAccountKey;
  debit: bigint;
  credit: bigint;
}

const minorOf = (amount: string, currency: string) => Money.parse(amount, currency).minor;

/** Money received from a patient: where it went in. A refund is paid out of the till (Cash). */
export function patientMoneyAccount(type: PatientPaymentType): JournalAccountKey {
  switch (type) {
    case 'cash':
    case 'refund':
      return 'cash';
    case 'card':
      return 'card_clearing';
    case 'bank_transfer':
    case 'check':
      return 'bank';
  }
}

/** A lab paid by this method: where the money went out. 'other' (an offset, a standing order) is booked to Bank. */
export function labPaymentAccount(method: PaymentMethod): JournalAccountKey {
  switch (method) {
    case 'cash':
      return 'cash';
    case 'card':
      return 'card_clearing';
    case 'bank_transfer':
    case 'check':
    case 'other':
      return 'bank';
  }
}

/** Debit `debit`, credit `credit`, `amount` signed: a negative amount posts the reverse. Zero posts nothing. */
function pair(debit: JournalAccountKey, credit: JournalAccountKey, amount: bigint): PostingLeg[] {
  if (amount === 0n) return [];
  return [
    { account: debit, amount },
    { account: credit, amount: -amount },
  ];
}

/** Treatment (a Bank Cost treatment too): Dr Patient receivables / Cr Treatment revenue. */
export function treatmentPosting(t: TreatmentSnapshotV1): Posting {
  return {
    revision: t.revision,
    clinicId: t.clinicId,
    date: t.date,
    currency: t.currency,
    reference: t.id,
    legs: t.deleted ? [] : pair('patient_receivables', 'treatment_revenue', minorOf(t.amount, t.currency)),
  };
}

/** The received-money fields the rules read (a PatientPaymentSnapshotV1). */
export interface ReceivedMoney {
  id: string;
  clinicId: string;
  receiptNumber: string;
  date: string;
  amount: string;
  bankCost: string | null;
  paymentType: PatientPaymentType;
  currency: string;
  revision: number;
  deleted: boolean;
}

/**
 * Received money: Dr Cash / Bank / Card clearing, Cr Patient receivables, at its stored amount (a refund is stored
 * negative: the reverse). A card's bank cost: Dr Bank fees / Cr Card clearing. The bank cost's "Bank Cost" treatment
 * arrives as a treatment of its own (Dr receivables / Cr revenue), so receivables move by treatments − received as the
 * patient's balance does.
 */
export function receivedPosting(r: ReceivedMoney): Posting {
  const bankCost = r.bankCost === null || r.bankCost === undefined ? 0n : minorOf(r.bankCost, r.currency);
  return {
    revision: r.revision,
    clinicId: r.clinicId,
    date: r.date,
    currency: r.currency,
    reference: r.receiptNumber,
    legs: r.deleted
      ? []
      : [
          ...pair(patientMoneyAccount(r.paymentType), 'patient_receivables', minorOf(r.amount, r.currency)),
          ...pair('bank_fees', 'card_clearing', bankCost),
        ],
  };
}

/**
 * A closure's write-off, signed: of unpaid (positive) Dr Write-offs / Cr Patient receivables, of received more
 * (negative) the reverse. Its undo (`reopened`) posts nothing, so its entry reverses the write-off.
 */
export function closurePosting(c: ClosureView, undone: boolean): Posting {
  return {
    revision: undone ? 2 : 1,
    clinicId: c.clinicId,
    date: c.date,
    currency: c.currency,
    reference: c.id,
    legs: undone ? [] : pair('write_offs', 'patient_receivables', minorOf(c.writtenOffAmount, c.currency)),
  };
}

/** A work order's plan total: Dr Lab costs / Cr Lab payables, on its documented date; cancelled posts nothing. */
export function workOrderPosting(w: WorkOrderSnapshotV1): Posting {
  return {
    revision: w.revision,
    clinicId: w.clinicId,
    date: w.documentedDate,
    currency: w.currency,
    reference: w.number,
    legs:
      w.status === 'cancelled' ? [] : pair('lab_costs', 'lab_payables', minorOf(w.paymentPlan.totalAmount, w.currency)),
  };
}

/** A lab payment: Dr Lab payables / Cr the method's account; negative (the lab's refund) the reverse. */
export function workOrderPaymentPosting(p: WorkOrderPaymentSnapshotV1, workOrderNumber: string | null): Posting {
  return {
    revision: p.revision,
    clinicId: p.clinicId,
    date: p.date,
    currency: p.currency,
    reference: workOrderNumber ?? p.workOrderId,
    legs: p.deleted ? [] : pair('lab_payables', labPaymentAccount(p.method), minorOf(p.amount, p.currency)),
  };
}

const sameLegs = (a: PostingLeg[], b: PostingLeg[]) =>
  a.length === b.length && a.every((leg, i) => leg.account === b[i].account && leg.amount === b[i].amount);

/**
 * The entry an event posts, given what the record posted before (null: nothing yet): the reversal of the old legs,
 * then the new ones. Null when the event is not newer than what was posted, or changes nothing the books show (a
 * work order's status, a note): no entry.
 */
export function entryLines(previous: Posting | null, next: Posting): EntryLine[] | null {
  if (previous && previous.revision >= next.revision) return null;
  const old = previous?.legs ?? [];
  if (previous && sameLegs(old, next.legs) && previous.date === next.date && previous.clinicId === next.clinicId)
    return null;
  const lines = [...old.map((l) => ({ account: l.account, amount: -l.amount })), ...next.legs].map(lineOf);
  return lines.length ? lines : null;
}

function lineOf(leg: PostingLeg): EntryLine {
  return leg.amount > 0n
    ? { account: leg.account, debit: leg.amount, credit: 0n }
    : { account: leg.account, debit: 0n, credit: -leg.amount };
}
