import { EXPORT_FORMATS, ExportFormat, FinanceFiltersDto, FinanceWorkOrdersQueryDto } from '@dental/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

/** GET /finance/labs/export: the Dental Labs tab's filters and the file format. */
export class FinanceLabsExportQueryDto extends FinanceFiltersDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;
}

/**
 * GET /finance/work-orders/export: the Work Orders tab's filters and sort and the file format. The export holds the
 * whole filtered set: `page`, `pageSize` and `after` are accepted, so the screen's query can be passed on as it is,
 * and ignored.
 */
export class FinanceWorkOrdersExportQueryDto extends FinanceWorkOrdersQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;
}
