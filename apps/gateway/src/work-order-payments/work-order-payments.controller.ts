import { Caller, Roles } from '@dental/auth';
import {
  AuditEntryView,
  CallerContext,
  UpdateWorkOrderPaymentDto,
  WorkOrderPaymentDto,
  WorkOrderPaymentSubjects,
  WorkOrderPaymentView,
  WorkOrderSubjects,
  WorkOrderView,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Idempotent } from '../http/idempotency.interceptor';
import { uuidParam } from '../http/uuid-param';

/**
 * Payments to a dental lab against a work order. `payments` keeps them (with their audit trail) and checks the work
 * order with `work-orders`; the gateway validates, authorizes and forwards.
 */
@ApiTags('work-orders')
@ApiBearerAuth()
@Roles('accountant', 'lab-manager')
@Controller('work-orders/:id/payments')
export class WorkOrderPaymentsController {
  constructor(private readonly rpc: RpcClient) {}

  /** The payments that count and the audit trail of every change; 404 when the work order is not the caller's. */
  @Get()
  async list(@Param('id', uuidParam('id')) id: string, @Caller() caller: CallerContext) {
    await this.rpc.request<WorkOrderView>(WorkOrderSubjects.getWorkOrder, { workOrderId: id }, caller);
    return this.rpc.request<{ items: WorkOrderPaymentView[]; audit: AuditEntryView[] }>(
      WorkOrderPaymentSubjects.list,
      { workOrderId: id },
      caller,
    );
  }

  @Idempotent()
  @Post()
  record(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: WorkOrderPaymentDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<WorkOrderPaymentView>(WorkOrderPaymentSubjects.record, { ...dto, workOrderId: id }, caller);
  }

  @Idempotent()
  @Patch(':paymentId')
  update(
    @Param('id', uuidParam('id')) id: string,
    @Param('paymentId', uuidParam('paymentId')) paymentId: string,
    @Body() dto: UpdateWorkOrderPaymentDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<WorkOrderPaymentView>(
      WorkOrderPaymentSubjects.update,
      { ...dto, workOrderId: id, paymentId },
      caller,
    );
  }

  /** 200 with the final snapshot (`deleted: true`, its last revision): the client sees what was removed. */
  @ApiOkResponse({ description: 'the deleted payment as its last revision, with deleted: true' })
  @Idempotent()
  @Delete(':paymentId')
  delete(
    @Param('id', uuidParam('id')) id: string,
    @Param('paymentId', uuidParam('paymentId')) paymentId: string,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<WorkOrderPaymentView>(
      WorkOrderPaymentSubjects.delete,
      { workOrderId: id, paymentId },
      caller,
    );
  }
}
