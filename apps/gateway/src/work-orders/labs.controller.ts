import { Caller, Roles } from '@dental/auth';
import {
  CallerContext,
  CreateLabDto,
  LabListView,
  LabView,
  ListLabsQueryDto,
  UpdateLabDto,
  WorkOrderSubjects,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '../http/uuid-param';

/** Dental labs are kept by `work-orders`; the gateway validates, authorizes and forwards. */
@ApiTags('labs')
@ApiBearerAuth()
@Controller('labs')
export class LabsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  list(@Query() query: ListLabsQueryDto, @Caller() caller: CallerContext) {
    return this.rpc.request<LabListView>(WorkOrderSubjects.listLabs, query, caller);
  }

  @Roles('lab-manager', 'accountant')
  @Post()
  create(@Body() dto: CreateLabDto, @Caller() caller: CallerContext) {
    return this.rpc.request<LabView>(WorkOrderSubjects.createLab, dto, caller);
  }

  @Get(':id')
  get(@Param('id', uuidParam('id')) id: string, @Caller() caller: CallerContext) {
    return this.rpc.request<LabView>(WorkOrderSubjects.getLab, { labId: id }, caller);
  }

  @Roles('lab-manager', 'accountant')
  @Patch(':id')
  update(@Param('id', uuidParam('id')) id: string, @Body() dto: UpdateLabDto, @Caller() caller: CallerContext) {
    return this.rpc.request<LabView>(WorkOrderSubjects.updateLab, { ...dto, labId: id }, caller);
  }
}
