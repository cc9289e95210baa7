import { AccountEvents } from '@dental/contracts';
import { EventsController, Tx } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { EventPattern, Payload } from '@nestjs/microservices';
import { KnownPatients } from './known-patients';

/** The events that keep KnownPatients up to date, handed to it in the consumer batch's transaction. */
@EventsController()
export class KnownPatientsEvents {
  constructor(private readonly target: KnownPatients) {}

  @EventPattern(AccountEvents.patientCreated)
  onPatientCreated(
    @Payload() event: Parameters<KnownPatients['onPatientCreated']>[0],
    @Tx() em: EntityManager,
  ): Promise<void> {
    return this.target.onPatientCreated(event, em);
  }

  @EventPattern(AccountEvents.patientUpdated)
  onPatientUpdated(
    @Payload() event: Parameters<KnownPatients['onPatientUpdated']>[0],
    @Tx() em: EntityManager,
  ): Promise<void> {
    return this.target.onPatientUpdated(event, em);
  }
}
