import { Caller } from '@dental/auth';
import { CallerContext, ClinicErrors, FinanceCatalogErrors, WorkOrderErrors } from '@dental/contracts';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiDownload, ApiErrors } from '../../openapi/api-docs';
import * as V from '../../openapi/views';
import { PayablesAgingHttpQueryDto } from './payables-aging-query.dto';
import { PayablesAgingService } from './payables-aging.service';

/** Payables aging (DOMAIN.md D), served by `reporting`; same roles as the Finance view. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class PayablesAgingController {
  constructor(private readonly aging: PayablesAgingService) {}

  @ApiOperation({
    operationId: 'getPayablesAging',
    summary: 'Payables aging: what the clinic owes each lab as of a date, by days past due (drill-down with labId)',
  })
  @ApiDownload(
    ['csv', 'xlsx', 'pdf'],
    'the payables aging as JSON (format=json, the default) or as a file (with labId: one row per work order)',
    V.PayablesAging,
  )
  @ApiErrors(ClinicErrors.NOT_FOUND, WorkOrderErrors.LAB_NOT_FOUND, FinanceCatalogErrors.MIXED_CURRENCIES)
  @Get('payables-aging')
  payablesAging(@Query() query: PayablesAgingHttpQueryDto, @Caller() caller: CallerContext, @Res() res: Response) {
    return this.aging.aging(query, caller, res);
  }
}
