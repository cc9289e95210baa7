import { TenantEntity } from '@dental/persistence';
import { Entity, Property } from '@mikro-orm/core';
import { ClinicView } from '@dental/contracts';
import { Percent } from '@dental/money';

@Entity({ tableName: 'clinic' })
export class Clinic extends TenantEntity {
  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'character', length: 3 })
  currency: string;

  @Property({ type: 'text' })
  timeZone = 'UTC';

  @Property({ type: 'text' })
  locale = 'en';

  /** Bank charge percentage × 10000; null = not set (no bank cost on card payments). */
  @Property({ type: 'bigint', nullable: true })
  bankChargeScaled: string | null = null;

  get bankChargePercent(): Percent | null {
    return this.bankChargeScaled === null ? null : Percent.ofBasis(BigInt(this.bankChargeScaled));
  }

  toView(): ClinicView {
    return {
      id: this.id,
      organizationId: this.organizationId,
      name: this.name,
      currency: this.currency,
      timeZone: this.timeZone,
      locale: this.locale,
      bankChargePercent: this.bankChargePercent?.toDecimal() ?? null,
    };
  }
}
