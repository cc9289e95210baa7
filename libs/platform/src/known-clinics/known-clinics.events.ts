import { ClinicEventContracts } from '@dental/contracts';
import { EventsController, Tx, Handles } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Payload } from '@nestjs/microservices';
import { KnownClinics } from './known-clinics';

/** The events that keep KnownClinics up to date, handed to it in the consumer batch's transaction. */
@EventsController()
export class KnownClinicsEvents {
  constructor(private readonly target: KnownClinics) {}

  @Handles(ClinicEventContracts.created)
  onClinicCreated(
    @Payload() event: Parameters<KnownClinics['onClinicCreated']>[0],
    @Tx() em: EntityManager,
  ): Promise<void> {
    return this.target.onClinicCreated(event, em);
  }
}
