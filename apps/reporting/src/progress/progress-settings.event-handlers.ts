import { ClinicProgressSettingsChangedV1, EventEnvelope, ProgressSettingsEventContracts } from '@dental/contracts';
import { EventsController, Tx, Handles } from '@dental/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';

import { Payload } from '@nestjs/microservices';
import { ProgressSql } from './progress.sql';

/** A clinic's progress-payment setting at its newest revision (guarded by revision and organization). */
@EventsController()
export class ProgressSettingsEventHandlers {
  @Handles(ProgressSettingsEventContracts.changed)
  async settingsChanged(
    @Payload() event: EventEnvelope<ClinicProgressSettingsChangedV1>,
    @Tx() em: EntityManager,
  ): Promise<void> {
    const s = event.payload;
    if (!s || s.organizationId !== event.organizationId || !Number.isInteger(s.revision)) {
      throw new Error(`event ${event.id} (${event.type}) carries no settings of organization ${event.organizationId}`);
    }
    await em.execute(ProgressSql.upsertSetting.text, [s.clinicId, s.organizationId, s.mode, s.costPercent, s.revision]);
  }
}
