import {
  AccountEvents,
  ClosureView,
  ContractView,
  EventEnvelope,
  PatientAccountEvents,
  PatientPaymentEvents,
  PatientView,
  TreatmentSnapshotV1,
} from '@dental/contracts';
import { EventsController, Tx } from '@dental/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';

import { EventPattern, Payload } from '@nestjs/microservices';
import { LedgerPaymentSnapshot, LedgerProjection } from './ledger-projection';

/**
 * The payload must be a record of the envelope's organization (with an integer revision where it has one); anything
 * else is a broken event: it fails, is retried alone, then dead-lettered (libs/messaging).
 */
function payloadOf<P extends { organizationId: string; patientId?: string }>(
  event: EventEnvelope<P>,
  revisioned: boolean,
): P {
  const p = event.payload;
  const revision = (p as { revision?: unknown } | undefined)?.revision;
  if (!p || p.organizationId !== event.organizationId || (revisioned && !Number.isInteger(revision))) {
    throw new Error(`event ${event.id} (${event.type}) carries no record of organization ${event.organizationId}`);
  }
  return p;
}

/**
 * JetStream transport of the patient ledger (receivables aging, balance report). Several read models follow some
 * of these events (Account Book, Progress Payment): each has its own handler, run in the same batch transaction.
 */
@EventsController()
export class LedgerEventHandlers {
  constructor(private readonly projection: LedgerProjection) {}

  @EventPattern(AccountEvents.patientCreated)
  patientCreated(@Payload() event: EventEnvelope<PatientView>, @Tx() em: EntityManager) {
    return this.projection.applyPatient(em, payloadOf(event, false), event.occurredAt);
  }

  @EventPattern(AccountEvents.patientUpdated)
  patientUpdated(@Payload() event: EventEnvelope<PatientView>, @Tx() em: EntityManager) {
    return this.projection.applyPatient(em, payloadOf(event, false), event.occurredAt);
  }

  @EventPattern(PatientAccountEvents.treatmentCreated)
  treatmentCreated(@Payload() event: EventEnvelope<TreatmentSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyTreatment(em, payloadOf(event, true), event.occurredAt);
  }

  @EventPattern(PatientAccountEvents.treatmentUpdated)
  treatmentUpdated(@Payload() event: EventEnvelope<TreatmentSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyTreatment(em, payloadOf(event, true), event.occurredAt);
  }

  @EventPattern(PatientAccountEvents.treatmentDeleted)
  treatmentDeleted(@Payload() event: EventEnvelope<TreatmentSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyTreatment(em, { ...payloadOf(event, true), deleted: true }, event.occurredAt);
  }

  @EventPattern(PatientPaymentEvents.recorded)
  receivedRecorded(@Payload() event: EventEnvelope<LedgerPaymentSnapshot>, @Tx() em: EntityManager) {
    return this.projection.applyReceived(em, payloadOf(event, true));
  }

  @EventPattern(PatientPaymentEvents.updated)
  receivedUpdated(@Payload() event: EventEnvelope<LedgerPaymentSnapshot>, @Tx() em: EntityManager) {
    return this.projection.applyReceived(em, payloadOf(event, true));
  }

  @EventPattern(PatientPaymentEvents.deleted)
  receivedDeleted(@Payload() event: EventEnvelope<LedgerPaymentSnapshot>, @Tx() em: EntityManager) {
    return this.projection.applyReceived(em, { ...payloadOf(event, true), deleted: true });
  }

  @EventPattern(AccountEvents.accountClosed)
  accountClosed(@Payload() event: EventEnvelope<ClosureView>, @Tx() em: EntityManager) {
    return this.projection.applyClosure(em, payloadOf(event, false), false);
  }

  @EventPattern(AccountEvents.accountReopened)
  accountReopened(@Payload() event: EventEnvelope<ClosureView>, @Tx() em: EntityManager) {
    return this.projection.applyClosure(em, payloadOf(event, false), true);
  }

  @EventPattern(AccountEvents.contractCreated)
  contractCreated(@Payload() event: EventEnvelope<ContractView>, @Tx() em: EntityManager) {
    return this.projection.applyContract(em, payloadOf(event, false));
  }
}
