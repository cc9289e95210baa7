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
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import {
  CreateFamilyHandler,
  CreatePatientHandler,
  GetPatientHandler,
  ListPatientsHandler,
  SetPatientFamilyHandler,
  UpdatePatientHandler,
} from './patients.handlers';

/** NATS transport of the patient and family use cases. */
@Injectable()
export class PatientsRpcController {
  constructor(
    private readonly create: CreatePatientHandler,
    private readonly list: ListPatientsHandler,
    private readonly get: GetPatientHandler,
    private readonly createFamilyHandler: CreateFamilyHandler,
    private readonly setFamily: SetPatientFamilyHandler,
    private readonly update: UpdatePatientHandler,
  ) {}

  @RpcHandler(PatientAccountSubjects.createPatient, CreatePatientDto)
  createPatient(cmd: CreatePatientDto, caller: CallerContext) {
    return this.create.execute(cmd, caller);
  }

  @RpcHandler(PatientAccountSubjects.listPatients, ListPatientsQueryDto)
  listPatients(q: ListPatientsQueryDto, caller: CallerContext) {
    return this.list.execute(q, caller);
  }

  @RpcHandler(PatientAccountSubjects.getPatient, PatientIdDto)
  getPatient(q: PatientIdDto, caller: CallerContext) {
    return this.get.execute(q.patientId, caller);
  }

  @RpcHandler(PatientAccountSubjects.updatePatient, UpdatePatientCommand)
  updatePatient(cmd: UpdatePatientCommand, caller: CallerContext) {
    return this.update.execute(cmd, caller);
  }

  @RpcHandler(PatientAccountSubjects.createFamily, CreateFamilyDto)
  createFamily(cmd: CreateFamilyDto, caller: CallerContext) {
    return this.createFamilyHandler.execute(cmd, caller);
  }

  @RpcHandler(PatientAccountSubjects.setPatientFamily, SetPatientFamilyCommand)
  setPatientFamily(cmd: SetPatientFamilyCommand, caller: CallerContext) {
    return this.setFamily.execute(cmd, caller);
  }
}
