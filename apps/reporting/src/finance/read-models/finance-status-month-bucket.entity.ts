import type { PaymentMethod } from '@dental/contracts';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** The organization-wide buckets split by payment status: the Work Orders totals with a status filter. */
@Entity({ tableName: 'finance_status_month_bucket' })
export class FinanceStatusMonthBucket {
  @PrimaryKey({ type: 'uuid' })
  organizationId: string;

  /** The first day of the month of the documented date. */
  @PrimaryKey({ type: 'date' })
  month: string;

  @PrimaryKey({ type: 'uuid' })
  labId: string;

  @PrimaryKey({ type: 'text' })
  paymentMethod: PaymentMethod;

  @PrimaryKey({ type: 'boolean' })
  cancelled: boolean;

  @PrimaryKey({ type: 'character', length: 3 })
  currency: string;

  /** unpaid 0, partially paid 1, paid 2, overpaid 3 */
  @PrimaryKey({ type: 'smallint' })
  paymentStatusRank: number;

  @Property({ type: 'bigint' })
  workOrderCount: string;

  @Property({ type: 'bigint' })
  totalAmount: string;

  @Property({ type: 'bigint' })
  paidAmount: string;
}
