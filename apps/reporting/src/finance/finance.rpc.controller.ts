import {
  CallerContext,
  FinanceFiltersDto,
  FinanceSubjects,
  FinanceWorkOrdersExportChunkQueryDto,
  FinanceWorkOrdersQueryDto,
} from '@dental/contracts';
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { FinanceLabsHandler } from './queries/finance-labs.handler';
import { FinanceWorkOrdersExportHandler } from './queries/finance-work-orders-export.handler';
import { FinanceWorkOrdersHandler } from './queries/finance-work-orders.handler';

/** NATS transport of the Finance view's queries: validated payload in, handler result out. */
@Injectable()
export class FinanceRpcController {
  constructor(
    private readonly labsTab: FinanceLabsHandler,
    private readonly workOrdersTab: FinanceWorkOrdersHandler,
    private readonly workOrdersExport: FinanceWorkOrdersExportHandler,
  ) {}

  @RpcHandler(FinanceSubjects.labs, FinanceFiltersDto)
  labs(query: FinanceFiltersDto, caller: CallerContext) {
    return this.labsTab.execute(query, caller);
  }

  @RpcHandler(FinanceSubjects.workOrders, FinanceWorkOrdersQueryDto)
  workOrders(query: FinanceWorkOrdersQueryDto, caller: CallerContext) {
    return this.workOrdersTab.execute(query, caller);
  }

  @RpcHandler(FinanceSubjects.workOrdersExportChunk, FinanceWorkOrdersExportChunkQueryDto)
  workOrdersExportChunk(query: FinanceWorkOrdersExportChunkQueryDto, caller: CallerContext) {
    return this.workOrdersExport.execute(query, caller);
  }
}
