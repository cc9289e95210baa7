import {
  CallerContext,
  FinanceFiltersDto,
  FinanceSubjects,
  FinanceWorkOrdersExportChunkQueryDto,
  FinanceWorkOrdersQueryDto,
} from '@dental/contracts';
import { BusController, Caller } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { FinanceLabsHandler } from './queries/finance-labs.handler';
import { FinanceWorkOrdersExportHandler } from './queries/finance-work-orders-export.handler';
import { FinanceWorkOrdersHandler } from './queries/finance-work-orders.handler';

/** NATS transport of the Finance view's queries: validated payload in, handler result out. */
@BusController()
export class FinanceRpcController {
  constructor(
    private readonly labsTab: FinanceLabsHandler,
    private readonly workOrdersTab: FinanceWorkOrdersHandler,
    private readonly workOrdersExport: FinanceWorkOrdersExportHandler,
  ) {}

  @MessagePattern(FinanceSubjects.labs)
  labs(@Payload() query: FinanceFiltersDto, @Caller() caller: CallerContext) {
    return this.labsTab.execute(query, caller);
  }

  @MessagePattern(FinanceSubjects.workOrders)
  workOrders(@Payload() query: FinanceWorkOrdersQueryDto, @Caller() caller: CallerContext) {
    return this.workOrdersTab.execute(query, caller);
  }

  @MessagePattern(FinanceSubjects.workOrdersExportChunk)
  workOrdersExportChunk(@Payload() query: FinanceWorkOrdersExportChunkQueryDto, @Caller() caller: CallerContext) {
    return this.workOrdersExport.execute(query, caller);
  }
}
