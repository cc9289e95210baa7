import {
  CallerContext,
  ClinicIdDto,
  ClinicSubjects,
  CreateClinicCommand,
  SetPaymentSettingsCommand,
} from '@dental/contracts';
import { BusController, Caller } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateClinicHandler } from './create-clinic/create-clinic.handler';
import { GetClinicHandler } from './get-clinic/get-clinic.handler';
import { ListClinicsHandler } from './list-clinics/list-clinics.handler';
import { SetPaymentSettingsHandler } from './set-payment-settings/set-payment-settings.handler';

/** NATS transport of the clinic use cases: validated payload in, handler result out. */
@BusController()
export class ClinicsRpcController {
  constructor(
    private readonly create: CreateClinicHandler,
    private readonly list: ListClinicsHandler,
    private readonly get: GetClinicHandler,
    private readonly setSettings: SetPaymentSettingsHandler,
  ) {}

  @MessagePattern(ClinicSubjects.create)
  createClinic(@Payload() cmd: CreateClinicCommand, @Caller() caller: CallerContext) {
    return this.create.execute(cmd, caller);
  }

  @MessagePattern(ClinicSubjects.list)
  listClinics(@Payload() _: unknown, @Caller() caller: CallerContext) {
    return this.list.execute(caller);
  }

  @MessagePattern(ClinicSubjects.get)
  getClinic(@Payload() q: ClinicIdDto, @Caller() caller: CallerContext) {
    return this.get.execute(q.clinicId, caller);
  }

  @MessagePattern(ClinicSubjects.setPaymentSettings)
  setPaymentSettings(@Payload() cmd: SetPaymentSettingsCommand, @Caller() caller: CallerContext) {
    return this.setSettings.execute(cmd, caller);
  }
}
