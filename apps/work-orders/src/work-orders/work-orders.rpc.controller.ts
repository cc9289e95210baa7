import {
  CallerContext,
  CreateWorkOrderDto,
  ListWorkOrdersQueryDto,
  UpdateWorkOrderCommand,
  WorkOrderIdDto,
  WorkOrderSubjects,
} from '@dental/contracts';
import { IDEMPOTENT, RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import {
  CreateWorkOrderHandler,
  GetWorkOrderHandler,
  ListWorkOrdersHandler,
  UpdateWorkOrderHandler,
} from './work-orders.handlers';

/** NATS transport of the work-order use cases: validated payload in, handler result out. */
@Injectable()
export class WorkOrdersRpcController {
  constructor(
    private readonly create: CreateWorkOrderHandler,
    private readonly update: UpdateWorkOrderHandler,
    private readonly list: ListWorkOrdersHandler,
    private readonly get: GetWorkOrderHandler,
  ) {}

  @RpcHandler(WorkOrderSubjects.createWorkOrder, CreateWorkOrderDto, IDEMPOTENT)
  createWorkOrder(cmd: CreateWorkOrderDto, caller: CallerContext) {
    return this.create.execute(cmd, caller);
  }

  @RpcHandler(WorkOrderSubjects.updateWorkOrder, UpdateWorkOrderCommand)
  updateWorkOrder(cmd: UpdateWorkOrderCommand, caller: CallerContext) {
    return this.update.execute(cmd, caller);
  }

  @RpcHandler(WorkOrderSubjects.listWorkOrders, ListWorkOrdersQueryDto)
  listWorkOrders(query: ListWorkOrdersQueryDto, caller: CallerContext) {
    return this.list.execute(query, caller);
  }

  @RpcHandler(WorkOrderSubjects.getWorkOrder, WorkOrderIdDto)
  getWorkOrder(q: WorkOrderIdDto, caller: CallerContext) {
    return this.get.execute(q.workOrderId, caller);
  }
}
