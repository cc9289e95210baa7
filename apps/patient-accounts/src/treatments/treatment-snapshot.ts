import { CallerContext, Correction, InvoiceView, PatientAccountEventContracts, TreatmentView } from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Treatment, TreatmentAudit } from './treatment.entity';

/**
 * The audit row and the outbox event of one treatment change, in the caller's transaction (Outbox.recordChange); a
 * correction's reason rides in both. `after` picks the audit's after-state from the view the event carries (null for a
 * deletion).
 */
export function recordChange(
  em: EntityManager,
  outbox: Outbox,
  caller: CallerContext,
  t: Treatment,
  action: TreatmentAudit['action'],
  before: Record<string, unknown> | null,
  after: ((view: TreatmentView) => Record<string, unknown>) | null,
  correction: Correction | null = null,
): TreatmentView {
  return outbox.recordChange(em, {
    snapshot: t.toView(),
    correction,
    audit: (view, why) =>
      em.create(TreatmentAudit, {
        organizationId: caller.organizationId,
        treatmentId: t.id,
        action,
        userId: caller.userId,
        before,
        after: after ? after(view) : null,
        reason: why?.reason ?? null,
        memo: why?.memo ?? null,
      }),
    event: {
      event:
        action === 'created'
          ? PatientAccountEventContracts.treatmentCreated
          : action === 'deleted'
            ? PatientAccountEventContracts.treatmentDeleted
            : PatientAccountEventContracts.treatmentUpdated,
      organizationId: caller.organizationId,
      clinicId: t.clinicId,
    },
  }).snapshot;
}

/** The fields of an invoice its history shows (no ids). */
export function invoiceFields(v: InvoiceView): Record<string, unknown> {
  const { number, date, totalAmount, currency, treatmentIds } = v;
  return { number, date, totalAmount, currency, treatmentIds };
}

/** Only the named fields of an audit state (those a change touched). */
export function pickFields(fields: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((k) => [k, fields[k]]));
}

/** The fields of a treatment the audit keeps (no ids, no revision). */
export function auditFields(v: TreatmentView): Record<string, unknown> {
  const { id: _id, organizationId: _o, clinicId: _c, patientId: _p, revision: _r, ...rest } = v;
  return rest;
}
