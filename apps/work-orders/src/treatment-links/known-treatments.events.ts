import { PatientAccountEventContracts } from '@dental/contracts';
import { EventsController, Tx, Handles } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Payload } from '@nestjs/microservices';
import { KnownTreatments } from './known-treatments';

/** The events that keep KnownTreatments up to date, handed to it in the consumer batch's transaction. */
@EventsController()
export class KnownTreatmentsEvents {
  constructor(private readonly target: KnownTreatments) {}

  @Handles(PatientAccountEventContracts.treatmentCreated)
  onTreatmentCreated(
    @Payload() event: Parameters<KnownTreatments['onTreatmentCreated']>[0],
    @Tx() em: EntityManager,
  ): Promise<void> {
    return this.target.onTreatmentCreated(event, em);
  }

  @Handles(PatientAccountEventContracts.treatmentUpdated)
  onTreatmentUpdated(
    @Payload() event: Parameters<KnownTreatments['onTreatmentUpdated']>[0],
    @Tx() em: EntityManager,
  ): Promise<void> {
    return this.target.onTreatmentUpdated(event, em);
  }

  @Handles(PatientAccountEventContracts.treatmentDeleted)
  onTreatmentDeleted(
    @Payload() event: Parameters<KnownTreatments['onTreatmentDeleted']>[0],
    @Tx() em: EntityManager,
  ): Promise<void> {
    return this.target.onTreatmentDeleted(event, em);
  }
}
