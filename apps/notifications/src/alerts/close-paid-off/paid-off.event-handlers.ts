import {
  EventEnvelope,
  AccountEventContracts,
  PatientAccountEventContracts,
  PatientPaymentEventContracts,
} from '@dental/contracts';
import { EventsController, Tx, Handles } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';

import { Payload } from '@nestjs/microservices';
import { AlertsSql } from '../alerts.sql';

/** The events after which a patient's unpaid may be zero (design.md): treatments, received money, closures. */
export const UNPAID_CHANGING_EVENTS = {
  treatmentCreated: PatientAccountEventContracts.treatmentCreated,
  treatmentUpdated: PatientAccountEventContracts.treatmentUpdated,
  treatmentDeleted: PatientAccountEventContracts.treatmentDeleted,
  paymentRecorded: PatientPaymentEventContracts.recorded,
  paymentUpdated: PatientPaymentEventContracts.updated,
  paymentDeleted: PatientPaymentEventContracts.deleted,
  accountClosed: AccountEventContracts.accountClosed,
  accountReopened: AccountEventContracts.accountReopened,
} as const;

/**
 * Queues a paid-off check for the patient the event is about. Asking the owners of the totals happens in the
 * scheduler, outside the event's transaction: a slow or absent service then delays the check instead of the stream.
 */
@EventsController()
export class PaidOffEventHandlers {
  private queue(event: EventEnvelope<{ patientId?: string }>, em: EntityManager): Promise<unknown> | undefined {
    const patientId = event.payload?.patientId;
    if (!patientId) return undefined;
    return em.execute(AlertsSql.queueCheck.text, [patientId, event.organizationId]);
  }

  @Handles(UNPAID_CHANGING_EVENTS.treatmentCreated)
  async onTreatmentCreated(
    @Payload() event: EventEnvelope<{ patientId: string }>,
    @Tx() em: EntityManager,
  ): Promise<void> {
    await this.queue(event, em);
  }

  @Handles(UNPAID_CHANGING_EVENTS.treatmentUpdated)
  async onTreatmentUpdated(
    @Payload() event: EventEnvelope<{ patientId: string }>,
    @Tx() em: EntityManager,
  ): Promise<void> {
    await this.queue(event, em);
  }

  @Handles(UNPAID_CHANGING_EVENTS.treatmentDeleted)
  async onTreatmentDeleted(
    @Payload() event: EventEnvelope<{ patientId: string }>,
    @Tx() em: EntityManager,
  ): Promise<void> {
    await this.queue(event, em);
  }

  @Handles(UNPAID_CHANGING_EVENTS.paymentRecorded)
  async onPaymentRecorded(
    @Payload() event: EventEnvelope<{ patientId: string }>,
    @Tx() em: EntityManager,
  ): Promise<void> {
    await this.queue(event, em);
  }

  @Handles(UNPAID_CHANGING_EVENTS.paymentUpdated)
  async onPaymentUpdated(
    @Payload() event: EventEnvelope<{ patientId: string }>,
    @Tx() em: EntityManager,
  ): Promise<void> {
    await this.queue(event, em);
  }

  @Handles(UNPAID_CHANGING_EVENTS.paymentDeleted)
  async onPaymentDeleted(
    @Payload() event: EventEnvelope<{ patientId: string }>,
    @Tx() em: EntityManager,
  ): Promise<void> {
    await this.queue(event, em);
  }

  @Handles(UNPAID_CHANGING_EVENTS.accountClosed)
  async onAccountClosed(
    @Payload() event: EventEnvelope<{ patientId: string }>,
    @Tx() em: EntityManager,
  ): Promise<void> {
    await this.queue(event, em);
  }

  @Handles(UNPAID_CHANGING_EVENTS.accountReopened)
  async onAccountReopened(
    @Payload() event: EventEnvelope<{ patientId: string }>,
    @Tx() em: EntityManager,
  ): Promise<void> {
    await this.queue(event, em);
  }
}
