import {
  CallerContext,
  ClinicIdDto,
  ClinicSubjects,
  CreateClinicCommand,
  SetPaymentSettingsCommand,
} from '@dental/contracts';
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import {
  CreateClinicHandler,
  GetClinicHandler,
  ListClinicsHandler,
  SetPaymentSettingsHandler,
} from './clinics.handlers';

/** NATS transport of the clinic use cases: validated payload in, handler result out. */
@Injectable()
export class ClinicsRpcController {
  constructor(
    private readonly create: CreateClinicHandler,
    private readonly list: ListClinicsHandler,
    private readonly get: GetClinicHandler,
    private readonly setSettings: SetPaymentSettingsHandler,
  ) {}

  @RpcHandler(ClinicSubjects.create, CreateClinicCommand)
  createClinic(cmd: CreateClinicCommand, caller: CallerContext) {
    return this.create.execute(cmd, caller);
  }

  @RpcHandler(ClinicSubjects.list)
  listClinics(_: unknown, caller: CallerContext) {
    return this.list.execute(caller);
  }

  @RpcHandler(ClinicSubjects.get, ClinicIdDto)
  getClinic(q: ClinicIdDto, caller: CallerContext) {
    return this.get.execute(q.clinicId, caller);
  }

  @RpcHandler(ClinicSubjects.setPaymentSettings, SetPaymentSettingsCommand)
  setPaymentSettings(cmd: SetPaymentSettingsCommand, caller: CallerContext) {
    return this.setSettings.execute(cmd, caller);
  }
}
