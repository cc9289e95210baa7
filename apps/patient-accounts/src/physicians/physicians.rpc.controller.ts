import {
  AccountSubjects,
  CallerContext,
  CreatePhysicianDto,
  ListByClinicQueryDto,
  PatientAccountSubjects,
  UpdatePhysicianCommand,
} from '@dental/contracts';
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { CreatePhysicianHandler, ListPhysiciansHandler, UpdatePhysicianHandler } from './physicians.handlers';

/** NATS transport of the physician use cases. */
@Injectable()
export class PhysiciansRpcController {
  constructor(
    private readonly create: CreatePhysicianHandler,
    private readonly list: ListPhysiciansHandler,
    private readonly update: UpdatePhysicianHandler,
  ) {}

  @RpcHandler(PatientAccountSubjects.createPhysician, CreatePhysicianDto)
  createPhysician(cmd: CreatePhysicianDto, caller: CallerContext) {
    return this.create.execute(cmd, caller);
  }

  @RpcHandler(AccountSubjects.updatePhysician, UpdatePhysicianCommand)
  updatePhysician(cmd: UpdatePhysicianCommand, caller: CallerContext) {
    return this.update.execute(cmd, caller);
  }

  @RpcHandler(PatientAccountSubjects.listPhysicians, ListByClinicQueryDto)
  listPhysicians(q: ListByClinicQueryDto, caller: CallerContext) {
    return this.list.execute(q, caller);
  }
}
