import {
  AccountEvents,
  ClinicCreatedV1,
  ClinicEvents,
  EventEnvelope,
  PatientPaymentEvents,
  PatientPaymentSnapshotV1,
  PhysicianView,
  WorkOrderPaymentEvents,
  WorkOrderPaymentSnapshotV1,
} from '@dental/contracts';
import { OnEvent } from '@dental/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ReportsProjection } from './reports-projection';

/** A snapshot must belong to the organization of its envelope; anything else is a broken event (retried, then dead-lettered). */
export function payloadOf<P extends { organizationId: string }>(event: EventEnvelope<P>, revisioned = true): P {
  const p = event.payload;
  const revision = (p as { revision?: unknown } | undefined)?.revision;
  if (!p || p.organizationId !== event.organizationId || (revisioned && !Number.isInteger(revision))) {
    throw new Error(`event ${event.id} (${event.type}) carries no snapshot of organization ${event.organizationId}`);
  }
  return p;
}

/**
 * JetStream transport of the Account Book and Progress Payment read models. Work-order payments are followed by the
 * Finance projection too: each read model has its own handler for the type, run in the same batch transaction.
 */
@Injectable()
export class ReportsEventHandlers {
  constructor(private readonly projection: ReportsProjection) {}

  @OnEvent(ClinicEvents.created)
  clinicCreated(event: EventEnvelope<ClinicCreatedV1>, em: EntityManager) {
    return this.projection.applyClinic(em, payloadOf(event, false));
  }

  @OnEvent(PatientPaymentEvents.recorded)
  patientPaymentRecorded(event: EventEnvelope<PatientPaymentSnapshotV1>, em: EntityManager) {
    return this.projection.applyPatientPayment(em, payloadOf(event));
  }

  @OnEvent(PatientPaymentEvents.updated)
  patientPaymentUpdated(event: EventEnvelope<PatientPaymentSnapshotV1>, em: EntityManager) {
    return this.projection.applyPatientPayment(em, payloadOf(event));
  }

  @OnEvent(PatientPaymentEvents.deleted)
  patientPaymentDeleted(event: EventEnvelope<PatientPaymentSnapshotV1>, em: EntityManager) {
    return this.projection.applyPatientPayment(em, { ...payloadOf(event), deleted: true });
  }

  @OnEvent(WorkOrderPaymentEvents.recorded)
  labPaymentRecorded(event: EventEnvelope<WorkOrderPaymentSnapshotV1>, em: EntityManager) {
    return this.projection.applyLabPayment(em, payloadOf(event));
  }

  @OnEvent(WorkOrderPaymentEvents.updated)
  labPaymentUpdated(event: EventEnvelope<WorkOrderPaymentSnapshotV1>, em: EntityManager) {
    return this.projection.applyLabPayment(em, payloadOf(event));
  }

  @OnEvent(WorkOrderPaymentEvents.deleted)
  labPaymentDeleted(event: EventEnvelope<WorkOrderPaymentSnapshotV1>, em: EntityManager) {
    return this.projection.applyLabPayment(em, { ...payloadOf(event), deleted: true });
  }

  @OnEvent(AccountEvents.physicianCreated)
  physicianCreated(event: EventEnvelope<PhysicianView>, em: EntityManager) {
    return this.projection.applyPhysician(em, payloadOf(event, false), event.occurredAt);
  }

  @OnEvent(AccountEvents.physicianUpdated)
  physicianUpdated(event: EventEnvelope<PhysicianView>, em: EntityManager) {
    return this.projection.applyPhysician(em, payloadOf(event, false), event.occurredAt);
  }
}
