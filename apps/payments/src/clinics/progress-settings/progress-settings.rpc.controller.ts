import { CallerContext, ClinicIdDto, ProgressSettingsSubjects, SetProgressSettingsCommand } from '@dental/contracts';
import { BusController, Caller } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetProgressSettingsHandler } from './get-progress-settings.handler';
import { SetProgressSettingsHandler } from './set-progress-settings.handler';

/** NATS transport of the clinic's progress-payment settings. */
@BusController()
export class ProgressSettingsRpcController {
  constructor(
    private readonly setSettings: SetProgressSettingsHandler,
    private readonly getSettings: GetProgressSettingsHandler,
  ) {}

  @MessagePattern(ProgressSettingsSubjects.get)
  progressSettings(@Payload() q: ClinicIdDto, @Caller() caller: CallerContext) {
    return this.getSettings.execute(q.clinicId, caller);
  }

  @MessagePattern(ProgressSettingsSubjects.set)
  setProgressSettings(@Payload() cmd: SetProgressSettingsCommand, @Caller() caller: CallerContext) {
    return this.setSettings.execute(cmd, caller);
  }
}
