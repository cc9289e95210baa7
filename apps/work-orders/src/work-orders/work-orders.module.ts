import { Module } from '@nestjs/common';
import { KnownClinicsModule } from '@dental/platform';
import { PatientsModule } from '../patients/patients.module';
import { WorkOrdersRpcController } from './work-orders.rpc.controller';
import {
  CreateWorkOrderHandler,
  GetWorkOrderHandler,
  ListWorkOrdersHandler,
  UpdateWorkOrderHandler,
} from './work-orders.handlers';

@Module({
  imports: [KnownClinicsModule, PatientsModule],
  controllers: [WorkOrdersRpcController],
  providers: [CreateWorkOrderHandler, UpdateWorkOrderHandler, ListWorkOrdersHandler, GetWorkOrderHandler],
})
export class WorkOrdersModule {}
