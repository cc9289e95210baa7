import { CallerContext, ClinicRefDto, NotificationSubjects, SetNotificationSettingsCommand } from '@dental/contracts';
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { GetNotificationSettingsHandler } from './get-settings/get-notification-settings.handler';
import { SetNotificationSettingsHandler } from './set-settings/set-notification-settings.handler';

@Injectable()
export class ClinicSettingsRpcController {
  constructor(
    private readonly setSettings: SetNotificationSettingsHandler,
    private readonly getSettings: GetNotificationSettingsHandler,
  ) {}

  @RpcHandler(NotificationSubjects.setSettings, SetNotificationSettingsCommand)
  set(cmd: SetNotificationSettingsCommand, caller: CallerContext) {
    return this.setSettings.execute(cmd, caller);
  }

  @RpcHandler(NotificationSubjects.getSettings, ClinicRefDto)
  get(q: ClinicRefDto, caller: CallerContext) {
    return this.getSettings.execute(q.clinicId, caller);
  }
}
