import { Module } from '@nestjs/common';
import { KnownClinicsModule } from '@dental/platform';
import { WorkOrdersRpcController } from './work-orders.rpc.controller';
import {
  CreateWorkOrderHandler,
  GetWorkOrderHandler,
  ListWorkOrdersHandler,
  UpdateWorkOrderHandler,
} from './work-orders.handlers';

@Module({
  imports: [KnownClinicsModule],
  providers: [
    WorkOrdersRpcController,
    CreateWorkOrderHandler,
    UpdateWorkOrderHandler,
    ListWorkOrdersHandler,
    GetWorkOrderHandler,
  ],
})
export class WorkOrdersModule {}
