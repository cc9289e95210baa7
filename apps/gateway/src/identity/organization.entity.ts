import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/** A clinic chain: the tenant. */
@Entity({ tableName: 'organization' })
export class Organization {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'firstClinicReady';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  name: string;

  /** The clinic created at first start; `payments` keeps it, created with this id until it answers. */
  @Property({ type: 'uuid', nullable: true })
  firstClinicId: string | null = null;

  @Property({ type: 'boolean' })
  firstClinicReady = false;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
