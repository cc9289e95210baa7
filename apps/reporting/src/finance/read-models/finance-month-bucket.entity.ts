import type { PaymentMethod } from '@dental/contracts';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Work orders of one month summed per clinic, lab, method, cancelled flag and currency (minor units). */
@Entity({ tableName: 'finance_month_bucket' })
export class FinanceMonthBucket {
  @PrimaryKey({ type: 'uuid' })
  organizationId: string;

  /** The first day of the month of the documented date. */
  @PrimaryKey({ type: 'date' })
  month: string;

  @PrimaryKey({ type: 'uuid' })
  clinicId: string;

  @PrimaryKey({ type: 'uuid' })
  labId: string;

  @PrimaryKey({ type: 'text' })
  paymentMethod: PaymentMethod;

  @PrimaryKey({ type: 'boolean' })
  cancelled: boolean;

  @PrimaryKey({ type: 'character', length: 3 })
  currency: string;

  @Property({ type: 'bigint' })
  workOrderCount: string;

  @Property({ type: 'bigint' })
  totalAmount: string;

  @Property({ type: 'bigint' })
  paidAmount: string;
}
