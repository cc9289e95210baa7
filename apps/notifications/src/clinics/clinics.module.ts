import { Global, Module } from '@nestjs/common';
import { ClinicProfiles } from './clinic-profiles';
import { ClinicProfilesEvents } from './clinic-profiles.events';
import { ClinicSettingsRpcController } from './clinics.rpc.controller';
import { GetNotificationSettingsHandler } from './get-settings/get-notification-settings.handler';
import { SetNotificationSettingsHandler } from './set-settings/set-notification-settings.handler';

@Global()
@Module({
  controllers: [ClinicProfilesEvents, ClinicSettingsRpcController],
  providers: [ClinicProfiles, SetNotificationSettingsHandler, GetNotificationSettingsHandler],
  exports: [ClinicProfiles],
})
export class ClinicsModule {}
