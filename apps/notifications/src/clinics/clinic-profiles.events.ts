import { ClinicEventContracts } from '@dental/contracts';
import { EventsController, Tx, Handles } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Payload } from '@nestjs/microservices';
import { ClinicProfiles } from './clinic-profiles';

/** The events that keep ClinicProfiles up to date, handed to it in the consumer batch's transaction. */
@EventsController()
export class ClinicProfilesEvents {
  constructor(private readonly target: ClinicProfiles) {}

  @Handles(ClinicEventContracts.created)
  onClinicCreated(
    @Payload() event: Parameters<ClinicProfiles['onClinicCreated']>[0],
    @Tx() em: EntityManager,
  ): Promise<void> {
    return this.target.onClinicCreated(event, em);
  }
}
