import {
  DeleteWorkOrderPaymentCommand,
  CallerContext,
  RecordWorkOrderPaymentCommand,
  UpdateWorkOrderPaymentCommand,
  WorkOrderIdDto,
  WorkOrderPaymentSubjects,
} from '@dental/contracts';
import { BusController, Caller, IDEMPOTENT } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { DeleteWorkOrderPaymentHandler } from './delete-work-order-payment/delete-work-order-payment.handler';
import { ListWorkOrderPaymentsHandler } from './list-work-order-payments/list-work-order-payments.handler';
import { RecordWorkOrderPaymentHandler } from './record-work-order-payment/record-work-order-payment.handler';
import { UpdateWorkOrderPaymentHandler } from './update-work-order-payment/update-work-order-payment.handler';

/** NATS transport of the work-order payment use cases: validated payload in, handler result out. */
@BusController()
export class WorkOrderPaymentsRpcController {
  constructor(
    private readonly recordPayment: RecordWorkOrderPaymentHandler,
    private readonly updatePayment: UpdateWorkOrderPaymentHandler,
    private readonly deletePayment: DeleteWorkOrderPaymentHandler,
    private readonly listPayments: ListWorkOrderPaymentsHandler,
  ) {}

  @MessagePattern(WorkOrderPaymentSubjects.record, IDEMPOTENT)
  record(@Payload() cmd: RecordWorkOrderPaymentCommand, @Caller() caller: CallerContext) {
    return this.recordPayment.execute(cmd, caller);
  }

  @MessagePattern(WorkOrderPaymentSubjects.update, IDEMPOTENT)
  update(@Payload() cmd: UpdateWorkOrderPaymentCommand, @Caller() caller: CallerContext) {
    return this.updatePayment.execute(cmd, caller);
  }

  @MessagePattern(WorkOrderPaymentSubjects.delete, IDEMPOTENT)
  delete(@Payload() ref: DeleteWorkOrderPaymentCommand, @Caller() caller: CallerContext) {
    return this.deletePayment.execute(ref, caller);
  }

  @MessagePattern(WorkOrderPaymentSubjects.list)
  list(@Payload() q: WorkOrderIdDto, @Caller() caller: CallerContext) {
    return this.listPayments.execute(q.workOrderId, caller);
  }
}
