import { TenantEntity } from '@dental/persistence';
import { Entity, Property } from '@mikro-orm/core';

/** A clinic as this service knows it: a local copy of what `payments` keeps (id, organization, currency). */
@Entity({ tableName: 'clinic' })
export class KnownClinic extends TenantEntity {
  @Property({ type: 'character', length: 3 })
  currency: string;
}
