import {
  EventEnvelope,
  WorkOrderEvents,
  WorkOrderPaymentEvents,
  WorkOrderPaymentSnapshotV1,
  WorkOrderSnapshotV1,
} from '@dental/contracts';
import { OnEvent } from '@dental/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { payloadOf } from '../../reports/projection/reports.event-handlers';
import { PayablesProjection } from './payables-projection';

/**
 * JetStream transport of the payables aging read models. The Finance projection follows the same event types: each
 * read model has its own handler for a type, run in turn in one batch transaction.
 */
@Injectable()
export class PayablesEventHandlers {
  constructor(private readonly projection: PayablesProjection) {}

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
    return this.projection.applyPayment(em, { ...payloadOf(event), deleted: true });
  }
}
