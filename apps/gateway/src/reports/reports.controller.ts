import { Caller, Roles } from '@dental/auth';
import { CallerContext } from '@dental/contracts';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AccountBookHttpQueryDto, ProgressPaymentsHttpQueryDto } from './reports-query.dto';
import { ReportsService } from './reports.service';

const FILE_TYPES = [
  'application/json',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/pdf',
];

/** Account Book and Progress Payment (DOMAIN.md C), served by `reporting`; same roles as the Finance view. */
@ApiTags('reports')
@ApiBearerAuth()
@Roles('accountant', 'lab-manager')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('account-book')
  @ApiProduces(...FILE_TYPES)
  accountBook(@Query() query: AccountBookHttpQueryDto, @Caller() caller: CallerContext, @Res() res: Response) {
    return this.reports.accountBook(query, caller, res);
  }

  @Get('progress-payments')
  @ApiProduces(...FILE_TYPES)
  progressPayments(
    @Query() query: ProgressPaymentsHttpQueryDto,
    @Caller() caller: CallerContext,
    @Res() res: Response,
  ) {
    return this.reports.progressPayments(query, caller, res);
  }
}
