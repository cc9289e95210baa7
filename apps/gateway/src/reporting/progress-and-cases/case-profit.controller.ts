import { Caller } from '@dental/auth';
import { CallerContext, ClinicErrors } from '@dental/contracts';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiDownload, ApiErrors } from '../../openapi/api-docs';
import { CaseProfitHttpQueryDto } from './case-profit-query.dto';
import { CaseProfitService } from './case-profit.service';
import * as V from './progress-and-cases.views';

/** Case profit (DOMAIN.md D), served by `reporting`; same roles as the Account Book. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class CaseProfitController {
  constructor(private readonly reports: CaseProfitService) {}

  @ApiOperation({
    operationId: 'getCaseProfit',
    summary: 'Case profit: each lab case against its linked treatments, per case, per physician and per lab',
  })
  @ApiDownload(
    ['csv', 'xlsx', 'pdf'],
    'the case profit as JSON (format=json, the default) or as a file of the table groupBy names',
    V.CaseProfit,
  )
  @ApiErrors(ClinicErrors.NOT_FOUND)
  @Get('case-profit')
  caseProfit(@Query() query: CaseProfitHttpQueryDto, @Caller() caller: CallerContext, @Res() res: Response) {
    return this.reports.caseProfit(query, caller, res);
  }
}
