import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** The highest page number asked for: beyond it no list of ours has rows, and offsets stay exact integers. */
export const MAX_PAGE = 1_000_000;

/** A query-string count written in plain digits ("2", not "2.0", "1e3" or " 2"); anything else stays as sent. */
const wholeNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;

/**
 * `page` and `pageSize` of every paged list (API.md: `{ items, total, page, pageSize }`), the one paging rule: whole
 * numbers, page 1..1,000,000, pageSize 1..500. A page past the last row answers no items with the true total.
 */
export class PageQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: MAX_PAGE, type: 'integer' })
  @IsOptional()
  @Transform(wholeNumber)
  @IsInt({ message: 'page must be a whole number written in digits' })
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500, type: 'integer' })
  @IsOptional()
  @Transform(wholeNumber)
  @IsInt({ message: 'pageSize must be a whole number written in digits' })
  @Min(1)
  @Max(500)
  pageSize?: number;
}

/** Query-string booleans: "true" / "false". */
export const queryBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** How many items a whole list holds (API.md's `"total": n`): a count, never money. */
export type ItemCount = number;
