import { CallerContext, PayablesAgingQueryDto, PayablesAgingSubjects } from '@dental/contracts';
import { BusController, Caller } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { PayablesAgingHandler } from './queries/payables-aging.handler';

/** NATS transport of the payables aging query: validated payload in, handler result out. */
@BusController()
export class PayablesRpcController {
  constructor(private readonly aging: PayablesAgingHandler) {}

  @MessagePattern(PayablesAgingSubjects.aging)
  payablesAging(@Payload() query: PayablesAgingQueryDto, @Caller() caller: CallerContext) {
    return this.aging.execute(query, caller);
  }
}
