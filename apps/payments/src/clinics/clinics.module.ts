import { Module } from '@nestjs/common';
import { ClinicsRpcController } from './clinics.rpc.controller';
import { CreateClinicHandler } from './create-clinic/create-clinic.handler';
import { GetClinicHandler } from './get-clinic/get-clinic.handler';
import { ListClinicsHandler } from './list-clinics/list-clinics.handler';
import { SetPaymentSettingsHandler } from './set-payment-settings/set-payment-settings.handler';

@Module({
  controllers: [ClinicsRpcController],
  providers: [CreateClinicHandler, ListClinicsHandler, GetClinicHandler, SetPaymentSettingsHandler],
})
export class ClinicsModule {}
