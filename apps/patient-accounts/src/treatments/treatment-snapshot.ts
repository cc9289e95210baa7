import { CallerContext, Correction, InvoiceView, PatientAccountEventContracts, TreatmentView } from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Treatment, TreatmentAudit } from './treatment.entity';

/**
 * The audit row and the outbox event of one treatment change, in the caller's transaction; a correction's reason
 * rides in both.
 */
export function recordChange(
  em: EntityManager,
  outbox: Outbox,
  caller: CallerContext,
  t: Treatment,
  action: TreatmentAudit['action'],
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  correction: Correction | null = null,
): TreatmentView {
  em.create(TreatmentAudit, {
    organizationId: caller.organizationId,
    treatmentId: t.id,
    action,
    userId: caller.userId,
    before,
    after,
    reason: correction?.reason ?? null,
    memo: correction?.memo ?? null,
  });
  const view = t.toView();
  outbox.add(em, {
    event:
      action === 'created'
        ? PatientAccountEventContracts.treatmentCreated
        : action === 'deleted'
          ? PatientAccountEventContracts.treatmentDeleted
          : PatientAccountEventContracts.treatmentUpdated,
    organizationId: caller.organizationId,
    clinicId: t.clinicId,
    payload: correction ? { ...view, correction } : view,
  });
  return view;
}

/** The fields of an invoice its history shows (no ids). */
export function invoiceFields(v: InvoiceView): Record<string, unknown> {
  const { number, date, totalAmount, currency, treatmentIds } = v;
  return { number, date, totalAmount, currency, treatmentIds };
}

/** The fields of a treatment the audit keeps (no ids, no revision). */
export function auditFields(v: TreatmentView): Record<string, unknown> {
  const { id: _id, organizationId: _o, clinicId: _c, patientId: _p, revision: _r, ...rest } = v;
  return rest;
}
