import {
  CallerContext,
  CreateFamilyDto,
  CreatePatientDto,
  ListPatientsQueryDto,
  PatientAccountSubjects,
  PatientIdDto,
  SetPatientFamilyCommand,
  UpdatePatientCommand,
} from '@dental/contracts';
import { BusController, Caller } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateFamilyHandler } from './create-family/create-family.handler';
import { CreatePatientHandler } from './create-patient/create-patient.handler';
import { GetPatientHandler } from './get-patient/get-patient.handler';
import { ListPatientsHandler } from './list-patients/list-patients.handler';
import { SetPatientFamilyHandler } from './set-patient-family/set-patient-family.handler';
import { UpdatePatientHandler } from './update-patient/update-patient.handler';

/** NATS transport of the patient and family use cases. */
@BusController()
export class PatientsRpcController {
  constructor(
    private readonly create: CreatePatientHandler,
    private readonly list: ListPatientsHandler,
    private readonly get: GetPatientHandler,
    private readonly createFamilyHandler: CreateFamilyHandler,
    private readonly setFamily: SetPatientFamilyHandler,
    private readonly update: UpdatePatientHandler,
  ) {}

  @MessagePattern(PatientAccountSubjects.createPatient)
  createPatient(@Payload() cmd: CreatePatientDto, @Caller() caller: CallerContext) {
    return this.create.execute(cmd, caller);
  }

  @MessagePattern(PatientAccountSubjects.listPatients)
  listPatients(@Payload() q: ListPatientsQueryDto, @Caller() caller: CallerContext) {
    return this.list.execute(q, caller);
  }

  @MessagePattern(PatientAccountSubjects.getPatient)
  getPatient(@Payload() q: PatientIdDto, @Caller() caller: CallerContext) {
    return this.get.execute(q.patientId, caller);
  }

  @MessagePattern(PatientAccountSubjects.updatePatient)
  updatePatient(@Payload() cmd: UpdatePatientCommand, @Caller() caller: CallerContext) {
    return this.update.execute(cmd, caller);
  }

  @MessagePattern(PatientAccountSubjects.createFamily)
  createFamily(@Payload() cmd: CreateFamilyDto, @Caller() caller: CallerContext) {
    return this.createFamilyHandler.execute(cmd, caller);
  }

  @MessagePattern(PatientAccountSubjects.setPatientFamily)
  setPatientFamily(@Payload() cmd: SetPatientFamilyCommand, @Caller() caller: CallerContext) {
    return this.setFamily.execute(cmd, caller);
  }
}
