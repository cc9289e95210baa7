import { Caller } from '@dental/auth';
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
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WorkOrderErrors } from '@dental/contracts';
import { ApiAnswer, ApiErrors } from '../../openapi/api-docs';
import * as V from '../../openapi/views';
import { uuidParam } from '../../http/uuid-param';

/** Dental labs are kept by `work-orders`; the gateway validates, authorizes and forwards. */
@ApiTags('labs')
@ApiBearerAuth()
@Controller('labs')
export class LabsController {
  constructor(private readonly rpc: RpcClient) {}

  @ApiOperation({ operationId: 'listLabs', summary: "The organization's dental labs" })
  @ApiAnswer(V.LabList, 'the labs')
  @Get()
  list(@Query() query: ListLabsQueryDto, @Caller() caller: CallerContext) {
    return this.rpc.request<LabListView>(WorkOrderSubjects.listLabs, query, caller);
  }
  @ApiOperation({ operationId: 'createLab', summary: 'Add a dental lab' })
  @ApiAnswer(V.Lab, 'the lab created')
  @ApiErrors(WorkOrderErrors.LAB_NAME_TAKEN)
  @Post()
  create(@Body() dto: CreateLabDto, @Caller() caller: CallerContext) {
    return this.rpc.request<LabView>(WorkOrderSubjects.createLab, dto, caller);
  }

  @ApiOperation({ operationId: 'getLab', summary: 'One dental lab' })
  @ApiAnswer(V.Lab, 'the lab')
  @ApiErrors(WorkOrderErrors.LAB_NOT_FOUND)
  @Get(':id')
  get(@Param('id', uuidParam('id')) id: string, @Caller() caller: CallerContext) {
    return this.rpc.request<LabView>(WorkOrderSubjects.getLab, { labId: id }, caller);
  }
  @ApiOperation({ operationId: 'updateLab', summary: 'Change a dental lab (name, contact, active)' })
  @ApiAnswer(V.Lab, 'the lab as it is now')
  @ApiErrors(WorkOrderErrors.LAB_NOT_FOUND, WorkOrderErrors.LAB_NAME_TAKEN)
  @Patch(':id')
  update(@Param('id', uuidParam('id')) id: string, @Body() dto: UpdateLabDto, @Caller() caller: CallerContext) {
    return this.rpc.request<LabView>(WorkOrderSubjects.updateLab, { ...dto, labId: id }, caller);
  }
}
