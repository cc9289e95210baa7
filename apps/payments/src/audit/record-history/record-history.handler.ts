import {
  AuditRecordView,
  CallerContext,
  callerMaySeeClinic,
  DomainError,
  HistoryErrors,
  HistoryQueryDto,
} from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { PATIENT_PAYMENT } from '../../patient-payments/patient-payment.entity';
import { WORK_ORDER_PAYMENT } from '../../work-order-payments/work-order-payment.entity';
import { AuditEntry } from '../../audit-trail/audit-entry.entity';
import { AuditSql } from '../audit.sql';

const TABLE_OF = { 'patient-payment': PATIENT_PAYMENT, 'work-order-payment': WORK_ORDER_PAYMENT } as const;

/**
 * The audit entries of a received-money record or a lab payment, oldest first; a deleted one keeps its history.
 * Another organization's record, or one of a clinic the caller may not see, is not found.
 */
@Injectable()
export class RecordHistoryHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(q: HistoryQueryDto, caller: CallerContext): Promise<{ items: AuditRecordView[] }> {
    const table = TABLE_OF[q.subject as keyof typeof TABLE_OF];
    if (!table) throw DomainError.notFound(HistoryErrors.NOT_FOUND, q.subject, q.id);
    // the table name comes from the map above, never from the request
    const [row] = await this.em.execute<{ clinic_id: string }[]>(AuditSql.recordClinic.build(table), [
      q.id,
      caller.organizationId,
    ]);
    if (!row || !callerMaySeeClinic(caller, row.clinic_id))
      throw DomainError.notFound(HistoryErrors.NOT_FOUND, q.subject, q.id);
    const entries = await this.em
      .fork()
      .find(
        AuditEntry,
        { organizationId: caller.organizationId, entity: table, entityId: q.id },
        { orderBy: { seq: 'asc' } },
      );
    return {
      items: entries.map((e) => ({
        at: e.at.toISOString(),
        userId: e.userId,
        action: e.action,
        reason: e.reason,
        memo: e.memo,
        before: e.before as Record<string, unknown> | null,
        after: e.after as Record<string, unknown> | null,
      })),
    };
  }
}
