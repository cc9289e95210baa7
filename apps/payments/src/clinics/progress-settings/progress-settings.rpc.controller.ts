import { CallerContext, ClinicIdDto, ProgressSettingsSubjects, SetProgressSettingsCommand } from '@dental/contracts';
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { GetProgressSettingsHandler } from './get-progress-settings.handler';
import { SetProgressSettingsHandler } from './set-progress-settings.handler';

/** NATS transport of the clinic's progress-payment settings. */
@Injectable()
export class ProgressSettingsRpcController {
  constructor(
    private readonly setSettings: SetProgressSettingsHandler,
    private readonly getSettings: GetProgressSettingsHandler,
  ) {}

  @RpcHandler(ProgressSettingsSubjects.get, ClinicIdDto)
  progressSettings(q: ClinicIdDto, caller: CallerContext) {
    return this.getSettings.execute(q.clinicId, caller);
  }

  @RpcHandler(ProgressSettingsSubjects.set, SetProgressSettingsCommand)
  setProgressSettings(cmd: SetProgressSettingsCommand, caller: CallerContext) {
    return this.setSettings.execute(cmd, caller);
  }
}
