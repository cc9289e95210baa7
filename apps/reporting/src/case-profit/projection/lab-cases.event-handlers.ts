import {
  EventEnvelope,
  LabSnapshotV1,
  WorkOrderSnapshotV1,
  WorkOrderTreatmentsLinkedV1,
  WorkOrderEventContracts,
  WorkOrderTreatmentEventContracts,
} from '@dental/contracts';
import { EventsController, Tx, Handles } from '@dental/messaging';
import { Money } from '@dental/money';
import type { EntityManager } from '@mikro-orm/postgresql';

import { Payload } from '@nestjs/microservices';
import { CaseProfitSql } from '../case-profit.sql';

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
  @Handles(WorkOrderEventContracts.workOrderCreated)
  workOrderCreated(@Payload() event: EventEnvelope<WorkOrderSnapshotV1>, @Tx() em: EntityManager) {
    return this.applyWorkOrder(
      em,
      payloadOf(event, (p) => p.revision),
    );
  }

  @Handles(WorkOrderEventContracts.workOrderUpdated)
  workOrderUpdated(@Payload() event: EventEnvelope<WorkOrderSnapshotV1>, @Tx() em: EntityManager) {
    return this.applyWorkOrder(
      em,
      payloadOf(event, (p) => p.revision),
    );
  }

  @Handles(WorkOrderEventContracts.labCreated)
  labCreated(@Payload() event: EventEnvelope<LabSnapshotV1>, @Tx() em: EntityManager) {
    return this.applyLab(
      em,
      payloadOf(event, (p) => p.revision),
    );
  }

  @Handles(WorkOrderEventContracts.labUpdated)
  labUpdated(@Payload() event: EventEnvelope<LabSnapshotV1>, @Tx() em: EntityManager) {
    return this.applyLab(
      em,
      payloadOf(event, (p) => p.revision),
    );
  }

  @Handles(WorkOrderTreatmentEventContracts.treatmentsLinked)
  treatmentsLinked(@Payload() event: EventEnvelope<WorkOrderTreatmentsLinkedV1>, @Tx() em: EntityManager) {
    return this.applyLinks(
      em,
      payloadOf(event, (p) => p.linksRevision),
    );
  }

  private async applyWorkOrder(em: EntityManager, wo: WorkOrderSnapshotV1): Promise<void> {
    const total = Money.parse(wo.paymentPlan.totalAmount, wo.currency);
    await em.execute(CaseProfitSql.upsertWorkOrder.text, [
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
    ]);
  }

  private async applyLab(em: EntityManager, lab: LabSnapshotV1): Promise<void> {
    await em.execute(CaseProfitSql.upsertLab.text, [lab.id, lab.organizationId, lab.name, lab.revision]);
  }

  private async applyLinks(em: EntityManager, links: WorkOrderTreatmentsLinkedV1): Promise<void> {
    await em.execute(CaseProfitSql.upsertLinks.text, [
      links.workOrderId,
      links.organizationId,
      links.clinicId,
      JSON.stringify(links.treatmentIds),
      links.linksRevision,
    ]);
  }
}
