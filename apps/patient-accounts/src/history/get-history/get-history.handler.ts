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
import { Invoice, Treatment, TreatmentAudit } from '../../treatments/treatment.entity';
import { RecordAudit } from '../../audit-trail/record-audit.entity';

/**
 * The audit entries of a treatment, an invoice or an account closure, oldest first (deleted treatments and undone
 * closures included). A record of another organization or of a clinic the caller may not see is not found.
 */
@Injectable()
export class GetRecordHistoryHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(q: HistoryQueryDto, caller: CallerContext): Promise<{ items: AuditRecordView[] }> {
    const em = this.em.fork();
    const organizationId = caller.organizationId;
    if (q.subject === 'treatment') {
      const t = await em.findOne(Treatment, { id: q.id, organizationId });
      this.visible(caller, q, t?.clinicId);
      const rows = await em.find(
        TreatmentAudit,
        { treatmentId: q.id, organizationId },
        { orderBy: { createdAt: 'asc', id: 'asc' } },
      );
      return { items: rows.map((r) => view(r, r.createdAt)) };
    }
    if (q.subject === 'invoice') {
      const invoice = await em.findOne(Invoice, { id: q.id, organizationId });
      this.visible(caller, q, invoice?.clinicId);
    }
    const rows = await em.find(
      RecordAudit,
      { subject: q.subject === 'invoice' ? 'invoice' : 'closure', recordId: q.id, organizationId },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    this.visible(caller, q, rows[0]?.clinicId);
    return { items: rows.map((r) => view(r, r.createdAt)) };
  }

  private visible(caller: CallerContext, q: HistoryQueryDto, clinicId: string | undefined): void {
    if (!clinicId || !callerMaySeeClinic(caller, clinicId))
      throw DomainError.notFound(HistoryErrors.NOT_FOUND, q.subject, q.id);
  }
}

function view(r: TreatmentAudit | RecordAudit, at: Date): AuditRecordView {
  return {
    at: at.toISOString(),
    userId: r.userId,
    action: r.action,
    reason: r.reason,
    memo: r.memo,
    before: r.before,
    after: r.after,
  };
}
