import { PaymentMethod, WorkOrderPaymentView } from '@dental/contracts';
import { Money } from '@dental/money';
import { MinorUnitsType, TenantEntity } from '@dental/persistence';
import { Entity, Index, Property } from '@mikro-orm/core';

export const WORK_ORDER_PAYMENT = 'work_order_payment';

/**
 * Money paid to a dental lab against a work order (negative: a refund from the lab). Never removed: a delete sets
 * `deletedAt`, so the audit trail and the revisions of the events stay whole.
 */
@Entity({ tableName: WORK_ORDER_PAYMENT })
@Index({ properties: ['organizationId', 'workOrderId'] })
export class WorkOrderPayment extends TenantEntity {
  @Property({ type: 'uuid' })
  clinicId: string;

  @Property({ type: 'uuid' })
  workOrderId: string;

  @Property({ type: 'uuid' })
  labId: string;

  /** YYYY-MM-DD */
  @Property({ type: 'date' })
  date: string;

  /** Minor units of `currency`, never zero. */
  @Property({ type: new MinorUnitsType() })
  amountMinor: bigint;

  /** The work order's currency. */
  @Property({ type: 'character', length: 3 })
  currency: string;

  @Property({ type: 'text' })
  method: PaymentMethod;

  @Property({ type: 'text', nullable: true })
  reference: string | null = null;

  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  /** 1 when recorded, +1 on every update and on the delete. */
  @Property({ type: 'integer' })
  revision: number;

  @Property({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;

  money(): Money {
    return Money.of(this.amountMinor, this.currency);
  }

  /** The RPC answer, the event payload (WorkOrderPaymentSnapshotV1) and the audit's before/after. */
  toView(): WorkOrderPaymentView {
    return {
      id: this.id,
      organizationId: this.organizationId,
      clinicId: this.clinicId,
      workOrderId: this.workOrderId,
      labId: this.labId,
      date: this.date,
      amount: this.money().toDecimal(),
      currency: this.currency,
      method: this.method,
      reference: this.reference,
      note: this.note,
      revision: this.revision,
      deleted: this.deletedAt !== null,
    };
  }
}
