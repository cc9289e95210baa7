import { Caller } from '@dental/auth';
import { CallerContext, ClinicErrors, FinanceCatalogErrors } from '@dental/contracts';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiDownload, ApiErrors } from '../../openapi/api-docs';
import * as V from '../../openapi/views';
import { PatientBalancesHttpQueryDto, ReceivablesAgingHttpQueryDto } from './receivables-query.dto';
import { ReceivablesService } from './receivables.service';

/** Receivables aging and the balance report (DOMAIN.md D), served by `reporting`; same roles as the Account Book. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReceivablesController {
  constructor(private readonly receivables: ReceivablesService) {}

  @ApiOperation({
    operationId: 'getReceivablesAging',
    summary: 'Receivables aging: what each patient owes as of a date, by the age of the treatments it is for',
  })
  @ApiDownload(
    ['csv', 'xlsx', 'pdf'],
    'a page of the receivables aging as JSON (format=json, the default), or every row as a file',
    V.ReceivablesAging,
  )
  @ApiErrors(ClinicErrors.NOT_FOUND, FinanceCatalogErrors.MIXED_CURRENCIES)
  @Get('receivables-aging')
  receivablesAging(
    @Query() query: ReceivablesAgingHttpQueryDto,
    @Caller() caller: CallerContext,
    @Res() res: Response,
  ) {
    return this.receivables.aging(query, caller, res);
  }

  @ApiOperation({
    operationId: 'getPatientBalances',
    summary: 'Balance report: patients with debt, or overpaying patients, with their contract balance',
  })
  @ApiDownload(
    ['csv', 'xlsx', 'pdf'],
    'a page of the balance report as JSON (format=json, the default), or every row as a file',
    V.PatientBalances,
  )
  @ApiErrors(ClinicErrors.NOT_FOUND, FinanceCatalogErrors.MIXED_CURRENCIES)
  @Get('balances')
  balances(@Query() query: PatientBalancesHttpQueryDto, @Caller() caller: CallerContext, @Res() res: Response) {
    return this.receivables.balances(query, caller, res);
  }
}
