import { Module } from '@nestjs/common';
import { KnownClinicsModule } from '@dental/platform';
import {
  CreateFamilyHandler,
  CreatePatientHandler,
  GetPatientHandler,
  ListPatientsHandler,
  SetPatientFamilyHandler,
  UpdatePatientHandler,
} from './patients.handlers';
import { PatientsRpcController } from './patients.rpc.controller';

@Module({
  imports: [KnownClinicsModule],
  controllers: [PatientsRpcController],
  providers: [
    CreatePatientHandler,
    ListPatientsHandler,
    GetPatientHandler,
    CreateFamilyHandler,
    SetPatientFamilyHandler,
    UpdatePatientHandler,
  ],
})
export class PatientsModule {}
