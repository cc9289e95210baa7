import { AlertStatus, AlertView } from '@dental/contracts';
import { Money } from '@dental/money';
import { MinorUnitsType, TenantEntity } from '@dental/persistence';
import { Entity, Property } from '@mikro-orm/core';

/** An alert on a patient for a payment date (DOMAIN.md B "Alerts"). */
@Entity({ tableName: 'alert' })
export class Alert extends TenantEntity<'closedAt'> {
  @Property({ type: 'uuid' })
  clinicId: string;

  @Property({ type: 'uuid' })
  patientId: string;

  @Property({ type: 'text' })
  patientName: string;

  /** YYYY-MM-DD: the payment date; the reminder goes out on it. */
  @Property({ type: 'date' })
  date: string;

  /** Expected amount in minor units of `currency`; null = not given. */
  @Property({ type: new MinorUnitsType(), nullable: true })
  amountMinor: bigint | null;

  @Property({ type: 'character', length: 3 })
  currency: string;

  @Property({ type: 'text', nullable: true })
  note: string | null;

  @Property({ type: 'text' })
  status: AlertStatus;

  @Property({ type: 'timestamptz', nullable: true })
  closedAt: Date | null = null;

  @Property({ type: 'text' })
  createdBy: string;

  amount(): Money | null {
    return this.amountMinor === null ? null : Money.of(this.amountMinor, this.currency);
  }

  toView(today: string): AlertView {
    return {
      id: this.id,
      organizationId: this.organizationId,
      clinicId: this.clinicId,
      patientId: this.patientId,
      patientName: this.patientName,
      date: this.date,
      amount: this.amount()?.toDecimal() ?? null,
      currency: this.currency,
      note: this.note,
      status: this.status,
      overdue: this.status === 'open' && this.date < today,
      closedAt: this.closedAt?.toISOString() ?? null,
      createdAt: this.createdAt.toISOString(),
      createdBy: this.createdBy,
    };
  }
}
