import { ClinicProgressSettingsChangedV1, EventEnvelope, ProgressSettingsEvents } from '@dental/contracts';
import { EventsController, Tx } from '@dental/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';

import { EventPattern, Payload } from '@nestjs/microservices';

/** A clinic's progress-payment setting at its newest revision (guarded by revision and organization). */
@EventsController()
export class ProgressSettingsEventHandlers {
  @EventPattern(ProgressSettingsEvents.changed)
  async settingsChanged(
    @Payload() event: EventEnvelope<ClinicProgressSettingsChangedV1>,
    @Tx() em: EntityManager,
  ): Promise<void> {
    const s = event.payload;
    if (!s || s.organizationId !== event.organizationId || !Number.isInteger(s.revision)) {
      throw new Error(`event ${event.id} (${event.type}) carries no settings of organization ${event.organizationId}`);
    }
    await em.execute(
      `insert into progress_setting (clinic_id, organization_id, mode, cost_percent, revision) values (?, ?, ?, ?, ?)
       on conflict (clinic_id) do update set mode = excluded.mode, cost_percent = excluded.cost_percent,
         revision = excluded.revision, updated_at = now()
       where progress_setting.revision < excluded.revision
         and progress_setting.organization_id = excluded.organization_id`,
      [s.clinicId, s.organizationId, s.mode, s.costPercent, s.revision],
    );
  }
}
