import { Module } from '@nestjs/common';
import { WorkOrderPaymentsController } from './work-order-payments.controller';

@Module({
  controllers: [WorkOrderPaymentsController],
})
export class WorkOrderPaymentsHttpModule {}
