import {
  DeleteWorkOrderPaymentCommand,
  CallerContext,
  RecordWorkOrderPaymentCommand,
  UpdateWorkOrderPaymentCommand,
  WorkOrderIdDto,
  WorkOrderPaymentSubjects,
} from '@dental/contracts';
import { IDEMPOTENT, RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { DeleteWorkOrderPaymentHandler } from './delete-work-order-payment/delete-work-order-payment.handler';
import { ListWorkOrderPaymentsHandler } from './list-work-order-payments/list-work-order-payments.handler';
import { RecordWorkOrderPaymentHandler } from './record-work-order-payment/record-work-order-payment.handler';
import { UpdateWorkOrderPaymentHandler } from './update-work-order-payment/update-work-order-payment.handler';

/** NATS transport of the work-order payment use cases: validated payload in, handler result out. */
@Injectable()
export class WorkOrderPaymentsRpcController {
  constructor(
    private readonly recordPayment: RecordWorkOrderPaymentHandler,
    private readonly updatePayment: UpdateWorkOrderPaymentHandler,
    private readonly deletePayment: DeleteWorkOrderPaymentHandler,
    private readonly listPayments: ListWorkOrderPaymentsHandler,
  ) {}

  @RpcHandler(WorkOrderPaymentSubjects.record, RecordWorkOrderPaymentCommand, IDEMPOTENT)
  record(cmd: RecordWorkOrderPaymentCommand, caller: CallerContext) {
    return this.recordPayment.execute(cmd, caller);
  }

  @RpcHandler(WorkOrderPaymentSubjects.update, UpdateWorkOrderPaymentCommand, IDEMPOTENT)
  update(cmd: UpdateWorkOrderPaymentCommand, caller: CallerContext) {
    return this.updatePayment.execute(cmd, caller);
  }

  @RpcHandler(WorkOrderPaymentSubjects.delete, DeleteWorkOrderPaymentCommand, IDEMPOTENT)
  delete(ref: DeleteWorkOrderPaymentCommand, caller: CallerContext) {
    return this.deletePayment.execute(ref, caller);
  }

  @RpcHandler(WorkOrderPaymentSubjects.list, WorkOrderIdDto)
  list(q: WorkOrderIdDto, caller: CallerContext) {
    return this.listPayments.execute(q.workOrderId, caller);
  }
}
