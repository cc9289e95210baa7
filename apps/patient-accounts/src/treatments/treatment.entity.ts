import { CorrectionReason, InvoiceView, TreatmentPlanView, TreatmentView } from '@dental/contracts';
import { Money } from '@dental/money';
import { MinorUnitsType, TenantEntity } from '@dental/persistence';
import { BigIntType, Entity, Opt, Property } from '@mikro-orm/core';

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

  @Property({ type: new MinorUnitsType() })
  amountMinor: bigint;

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

  amount(): Money {
    return Money.of(this.amountMinor, this.currency);
  }

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
      amount: this.amount().toDecimal(),
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
    const amounts = sorted.map((i) => i.amount(this.currency));
    return {
      id: this.id,
      organizationId: this.organizationId,
      clinicId: this.clinicId,
      patientId: this.patientId,
      items: sorted.map((i, index) => ({
        id: i.id,
        physicianId: i.physicianId,
        procedure: i.procedure,
        tooth: i.tooth,
        amount: amounts[index].toDecimal(),
        treatmentId: i.treatmentId,
      })),
      totalAmount: Money.sum(amounts, this.currency).toDecimal(),
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

  /** Minor units of its plan's currency. */
  @Property({ type: new MinorUnitsType() })
  amountMinor: bigint;

  /** The treatment copied from this item; an item is copied at most once. */
  @Property({ type: 'uuid', nullable: true })
  treatmentId: string | null = null;

  /** The item keeps no currency of its own: its plan's. */
  amount(planCurrency: string): Money {
    return Money.of(this.amountMinor, planCurrency);
  }
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

  @Property({ type: new MinorUnitsType() })
  totalMinor: bigint;

  @Property({ type: 'json' })
  treatmentIds: string[];

  @Property({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null = null;

  total(): Money {
    return Money.of(this.totalMinor, this.currency);
  }

  toView(): InvoiceView {
    return {
      id: this.id,
      organizationId: this.organizationId,
      clinicId: this.clinicId,
      patientId: this.patientId,
      number: this.number,
      date: this.date,
      totalAmount: this.total().toDecimal(),
      currency: this.currency,
      treatmentIds: this.treatmentIds,
      cancelled: this.cancelledAt !== null,
    };
  }
}
