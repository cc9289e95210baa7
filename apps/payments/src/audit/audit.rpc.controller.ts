import { CallerContext, HistoryQueryDto, HistorySubjects } from '@dental/contracts';
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { RecordHistoryHandler } from './record-history/record-history.handler';

/** NATS transport of a money record's history. */
@Injectable()
export class AuditRpcController {
  constructor(private readonly history: RecordHistoryHandler) {}

  @RpcHandler(HistorySubjects.payments, HistoryQueryDto)
  recordHistory(q: HistoryQueryDto, caller: CallerContext) {
    return this.history.execute(q, caller);
  }
}
