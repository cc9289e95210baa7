import {
  ClosureView,
  ContractView,
  EventEnvelope,
  PatientView,
  TreatmentSnapshotV1,
  AccountEventContracts,
  PatientAccountEventContracts,
  PatientPaymentEventContracts,
} from '@dental/contracts';
import { EventsController, Tx, Handles } from '@dental/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';

import { Payload } from '@nestjs/microservices';
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

  @Handles(AccountEventContracts.patientCreated)
  patientCreated(@Payload() event: EventEnvelope<PatientView>, @Tx() em: EntityManager) {
    return this.projection.applyPatient(em, payloadOf(event, false), event.occurredAt);
  }

  @Handles(AccountEventContracts.patientUpdated)
  patientUpdated(@Payload() event: EventEnvelope<PatientView>, @Tx() em: EntityManager) {
    return this.projection.applyPatient(em, payloadOf(event, false), event.occurredAt);
  }

  @Handles(PatientAccountEventContracts.treatmentCreated)
  treatmentCreated(@Payload() event: EventEnvelope<TreatmentSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyTreatment(em, payloadOf(event, true), event.occurredAt);
  }

  @Handles(PatientAccountEventContracts.treatmentUpdated)
  treatmentUpdated(@Payload() event: EventEnvelope<TreatmentSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyTreatment(em, payloadOf(event, true), event.occurredAt);
  }

  @Handles(PatientAccountEventContracts.treatmentDeleted)
  treatmentDeleted(@Payload() event: EventEnvelope<TreatmentSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyTreatment(em, { ...payloadOf(event, true), deleted: true }, event.occurredAt);
  }

  @Handles(PatientPaymentEventContracts.recorded)
  receivedRecorded(@Payload() event: EventEnvelope<LedgerPaymentSnapshot>, @Tx() em: EntityManager) {
    return this.projection.applyReceived(em, payloadOf(event, true));
  }

  @Handles(PatientPaymentEventContracts.updated)
  receivedUpdated(@Payload() event: EventEnvelope<LedgerPaymentSnapshot>, @Tx() em: EntityManager) {
    return this.projection.applyReceived(em, payloadOf(event, true));
  }

  @Handles(PatientPaymentEventContracts.deleted)
  receivedDeleted(@Payload() event: EventEnvelope<LedgerPaymentSnapshot>, @Tx() em: EntityManager) {
    return this.projection.applyReceived(em, { ...payloadOf(event, true), deleted: true });
  }

  @Handles(AccountEventContracts.accountClosed)
  accountClosed(@Payload() event: EventEnvelope<ClosureView>, @Tx() em: EntityManager) {
    return this.projection.applyClosure(em, payloadOf(event, false), false);
  }

  @Handles(AccountEventContracts.accountReopened)
  accountReopened(@Payload() event: EventEnvelope<ClosureView>, @Tx() em: EntityManager) {
    return this.projection.applyClosure(em, payloadOf(event, false), true);
  }

  @Handles(AccountEventContracts.contractCreated)
  contractCreated(@Payload() event: EventEnvelope<ContractView>, @Tx() em: EntityManager) {
    return this.projection.applyContract(em, payloadOf(event, false));
  }
}
