import {
  CallerContext,
  CreateWorkOrderDto,
  ListWorkOrdersQueryDto,
  UpdateWorkOrderCommand,
  WorkOrderIdDto,
  WorkOrderSubjects,
} from '@dental/contracts';
import { BusController, Caller, IDEMPOTENT } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateWorkOrderHandler } from './create-work-order/create-work-order.handler';
import { GetWorkOrderHandler } from './get-work-order/get-work-order.handler';
import { ListWorkOrdersHandler } from './list-work-orders/list-work-orders.handler';
import { UpdateWorkOrderHandler } from './update-work-order/update-work-order.handler';

/** NATS transport of the work-order use cases: validated payload in, handler result out. */
@BusController()
export class WorkOrdersRpcController {
  constructor(
    private readonly create: CreateWorkOrderHandler,
    private readonly update: UpdateWorkOrderHandler,
    private readonly list: ListWorkOrdersHandler,
    private readonly get: GetWorkOrderHandler,
  ) {}

  @MessagePattern(WorkOrderSubjects.createWorkOrder, IDEMPOTENT)
  createWorkOrder(@Payload() cmd: CreateWorkOrderDto, @Caller() caller: CallerContext) {
    return this.create.execute(cmd, caller);
  }

  @MessagePattern(WorkOrderSubjects.updateWorkOrder)
  updateWorkOrder(@Payload() cmd: UpdateWorkOrderCommand, @Caller() caller: CallerContext) {
    return this.update.execute(cmd, caller);
  }

  @MessagePattern(WorkOrderSubjects.listWorkOrders)
  listWorkOrders(@Payload() query: ListWorkOrdersQueryDto, @Caller() caller: CallerContext) {
    return this.list.execute(query, caller);
  }

  @MessagePattern(WorkOrderSubjects.getWorkOrder)
  getWorkOrder(@Payload() q: WorkOrderIdDto, @Caller() caller: CallerContext) {
    return this.get.execute(q.workOrderId, caller);
  }
}
