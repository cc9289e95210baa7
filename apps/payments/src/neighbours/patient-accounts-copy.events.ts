import { AccountEventContracts, PatientAccountEventContracts } from '@dental/contracts';
import { EventsController, Tx, Handles } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Payload } from '@nestjs/microservices';
import { PatientAccountsCopy } from './patient-accounts-copy';

/** The events that keep PatientAccountsCopy up to date, handed to it in the consumer batch's transaction. */
@EventsController()
export class PatientAccountsCopyEvents {
  constructor(private readonly target: PatientAccountsCopy) {}

  @Handles(AccountEventContracts.patientCreated)
  onPatientCreated(
    @Payload() event: Parameters<PatientAccountsCopy['onPatientCreated']>[0],
    @Tx() em: EntityManager,
  ): Promise<void> {
    return this.target.onPatientCreated(event, em);
  }

  @Handles(AccountEventContracts.patientUpdated)
  onPatientUpdated(
    @Payload() event: Parameters<PatientAccountsCopy['onPatientUpdated']>[0],
    @Tx() em: EntityManager,
  ): Promise<void> {
    return this.target.onPatientUpdated(event, em);
  }

  @Handles(AccountEventContracts.physicianCreated)
  onPhysicianCreated(
    @Payload() event: Parameters<PatientAccountsCopy['onPhysicianCreated']>[0],
    @Tx() em: EntityManager,
  ): Promise<void> {
    return this.target.onPhysicianCreated(event, em);
  }

  @Handles(AccountEventContracts.physicianUpdated)
  onPhysicianUpdated(
    @Payload() event: Parameters<PatientAccountsCopy['onPhysicianUpdated']>[0],
    @Tx() em: EntityManager,
  ): Promise<void> {
    return this.target.onPhysicianUpdated(event, em);
  }

  @Handles(PatientAccountEventContracts.treatmentCreated)
  onTreatmentCreated(
    @Payload() event: Parameters<PatientAccountsCopy['onTreatmentCreated']>[0],
    @Tx() em: EntityManager,
  ): Promise<void> {
    return this.target.onTreatmentCreated(event, em);
  }

  @Handles(PatientAccountEventContracts.treatmentUpdated)
  onTreatmentUpdated(
    @Payload() event: Parameters<PatientAccountsCopy['onTreatmentUpdated']>[0],
    @Tx() em: EntityManager,
  ): Promise<void> {
    return this.target.onTreatmentUpdated(event, em);
  }

  @Handles(PatientAccountEventContracts.treatmentDeleted)
  onTreatmentDeleted(
    @Payload() event: Parameters<PatientAccountsCopy['onTreatmentDeleted']>[0],
    @Tx() em: EntityManager,
  ): Promise<void> {
    return this.target.onTreatmentDeleted(event, em);
  }

  @Handles(AccountEventContracts.contractCreated)
  onContractCreated(
    @Payload() event: Parameters<PatientAccountsCopy['onContractCreated']>[0],
    @Tx() em: EntityManager,
  ): Promise<void> {
    return this.target.onContractCreated(event, em);
  }

  @Handles(AccountEventContracts.accountClosed)
  onAccountClosed(
    @Payload() event: Parameters<PatientAccountsCopy['onAccountClosed']>[0],
    @Tx() em: EntityManager,
  ): Promise<void> {
    return this.target.onAccountClosed(event, em);
  }

  @Handles(AccountEventContracts.accountReopened)
  onAccountReopened(
    @Payload() event: Parameters<PatientAccountsCopy['onAccountReopened']>[0],
    @Tx() em: EntityManager,
  ): Promise<void> {
    return this.target.onAccountReopened(event, em);
  }
}
