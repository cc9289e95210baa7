import { PhysicianView } from '@dental/contracts';
import { Percent } from '@dental/money';
import { TenantEntity } from '@dental/persistence';
import { Entity, Property } from '@mikro-orm/core';

@Entity({ tableName: 'physician' })
export class Physician extends TenantEntity {
  @Property({ type: 'uuid' })
  clinicId: string;

  @Property({ type: 'text' })
  name: string;

  /** Commission percentage × 10000 (like the clinic's bank charge in `payments`); null = none set. */
  @Property({ type: 'bigint', nullable: true })
  commissionScaled: string | null = null;

  toView(): PhysicianView {
    return {
      id: this.id,
      organizationId: this.organizationId,
      clinicId: this.clinicId,
      name: this.name,
      commissionPercent:
        this.commissionScaled === null ? null : Percent.ofBasis(BigInt(this.commissionScaled)).toDecimal(),
    };
  }
}
