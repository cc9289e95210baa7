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
import { OnEvent } from '@dental/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
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
@Injectable()
export class LedgerEventHandlers {
  constructor(private readonly projection: LedgerProjection) {}

  @OnEvent(AccountEvents.patientCreated)
  patientCreated(event: EventEnvelope<PatientView>, em: EntityManager) {
    return this.projection.applyPatient(em, payloadOf(event, false), event.occurredAt);
  }

  @OnEvent(AccountEvents.patientUpdated)
  patientUpdated(event: EventEnvelope<PatientView>, em: EntityManager) {
    return this.projection.applyPatient(em, payloadOf(event, false), event.occurredAt);
  }

  @OnEvent(PatientAccountEvents.treatmentCreated)
  treatmentCreated(event: EventEnvelope<TreatmentSnapshotV1>, em: EntityManager) {
    return this.projection.applyTreatment(em, payloadOf(event, true), event.occurredAt);
  }

  @OnEvent(PatientAccountEvents.treatmentUpdated)
  treatmentUpdated(event: EventEnvelope<TreatmentSnapshotV1>, em: EntityManager) {
    return this.projection.applyTreatment(em, payloadOf(event, true), event.occurredAt);
  }

  @OnEvent(PatientAccountEvents.treatmentDeleted)
  treatmentDeleted(event: EventEnvelope<TreatmentSnapshotV1>, em: EntityManager) {
    return this.projection.applyTreatment(em, { ...payloadOf(event, true), deleted: true }, event.occurredAt);
  }

  @OnEvent(PatientPaymentEvents.recorded)
  receivedRecorded(event: EventEnvelope<LedgerPaymentSnapshot>, em: EntityManager) {
    return this.projection.applyReceived(em, payloadOf(event, true));
  }

  @OnEvent(PatientPaymentEvents.updated)
  receivedUpdated(event: EventEnvelope<LedgerPaymentSnapshot>, em: EntityManager) {
    return this.projection.applyReceived(em, payloadOf(event, true));
  }

  @OnEvent(PatientPaymentEvents.deleted)
  receivedDeleted(event: EventEnvelope<LedgerPaymentSnapshot>, em: EntityManager) {
    return this.projection.applyReceived(em, { ...payloadOf(event, true), deleted: true });
  }

  @OnEvent(AccountEvents.accountClosed)
  accountClosed(event: EventEnvelope<ClosureView>, em: EntityManager) {
    return this.projection.applyClosure(em, payloadOf(event, false), false);
  }

  @OnEvent(AccountEvents.accountReopened)
  accountReopened(event: EventEnvelope<ClosureView>, em: EntityManager) {
    return this.projection.applyClosure(em, payloadOf(event, false), true);
  }

  @OnEvent(AccountEvents.contractCreated)
  contractCreated(event: EventEnvelope<ContractView>, em: EntityManager) {
    return this.projection.applyContract(em, payloadOf(event, false));
  }
}
