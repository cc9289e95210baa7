import { TenantEntity } from '@dental/persistence';
import { Role } from '@dental/contracts';
import { ArrayType, Entity, Property } from '@mikro-orm/core';

@Entity({ tableName: 'app_user' })
export class User extends TenantEntity {
  @Property({ type: 'text' })
  email: string;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text', hidden: true })
  passwordHash: string;

  @Property({ type: ArrayType, columnType: 'text[]' })
  roles: Role[];

  /** null = every clinic of the organization. */
  @Property({ type: ArrayType, columnType: 'uuid[]', nullable: true })
  clinicIds: string[] | null = null;

  /** The physician this account belongs to (role physician): they see only their own Progress Payment. */
  @Property({ type: 'uuid', nullable: true })
  physicianId: string | null = null;

  toView() {
    return {
      id: this.id,
      email: this.email,
      name: this.name,
      organizationId: this.organizationId,
      roles: this.roles,
      clinicIds: this.clinicIds ?? '*',
      physicianId: this.physicianId,
    };
  }
}
