import { Module } from '@nestjs/common';
import { ClinicsRpcController } from './clinics.rpc.controller';
import {
  CreateClinicHandler,
  GetClinicHandler,
  ListClinicsHandler,
  SetPaymentSettingsHandler,
} from './clinics.handlers';

@Module({
  controllers: [ClinicsRpcController],
  providers: [CreateClinicHandler, ListClinicsHandler, GetClinicHandler, SetPaymentSettingsHandler],
})
export class ClinicsModule {}
