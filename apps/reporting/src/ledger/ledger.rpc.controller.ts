import {
  CallerContext,
  PatientBalancesQueryDto,
  ReceivablesAgingQueryDto,
  ReceivablesSubjects,
} from '@dental/contracts';
import { BusController, Caller } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { PatientBalancesHandler } from './queries/patient-balances.handler';
import { ReceivablesAgingHandler } from './queries/receivables-aging.handler';

/** NATS transport of the receivables queries: validated payload in, handler result out. */
@BusController()
export class LedgerRpcController {
  constructor(
    private readonly aging: ReceivablesAgingHandler,
    private readonly balances: PatientBalancesHandler,
  ) {}

  @MessagePattern(ReceivablesSubjects.aging)
  agingOf(@Payload() query: ReceivablesAgingQueryDto, @Caller() caller: CallerContext) {
    return this.aging.execute(query, caller);
  }

  @MessagePattern(ReceivablesSubjects.balances)
  balancesOf(@Payload() query: PatientBalancesQueryDto, @Caller() caller: CallerContext) {
    return this.balances.execute(query, caller);
  }
}
