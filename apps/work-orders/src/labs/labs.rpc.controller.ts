import {
  CallerContext,
  CreateLabDto,
  LabIdDto,
  ListLabsQueryDto,
  UpdateLabCommand,
  WorkOrderSubjects,
} from '@dental/contracts';
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { CreateLabHandler, GetLabHandler, ListLabsHandler, UpdateLabHandler } from './labs.handlers';

/** NATS transport of the lab use cases: validated payload in, handler result out. */
@Injectable()
export class LabsRpcController {
  constructor(
    private readonly create: CreateLabHandler,
    private readonly update: UpdateLabHandler,
    private readonly list: ListLabsHandler,
    private readonly get: GetLabHandler,
  ) {}

  @RpcHandler(WorkOrderSubjects.createLab, CreateLabDto)
  createLab(cmd: CreateLabDto, caller: CallerContext) {
    return this.create.execute(cmd, caller);
  }

  @RpcHandler(WorkOrderSubjects.updateLab, UpdateLabCommand)
  updateLab(cmd: UpdateLabCommand, caller: CallerContext) {
    return this.update.execute(cmd, caller);
  }

  @RpcHandler(WorkOrderSubjects.listLabs, ListLabsQueryDto)
  listLabs(query: ListLabsQueryDto, caller: CallerContext) {
    return this.list.execute(query, caller);
  }

  @RpcHandler(WorkOrderSubjects.getLab, LabIdDto)
  getLab(q: LabIdDto, caller: CallerContext) {
    return this.get.execute(q.labId, caller);
  }
}
