import { paymentStatusRankOfTextSql } from '@dental/contracts';
import type { PaymentMethod, PaymentStatus, ProductionStatus } from '@dental/contracts';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One work order of the Finance view: its plan's total and method, the sum of its live payments, and what follows
 * from them. Written by the projection with guarded SQL (apply only a newer revision); read by the tab queries.
 */
@Entity({ tableName: 'finance_work_order' })
export class FinanceWorkOrder {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'uuid' })
  organizationId: string;

  @Property({ type: 'uuid' })
  clinicId: string;

  @Property({ type: 'uuid' })
  labId: string;

  /** Copied from the lab (and updated when it is renamed) so the tab can sort and page by it on an index. */
  @Property({ type: 'text' })
  labName: string;

  @Property({ type: 'text' })
  number: string;

  @Property({ type: 'text' })
  paymentMethod: PaymentMethod;

  @Property({ type: 'text' })
  status: ProductionStatus;

  @Property({ type: 'boolean' })
  cancelled: boolean;

  @Property({ type: 'character', length: 3 })
  currency: string;

  @Property({ type: 'date' })
  documentedDate: string;

  /** Minor units. */
  @Property({ type: 'bigint' })
  totalAmount: string;

  /** Minor units: the sum of the live payments. */
  @Property({ type: 'bigint' })
  paidAmount: string;

  @Property({ type: 'bigint', generated: '(total_amount - paid_amount) stored' })
  outstandingAmount: string;

  @Property({ type: 'text' })
  paymentStatus: PaymentStatus;

  @Property({
    type: 'smallint',
    generated: `(${paymentStatusRankOfTextSql('payment_status')}) stored`,
  })
  paymentStatusRank: number;

  @Property({ type: 'integer' })
  revision: number;

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}
