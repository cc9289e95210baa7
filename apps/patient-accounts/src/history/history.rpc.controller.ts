import { CallerContext, HistoryQueryDto, HistorySubjects } from '@dental/contracts';
import { BusController, Caller } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetRecordHistoryHandler } from './get-history/get-history.handler';

/** NATS transport of a record's history (treatments, invoices, closures). */
@BusController()
export class HistoryRpcController {
  constructor(private readonly history: GetRecordHistoryHandler) {}

  @MessagePattern(HistorySubjects.patientAccounts)
  recordHistory(@Payload() q: HistoryQueryDto, @Caller() caller: CallerContext) {
    return this.history.execute(q, caller);
  }
}
