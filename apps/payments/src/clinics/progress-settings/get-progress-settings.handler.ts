import { CallerContext, ProgressSettingsView } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ClinicsSql } from '../clinics.sql';
import { findVisibleClinic } from '../visible-clinic';
import { SettingsRow, viewOf } from './set-progress-settings.handler';

/** A clinic's progress-payment settings as they are now (never set: collections at 0 %, revision 0). */
@Injectable()
export class GetProgressSettingsHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(clinicId: string, caller: CallerContext): Promise<ProgressSettingsView> {
    const em = this.em.fork();
    const clinic = await findVisibleClinic(em, caller, clinicId);
    const [row] = await em.execute<SettingsRow[]>(ClinicsSql.progressSettings.text, [clinic.id]);
    return viewOf(clinic.id, clinic.organizationId, row);
  }
}
