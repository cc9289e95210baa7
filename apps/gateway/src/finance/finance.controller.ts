import { Caller, Roles } from '@dental/auth';
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
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { FinanceLabsExportQueryDto, FinanceWorkOrdersExportQueryDto } from './finance-export.dto';
import { FinanceExportService } from './finance-export.service';

/** The Finance view (DOMAIN.md A), served by `reporting`; the gateway validates, authorizes, forwards and exports. */
@ApiTags('finance')
@ApiBearerAuth()
@Roles('accountant', 'lab-manager')
@Controller('finance')
export class FinanceController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly exports: FinanceExportService,
  ) {}

  @Get('labs')
  labs(@Query() query: FinanceFiltersDto, @Caller() caller: CallerContext) {
    return this.rpc.request<FinanceLabsAnswer>(FinanceSubjects.labs, query, caller);
  }

  @Get('work-orders')
  workOrders(@Query() query: FinanceWorkOrdersQueryDto, @Caller() caller: CallerContext) {
    return this.rpc.request<FinanceWorkOrdersAnswer>(FinanceSubjects.workOrders, query, caller);
  }

  @Get('labs/export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf')
  exportLabs(@Query() query: FinanceLabsExportQueryDto, @Caller() caller: CallerContext, @Res() res: Response) {
    return this.exports.exportLabs(query, caller, res);
  }

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
