import { Caller } from '@dental/auth';
import {
  CallerContext,
  FinanceFiltersDto,
  FinanceLabsAnswer,
  FinanceSubjects,
  FinanceWorkOrdersAnswer,
  FinanceWorkOrdersQueryDto,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ClinicErrors, FinanceCatalogErrors, WorkOrderErrors } from '@dental/contracts';
import { ApiAnswer, ApiDownload, ApiErrors } from '../../openapi/api-docs';
import * as V from '../../openapi/views';
import type { Response } from 'express';
import { FinanceLabsExportQueryDto, FinanceWorkOrdersExportQueryDto } from './finance-export.dto';
import { FinanceExportService } from './finance-export.service';

/** The Finance view (DOMAIN.md A), served by `reporting`; the gateway validates, authorizes, forwards and exports. */
@ApiTags('finance')
@ApiBearerAuth()
@Controller('finance')
export class FinanceController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly exports: FinanceExportService,
  ) {}

  @ApiOperation({ operationId: 'listFinanceLabs', summary: 'Finance: what each lab was paid and is owed' })
  @ApiAnswer(V.FinanceLabs, 'one row per lab, with totals')
  @ApiErrors(ClinicErrors.NOT_FOUND, WorkOrderErrors.LAB_NOT_FOUND, FinanceCatalogErrors.MIXED_CURRENCIES)
  @Get('labs')
  labs(@Query() query: FinanceFiltersDto, @Caller() caller: CallerContext) {
    return this.rpc.request<FinanceLabsAnswer>(FinanceSubjects.labs, query, caller);
  }

  @ApiOperation({
    operationId: 'listFinanceWorkOrders',
    summary: 'Finance: one page of work orders with what is paid and outstanding',
  })
  @ApiAnswer(V.FinanceWorkOrders, 'one page of work orders, with totals of the whole filtered set')
  @ApiErrors(
    ClinicErrors.NOT_FOUND,
    WorkOrderErrors.LAB_NOT_FOUND,
    FinanceCatalogErrors.MIXED_CURRENCIES,
    FinanceCatalogErrors.INVALID_CURSOR,
  )
  @Get('work-orders')
  workOrders(@Query() query: FinanceWorkOrdersQueryDto, @Caller() caller: CallerContext) {
    return this.rpc.request<FinanceWorkOrdersAnswer>(FinanceSubjects.workOrders, query, caller);
  }

  @ApiOperation({ operationId: 'exportFinanceLabs', summary: 'Finance: the labs tab as a CSV, XLSX or PDF file' })
  @ApiDownload(['csv', 'xlsx', 'pdf'], 'the file, streamed as it is written')
  @ApiErrors(ClinicErrors.NOT_FOUND, WorkOrderErrors.LAB_NOT_FOUND, FinanceCatalogErrors.MIXED_CURRENCIES)
  @Get('labs/export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf')
  exportLabs(@Query() query: FinanceLabsExportQueryDto, @Caller() caller: CallerContext, @Res() res: Response) {
    return this.exports.exportLabs(query, caller, res);
  }

  @ApiOperation({
    operationId: 'exportFinanceWorkOrders',
    summary: 'Finance: the work orders tab (the whole filtered set) as a CSV, XLSX or PDF file',
  })
  @ApiDownload(['csv', 'xlsx', 'pdf'], 'the file, streamed as it is written')
  @ApiErrors(
    ClinicErrors.NOT_FOUND,
    WorkOrderErrors.LAB_NOT_FOUND,
    FinanceCatalogErrors.MIXED_CURRENCIES,
    FinanceCatalogErrors.INVALID_CURSOR,
  )
  @Get('work-orders/export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf')
  exportWorkOrders(
    @Query() query: FinanceWorkOrdersExportQueryDto,
    @Caller() caller: CallerContext,
    @Res() res: Response,
  ) {
    return this.exports.exportWorkOrders(query, caller, res);
  }
}
