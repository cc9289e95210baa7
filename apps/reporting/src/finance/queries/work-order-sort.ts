import { CommonErrors, DomainError, WORK_ORDER_SORT_FIELDS } from '@dental/contracts';
import { FinanceErrors, SqlCondition } from './finance-scope';

export type SortField = (typeof WORK_ORDER_SORT_FIELDS)[number];

/** The column behind each sort field and what its values look like (for cursors). */
const COLUMNS: Record<SortField, { column: string; value: 'text' | 'bigint' | 'date' | 'rank' }> = {
  number: { column: 'number', value: 'text' },
  labName: { column: 'lab_name', value: 'text' },
  paymentMethod: { column: 'payment_method', value: 'text' },
  paidAmount: { column: 'paid_amount', value: 'bigint' },
  totalAmount: { column: 'total_amount', value: 'bigint' },
  outstandingAmount: { column: 'outstanding_amount', value: 'bigint' },
  // unpaid, partially paid, paid, overpaid: the order of the domain, not of the alphabet
  paymentStatus: { column: 'payment_status_rank', value: 'rank' },
  documentedDate: { column: 'documented_date', value: 'date' },
};

export interface WorkOrderSort {
  field: SortField;
  descending: boolean;
  column: string;
  /** The sort as asked, e.g. "-documentedDate". */
  text: string;
}

/** Newest documented first unless asked otherwise. */
export const DEFAULT_SORT = '-documentedDate';

export function parseSort(text = DEFAULT_SORT): WorkOrderSort {
  const descending = text.startsWith('-');
  const field = (descending ? text.slice(1) : text) as SortField;
  if (!COLUMNS[field])
    throw new DomainError(CommonErrors.VALIDATION, 400, `sort: ${text} is not a sort field`, [
      { field: 'sort', reasons: ['unknown field'] },
    ]);
  return { field, descending, column: COLUMNS[field].column, text };
}

/** A position in a sorted result: the sort it belongs to, the last row's sort value and id. */
export interface Cursor {
  sort: string;
  value: string | number;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VALUE_SHAPES: Record<'text' | 'bigint' | 'date' | 'rank', (v: unknown) => boolean> = {
  text: (v) => typeof v === 'string' && v.length <= 1000,
  bigint: (v) => typeof v === 'string' && /^-?\d{1,19}$/.test(v),
  date: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v),
  rank: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 3,
};

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.value, cursor.id]), 'utf8').toString('base64url');
}

function invalidCursor(reason: string): DomainError {
  return new DomainError(FinanceErrors.INVALID_CURSOR, 400, `after: ${reason}`, [
    { field: 'after', reasons: [reason] },
  ]);
}

/** Opaque to clients; a cursor made for another sort, or tampered with, is a 400 naming `after`. */
export function decodeCursor(text: string, sort: WorkOrderSort): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor('is not a cursor of this list');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalidCursor('is not a cursor of this list');
  const [sortText, value, id] = parsed as [unknown, unknown, unknown];
  if (sortText !== sort.text) throw invalidCursor(`was made for another sort (${String(sortText)}), not ${sort.text}`);
  if (typeof id !== 'string' || !UUID.test(id) || !VALUE_SHAPES[COLUMNS[sort.field].value](value)) {
    throw invalidCursor('is not a cursor of this list');
  }
  return { sort: sort.text, value: value as string | number, id };
}

/** The rows after `cursor` in the sort's order (id breaks ties, in the same direction). */
export function keysetCondition(cursor: Cursor, sort: WorkOrderSort): SqlCondition {
  return { sql: `(w.${sort.column}, w.id) ${sort.descending ? '<' : '>'} (?, ?)`, params: [cursor.value, cursor.id] };
}
