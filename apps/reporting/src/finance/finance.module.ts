import { Module } from '@nestjs/common';
import { FinanceRpcController } from './finance.rpc.controller';
import { FinanceEventHandlers } from './projection/finance.event-handlers';
import { FinanceProjection } from './projection/finance-projection';
import { FinanceLabsHandler } from './queries/finance-labs.handler';
import { FinanceWorkOrdersExportHandler } from './queries/finance-work-orders-export.handler';
import { FinanceWorkOrdersHandler } from './queries/finance-work-orders.handler';

/** The Finance view (DOMAIN.md A): read models kept from work-order and payment events, and the two tabs' queries. */
@Module({
  controllers: [FinanceEventHandlers, FinanceRpcController],
  providers: [FinanceProjection, FinanceLabsHandler, FinanceWorkOrdersHandler, FinanceWorkOrdersExportHandler],
})
export class FinanceModule {}
