import { CallerContext, PayablesAgingQueryDto, PayablesAgingSubjects } from '@dental/contracts';
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { PayablesAgingHandler } from './queries/payables-aging.handler';

/** NATS transport of the payables aging query: validated payload in, handler result out. */
@Injectable()
export class PayablesRpcController {
  constructor(private readonly aging: PayablesAgingHandler) {}

  @RpcHandler(PayablesAgingSubjects.aging, PayablesAgingQueryDto)
  payablesAging(query: PayablesAgingQueryDto, caller: CallerContext) {
    return this.aging.execute(query, caller);
  }
}
