import { AccountEventContracts } from '@dental/contracts';
import { EventsController, Tx, Handles } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Payload } from '@nestjs/microservices';
import { KnownPatients } from './known-patients';

/** The events that keep KnownPatients up to date, handed to it in the consumer batch's transaction. */
@EventsController()
export class KnownPatientsEvents {
  constructor(private readonly target: KnownPatients) {}

  @Handles(AccountEventContracts.patientCreated)
  onPatientCreated(
    @Payload() event: Parameters<KnownPatients['onPatientCreated']>[0],
    @Tx() em: EntityManager,
  ): Promise<void> {
    return this.target.onPatientCreated(event, em);
  }

  @Handles(AccountEventContracts.patientUpdated)
  onPatientUpdated(
    @Payload() event: Parameters<KnownPatients['onPatientUpdated']>[0],
    @Tx() em: EntityManager,
  ): Promise<void> {
    return this.target.onPatientUpdated(event, em);
  }
}
