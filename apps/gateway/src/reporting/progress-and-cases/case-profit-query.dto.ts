import { CASE_PROFIT_GROUPINGS, CaseProfitFiltersDto, CaseProfitGrouping } from '@dental/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { REPORT_ANSWER_FORMATS, ReportAnswerFormat } from '../reports-query.dto';

/** GET /reports/case-profit: the clinic, the period, a physician and/or a lab, and json or a file. */
export class CaseProfitHttpQueryDto extends CaseProfitFiltersDto {
  @ApiPropertyOptional({ enum: REPORT_ANSWER_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_ANSWER_FORMATS)
  format?: ReportAnswerFormat;

  @ApiPropertyOptional({
    enum: CASE_PROFIT_GROUPINGS,
    default: 'case',
    description: "a file's rows: one per case, per physician or per lab (JSON answers all three)",
  })
  @IsOptional()
  @IsIn(CASE_PROFIT_GROUPINGS)
  groupBy?: CaseProfitGrouping;
}
