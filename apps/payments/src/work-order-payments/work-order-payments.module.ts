import { Module } from '@nestjs/common';
import { AuditTrail } from '../audit-trail/audit-trail';
import { DeleteWorkOrderPaymentHandler } from './delete-work-order-payment/delete-work-order-payment.handler';
import { ListWorkOrderPaymentsHandler } from './list-work-order-payments/list-work-order-payments.handler';
import { RecordWorkOrderPaymentHandler } from './record-work-order-payment/record-work-order-payment.handler';
import { UpdateWorkOrderPaymentHandler } from './update-work-order-payment/update-work-order-payment.handler';
import { WorkOrderPaymentChanges } from './work-order-payment-changes';
import { WorkOrderPaymentsRpcController } from './work-order-payments.rpc.controller';

@Module({
  controllers: [WorkOrderPaymentsRpcController],
  providers: [
    RecordWorkOrderPaymentHandler,
    UpdateWorkOrderPaymentHandler,
    DeleteWorkOrderPaymentHandler,
    ListWorkOrderPaymentsHandler,
    WorkOrderPaymentChanges,
    AuditTrail,
  ],
})
export class WorkOrderPaymentsModule {}
