import {
  ClosureView,
  EventEnvelope,
  PatientPaymentSnapshotV1,
  TreatmentSnapshotV1,
  WorkOrderPaymentSnapshotV1,
  WorkOrderSnapshotV1,
  AccountEventContracts,
  PatientAccountEventContracts,
  PatientPaymentEventContracts,
  WorkOrderEventContracts,
  WorkOrderPaymentEventContracts,
} from '@dental/contracts';
import { EventsController, Tx, Handles } from '@dental/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';

import { Payload } from '@nestjs/microservices';
import {
  closurePosting,
  receivedPosting,
  RecordKind,
  treatmentPosting,
  workOrderPaymentPosting,
  workOrderPosting,
} from '../posting-rules';
import { JournalProjection, PostingChange } from './journal-projection';

/**
 * The payload must be a record of the envelope's organization (with an integer revision where it has one); anything
 * else is a broken event: it fails, is retried alone, then dead-lettered (libs/messaging).
 */
function payloadOf<P extends { organizationId: string }>(event: EventEnvelope<P>, revisioned: boolean): P {
  const p = event.payload;
  const revision = (p as { revision?: unknown } | undefined)?.revision;
  if (!p || p.organizationId !== event.organizationId || (revisioned && !Number.isInteger(revision))) {
    throw new Error(`event ${event.id} (${event.type}) carries no record of organization ${event.organizationId}`);
  }
  return p;
}

const change = (
  event: EventEnvelope<unknown>,
  kind: RecordKind,
  recordId: string,
  next: PostingChange['next'],
  reads?: PostingChange['reads'],
): PostingChange => ({
  kind,
  recordId,
  organizationId: event.organizationId,
  eventId: event.id,
  eventType: event.type,
  next,
  ...(reads ? { reads } : {}),
});

/**
 * JetStream transport of the journal: the same events as the patient ledger, the Account Book and Finance, each read
 * model with its own handler in the same batch transaction.
 */
@EventsController()
export class JournalEventHandlers {
  constructor(private readonly projection: JournalProjection) {}

  @Handles(PatientAccountEventContracts.treatmentCreated)
  treatmentCreated(@Payload() event: EventEnvelope<TreatmentSnapshotV1>, @Tx() em: EntityManager) {
    return this.treatment(event, em, false);
  }

  @Handles(PatientAccountEventContracts.treatmentUpdated)
  treatmentUpdated(@Payload() event: EventEnvelope<TreatmentSnapshotV1>, @Tx() em: EntityManager) {
    return this.treatment(event, em, false);
  }

  @Handles(PatientAccountEventContracts.treatmentDeleted)
  treatmentDeleted(@Payload() event: EventEnvelope<TreatmentSnapshotV1>, @Tx() em: EntityManager) {
    return this.treatment(event, em, true);
  }

  @Handles(PatientPaymentEventContracts.recorded)
  receivedRecorded(@Payload() event: EventEnvelope<PatientPaymentSnapshotV1>, @Tx() em: EntityManager) {
    return this.received(event, em, false);
  }

  @Handles(PatientPaymentEventContracts.updated)
  receivedUpdated(@Payload() event: EventEnvelope<PatientPaymentSnapshotV1>, @Tx() em: EntityManager) {
    return this.received(event, em, false);
  }

  @Handles(PatientPaymentEventContracts.deleted)
  receivedDeleted(@Payload() event: EventEnvelope<PatientPaymentSnapshotV1>, @Tx() em: EntityManager) {
    return this.received(event, em, true);
  }

  @Handles(AccountEventContracts.accountClosed)
  accountClosed(@Payload() event: EventEnvelope<ClosureView>, @Tx() em: EntityManager) {
    return this.closure(event, em, false);
  }

  @Handles(AccountEventContracts.accountReopened)
  accountReopened(@Payload() event: EventEnvelope<ClosureView>, @Tx() em: EntityManager) {
    return this.closure(event, em, true);
  }

  @Handles(WorkOrderEventContracts.workOrderCreated)
  workOrderCreated(@Payload() event: EventEnvelope<WorkOrderSnapshotV1>, @Tx() em: EntityManager) {
    return this.workOrder(event, em);
  }

  @Handles(WorkOrderEventContracts.workOrderUpdated)
  workOrderUpdated(@Payload() event: EventEnvelope<WorkOrderSnapshotV1>, @Tx() em: EntityManager) {
    return this.workOrder(event, em);
  }

  @Handles(WorkOrderPaymentEventContracts.recorded)
  labPaymentRecorded(@Payload() event: EventEnvelope<WorkOrderPaymentSnapshotV1>, @Tx() em: EntityManager) {
    return this.labPayment(event, em, false);
  }

  @Handles(WorkOrderPaymentEventContracts.updated)
  labPaymentUpdated(@Payload() event: EventEnvelope<WorkOrderPaymentSnapshotV1>, @Tx() em: EntityManager) {
    return this.labPayment(event, em, false);
  }

  @Handles(WorkOrderPaymentEventContracts.deleted)
  labPaymentDeleted(@Payload() event: EventEnvelope<WorkOrderPaymentSnapshotV1>, @Tx() em: EntityManager) {
    return this.labPayment(event, em, true);
  }

  private treatment(event: EventEnvelope<TreatmentSnapshotV1>, em: EntityManager, deleted: boolean) {
    const t = { ...payloadOf(event, true), ...(deleted ? { deleted: true } : {}) };
    return this.projection.apply(
      em,
      change(event, 'treatment', t.id, () => treatmentPosting(t)),
    );
  }

  private received(event: EventEnvelope<PatientPaymentSnapshotV1>, em: EntityManager, deleted: boolean) {
    const r = { ...payloadOf(event, true), ...(deleted ? { deleted: true } : {}) };
    return this.projection.apply(
      em,
      change(event, 'received', r.id, () => receivedPosting(r)),
    );
  }

  private closure(event: EventEnvelope<ClosureView>, em: EntityManager, undone: boolean) {
    const c = payloadOf(event, false);
    return this.projection.apply(
      em,
      change(event, 'closure', c.id, () => closurePosting(c, undone)),
    );
  }

  private workOrder(event: EventEnvelope<WorkOrderSnapshotV1>, em: EntityManager) {
    const w = payloadOf(event, true);
    return this.projection.apply(
      em,
      change(event, 'work_order', w.id, () => workOrderPosting(w)),
    );
  }

  private labPayment(event: EventEnvelope<WorkOrderPaymentSnapshotV1>, em: EntityManager, deleted: boolean) {
    const p = { ...payloadOf(event, true), ...(deleted ? { deleted: true } : {}) };
    return this.projection.apply(
      em,
      change(
        event,
        'work_order_payment',
        p.id,
        (lookup) => workOrderPaymentPosting(p, lookup.reference('work_order', p.workOrderId)),
        { kind: 'work_order', id: p.workOrderId },
      ),
    );
  }
}
