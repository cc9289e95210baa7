import { Caller } from '@dental/auth';
import {
  AuditEntryView,
  CallerContext,
  CorrectWorkOrderPaymentDto,
  CorrectionDto,
  WorkOrderPaymentDto,
  WorkOrderPaymentSubjects,
  WorkOrderPaymentView,
  WorkOrderSubjects,
  WorkOrderView,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WorkOrderErrors, WorkOrderPaymentCatalogErrors } from '@dental/contracts';
import { PeriodClosureErrors } from '@dental/contracts';
import { ApiAnswer, ApiErrors, ApiIdempotencyKeyRequired } from '../../openapi/api-docs';
import * as V from '../../openapi/views';
import { Idempotent } from '../../http/idempotency.interceptor';
import { uuidParam } from '../../http/uuid-param';

/**
 * Payments to a dental lab against a work order. `payments` keeps them (with their audit trail) and checks the work
 * order with `work-orders`; the gateway validates, authorizes and forwards.
 */
@ApiTags('work-orders')
@ApiBearerAuth()
@Controller('work-orders/:id/payments')
export class WorkOrderPaymentsController {
  constructor(private readonly rpc: RpcClient) {}

  /** The payments that count and the audit trail of every change; 404 when the work order is not the caller's. */
  @ApiOperation({ operationId: 'listWorkOrderPayments', summary: "A work order's payments and their audit trail" })
  @ApiAnswer(V.WorkOrderPayments, 'the payments that count and every change')
  @ApiErrors(WorkOrderErrors.NOT_FOUND)
  @Get()
  async list(@Param('id', uuidParam('id')) id: string, @Caller() caller: CallerContext) {
    await this.rpc.request<WorkOrderView>(WorkOrderSubjects.getWorkOrder, { workOrderId: id }, caller);
    return this.rpc.request<{ items: WorkOrderPaymentView[]; audit: AuditEntryView[] }>(
      WorkOrderPaymentSubjects.list,
      { workOrderId: id },
      caller,
    );
  }

  @ApiOperation({
    operationId: 'recordWorkOrderPayment',
    summary: 'Record a payment to a lab against a work order (negative: a refund)',
  })
  @ApiAnswer(V.WorkOrderPayment, 'the payment recorded')
  @ApiErrors(WorkOrderErrors.NOT_FOUND, WorkOrderPaymentCatalogErrors.ZERO_AMOUNT, PeriodClosureErrors.PERIOD_CLOSED)
  @ApiIdempotencyKeyRequired()
  @Idempotent()
  @Post()
  record(@Param('id', uuidParam('id')) id: string, @Body() dto: WorkOrderPaymentDto, @Caller() caller: CallerContext) {
    return this.rpc.request<WorkOrderPaymentView>(WorkOrderPaymentSubjects.record, { ...dto, workOrderId: id }, caller);
  }

  @ApiOperation({ operationId: 'updateWorkOrderPayment', summary: 'Correct a payment to a lab' })
  @ApiAnswer(V.WorkOrderPayment, 'the payment as it is now')
  @ApiErrors(
    WorkOrderErrors.NOT_FOUND,
    WorkOrderPaymentCatalogErrors.NOT_FOUND,
    WorkOrderPaymentCatalogErrors.ZERO_AMOUNT,
    PeriodClosureErrors.PERIOD_CLOSED,
  )
  @Idempotent()
  @Patch(':paymentId')
  update(
    @Param('id', uuidParam('id')) id: string,
    @Param('paymentId', uuidParam('paymentId')) paymentId: string,
    @Body() dto: CorrectWorkOrderPaymentDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<WorkOrderPaymentView>(
      WorkOrderPaymentSubjects.update,
      { ...dto, workOrderId: id, paymentId },
      caller,
    );
  }

  /** 200 with the final snapshot (`deleted: true`, its last revision): the client sees what was removed. */
  @ApiOperation({ operationId: 'deleteWorkOrderPayment', summary: 'Delete a payment to a lab' })
  @ApiAnswer(V.WorkOrderPayment, 'the deleted payment as its last revision, with deleted: true')
  @ApiErrors(WorkOrderErrors.NOT_FOUND, WorkOrderPaymentCatalogErrors.NOT_FOUND, PeriodClosureErrors.PERIOD_CLOSED)
  @ApiOkResponse({ description: 'the deleted payment as its last revision, with deleted: true' })
  @Idempotent()
  @Delete(':paymentId')
  delete(
    @Param('id', uuidParam('id')) id: string,
    @Param('paymentId', uuidParam('paymentId')) paymentId: string,
    @Query() correction: CorrectionDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<WorkOrderPaymentView>(
      WorkOrderPaymentSubjects.delete,
      { ...correction, workOrderId: id, paymentId },
      caller,
    );
  }
}
