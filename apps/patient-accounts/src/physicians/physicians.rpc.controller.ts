import {
  AccountSubjects,
  CallerContext,
  CreatePhysicianDto,
  ListByClinicQueryDto,
  PatientAccountSubjects,
  UpdatePhysicianCommand,
} from '@dental/contracts';
import { BusController, Caller } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreatePhysicianHandler } from './create-physician/create-physician.handler';
import { ListPhysiciansHandler } from './list-physicians/list-physicians.handler';
import { UpdatePhysicianHandler } from './update-physician/update-physician.handler';

/** NATS transport of the physician use cases. */
@BusController()
export class PhysiciansRpcController {
  constructor(
    private readonly create: CreatePhysicianHandler,
    private readonly list: ListPhysiciansHandler,
    private readonly update: UpdatePhysicianHandler,
  ) {}

  @MessagePattern(PatientAccountSubjects.createPhysician)
  createPhysician(@Payload() cmd: CreatePhysicianDto, @Caller() caller: CallerContext) {
    return this.create.execute(cmd, caller);
  }

  @MessagePattern(AccountSubjects.updatePhysician)
  updatePhysician(@Payload() cmd: UpdatePhysicianCommand, @Caller() caller: CallerContext) {
    return this.update.execute(cmd, caller);
  }

  @MessagePattern(PatientAccountSubjects.listPhysicians)
  listPhysicians(@Payload() q: ListByClinicQueryDto, @Caller() caller: CallerContext) {
    return this.list.execute(q, caller);
  }
}
