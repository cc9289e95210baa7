import {
  CallerContext,
  CreateLabDto,
  LabIdDto,
  ListLabsQueryDto,
  UpdateLabCommand,
  WorkOrderSubjects,
} from '@dental/contracts';
import { BusController, Caller } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateLabHandler } from './create-lab/create-lab.handler';
import { GetLabHandler } from './get-lab/get-lab.handler';
import { ListLabsHandler } from './list-labs/list-labs.handler';
import { UpdateLabHandler } from './update-lab/update-lab.handler';

/** NATS transport of the lab use cases: validated payload in, handler result out. */
@BusController()
export class LabsRpcController {
  constructor(
    private readonly create: CreateLabHandler,
    private readonly update: UpdateLabHandler,
    private readonly list: ListLabsHandler,
    private readonly get: GetLabHandler,
  ) {}

  @MessagePattern(WorkOrderSubjects.createLab)
  createLab(@Payload() cmd: CreateLabDto, @Caller() caller: CallerContext) {
    return this.create.execute(cmd, caller);
  }

  @MessagePattern(WorkOrderSubjects.updateLab)
  updateLab(@Payload() cmd: UpdateLabCommand, @Caller() caller: CallerContext) {
    return this.update.execute(cmd, caller);
  }

  @MessagePattern(WorkOrderSubjects.listLabs)
  listLabs(@Payload() query: ListLabsQueryDto, @Caller() caller: CallerContext) {
    return this.list.execute(query, caller);
  }

  @MessagePattern(WorkOrderSubjects.getLab)
  getLab(@Payload() q: LabIdDto, @Caller() caller: CallerContext) {
    return this.get.execute(q.labId, caller);
  }
}
