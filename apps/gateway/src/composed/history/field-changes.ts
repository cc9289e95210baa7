import { AuditRecordView, HistoryChangeView, HistoryEntryView } from '@dental/contracts';

/** Keys that name the record or count its versions: not a change a reader looks for. */
const NOT_FIELDS = new Set(['id', 'organizationId', 'clinicId', 'patientId', 'workOrderId', 'revision', 'correction']);

/**
 * Each field whose value differs between two versions of a record, in the order the record lists them. A creation
 * lists every field (null → value); a deletion every field (value → null).
 */
export function fieldChanges(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): HistoryChangeView[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys
    .filter((field) => !NOT_FIELDS.has(field))
    .map((field) => ({ field, before: before?.[field] ?? null, after: after?.[field] ?? null }))
    .filter((c) => JSON.stringify(c.before) !== JSON.stringify(c.after));
}

/** Who a history entry names: the user, a service for a change made by no one, or a user since removed. */
export function authorName(userId: string, names: ReadonlyMap<string, string>): string {
  const name = names.get(userId);
  if (name) return name;
  if (userId.startsWith('system:')) return `automatic (${userId.slice('system:'.length)})`;
  return 'a former user';
}

/** The owner's audit entries as versions 1…n, oldest first, with the authors' names and the fields changed. */
export function historyOf(entries: AuditRecordView[], names: ReadonlyMap<string, string>): HistoryEntryView[] {
  return entries.map((e, i) => ({
    version: i + 1,
    at: e.at,
    userId: e.userId,
    userName: authorName(e.userId, names),
    action: e.action,
    reason: e.reason,
    memo: e.memo,
    changes: fieldChanges(e.before, e.after),
  }));
}
