import {
  CallerContext,
  callerMaySeeClinic,
  DomainError,
  PatientErrors,
  SetWorkOrderTreatmentsCommand,
  WorkOrderErrors,
  WorkOrderTreatmentErrors,
  WorkOrderTreatmentsView,
  WorkOrderTreatmentEventContracts,
} from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { WorkOrder, WorkOrderAudit } from '../work-orders/work-order.entity';
import { KnownTreatment, KnownTreatments } from './known-treatments';
import { TreatmentLinksSql } from './treatment-links.sql';

const notFound = (ids: string[]) =>
  new DomainError(PatientErrors.TREATMENT_NOT_FOUND, 404, `treatmentIds: treatment ${ids.join(', ')} was not found`, [
    { field: 'treatmentIds', reasons: [`${ids.join(', ')}: no such treatment`] },
  ]);

const otherPatient = (ids: string[], why: string) =>
  new DomainError(WorkOrderTreatmentErrors.TREATMENT_OF_OTHER_PATIENT, 409, `treatmentIds: ${why}`, [
    { field: 'treatmentIds', reasons: [`${ids.join(', ')}: ${why}`] },
  ]);

async function visibleWorkOrder(em: EntityManager, caller: CallerContext, id: string, lock: boolean) {
  const wo = await em.findOne(
    WorkOrder,
    { id, organizationId: caller.organizationId },
    lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
  );
  if (!wo || !callerMaySeeClinic(caller, wo.clinicId))
    throw DomainError.notFound(WorkOrderErrors.NOT_FOUND, 'work order', id);
  return wo;
}

/**
 * Links a lab case to its patient's treatments (DOMAIN.md D "Case profit"): the given set replaces the linked one.
 * Every id must be a treatment of the work order's patient and clinic that still exists: an unknown, deleted or
 * another organization's id is a 404 `TREATMENT.NOT_FOUND`, another patient's (or a work order without a patient) a
 * 409 `WORK_ORDER.TREATMENT_OF_OTHER_PATIENT`, both naming `treatmentIds`; nothing is stored then. A changed set is
 * one transaction: the links, `links_revision` + 1, an audit entry (before/after `treatmentIds`) and the
 * `work-orders.work-order.treatments-linked` event. The same set again changes nothing (no revision, audit or event).
 */
@Injectable()
export class SetWorkOrderTreatmentsHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly treatments: KnownTreatments,
  ) {}

  async execute(cmd: SetWorkOrderTreatmentsCommand, caller: CallerContext): Promise<WorkOrderTreatmentsView> {
    const ids = [...new Set(cmd.treatmentIds.map((id) => id.toLowerCase()))].sort();
    // checked before the transaction: patient-accounts may be asked, and no lock is held while it answers
    const wo = await visibleWorkOrder(this.em, caller, cmd.workOrderId, false);
    if (ids.length) await this.check(caller, wo, ids);
    return this.em.transactional(async (em) => {
      const order = await visibleWorkOrder(em, caller, cmd.workOrderId, true);
      const before = await this.linked(em, order.id);
      if (before.join() === ids.join()) {
        const [{ links_revision }] = await em.execute<{ links_revision: number }[]>(
          TreatmentLinksSql.linksRevision.text,
          [order.id],
        );
        return this.view(order, before, links_revision);
      }
      await em.execute(TreatmentLinksSql.removeLinks.text, [order.id]);
      if (ids.length) {
        await em.execute(TreatmentLinksSql.addLinks.text, [order.id, order.organizationId, JSON.stringify(ids)]);
      }
      const [{ links_revision }] = await em.execute<{ links_revision: number }[]>(
        TreatmentLinksSql.nextLinksRevision.text,
        [order.id],
      );
      return this.outbox.recordChange(em, {
        snapshot: this.view(order, ids, links_revision),
        audit: (view) =>
          em.create(WorkOrderAudit, {
            organizationId: caller.organizationId,
            workOrderId: order.id,
            action: 'updated',
            userId: caller.userId,
            before: { treatmentIds: before },
            after: { treatmentIds: view.treatmentIds },
          }),
        event: {
          event: WorkOrderTreatmentEventContracts.treatmentsLinked,
          organizationId: order.organizationId,
          clinicId: order.clinicId,
        },
      }).snapshot;
    });
  }

  private async check(caller: CallerContext, wo: WorkOrder, ids: string[]): Promise<void> {
    const known = await this.treatments.known(this.em, ids);
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length && wo.patientId) {
      // not copied yet: the patient's own treatments, from patient-accounts
      const ofPatient = await this.treatments.ofPatient(this.em, caller, wo.patientId);
      for (const t of ofPatient) if (missing.includes(t.id)) known.set(t.id, t);
    }
    const found = (t: KnownTreatment | undefined): t is KnownTreatment =>
      !!t && t.organizationId === caller.organizationId && !t.deleted;
    const unknown = ids.filter((id) => !found(known.get(id)));
    if (unknown.length) throw notFound(unknown);
    if (!wo.patientId) throw otherPatient(ids, 'the work order has no patient to link treatments of');
    const foreign = ids.filter((id) => {
      const t = known.get(id)!;
      return t.patientId !== wo.patientId || t.clinicId !== wo.clinicId;
    });
    if (foreign.length) throw otherPatient(foreign, "treatments of another patient than the work order's");
  }

  private async linked(em: EntityManager, workOrderId: string): Promise<string[]> {
    const rows = await em.execute<{ treatment_id: string }[]>(TreatmentLinksSql.linkedTreatments.text, [workOrderId]);
    return rows.map((r) => r.treatment_id);
  }

  private view(wo: WorkOrder, treatmentIds: string[], linksRevision: number): WorkOrderTreatmentsView {
    return {
      workOrderId: wo.id,
      organizationId: wo.organizationId,
      clinicId: wo.clinicId,
      labId: wo.labId,
      patientId: wo.patientId,
      treatmentIds,
      linksRevision,
    };
  }
}
