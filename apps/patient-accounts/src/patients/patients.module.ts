import { Module } from '@nestjs/common';
import { KnownClinicsModule } from '@dental/platform';
import { CreateFamilyHandler } from './create-family/create-family.handler';
import { CreatePatientHandler } from './create-patient/create-patient.handler';
import { GetPatientHandler } from './get-patient/get-patient.handler';
import { ListPatientsHandler } from './list-patients/list-patients.handler';
import { SetPatientFamilyHandler } from './set-patient-family/set-patient-family.handler';
import { UpdatePatientHandler } from './update-patient/update-patient.handler';
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
