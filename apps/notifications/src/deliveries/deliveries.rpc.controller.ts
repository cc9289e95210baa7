import { CallerContext, ListDeliveriesQueryDto, NotificationSubjects } from '@dental/contracts';
import { BusController, Caller } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListDeliveriesHandler } from './list-deliveries/list-deliveries.handler';

@BusController()
export class DeliveriesRpcController {
  constructor(private readonly listDeliveries: ListDeliveriesHandler) {}

  @MessagePattern(NotificationSubjects.listDeliveries)
  list(@Payload() q: ListDeliveriesQueryDto, @Caller() caller: CallerContext) {
    return this.listDeliveries.execute(q, caller);
  }
}
