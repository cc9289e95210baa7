import { PatientPaymentSplitView, PatientPaymentType, PatientPaymentView } from '@dental/contracts';
import { Money, Percent } from '@dental/money';
import { MinorUnitsType, TenantEntity } from '@dental/persistence';
import { BigIntType, Entity, Property } from '@mikro-orm/core';
import { clinicFee } from './pay-split';

export const PATIENT_PAYMENT = 'patient_payment';

/** Receipt numbers are shown zero-padded to six digits ("000042"); longer ones grow. */
export function formatReceiptNumber(seq: string): string {
  return seq.padStart(6, '0');
}

/**
 * Money received from a patient (a refund is stored negative). Never removed: a delete sets `deletedAt` and the
 * record keeps its receipt number, so the clinic's receipt numbers stay without gaps.
 */
@Entity({ tableName: PATIENT_PAYMENT })
export class PatientPayment extends TenantEntity {
  @Property({ type: 'uuid' })
  clinicId: string;

  @Property({ type: 'uuid' })
  patientId: string;

  /** The clinic's receipt number, from the clinic's receipt_counter row. */
  @Property({ type: new BigIntType('string') })
  receiptSeq: string;

  /** YYYY-MM-DD */
  @Property({ type: 'date' })
  date: string;

  /** What the account counts, signed: refund negative; bank-charge state 1 card = entered + bank cost. */
  @Property({ type: new MinorUnitsType() })
  amountMinor: bigint;

  /** What was typed, above 0. */
  @Property({ type: new MinorUnitsType() })
  enteredMinor: bigint;

  @Property({ type: new MinorUnitsType(), nullable: true })
  bankCostMinor: bigint | null = null;

  /** The clinic's bank charge percentage × 10000 used for a card payment; null = not set or not a card. */
  @Property({ type: new BigIntType('string'), nullable: true })
  bankChargeScaled: string | null = null;

  @Property({ type: 'text' })
  paymentType: PatientPaymentType;

  @Property({ type: 'uuid', nullable: true })
  contractId: string | null = null;

  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Property({ type: 'character', length: 3 })
  currency: string;

  /** The dentist on whose behalf the money was received (a physician of the clinic); null = nobody's. */
  @Property({ type: 'uuid', nullable: true })
  physicianId: string | null = null;

  /** The pay split over the physicians when the amount was last set; sums exactly to the amount. */
  @Property({ type: 'json' })
  splits: PatientPaymentSplitView[];

  /** 1 when recorded, +1 on every update and on the delete. */
  @Property({ type: 'integer' })
  revision: number;

  @Property({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;

  money(): Money {
    return Money.of(this.amountMinor, this.currency);
  }

  enteredMoney(): Money {
    return Money.of(this.enteredMinor, this.currency);
  }

  bankCost(): Money | null {
    return this.bankCostMinor === null ? null : Money.of(this.bankCostMinor, this.currency);
  }

  /** The clinic's bank fee inside the stored amount (a state-1 card's bank cost, see clinicFee); null = none. */
  clinicFeeMinor(): bigint | null {
    const fee = clinicFee({
      bankCharge: this.bankChargeScaled === null ? null : Percent.ofBasis(BigInt(this.bankChargeScaled)),
      bankCost: this.bankCost(),
    });
    return fee?.minor ?? null;
  }

  /** The RPC answer, the event payload (PatientPaymentSnapshotV1) and the audit's before/after. */
  toView(closedThrough: string | null): PatientPaymentView {
    return {
      id: this.id,
      organizationId: this.organizationId,
      clinicId: this.clinicId,
      patientId: this.patientId,
      receiptNumber: formatReceiptNumber(this.receiptSeq),
      date: this.date,
      amount: this.money().toDecimal(),
      enteredAmount: this.enteredMoney().toDecimal(),
      bankCost: this.bankCost()?.toDecimal() ?? null,
      bankChargePercent:
        this.bankChargeScaled === null ? null : Percent.ofBasis(BigInt(this.bankChargeScaled)).toDecimal(),
      paymentType: this.paymentType,
      contractId: this.contractId,
      note: this.note,
      currency: this.currency,
      closed: closedThrough !== null && this.date <= closedThrough,
      splits: this.splits,
      physicianId: this.physicianId,
      revision: this.revision,
      deleted: this.deletedAt !== null,
      createdAt: this.createdAt.toISOString(),
    };
  }
}
