import { PayablesAgingFiltersDto } from '@dental/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { REPORT_ANSWER_FORMATS, ReportAnswerFormat } from '../reports-query.dto';

/** GET /reports/payables-aging: clinic, lab, as-of date, and json or a file. */
export class PayablesAgingHttpQueryDto extends PayablesAgingFiltersDto {
  @ApiPropertyOptional({ enum: REPORT_ANSWER_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_ANSWER_FORMATS)
  format?: ReportAnswerFormat;
}
