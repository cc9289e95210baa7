import {
  EventEnvelope,
  LabSnapshotV1,
  WorkOrderEvents,
  WorkOrderPaymentEvents,
  WorkOrderPaymentSnapshotV1,
  WorkOrderSnapshotV1,
} from '@dental/contracts';
import { EventsController, Tx } from '@dental/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';

import { EventPattern, Payload } from '@nestjs/microservices';
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
@EventsController()
export class FinanceEventHandlers {
  constructor(private readonly projection: FinanceProjection) {}

  @EventPattern(WorkOrderEvents.labCreated)
  labCreated(@Payload() event: EventEnvelope<LabSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyLab(em, payloadOf(event));
  }

  @EventPattern(WorkOrderEvents.labUpdated)
  labUpdated(@Payload() event: EventEnvelope<LabSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyLab(em, payloadOf(event));
  }

  @EventPattern(WorkOrderEvents.workOrderCreated)
  workOrderCreated(@Payload() event: EventEnvelope<WorkOrderSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyWorkOrder(em, payloadOf(event));
  }

  @EventPattern(WorkOrderEvents.workOrderUpdated)
  workOrderUpdated(@Payload() event: EventEnvelope<WorkOrderSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyWorkOrder(em, payloadOf(event));
  }

  @EventPattern(WorkOrderPaymentEvents.recorded)
  paymentRecorded(@Payload() event: EventEnvelope<WorkOrderPaymentSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyPayment(em, payloadOf(event));
  }

  @EventPattern(WorkOrderPaymentEvents.updated)
  paymentUpdated(@Payload() event: EventEnvelope<WorkOrderPaymentSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyPayment(em, payloadOf(event));
  }

  @EventPattern(WorkOrderPaymentEvents.deleted)
  paymentDeleted(@Payload() event: EventEnvelope<WorkOrderPaymentSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyPayment(em, payloadOf(event));
  }
}
