import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { PageQueryDto, queryBoolean, ItemCount } from '../paging';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../validation';
import { PAYMENT_STATUSES, PaymentStatus } from '../work-orders/payment-status';
import { PAYMENT_METHODS, PaymentMethod } from '../work-orders/work-orders.contracts';

// The Finance view (DOMAIN.md A) is served by `reporting` from its read models.
export const FinanceSubjects = {
  labs: 'reporting.query.finance-labs',
  workOrders: 'reporting.query.finance-work-orders',
  /** Generate Report of the Work Orders tab: big keyset chunks of compact rows (gateway → reporting only). */
  workOrdersExportChunk: 'reporting.query.finance-work-orders-export-chunk',
} as const;

export const WORK_ORDER_SORT_FIELDS = [
  'number',
  'labName',
  'paymentMethod',
  'paidAmount',
  'totalAmount',
  'outstandingAmount',
  'paymentStatus',
  'documentedDate',
] as const;

/** Filters of both tabs; applied to the table and to its export alike. */
export class FinanceFiltersDto {
  @ApiPropertyOptional({ description: 'documented date from (inclusive), YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: 'documented date to (inclusive), YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  labId?: string;

  @ApiPropertyOptional({ enum: PAYMENT_METHODS })
  @IsOptional()
  @IsIn(PAYMENT_METHODS)
  paymentMethod?: PaymentMethod;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  clinicId?: string;

  @ApiPropertyOptional({ description: 'cancelled work orders are left out unless this is true' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  includeCancelled?: boolean;
}

export class FinanceWorkOrdersQueryDto extends IntersectionType(FinanceFiltersDto, PageQueryDto) {
  @ApiPropertyOptional({ enum: PAYMENT_STATUSES })
  @IsOptional()
  @IsIn(PAYMENT_STATUSES)
  paymentStatus?: PaymentStatus;

  @ApiPropertyOptional({
    description: `field, or -field for descending: ${WORK_ORDER_SORT_FIELDS.join(', ')}`,
    example: '-outstandingAmount',
  })
  @IsOptional()
  @IsString()
  @Matches(new RegExp(`^-?(${WORK_ORDER_SORT_FIELDS.join('|')})$`), {
    message: `sort must be one of ${WORK_ORDER_SORT_FIELDS.join(', ')}, optionally with a leading -`,
  })
  sort?: string;

  /** Keyset paging for exports: rows after this opaque cursor (page is ignored). */
  @IsOptional()
  @IsString()
  after?: string;
}

export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface FinanceLabRow {
  labId: string;
  labName: string;
  workOrderCount: number;
  paidAmount: string;
  totalAmount: string;
  outstandingAmount: string;
}

export interface FinanceTotals {
  workOrderCount: number;
  paidAmount: string;
  totalAmount: string;
  outstandingAmount: string;
}

export interface FinanceWorkOrderRow {
  workOrderId: string;
  number: string;
  labId: string;
  labName: string;
  paymentMethod: PaymentMethod;
  paidAmount: string;
  totalAmount: string;
  outstandingAmount: string;
  paymentStatus: PaymentStatus;
  documentedDate: string;
}

export interface FinanceLabsAnswer {
  items: FinanceLabRow[];
  totals: FinanceTotals;
  currency: string;
}

export interface FinanceWorkOrdersAnswer {
  items: FinanceWorkOrderRow[];
  totals: FinanceTotals;
  total: ItemCount;
  page: number;
  pageSize: number;
  currency: string;
  /** set when more rows follow in keyset mode */
  nextCursor?: string | null;
}

/** The most rows one export chunk may ask for: 10,000 compact rows stay well under NATS's 1 MB message. */
export const EXPORT_CHUNK_MAX_ROWS = 10_000;

/** One chunk of the Work Orders export: the tab's filters and sort, keyset position, how many rows at most. */
export class FinanceWorkOrdersExportChunkQueryDto extends FinanceFiltersDto {
  @IsOptional()
  @IsIn(PAYMENT_STATUSES)
  paymentStatus?: PaymentStatus;

  @IsOptional()
  @IsString()
  @Matches(new RegExp(`^-?(${WORK_ORDER_SORT_FIELDS.join('|')})$`), {
    message: `sort must be one of ${WORK_ORDER_SORT_FIELDS.join(', ')}, optionally with a leading -`,
  })
  sort?: string;

  /** Rows after this opaque cursor (the previous chunk's nextCursor); the first chunk has none. */
  @IsOptional()
  @IsString()
  after?: string;

  @IsInt()
  @Min(1)
  @Max(EXPORT_CHUNK_MAX_ROWS)
  chunkSize: number;
}

/**
 * One work order of an export chunk, as an array (no keys repeated per row): number, lab name, payment method,
 * paid, total, outstanding (decimal strings in the chunk's currency), payment status, documented date.
 */
export type FinanceWorkOrderExportRow = [
  number: string,
  labName: string,
  paymentMethod: PaymentMethod,
  paidAmount: string,
  totalAmount: string,
  outstandingAmount: string,
  paymentStatus: PaymentStatus,
  documentedDate: string,
];

export interface FinanceWorkOrdersExportChunk {
  /** JSON text of FinanceWorkOrderExportRow[]: one string, which the RPC layer passes on without walking the rows. */
  rows: string;
  /** The sums of exactly these rows, so the file's totals row is the sum of the rows in the file. */
  sums: FinanceTotals;
  currency: string;
  /** Where the next chunk starts; null after the last row. */
  nextCursor: string | null;
}
