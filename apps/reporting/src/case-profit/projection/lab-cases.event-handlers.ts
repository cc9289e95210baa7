import {
  EventEnvelope,
  LabSnapshotV1,
  WorkOrderEvents,
  WorkOrderSnapshotV1,
  WorkOrderTreatmentEvents,
  WorkOrderTreatmentsLinkedV1,
} from '@dental/contracts';
import { EventsController, Tx } from '@dental/messaging';
import { Money } from '@dental/money';
import type { EntityManager } from '@mikro-orm/postgresql';

import { EventPattern, Payload } from '@nestjs/microservices';

/** A snapshot must belong to the organization of its envelope; anything else is a broken event (retried, then dead-lettered). */
function payloadOf<P extends { organizationId: string }>(event: EventEnvelope<P>, revision: (p: P) => unknown): P {
  const p = event.payload;
  if (!p || p.organizationId !== event.organizationId || !Number.isInteger(revision(p))) {
    throw new Error(`event ${event.id} (${event.type}) carries no snapshot of organization ${event.organizationId}`);
  }
  return p;
}

/**
 * The lab cases' read model, kept from the WORK_ORDERS events. Every upsert is guarded by the snapshot's revision
 * (the links by their own `linksRevision`) and by the organization, so redelivered, duplicated and reordered events
 * leave the same rows. The Finance projection follows the same work-order and lab events for its own tables.
 */
@EventsController()
export class LabCasesEventHandlers {
  @EventPattern(WorkOrderEvents.workOrderCreated)
  workOrderCreated(@Payload() event: EventEnvelope<WorkOrderSnapshotV1>, @Tx() em: EntityManager) {
    return this.applyWorkOrder(
      em,
      payloadOf(event, (p) => p.revision),
    );
  }

  @EventPattern(WorkOrderEvents.workOrderUpdated)
  workOrderUpdated(@Payload() event: EventEnvelope<WorkOrderSnapshotV1>, @Tx() em: EntityManager) {
    return this.applyWorkOrder(
      em,
      payloadOf(event, (p) => p.revision),
    );
  }

  @EventPattern(WorkOrderEvents.labCreated)
  labCreated(@Payload() event: EventEnvelope<LabSnapshotV1>, @Tx() em: EntityManager) {
    return this.applyLab(
      em,
      payloadOf(event, (p) => p.revision),
    );
  }

  @EventPattern(WorkOrderEvents.labUpdated)
  labUpdated(@Payload() event: EventEnvelope<LabSnapshotV1>, @Tx() em: EntityManager) {
    return this.applyLab(
      em,
      payloadOf(event, (p) => p.revision),
    );
  }

  @EventPattern(WorkOrderTreatmentEvents.treatmentsLinked)
  treatmentsLinked(@Payload() event: EventEnvelope<WorkOrderTreatmentsLinkedV1>, @Tx() em: EntityManager) {
    return this.applyLinks(
      em,
      payloadOf(event, (p) => p.linksRevision),
    );
  }

  private async applyWorkOrder(em: EntityManager, wo: WorkOrderSnapshotV1): Promise<void> {
    const total = Money.parse(wo.paymentPlan.totalAmount, wo.currency);
    await em.execute(
      `insert into case_work_order (id, organization_id, clinic_id, lab_id, patient_id, number, documented_date, status,
                                    total, currency, revision)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (id) do update set clinic_id = excluded.clinic_id, lab_id = excluded.lab_id,
         patient_id = excluded.patient_id, number = excluded.number, documented_date = excluded.documented_date,
         status = excluded.status, total = excluded.total, currency = excluded.currency, revision = excluded.revision,
         updated_at = now()
       where case_work_order.revision < excluded.revision
         and case_work_order.organization_id = excluded.organization_id`,
      [
        wo.id,
        wo.organizationId,
        wo.clinicId,
        wo.labId,
        wo.patientId ?? null,
        wo.number,
        wo.documentedDate,
        wo.status,
        total.minor.toString(),
        wo.currency,
        wo.revision,
      ],
    );
  }

  private async applyLab(em: EntityManager, lab: LabSnapshotV1): Promise<void> {
    await em.execute(
      `insert into case_lab (id, organization_id, name, revision) values (?, ?, ?, ?)
       on conflict (id) do update set name = excluded.name, revision = excluded.revision
       where case_lab.revision < excluded.revision and case_lab.organization_id = excluded.organization_id`,
      [lab.id, lab.organizationId, lab.name, lab.revision],
    );
  }

  private async applyLinks(em: EntityManager, links: WorkOrderTreatmentsLinkedV1): Promise<void> {
    await em.execute(
      `insert into case_link_set (work_order_id, organization_id, clinic_id, treatment_ids, links_revision)
       values (?, ?, ?, (select coalesce(array_agg(t::uuid order by t), '{}') from json_array_elements_text(?::json) t),
               ?)
       on conflict (work_order_id) do update set clinic_id = excluded.clinic_id,
         treatment_ids = excluded.treatment_ids, links_revision = excluded.links_revision, updated_at = now()
       where case_link_set.links_revision < excluded.links_revision
         and case_link_set.organization_id = excluded.organization_id`,
      [
        links.workOrderId,
        links.organizationId,
        links.clinicId,
        JSON.stringify(links.treatmentIds),
        links.linksRevision,
      ],
    );
  }
}
