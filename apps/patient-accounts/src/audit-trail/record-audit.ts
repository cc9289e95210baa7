import { CallerContext, Correction } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { AuditedRecord, RecordAudit } from './record-audit.entity';

/** The audit row of an invoice or closure change, in the change's transaction (with its event: Outbox.recordChange). */
export function recordAudit(
  em: EntityManager,
  caller: CallerContext,
  entry: {
    subject: AuditedRecord;
    record: { id: string; clinicId: string };
    action: RecordAudit['action'];
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    correction: Correction | null;
  },
): RecordAudit {
  return em.create(RecordAudit, {
    organizationId: caller.organizationId,
    clinicId: entry.record.clinicId,
    subject: entry.subject,
    recordId: entry.record.id,
    action: entry.action,
    userId: caller.userId,
    reason: entry.correction?.reason ?? null,
    memo: entry.correction?.memo ?? null,
    before: entry.before,
    after: entry.after,
  });
}
