import { CallerContext, ProgressSettingsSubjects, SetProgressSettingsCommand } from '@dental/contracts';
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { SetProgressSettingsHandler } from './set-progress-settings.handler';

/** NATS transport of the clinic's progress-payment settings. */
@Injectable()
export class ProgressSettingsRpcController {
  constructor(private readonly setSettings: SetProgressSettingsHandler) {}

  @RpcHandler(ProgressSettingsSubjects.set, SetProgressSettingsCommand)
  setProgressSettings(cmd: SetProgressSettingsCommand, caller: CallerContext) {
    return this.setSettings.execute(cmd, caller);
  }
}
