import { PaymentMethod, ProductionStatus } from '@dental/contracts';
import { TenantEntity } from '@dental/persistence';
import { BigIntType, Entity, Opt, Property } from '@mikro-orm/core';

@Entity({ tableName: 'work_order' })
export class WorkOrder extends TenantEntity {
  @Property({ type: 'uuid' })
  clinicId: string;

  @Property({ type: 'uuid' })
  labId: string;

  @Property({ type: 'uuid', nullable: true })
  patientId: string | null = null;

  /** The organization's running number behind `number` (WO-000123); orders the lists. */
  @Property({ type: new BigIntType('string') })
  seq: string;

  @Property({ type: 'text' })
  number: string;

  @Property({ type: 'text' })
  description: string;

  @Property({ type: 'date' })
  documentedDate: string;

  @Property({ type: 'text' })
  status: Opt<ProductionStatus> = 'draft';

  /** The clinic's currency, fixed when the order is created. */
  @Property({ type: 'character', length: 3 })
  currency: string;

  /** The payment plan's total in minor units of `currency`. */
  @Property({ type: new BigIntType('string') })
  totalMinor: string;

  @Property({ type: 'text' })
  paymentMethod: PaymentMethod;

  /** Grows on every change; consumers apply a snapshot only when it is newer than theirs. */
  @Property({ type: 'integer' })
  revision: Opt<number> = 1;
}

@Entity({ tableName: 'work_order_installment' })
export class WorkOrderInstallment extends TenantEntity {
  @Property({ type: 'uuid' })
  workOrderId: string;

  /** 1, 2, ... in due-date order. */
  @Property({ type: 'integer' })
  number: number;

  @Property({ type: 'date' })
  dueDate: string;

  @Property({ type: new BigIntType('string') })
  amountMinor: string;
}

/** Who changed what on a work order, and when: `before` and `after` hold only the fields that changed. */
@Entity({ tableName: 'work_order_audit' })
export class WorkOrderAudit extends TenantEntity {
  @Property({ type: 'uuid' })
  workOrderId: string;

  @Property({ type: 'text' })
  action: 'created' | 'updated' | 'deleted';

  @Property({ type: 'text' })
  userId: string;

  @Property({ type: 'json', nullable: true })
  before: Record<string, unknown> | null = null;

  @Property({ type: 'json', nullable: true })
  after: Record<string, unknown> | null = null;
}
