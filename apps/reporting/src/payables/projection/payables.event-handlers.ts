import {
  EventEnvelope,
  WorkOrderPaymentSnapshotV1,
  WorkOrderSnapshotV1,
  WorkOrderEventContracts,
  WorkOrderPaymentEventContracts,
} from '@dental/contracts';
import { EventsController, Tx, Handles } from '@dental/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';

import { Payload } from '@nestjs/microservices';
import { payloadOf } from '../../reports/projection/reports.event-handlers';
import { PayablesProjection } from './payables-projection';

/**
 * JetStream transport of the payables aging read models. The Finance projection follows the same event types: each
 * read model has its own handler for a type, run in turn in one batch transaction.
 */
@EventsController()
export class PayablesEventHandlers {
  constructor(private readonly projection: PayablesProjection) {}

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
    return this.projection.applyPayment(em, { ...payloadOf(event), deleted: true });
  }
}
