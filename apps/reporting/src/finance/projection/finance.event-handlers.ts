import {
  EventEnvelope,
  LabSnapshotV1,
  WorkOrderPaymentSnapshotV1,
  WorkOrderSnapshotV1,
  WorkOrderEventContracts,
  WorkOrderPaymentEventContracts,
} from '@dental/contracts';
import { EventsController, Tx, Handles } from '@dental/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';

import { Payload } from '@nestjs/microservices';
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

  @Handles(WorkOrderEventContracts.labCreated)
  labCreated(@Payload() event: EventEnvelope<LabSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyLab(em, payloadOf(event));
  }

  @Handles(WorkOrderEventContracts.labUpdated)
  labUpdated(@Payload() event: EventEnvelope<LabSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyLab(em, payloadOf(event));
  }

  @Handles(WorkOrderEventContracts.workOrderCreated)
  workOrderCreated(@Payload() event: EventEnvelope<WorkOrderSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyWorkOrder(em, payloadOf(event));
  }

  @Handles(WorkOrderEventContracts.workOrderUpdated)
  workOrderUpdated(@Payload() event: EventEnvelope<WorkOrderSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyWorkOrder(em, payloadOf(event));
  }

  @Handles(WorkOrderPaymentEventContracts.recorded)
  paymentRecorded(@Payload() event: EventEnvelope<WorkOrderPaymentSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyPayment(em, payloadOf(event));
  }

  @Handles(WorkOrderPaymentEventContracts.updated)
  paymentUpdated(@Payload() event: EventEnvelope<WorkOrderPaymentSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyPayment(em, payloadOf(event));
  }

  @Handles(WorkOrderPaymentEventContracts.deleted)
  paymentDeleted(@Payload() event: EventEnvelope<WorkOrderPaymentSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyPayment(em, payloadOf(event));
  }
}
