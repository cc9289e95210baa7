import { ClosureMode, ClosureView } from '@dental/contracts';
import { Money } from '@dental/money';
import { TenantEntity } from '@dental/persistence';
import { BigIntType, Entity, Property } from '@mikro-orm/core';

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

  @Property({ type: new BigIntType('string') })
  treatmentTotalMinor: string;

  @Property({ type: new BigIntType('string') })
  receivedTotalMinor: string;

  /** signed: + unpaid written off, − received more written off */
  @Property({ type: new BigIntType('string') })
  writtenOffMinor: string;

  @Property({ type: 'text' })
  createdBy: string;

  toView(): ClosureView {
    const decimal = (minor: string) => Money.of(BigInt(minor), this.currency).toDecimal();
    return {
      id: this.id,
      patientId: this.patientId,
      organizationId: this.organizationId,
      clinicId: this.clinicId,
      mode: this.mode,
      date: this.date,
      treatmentTotal: decimal(this.treatmentTotalMinor),
      receivedTotal: decimal(this.receivedTotalMinor),
      writtenOffAmount: decimal(this.writtenOffMinor),
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
