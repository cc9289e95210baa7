import { LabSnapshotV1, LabView } from '@dental/contracts';
import { TenantEntity } from '@dental/persistence';
import { Entity, Opt, Property } from '@mikro-orm/core';

@Entity({ tableName: 'lab' })
export class Lab extends TenantEntity {
  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  @Property({ type: 'text', nullable: true })
  phone: string | null = null;

  @Property({ type: 'boolean' })
  active: Opt<boolean> = true;

  /** Grows on every change; consumers apply a snapshot only when it is newer than theirs. */
  @Property({ type: 'integer' })
  revision: Opt<number> = 1;

  toView(): LabView {
    return {
      id: this.id,
      organizationId: this.organizationId,
      name: this.name,
      email: this.email,
      phone: this.phone,
      active: this.active,
    };
  }

  toSnapshot(): LabSnapshotV1 {
    return { ...this.toView(), revision: this.revision };
  }
}
