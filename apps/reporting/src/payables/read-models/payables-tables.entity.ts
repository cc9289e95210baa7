import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

// The payables aging read models as MikroORM knows them; the projection and the query use set-based SQL on them.
// Money is bigint minor units (text in JS: a bigint does not fit a number).

/** The revision of a work order's plan whose installments are stored. */
@Entity({ tableName: 'payables_plan' })
export class PayablesPlan {
  @PrimaryKey({ type: 'uuid' })
  workOrderId: string;

  @Property({ type: 'uuid' })
  organizationId: string;

  @Property({ type: 'integer' })
  revision: number;

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}

/** One installment of a plan, oldest due first, with the sum of the installments before it. */
@Entity({ tableName: 'payables_installment' })
export class PayablesInstallment {
  @PrimaryKey({ type: 'uuid' })
  workOrderId: string;

  @PrimaryKey({ type: 'smallint' })
  position: number;

  @Property({ type: 'uuid' })
  organizationId: string;

  @Property({ type: 'date' })
  dueDate: string;

  @Property({ type: 'bigint' })
  amount: string;

  @Property({ type: 'bigint' })
  coveredBefore: string;
}

/** A work-order payment's newest revision with its date (tombstone when deleted). */
@Entity({ tableName: 'payables_payment' })
export class PayablesPayment {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'uuid' })
  organizationId: string;

  @Property({ type: 'uuid' })
  workOrderId: string;

  @Property({ type: 'date' })
  date: string;

  @Property({ type: 'bigint' })
  amount: string;

  @Property({ type: 'integer' })
  revision: number;

  @Property({ type: 'boolean' })
  deleted: boolean;

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}

export const PAYABLES_ENTITIES = [PayablesPlan, PayablesInstallment, PayablesPayment];
