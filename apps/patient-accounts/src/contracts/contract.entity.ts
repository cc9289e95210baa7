import { contractSchedule, ContractView } from '@dental/contracts';
import { Money } from '@dental/money';
import { MinorUnitsType, TenantEntity } from '@dental/persistence';
import { Entity, Property } from '@mikro-orm/core';

/** A payment contract with the patient; its schedule is derived (contractSchedule), never stored. */
@Entity({ tableName: 'contract' })
export class Contract extends TenantEntity {
  @Property({ type: 'uuid' })
  clinicId: string;

  @Property({ type: 'uuid' })
  patientId: string;

  @Property({ type: 'uuid', nullable: true })
  planId: string | null = null;

  @Property({ type: 'date' })
  contractDate: string;

  @Property({ type: 'character', length: 3 })
  currency: string;

  @Property({ type: new MinorUnitsType() })
  totalMinor: bigint;

  @Property({ type: new MinorUnitsType() })
  downPaymentMinor: bigint;

  @Property({ type: 'integer' })
  installmentCount: number;

  @Property({ type: 'date' })
  firstDueDate: string;

  @Property({ type: 'text' })
  createdBy: string;

  totalAmount(): Money {
    return Money.of(this.totalMinor, this.currency);
  }

  downPayment(): Money {
    return Money.of(this.downPaymentMinor, this.currency);
  }

  toView(): ContractView {
    const totalAmount = this.totalAmount();
    const downPayment = this.downPayment();
    return {
      id: this.id,
      organizationId: this.organizationId,
      clinicId: this.clinicId,
      patientId: this.patientId,
      planId: this.planId,
      contractDate: this.contractDate,
      totalAmount: totalAmount.toDecimal(),
      downPayment: downPayment.toDecimal(),
      installmentCount: this.installmentCount,
      firstDueDate: this.firstDueDate,
      schedule: contractSchedule({
        totalAmount,
        downPayment,
        installmentCount: this.installmentCount,
        firstDueDate: this.firstDueDate,
        contractDate: this.contractDate,
      }),
      currency: this.currency,
    };
  }
}
