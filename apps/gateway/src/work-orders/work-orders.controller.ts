import { Caller, Roles } from '@dental/auth';
import {
  CallerContext,
  ClinicSubjects,
  ClinicView,
  CreateWorkOrderDto,
  ListWorkOrdersQueryDto,
  UpdateWorkOrderDto,
  WorkOrderListView,
  WorkOrderPaymentSubjects,
  WorkOrderSubjects,
  WorkOrderView,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Idempotent } from '../http/idempotency.interceptor';
import {
  clinicToday,
  composeWorkOrderDetails,
  WorkOrderDetailsView,
  WorkOrderPaymentsAnswer,
} from './work-order-details';
import { uuidParam } from '../http/uuid-param';

/** Work orders are kept by `work-orders`, their payments by `payments`; the details page is composed here. */
@ApiTags('work-orders')
@ApiBearerAuth()
@Controller('work-orders')
export class WorkOrdersController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  list(@Query() query: ListWorkOrdersQueryDto, @Caller() caller: CallerContext) {
    return this.rpc.request<WorkOrderListView>(WorkOrderSubjects.listWorkOrders, query, caller);
  }

  @Roles('lab-manager', 'accountant')
  @Idempotent()
  @Post()
  create(@Body() dto: CreateWorkOrderDto, @Caller() caller: CallerContext) {
    return this.rpc.request<WorkOrderView>(WorkOrderSubjects.createWorkOrder, dto, caller);
  }

  @Get(':id')
  async get(
    @Param('id', uuidParam('id')) id: string,
    @Caller() caller: CallerContext,
  ): Promise<WorkOrderDetailsView> {
    // First the order: a foreign or invisible one is a 404 before anything else is asked.
    const order = await this.rpc.request<WorkOrderView>(WorkOrderSubjects.getWorkOrder, { workOrderId: id }, caller);
    const [money, clinic] = await Promise.all([
      this.rpc.request<WorkOrderPaymentsAnswer>(WorkOrderPaymentSubjects.list, { workOrderId: id }, caller),
      this.rpc.request<ClinicView>(ClinicSubjects.get, { clinicId: order.clinicId }, caller),
    ]);
    return composeWorkOrderDetails(order, money, clinicToday(clinic.timeZone));
  }

  @Roles('lab-manager', 'accountant')
  @Patch(':id')
  update(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: UpdateWorkOrderDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<WorkOrderView>(WorkOrderSubjects.updateWorkOrder, { ...dto, workOrderId: id }, caller);
  }
}
