import {
  BANK_COST_PROCEDURE,
  CallerContext,
  EventEnvelope,
  PatientPaymentView,
  PatientPaymentEventContracts,
} from '@dental/contracts';
import { EventsController, Outbox, Tx, Handles } from '@dental/messaging';
import { Money } from '@dental/money';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';

import { Payload } from '@nestjs/microservices';
import { Patient } from '../patients/patient.entity';
import { Treatment } from '../treatments/treatment.entity';
import { auditFields, pickFields, recordChange } from '../treatments/treatment-snapshot';

/** Who the audit names for changes that follow a payment, when the payment's event does not say who made it. */
const PAYMENTS_USER = 'system:payments';

/** A payment event names the user whose change it carries (payments' audit trail adds it). */
type PaymentEvent = PatientPaymentView & { changedBy?: string };

/**
 * The "Bank Cost" treatment of a card payment (DOMAIN.md B, Card payments and bank cost): created, changed and
 * removed with its payment. Never twice: the inbox drops a redelivered event, the unique source payment id keeps
 * one treatment per payment, and an event whose payment revision is not newer than the one applied changes nothing.
 */
@EventsController()
export class BankCostTreatments {
  constructor(private readonly outbox: Outbox) {}

  @Handles(PatientPaymentEventContracts.recorded)
  onRecorded(@Payload() event: EventEnvelope<PatientPaymentView>, @Tx() em: EntityManager) {
    return this.follow(event, em);
  }

  @Handles(PatientPaymentEventContracts.updated)
  onUpdated(@Payload() event: EventEnvelope<PatientPaymentView>, @Tx() em: EntityManager) {
    return this.follow(event, em);
  }

  @Handles(PatientPaymentEventContracts.deleted)
  onDeleted(@Payload() event: EventEnvelope<PatientPaymentView>, @Tx() em: EntityManager) {
    return this.follow(event, em);
  }

  private async follow(event: EventEnvelope<PaymentEvent>, em: EntityManager): Promise<void> {
    const pay = event.payload;
    // FOR SHARE like any treatment change: a closure in progress and this change wait for each other
    const patient = await em.findOne(
      Patient,
      { id: pay.patientId, organizationId: event.organizationId },
      { lockMode: LockMode.PESSIMISTIC_READ },
    );
    if (!patient) return; // not a patient of ours: nothing to follow
    const existing = await em.findOne(Treatment, { sourcePaymentId: pay.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (existing && (existing.sourcePaymentRevision ?? 0) >= pay.revision) return;
    const cost = !pay.deleted && pay.bankCost !== null ? Money.parse(pay.bankCost, pay.currency) : null;
    const wanted = cost?.isPositive() ? cost : null;
    const caller: CallerContext = {
      organizationId: event.organizationId,
      clinicIds: '*',
      userId: pay.changedBy ?? PAYMENTS_USER,
      roles: [],
      correlationId: event.correlationId,
    };

    if (!existing) {
      if (!wanted) return;
      const t = em.create(Treatment, {
        organizationId: patient.organizationId,
        clinicId: patient.clinicId,
        patientId: patient.id,
        physicianId: null,
        procedure: BANK_COST_PROCEDURE,
        date: pay.date,
        currency: pay.currency,
        amountMinor: wanted.minor,
        sourcePaymentId: pay.id,
        sourcePaymentRevision: pay.revision,
      });
      await em.flush(); // the audit row references it
      recordChange(em, this.outbox, caller, t, 'created', null, auditFields);
      return;
    }

    existing.sourcePaymentRevision = pay.revision;
    if (!wanted) {
      if (existing.deletedAt) return;
      const before = auditFields(existing.toView());
      existing.deletedAt = new Date();
      existing.revision += 1;
      recordChange(em, this.outbox, caller, existing, 'deleted', before, null);
      return;
    }
    const before = auditFields(existing.toView());
    existing.deletedAt = null;
    existing.date = pay.date;
    existing.amountMinor = wanted.minor;
    const after = auditFields(existing.toView());
    const changed = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
    if (!changed.length) return;
    existing.revision += 1;
    recordChange(
      em,
      this.outbox,
      caller,
      existing,
      'updated',
      Object.fromEntries(changed.map((k) => [k, before[k]])),
      (view) => pickFields(auditFields(view), changed),
    );
  }
}
