import { CallerContext, CaseProfitQueryDto, CaseProfitSubjects } from '@dental/contracts';
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { CaseProfitHandler } from './queries/case-profit.handler';

/** NATS transport of the case-profit report. */
@Injectable()
export class CaseProfitRpcController {
  constructor(private readonly caseProfit: CaseProfitHandler) {}

  @RpcHandler(CaseProfitSubjects.caseProfit, CaseProfitQueryDto)
  caseProfitOf(query: CaseProfitQueryDto, caller: CallerContext) {
    return this.caseProfit.execute(query, caller);
  }
}
