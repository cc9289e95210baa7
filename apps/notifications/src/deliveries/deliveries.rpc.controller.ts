import { CallerContext, ListDeliveriesQueryDto, NotificationSubjects } from '@dental/contracts';
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { ListDeliveriesHandler } from './list-deliveries/list-deliveries.handler';

@Injectable()
export class DeliveriesRpcController {
  constructor(private readonly listDeliveries: ListDeliveriesHandler) {}

  @RpcHandler(NotificationSubjects.listDeliveries, ListDeliveriesQueryDto)
  list(q: ListDeliveriesQueryDto, caller: CallerContext) {
    return this.listDeliveries.execute(q, caller);
  }
}
