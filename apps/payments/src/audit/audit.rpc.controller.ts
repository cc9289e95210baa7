import { CallerContext, HistoryQueryDto, HistorySubjects } from '@dental/contracts';
import { BusController, Caller } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { RecordHistoryHandler } from './record-history/record-history.handler';

/** NATS transport of a money record's history. */
@BusController()
export class AuditRpcController {
  constructor(private readonly history: RecordHistoryHandler) {}

  @MessagePattern(HistorySubjects.payments)
  recordHistory(@Payload() q: HistoryQueryDto, @Caller() caller: CallerContext) {
    return this.history.execute(q, caller);
  }
}
