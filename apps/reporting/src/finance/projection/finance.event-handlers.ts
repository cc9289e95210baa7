import {
  EventEnvelope,
  LabSnapshotV1,
  WorkOrderEvents,
  WorkOrderPaymentEvents,
  WorkOrderPaymentSnapshotV1,
  WorkOrderSnapshotV1,
} from '@dental/contracts';
import { OnEvent } from '@dental/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { FinanceProjection } from './finance-projection';

/** A snapshot must belong to the organization of its envelope; anything else is a broken event (retried, then dead-lettered). */
function payloadOf<P extends { organizationId: string; revision: number }>(event: EventEnvelope<P>): P {
  const p = event.payload;
  if (!p || p.organizationId !== event.organizationId || !Number.isInteger(p.revision)) {
    throw new Error(`event ${event.id} (${event.type}) carries no snapshot of organization ${event.organizationId}`);
  }
  return p;
}

/** JetStream transport of the Finance projection: one method per event type, the projection does the work. */
@Injectable()
export class FinanceEventHandlers {
  constructor(private readonly projection: FinanceProjection) {}

  @OnEvent(WorkOrderEvents.labCreated)
  labCreated(event: EventEnvelope<LabSnapshotV1>, em: EntityManager) {
    return this.projection.applyLab(em, payloadOf(event));
  }

  @OnEvent(WorkOrderEvents.labUpdated)
  labUpdated(event: EventEnvelope<LabSnapshotV1>, em: EntityManager) {
    return this.projection.applyLab(em, payloadOf(event));
  }

  @OnEvent(WorkOrderEvents.workOrderCreated)
  workOrderCreated(event: EventEnvelope<WorkOrderSnapshotV1>, em: EntityManager) {
    return this.projection.applyWorkOrder(em, payloadOf(event));
  }

  @OnEvent(WorkOrderEvents.workOrderUpdated)
  workOrderUpdated(event: EventEnvelope<WorkOrderSnapshotV1>, em: EntityManager) {
    return this.projection.applyWorkOrder(em, payloadOf(event));
  }

  @OnEvent(WorkOrderPaymentEvents.recorded)
  paymentRecorded(event: EventEnvelope<WorkOrderPaymentSnapshotV1>, em: EntityManager) {
    return this.projection.applyPayment(em, payloadOf(event));
  }

  @OnEvent(WorkOrderPaymentEvents.updated)
  paymentUpdated(event: EventEnvelope<WorkOrderPaymentSnapshotV1>, em: EntityManager) {
    return this.projection.applyPayment(em, payloadOf(event));
  }

  @OnEvent(WorkOrderPaymentEvents.deleted)
  paymentDeleted(event: EventEnvelope<WorkOrderPaymentSnapshotV1>, em: EntityManager) {
    return this.projection.applyPayment(em, payloadOf(event));
  }
}
