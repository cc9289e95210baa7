import { Caller } from '@dental/auth';
import {
  CallerContext,
  ClinicSubjects,
  ClinicView,
  CreateWorkOrderDto,
  ListWorkOrdersQueryDto,
  PatientAccountSubjects,
  PatientView,
  UpdateWorkOrderDto,
  WorkOrderListView,
  WorkOrderPaymentSubjects,
  WorkOrderSubjects,
  WorkOrderView,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClinicErrors, WorkOrderErrors } from '@dental/contracts';
import { PeriodClosureErrors } from '@dental/contracts';
import { ApiAnswer, ApiErrors, ApiIdempotencyKeyRequired } from '../../openapi/api-docs';
import * as V from '../../openapi/views';
import { Idempotent } from '../../http/idempotency.interceptor';
import {
  clinicToday,
  composeWorkOrderDetails,
  WorkOrderDetailsView,
  WorkOrderPaymentsAnswer,
} from '../work-order-details';
import { uuidParam } from '../../http/uuid-param';
import { userNames } from '../../identity/user-names';

/** Work orders are kept by `work-orders`, their payments by `payments`; the details page is composed here. */
@ApiTags('work-orders')
@ApiBearerAuth()
@Controller('work-orders')
export class WorkOrdersController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly em: EntityManager,
  ) {}

  @ApiOperation({ operationId: 'listWorkOrders', summary: 'One page of work orders' })
  @ApiAnswer(V.WorkOrderList, 'one page of work orders')
  @ApiErrors(ClinicErrors.NOT_FOUND, WorkOrderErrors.LAB_NOT_FOUND)
  @Get()
  list(@Query() query: ListWorkOrdersQueryDto, @Caller() caller: CallerContext) {
    return this.rpc.request<WorkOrderListView>(WorkOrderSubjects.listWorkOrders, query, caller);
  }
  @ApiOperation({ operationId: 'createWorkOrder', summary: 'Create a work order with its payment plan' })
  @ApiAnswer(V.WorkOrder, 'the work order created, with its number')
  @ApiErrors(
    ClinicErrors.NOT_FOUND,
    WorkOrderErrors.LAB_NOT_FOUND,
    WorkOrderErrors.LAB_INACTIVE,
    WorkOrderErrors.INSTALLMENTS_MISMATCH,
    PeriodClosureErrors.PERIOD_CLOSED,
  )
  @ApiIdempotencyKeyRequired()
  @Idempotent()
  @Post()
  create(@Body() dto: CreateWorkOrderDto, @Caller() caller: CallerContext) {
    return this.rpc.request<WorkOrderView>(WorkOrderSubjects.createWorkOrder, dto, caller);
  }

  @ApiOperation({
    operationId: 'getWorkOrder',
    summary: 'A work order with its plan, installments, payments, what is paid and outstanding, and audit',
  })
  @ApiAnswer(V.WorkOrderDetails, 'the work order details')
  @ApiErrors(WorkOrderErrors.NOT_FOUND)
  @Get(':id')
  async get(@Param('id', uuidParam('id')) id: string, @Caller() caller: CallerContext): Promise<WorkOrderDetailsView> {
    // First the order: a foreign or invisible one is a 404 before anything else is asked.
    const order = await this.rpc.request<WorkOrderView>(WorkOrderSubjects.getWorkOrder, { workOrderId: id }, caller);
    const [money, clinic, patientName] = await Promise.all([
      this.rpc.request<WorkOrderPaymentsAnswer>(WorkOrderPaymentSubjects.list, { workOrderId: id }, caller),
      this.rpc.request<ClinicView>(ClinicSubjects.get, { clinicId: order.clinicId }, caller),
      order.patientId ? this.patientName(order.patientId, caller) : null,
    ]);
    const authors = [...(order.audit ?? []), ...money.audit].map((a) => a.userId);
    const names = await userNames(this.em.fork(), caller.organizationId, authors);
    return composeWorkOrderDetails(order, money, clinicToday(clinic.timeZone), { patientName, userNames: names });
  }

  /** The patient's name, or null when it cannot be read now (patient-accounts down): the page stays usable. */
  private patientName(patientId: string, caller: CallerContext): Promise<string | null> {
    return this.rpc
      .request<PatientView>(PatientAccountSubjects.getPatient, { patientId }, caller)
      .then((p) => `${p.firstName} ${p.lastName}`)
      .catch(() => null);
  }
  @ApiOperation({ operationId: 'updateWorkOrder', summary: "Change a work order's status or description" })
  @ApiAnswer(V.WorkOrder, 'the work order as it is now')
  @ApiErrors(WorkOrderErrors.NOT_FOUND, PeriodClosureErrors.PERIOD_CLOSED)
  @Patch(':id')
  update(@Param('id', uuidParam('id')) id: string, @Body() dto: UpdateWorkOrderDto, @Caller() caller: CallerContext) {
    return this.rpc.request<WorkOrderView>(WorkOrderSubjects.updateWorkOrder, { ...dto, workOrderId: id }, caller);
  }
}
