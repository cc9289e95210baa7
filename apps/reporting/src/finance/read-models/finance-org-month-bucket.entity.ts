import type { PaymentMethod } from '@dental/contracts';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Work orders of one month summed over all clinics of the organization, per lab, method, cancelled flag, currency. */
@Entity({ tableName: 'finance_org_month_bucket' })
export class FinanceOrgMonthBucket {
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

  @Property({ type: 'bigint' })
  workOrderCount: string;

  @Property({ type: 'bigint' })
  totalAmount: string;

  @Property({ type: 'bigint' })
  paidAmount: string;
}
