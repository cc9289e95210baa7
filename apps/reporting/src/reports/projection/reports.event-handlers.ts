import {
  ClinicCreatedV1,
  EventEnvelope,
  PatientPaymentSnapshotV1,
  PhysicianView,
  WorkOrderPaymentSnapshotV1,
  AccountEventContracts,
  ClinicEventContracts,
  PatientPaymentEventContracts,
  WorkOrderPaymentEventContracts,
} from '@dental/contracts';
import { EventsController, Tx, Handles } from '@dental/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';

import { Payload } from '@nestjs/microservices';
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
@EventsController()
export class ReportsEventHandlers {
  constructor(private readonly projection: ReportsProjection) {}

  @Handles(ClinicEventContracts.created)
  clinicCreated(@Payload() event: EventEnvelope<ClinicCreatedV1>, @Tx() em: EntityManager) {
    return this.projection.applyClinic(em, payloadOf(event, false));
  }

  @Handles(PatientPaymentEventContracts.recorded)
  patientPaymentRecorded(@Payload() event: EventEnvelope<PatientPaymentSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyPatientPayment(em, payloadOf(event));
  }

  @Handles(PatientPaymentEventContracts.updated)
  patientPaymentUpdated(@Payload() event: EventEnvelope<PatientPaymentSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyPatientPayment(em, payloadOf(event));
  }

  @Handles(PatientPaymentEventContracts.deleted)
  patientPaymentDeleted(@Payload() event: EventEnvelope<PatientPaymentSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyPatientPayment(em, { ...payloadOf(event), deleted: true });
  }

  @Handles(WorkOrderPaymentEventContracts.recorded)
  labPaymentRecorded(@Payload() event: EventEnvelope<WorkOrderPaymentSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyLabPayment(em, payloadOf(event));
  }

  @Handles(WorkOrderPaymentEventContracts.updated)
  labPaymentUpdated(@Payload() event: EventEnvelope<WorkOrderPaymentSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyLabPayment(em, payloadOf(event));
  }

  @Handles(WorkOrderPaymentEventContracts.deleted)
  labPaymentDeleted(@Payload() event: EventEnvelope<WorkOrderPaymentSnapshotV1>, @Tx() em: EntityManager) {
    return this.projection.applyLabPayment(em, { ...payloadOf(event), deleted: true });
  }

  @Handles(AccountEventContracts.physicianCreated)
  physicianCreated(@Payload() event: EventEnvelope<PhysicianView>, @Tx() em: EntityManager) {
    return this.projection.applyPhysician(em, payloadOf(event, false), event.occurredAt);
  }

  @Handles(AccountEventContracts.physicianUpdated)
  physicianUpdated(@Payload() event: EventEnvelope<PhysicianView>, @Tx() em: EntityManager) {
    return this.projection.applyPhysician(em, payloadOf(event, false), event.occurredAt);
  }
}
