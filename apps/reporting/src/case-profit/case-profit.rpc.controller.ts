import { CallerContext, CaseProfitQueryDto, CaseProfitSubjects } from '@dental/contracts';
import { BusController, Caller } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { CaseProfitHandler } from './queries/case-profit.handler';

/** NATS transport of the case-profit report. */
@BusController()
export class CaseProfitRpcController {
  constructor(private readonly caseProfit: CaseProfitHandler) {}

  @MessagePattern(CaseProfitSubjects.caseProfit)
  caseProfitOf(@Payload() query: CaseProfitQueryDto, @Caller() caller: CallerContext) {
    return this.caseProfit.execute(query, caller);
  }
}
