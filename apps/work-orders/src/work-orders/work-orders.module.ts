import { Module } from '@nestjs/common';
import { KnownClinicsModule } from '@dental/platform';
import { PatientsModule } from '../patients/patients.module';
import { WorkOrdersRpcController } from './work-orders.rpc.controller';
import { CreateWorkOrderHandler } from './create-work-order/create-work-order.handler';
import { GetWorkOrderHandler } from './get-work-order/get-work-order.handler';
import { ListWorkOrdersHandler } from './list-work-orders/list-work-orders.handler';
import { UpdateWorkOrderHandler } from './update-work-order/update-work-order.handler';

@Module({
  imports: [KnownClinicsModule, PatientsModule],
  controllers: [WorkOrdersRpcController],
  providers: [CreateWorkOrderHandler, UpdateWorkOrderHandler, ListWorkOrdersHandler, GetWorkOrderHandler],
})
export class WorkOrdersModule {}
