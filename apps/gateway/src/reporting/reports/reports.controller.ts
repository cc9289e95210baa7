import { Caller, CurrentPrincipal, Principal } from '@dental/auth';
import { CallerContext, DomainError } from '@dental/contracts';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuthErrors, ClinicErrors, PatientErrors, ReportErrors } from '@dental/contracts';
import { ApiDownload, ApiErrors } from '../../openapi/api-docs';
import * as V from '../../openapi/views';
import type { Response } from 'express';
import { AccountBookHttpQueryDto, ProgressPaymentsHttpQueryDto } from '../reports-query.dto';
import { ReportsService } from './reports.service';

const FILE_TYPES = [
  'application/json',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/pdf',
];

/**
 * A physician who is not also an accountant or admin sees only their own row: the query is narrowed to the physician
 * their account is linked to; another physician's id is a 404, an account linked to none a 403.
 */
export function ownProgressOnly(
  query: ProgressPaymentsHttpQueryDto,
  principal: Principal,
): ProgressPaymentsHttpQueryDto {
  if (principal.roles.some((r) => r === 'admin' || r === 'accountant')) return query;
  if (!principal.physicianId)
    throw new DomainError(
      AuthErrors.NOT_A_PHYSICIAN,
      403,
      'your account is not linked to a physician: an admin links it (POST /users with physicianId)',
    );
  if (query.physicianId && query.physicianId !== principal.physicianId)
    throw new DomainError(PatientErrors.PHYSICIAN_NOT_FOUND, 404, `physician ${query.physicianId} was not found`);
  return { ...query, physicianId: principal.physicianId };
}

/** Account Book and Progress Payment (DOMAIN.md C), served by `reporting`; same roles as the Finance view. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @ApiOperation({
    operationId: 'getAccountBook',
    summary: 'Account Book: received, refunds, bank expenses, lab payments and net turnover per period',
  })
  @ApiDownload(
    ['csv', 'xlsx', 'pdf'],
    'the Account Book as JSON (format=json, the default) or as a file',
    V.AccountBook,
  )
  @ApiErrors(ClinicErrors.NOT_FOUND, ReportErrors.TOO_LARGE)
  @Get('account-book')
  @ApiProduces(...FILE_TYPES)
  accountBook(@Query() query: AccountBookHttpQueryDto, @Caller() caller: CallerContext, @Res() res: Response) {
    return this.reports.accountBook(query, caller, res);
  }

  @ApiOperation({
    operationId: 'getProgressPayments',
    summary: 'Progress Payment: what each physician collected and earned',
  })
  @ApiDownload(
    ['csv', 'xlsx', 'pdf'],
    'the Progress Payment as JSON (format=json, the default) or as a file',
    V.ProgressPayments,
  )
  @ApiErrors(
    ClinicErrors.NOT_FOUND,
    PatientErrors.PHYSICIAN_NOT_FOUND,
    ReportErrors.TOO_LARGE,
    AuthErrors.NOT_A_PHYSICIAN,
  )
  @Get('progress-payments')
  @ApiProduces(...FILE_TYPES)
  progressPayments(
    @Query() query: ProgressPaymentsHttpQueryDto,
    @Caller() caller: CallerContext,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    return this.reports.progressPayments(ownProgressOnly(query, principal), caller, res);
  }
}
