import {
  JOURNAL_DELIMITERS,
  JOURNAL_FORMATS,
  JournalDelimiter,
  JournalFilterDto,
  JournalFormat,
} from '@dental/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

/** GET /reports/journal: the clinic, the period, the format and (CSV) the delimiter. */
export class JournalHttpQueryDto extends JournalFilterDto {
  @ApiPropertyOptional({ enum: JOURNAL_FORMATS, default: 'json', description: 'every line, whatever the format' })
  @IsOptional()
  @IsIn(JOURNAL_FORMATS)
  format?: JournalFormat;

  @ApiPropertyOptional({ enum: JOURNAL_DELIMITERS, default: 'comma', description: 'CSV only: , or ;' })
  @IsOptional()
  @IsIn(JOURNAL_DELIMITERS)
  delimiter?: JournalDelimiter;
}
