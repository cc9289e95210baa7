import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A work-order payment's newest revision; a deleted one stays as a tombstone so an older revision cannot revive it. */
@Entity({ tableName: 'finance_work_order_payment' })
export class FinanceWorkOrderPayment {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'uuid' })
  organizationId: string;

  @Property({ type: 'uuid' })
  workOrderId: string;

  /** Minor units; negative = a refund from the lab. */
  @Property({ type: 'bigint' })
  amount: string;

  @Property({ type: 'character', length: 3 })
  currency: string;

  @Property({ type: 'integer' })
  revision: number;

  @Property({ type: 'boolean' })
  deleted: boolean;

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}
