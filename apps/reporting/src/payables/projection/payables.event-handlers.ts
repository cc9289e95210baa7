import {
  EventEnvelope,
  WorkOrderEvents,
  WorkOrderPaymentEvents,
  WorkOrderPaymentSnapshotV1,
  WorkOrderSnapshotV1,
} from '@dental/contracts';
import { EventsController, Tx } from '@dental/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';

import { EventPattern, Payload } from '@nestjs/microservices';
import { payloadOf } from '../../reports/projection/reports.event-handlers';
import { PayablesProjection } from './payables-projection';

/**
 * JetStream transport of the payables aging read models. The Finance projection follows the same event types: each
 * read model has its own handler for a type, run in turn in one batch transaction.
 */
@EventsController()
export class PayablesEventHandlers {
  constructor(private readonly projection: PayablesProjection) {}

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
    return this.projection.applyPayment(em, { ...payloadOf(event), deleted: true });
  }
}
