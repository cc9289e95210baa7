import { CallerContext, HistoryQueryDto, HistorySubjects } from '@dental/contracts';
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { GetRecordHistoryHandler } from './get-history/get-history.handler';

/** NATS transport of a record's history (treatments, invoices, closures). */
@Injectable()
export class HistoryRpcController {
  constructor(private readonly history: GetRecordHistoryHandler) {}

  @RpcHandler(HistorySubjects.patientAccounts, HistoryQueryDto)
  recordHistory(q: HistoryQueryDto, caller: CallerContext) {
    return this.history.execute(q, caller);
  }
}
