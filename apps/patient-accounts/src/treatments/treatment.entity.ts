import { CorrectionReason, InvoiceView, TreatmentPlanView, TreatmentView } from '@dental/contracts';
import { Money } from '@dental/money';
import { TenantEntity } from '@dental/persistence';
import { BigIntType, Entity, Opt, Property } from '@mikro-orm/core';

const decimal = (minor: string, currency: string) => Money.of(BigInt(minor), currency).toDecimal();

@Entity({ tableName: 'treatment' })
export class Treatment extends TenantEntity {
  @Property({ type: 'uuid' })
  clinicId: string;

  @Property({ type: 'uuid' })
  patientId: string;

  @Property({ type: 'uuid', nullable: true })
  physicianId: string | null = null;

  @Property({ type: 'text' })
  procedure: string;

  @Property({ type: 'text', nullable: true })
  tooth: string | null = null;

  @Property({ type: 'date' })
  date: string;

  /** The clinic's currency, fixed when the treatment is recorded. */
  @Property({ type: 'character', length: 3 })
  currency: string;

  @Property({ type: new BigIntType('string') })
  amountMinor: string;

  /** The plan item it was copied from (shown blue); null = entered directly. */
  @Property({ type: 'uuid', nullable: true })
  planItemId: string | null = null;

  /** The issued invoice it is on (shown red); null = not invoiced or the invoice was cancelled. */
  @Property({ type: 'uuid', nullable: true })
  invoiceId: string | null = null;

  @Property({ type: 'text', nullable: true })
  invoiceNumber: string | null = null;

  /** Deleted treatments are kept (audit, events), marked. */
  @Property({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;

  /** Grows on every change; consumers apply a snapshot only when it is newer than theirs. */
  @Property({ type: 'integer' })
  revision: Opt<number> = 1;

  /** A Bank Cost treatment: the card payment it follows (edited only through that payment). */
  @Property({ type: 'uuid', nullable: true })
  sourcePaymentId: string | null = null;

  /** The payment revision last applied; an older or repeated payment event changes nothing. */
  @Property({ type: 'integer', nullable: true })
  sourcePaymentRevision: number | null = null;

  toView(): TreatmentView {
    return {
      id: this.id,
      organizationId: this.organizationId,
      clinicId: this.clinicId,
      patientId: this.patientId,
      physicianId: this.physicianId,
      procedure: this.procedure,
      tooth: this.tooth,
      date: this.date,
      amount: decimal(this.amountMinor, this.currency),
      currency: this.currency,
      copiedFromPlanning: this.planItemId !== null,
      planItemId: this.planItemId,
      invoiceId: this.invoiceId,
      invoiceNumber: this.invoiceNumber,
      deleted: this.deletedAt !== null,
      revision: this.revision,
    };
  }
}

/** Who changed what on a treatment, and when. */
@Entity({ tableName: 'treatment_audit' })
export class TreatmentAudit extends TenantEntity {
  @Property({ type: 'uuid' })
  treatmentId: string;

  @Property({ type: 'text' })
  action: 'created' | 'updated' | 'deleted' | 'invoiced' | 'uninvoiced';

  @Property({ type: 'text' })
  userId: string;

  @Property({ type: 'json', nullable: true })
  before: Record<string, unknown> | null = null;

  @Property({ type: 'json', nullable: true })
  after: Record<string, unknown> | null = null;

  /** Why a person corrected it (DOMAIN.md E); null for a creation or a change that followed a payment. */
  @Property({ type: 'text', nullable: true })
  reason: CorrectionReason | null = null;

  @Property({ type: 'text', nullable: true })
  memo: string | null = null;
}

@Entity({ tableName: 'treatment_plan' })
export class TreatmentPlan extends TenantEntity {
  @Property({ type: 'uuid' })
  clinicId: string;

  @Property({ type: 'uuid' })
  patientId: string;

  @Property({ type: 'character', length: 3 })
  currency: string;

  toView(items: TreatmentPlanItem[]): TreatmentPlanView {
    const sorted = [...items].sort((a, b) => a.position - b.position);
    return {
      id: this.id,
      organizationId: this.organizationId,
      clinicId: this.clinicId,
      patientId: this.patientId,
      items: sorted.map((i) => ({
        id: i.id,
        physicianId: i.physicianId,
        procedure: i.procedure,
        tooth: i.tooth,
        amount: decimal(i.amountMinor, this.currency),
        treatmentId: i.treatmentId,
      })),
      totalAmount: Money.sum(
        sorted.map((i) => Money.of(BigInt(i.amountMinor), this.currency)),
        this.currency,
      ).toDecimal(),
      currency: this.currency,
    };
  }
}

@Entity({ tableName: 'treatment_plan_item' })
export class TreatmentPlanItem extends TenantEntity {
  @Property({ type: 'uuid' })
  planId: string;

  @Property({ type: 'integer' })
  position: number;

  @Property({ type: 'uuid', nullable: true })
  physicianId: string | null = null;

  @Property({ type: 'text' })
  procedure: string;

  @Property({ type: 'text', nullable: true })
  tooth: string | null = null;

  @Property({ type: new BigIntType('string') })
  amountMinor: string;

  /** The treatment copied from this item; an item is copied at most once. */
  @Property({ type: 'uuid', nullable: true })
  treatmentId: string | null = null;
}

@Entity({ tableName: 'invoice' })
export class Invoice extends TenantEntity {
  @Property({ type: 'uuid' })
  clinicId: string;

  @Property({ type: 'uuid' })
  patientId: string;

  @Property({ type: new BigIntType('string') })
  seq: string;

  @Property({ type: 'text' })
  number: string;

  @Property({ type: 'date' })
  date: string;

  @Property({ type: 'character', length: 3 })
  currency: string;

  @Property({ type: new BigIntType('string') })
  totalMinor: string;

  @Property({ type: 'json' })
  treatmentIds: string[];

  @Property({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null = null;

  toView(): InvoiceView {
    return {
      id: this.id,
      organizationId: this.organizationId,
      clinicId: this.clinicId,
      patientId: this.patientId,
      number: this.number,
      date: this.date,
      totalAmount: decimal(this.totalMinor, this.currency),
      currency: this.currency,
      treatmentIds: this.treatmentIds,
      cancelled: this.cancelledAt !== null,
    };
  }
}
