// Corrections carry a reason (DOMAIN.md E): the six reasons, the memo rule, the parameters a correction sends, and
// how a history entry's field change reads on screen. Pure: no React, so the unit specs test it as is.
import { formatDate, formatMoney, type ClinicLocale } from '../app/format';

/** The gateway's `reason` values (libs/contracts CORRECTION_REASONS), in the order the select offers them. */
export const CORRECTION_REASONS = [
  'entry_error',
  'duplicate',
  'patient_request',
  'price_change',
  'goodwill',
  'other',
] as const;
export type CorrectionReason = (typeof CORRECTION_REASONS)[number];

/** What a correction sends: in the body (PATCH, POST) or as query parameters (DELETE). */
export interface Correction {
  reason: CorrectionReason;
  memo?: string;
}

/** The API's limit on a memo. */
export const MEMO_MAX = 500;

/** The reason form as typed: no reason chosen yet is ''. */
export interface ReasonDraft {
  reason: CorrectionReason | '';
  memo: string;
}

export const EMPTY_REASON: ReasonDraft = { reason: '', memo: '' };

export type ReasonProblem = 'reasonRequired' | 'memoRequired' | 'memoTooLong';

/** What is wrong with a draft before it is sent (the API says the same, with a 400 naming the field). */
export function reasonProblems(draft: ReasonDraft): { reason?: ReasonProblem; memo?: ReasonProblem } {
  const memo = draft.memo.trim();
  return {
    ...(draft.reason === '' ? { reason: 'reasonRequired' as const } : {}),
    ...(draft.reason === 'other' && memo === ''
      ? { memo: 'memoRequired' as const }
      : memo.length > MEMO_MAX
        ? { memo: 'memoTooLong' as const }
        : {}),
  };
}

/** The correction a valid draft sends: the memo only when one is typed. */
export function correctionOf(draft: ReasonDraft): Correction {
  if (draft.reason === '') throw new Error('no reason chosen');
  const memo = draft.memo.trim();
  return memo ? { reason: draft.reason, memo } : { reason: draft.reason };
}

/** One change of a history entry as the API gives it: the stored values (money as decimal strings), null for none. */
export interface HistoryChange {
  field: string;
  before?: unknown;
  after?: unknown;
}

/**
 * The fields a reader of the Account page or a work order knows, in the order they are listed; ids, tenancy and
 * bookkeeping columns (createdAt, revision, deletedAt, splits, …) say nothing to them and are left out.
 */
export const HISTORY_FIELDS = [
  'number',
  'invoiceNumber',
  'receiptNumber',
  'date',
  'documentedDate',
  'procedure',
  'tooth',
  'physicianId',
  'physicianName',
  'description',
  'status',
  'paymentType',
  'method',
  'amount',
  'bankCost',
  'total',
  'totalAmount',
  'mode',
  'treatmentTotal',
  'receivedTotal',
  'writtenOffAmount',
  'reference',
  'note',
] as const;
const ORDER = new Map<string, number>(HISTORY_FIELDS.map((f, i) => [f, i]));

/** The changes a reader knows, in the page's order. */
export function knownChanges<C extends HistoryChange>(changes: C[]): C[] {
  return changes
    .filter((c) => ORDER.has(c.field))
    .sort((a, b) => (ORDER.get(a.field) ?? 0) - (ORDER.get(b.field) ?? 0));
}

/** A stored value as text: null when there is none. */
function text(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Fields whose values are money (decimal strings), shown in the record's currency. */
const MONEY_FIELDS = new Set([
  'amount',
  'enteredAmount',
  'bankCost',
  'total',
  'totalAmount',
  'treatmentTotal',
  'receivedTotal',
  'writtenOffAmount',
  'writtenOff',
]);
const DECIMAL = /^-?\d+(\.\d+)?$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_FIELDS = new Set(['date', 'documentedDate', 'dueDate']);

export interface HistoryFormat {
  locale: ClinicLocale;
  currency: string;
  /** the field's label in the page's words (the field's own name when none is known) */
  label: (field: string) => string;
  /** a coded value in words (payment types, methods, modes), or the value itself */
  word: (field: string, value: string) => string;
}

/** A value as the page shows it: money in the currency, days in the clinic's way, codes in words; none is "—". */
export function historyValue(field: string, stored: unknown, f: HistoryFormat): string {
  const value = text(stored);
  if (value === null) return '—';
  if (MONEY_FIELDS.has(field) && DECIMAL.test(value)) return formatMoney(value, f.currency, f.locale);
  // a calendar date, also when it arrives as midnight UTC of that day
  if (DAY_FIELDS.has(field) && ISO_DAY.test(value.slice(0, 10))) return formatDate(value.slice(0, 10), f.locale);
  return f.word(field, value);
}

/** Actions after which the record is gone: their entries read struck through. */
export function isRemoval(action: string): boolean {
  return action === 'deleted' || action === 'cancelled' || action === 'undone';
}

/**
 * "Amount: €100.00 → €120.00" for a change; in a creation's entry a field reads as it came to be ("Amount: €120.00"),
 * in a removal's as it was ("Amount: €100.00").
 */
export function historyChangeText(change: HistoryChange, f: HistoryFormat, action = 'updated'): string {
  const label = f.label(change.field);
  const before = historyValue(change.field, change.before, f);
  const after = historyValue(change.field, change.after, f);
  if (action === 'created' && text(change.before) === null) return `${label}: ${after}`;
  if (isRemoval(action) && text(change.after) === null) return `${label}: ${before}`;
  return `${label}: ${before} → ${after}`;
}
