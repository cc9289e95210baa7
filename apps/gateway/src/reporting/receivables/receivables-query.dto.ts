import { PageQueryDto, PatientBalancesFilterDto, ReceivablesAgingFilterDto } from '@dental/contracts';
import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { REPORT_ANSWER_FORMATS, ReportAnswerFormat } from '../reports-query.dto';

/** GET /reports/receivables-aging: clinic (or all of mine), as-of date, a page of the JSON, or a file of every row. */
export class ReceivablesAgingHttpQueryDto extends IntersectionType(ReceivablesAgingFilterDto, PageQueryDto) {
  @ApiPropertyOptional({ enum: REPORT_ANSWER_FORMATS, default: 'json', description: 'a file holds every row' })
  @IsOptional()
  @IsIn(REPORT_ANSWER_FORMATS)
  format?: ReportAnswerFormat;
}

/** GET /reports/balances: clinic (or all of mine), debtors or overpayers, a page of the JSON, or a file of every row. */
export class PatientBalancesHttpQueryDto extends IntersectionType(PatientBalancesFilterDto, PageQueryDto) {
  @ApiPropertyOptional({ enum: REPORT_ANSWER_FORMATS, default: 'json', description: 'a file holds every row' })
  @IsOptional()
  @IsIn(REPORT_ANSWER_FORMATS)
  format?: ReportAnswerFormat;
}
