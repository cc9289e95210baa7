import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { PageQueryDto, queryBoolean, ItemCount } from '../paging';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { IsCalendarDate } from '../validation';
import { PAYMENT_STATUSES, PaymentStatus } from '../work-orders/payment-status';
import { PAYMENT_METHODS, PaymentMethod } from '../work-orders/work-orders.contracts';

// The Finance view (DOMAIN.md A) is served by `reporting` from its read models.
export const FinanceSubjects = {
  labs: 'reporting.query.finance-labs',
  workOrders: 'reporting.query.finance-work-orders',
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
