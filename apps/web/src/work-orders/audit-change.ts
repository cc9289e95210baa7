// What an activity-log entry changed, in the fields a reader of the page knows (ids, tenancy and bookkeeping columns
// say nothing to them). The page words and formats each field (labels in i18n `details.fields`).
export const AUDIT_FIELDS = [
  'number',
  'description',
  'documentedDate',
  'status',
  'date',
  'amount',
  'method',
  'reference',
  'note',
] as const;
export type AuditField = (typeof AUDIT_FIELDS)[number];

export interface FieldChange {
  field: AuditField;
  before?: string;
  after?: string;
}

const text = (value: unknown): string | undefined =>
  value === null || value === undefined || value === '' ? undefined : String(value);

/**
 * The known fields of an entry: those that differ for an update, those present for a creation (`after` only) or a
 * deletion (`before` only).
 */
export function auditChanges(before: unknown, after: unknown): FieldChange[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const out: FieldChange[] = [];
  for (const field of AUDIT_FIELDS) {
    const was = text(b[field]);
    const is = text(a[field]);
    if (before && after) {
      if (was !== is) out.push({ field, before: was, after: is });
    } else if (after ? is !== undefined : was !== undefined) {
      out.push(after ? { field, after: is } : { field, before: was });
    }
  }
  return out;
}
