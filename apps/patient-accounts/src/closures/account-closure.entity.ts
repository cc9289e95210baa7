import { ClosureMode, ClosureView } from '@dental/contracts';
import { Money } from '@dental/money';
import { MinorUnitsType, TenantEntity } from '@dental/persistence';
import { Entity, Property } from '@mikro-orm/core';

/** Treatments and money of the patient dated on or before `date` are closed; the open imbalance was written off. */
@Entity({ tableName: 'account_closure' })
export class AccountClosure extends TenantEntity {
  @Property({ type: 'uuid' })
  clinicId: string;

  @Property({ type: 'uuid' })
  patientId: string;

  @Property({ type: 'text' })
  mode: ClosureMode;

  @Property({ type: 'date' })
  date: string;

  @Property({ type: 'character', length: 3 })
  currency: string;

  @Property({ type: new MinorUnitsType() })
  treatmentTotalMinor: bigint;

  @Property({ type: new MinorUnitsType() })
  receivedTotalMinor: bigint;

  /** signed: + unpaid written off, − received more written off */
  @Property({ type: new MinorUnitsType() })
  writtenOffMinor: bigint;

  @Property({ type: 'text' })
  createdBy: string;

  treatmentTotal(): Money {
    return Money.of(this.treatmentTotalMinor, this.currency);
  }

  receivedTotal(): Money {
    return Money.of(this.receivedTotalMinor, this.currency);
  }

  writtenOff(): Money {
    return Money.of(this.writtenOffMinor, this.currency);
  }

  toView(): ClosureView {
    return {
      id: this.id,
      patientId: this.patientId,
      organizationId: this.organizationId,
      clinicId: this.clinicId,
      mode: this.mode,
      date: this.date,
      treatmentTotal: this.treatmentTotal().toDecimal(),
      receivedTotal: this.receivedTotal().toDecimal(),
      writtenOffAmount: this.writtenOff().toDecimal(),
      currency: this.currency,
      createdAt: this.createdAt.toISOString(),
      createdBy: this.createdBy,
    };
  }
}

/** The fields of a closure its history shows (no ids). */
export function closureFields(v: ClosureView): Record<string, unknown> {
  const { mode, date, treatmentTotal, receivedTotal, writtenOffAmount, currency } = v;
  return { mode, date, treatmentTotal, receivedTotal, writtenOffAmount, currency };
}
