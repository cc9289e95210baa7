import { CallerContext, NotificationSettingsView } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ClinicProfiles } from '../clinic-profiles';

@Injectable()
export class GetNotificationSettingsHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly clinics: ClinicProfiles,
  ) {}

  async execute(clinicId: string, caller: CallerContext): Promise<NotificationSettingsView> {
    return (await this.clinics.visible(this.em, caller, clinicId)).toSettingsView();
  }
}
