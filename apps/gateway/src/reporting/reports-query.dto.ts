import { ACCOUNT_BOOK_GROUPINGS, AccountBookGrouping, EXPORT_FORMATS, ReportPeriodDto } from '@dental/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';

export const REPORT_ANSWER_FORMATS = ['json', ...EXPORT_FORMATS] as const;
export type ReportAnswerFormat = (typeof REPORT_ANSWER_FORMATS)[number];

/** GET /reports/account-book: the clinic, the period, the grouping and json or a file. */
export class AccountBookHttpQueryDto extends ReportPeriodDto {
  @ApiPropertyOptional({ enum: ACCOUNT_BOOK_GROUPINGS, default: 'day' })
  @IsOptional()
  @IsIn(ACCOUNT_BOOK_GROUPINGS)
  groupBy?: AccountBookGrouping;

  @ApiPropertyOptional({ enum: REPORT_ANSWER_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_ANSWER_FORMATS)
  format?: ReportAnswerFormat;
}

/** GET /reports/progress-payments: the clinic, the period, optionally one physician, and json or a file. */
export class ProgressPaymentsHttpQueryDto extends ReportPeriodDto {
  @ApiPropertyOptional({ description: 'only this physician' })
  @IsOptional()
  @IsUUID()
  physicianId?: string;

  @ApiPropertyOptional({ enum: REPORT_ANSWER_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_ANSWER_FORMATS)
  format?: ReportAnswerFormat;
}
