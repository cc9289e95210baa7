import { Caller } from '@dental/auth';
import { CallerContext, ClinicErrors, FinanceCatalogErrors, PutJournalAccountsDto } from '@dental/contracts';
import { Body, Controller, Get, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiAnswer, ApiDownload, ApiErrors } from '../../openapi/api-docs';
import * as V from '../../openapi/views';
import { AccountCharts } from './account-chart';
import { JournalHttpQueryDto } from './journal-query.dto';
import { JournalService } from './journal.service';

/** The journal export (DOMAIN.md E), served by `reporting`, named with the organization's chart. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class JournalController {
  constructor(private readonly journal: JournalService) {}

  @ApiOperation({
    operationId: 'getJournal',
    summary: 'Journal: the double-entry lines of every money event of a clinic (or all of mine) in a period',
  })
  @ApiDownload(['csv', 'xlsx'], 'every line as JSON (format=json, the default), CSV or XLSX', V.Journal)
  @ApiErrors(ClinicErrors.NOT_FOUND, FinanceCatalogErrors.MIXED_CURRENCIES)
  @Get('journal')
  get(@Query() query: JournalHttpQueryDto, @Caller() caller: CallerContext, @Res() res: Response) {
    return this.journal.journal(query, caller, res);
  }
}

/** The organization's chart of the journal's accounts (codes and names). */
@ApiTags('accounting')
@ApiBearerAuth()
@Controller('accounting')
export class AccountingController {
  constructor(private readonly charts: AccountCharts) {}

  @ApiOperation({ operationId: 'getJournalAccounts', summary: "The journal's accounts: codes and names" })
  @ApiAnswer(V.JournalAccounts, 'every account, with the organization’s code and name (or the default)')
  @Get('accounts')
  get(@Caller() caller: CallerContext) {
    return this.charts.view(caller.organizationId);
  }

  @ApiOperation({
    operationId: 'putJournalAccounts',
    summary: "Set the code and name of some of the journal's accounts (the others are kept)",
  })
  @ApiAnswer(V.JournalAccounts, 'every account after the change')
  @Put('accounts')
  put(@Body() dto: PutJournalAccountsDto, @Caller() caller: CallerContext) {
    return this.charts.put(caller.organizationId, caller.userId, dto);
  }
}
