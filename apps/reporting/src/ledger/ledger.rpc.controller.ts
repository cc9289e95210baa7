import {
  CallerContext,
  PatientBalancesQueryDto,
  ReceivablesAgingQueryDto,
  ReceivablesSubjects,
} from '@dental/contracts';
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { PatientBalancesHandler } from './queries/patient-balances.handler';
import { ReceivablesAgingHandler } from './queries/receivables-aging.handler';

/** NATS transport of the receivables queries: validated payload in, handler result out. */
@Injectable()
export class LedgerRpcController {
  constructor(
    private readonly aging: ReceivablesAgingHandler,
    private readonly balances: PatientBalancesHandler,
  ) {}

  @RpcHandler(ReceivablesSubjects.aging, ReceivablesAgingQueryDto)
  agingOf(query: ReceivablesAgingQueryDto, caller: CallerContext) {
    return this.aging.execute(query, caller);
  }

  @RpcHandler(ReceivablesSubjects.balances, PatientBalancesQueryDto)
  balancesOf(query: PatientBalancesQueryDto, caller: CallerContext) {
    return this.balances.execute(query, caller);
  }
}
