import { CallerContext, ClinicRefDto, NotificationSubjects, SetNotificationSettingsCommand } from '@dental/contracts';
import { BusController, Caller } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetNotificationSettingsHandler } from './get-settings/get-notification-settings.handler';
import { SetNotificationSettingsHandler } from './set-settings/set-notification-settings.handler';

@BusController()
export class ClinicSettingsRpcController {
  constructor(
    private readonly setSettings: SetNotificationSettingsHandler,
    private readonly getSettings: GetNotificationSettingsHandler,
  ) {}

  @MessagePattern(NotificationSubjects.setSettings)
  set(@Payload() cmd: SetNotificationSettingsCommand, @Caller() caller: CallerContext) {
    return this.setSettings.execute(cmd, caller);
  }

  @MessagePattern(NotificationSubjects.getSettings)
  get(@Payload() q: ClinicRefDto, @Caller() caller: CallerContext) {
    return this.getSettings.execute(q.clinicId, caller);
  }
}
