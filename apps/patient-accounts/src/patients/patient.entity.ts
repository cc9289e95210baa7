import { FamilyView, PatientView } from '@dental/contracts';
import { TenantEntity } from '@dental/persistence';
import { Entity, Property } from '@mikro-orm/core';

/** A family groups patients of one organization (its members may be in different clinics). */
@Entity({ tableName: 'family' })
export class Family extends TenantEntity {
  @Property({ type: 'text' })
  name: string;

  toView(): FamilyView {
    return { id: this.id, organizationId: this.organizationId, name: this.name };
  }
}

@Entity({ tableName: 'patient' })
export class Patient extends TenantEntity {
  @Property({ type: 'uuid' })
  clinicId: string;

  @Property({ type: 'text' })
  firstName: string;

  @Property({ type: 'text' })
  lastName: string;

  @Property({ type: 'text', nullable: true })
  phone: string | null = null;

  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  familyId: string | null = null;

  toView(currency: string): PatientView {
    return {
      id: this.id,
      organizationId: this.organizationId,
      clinicId: this.clinicId,
      firstName: this.firstName,
      lastName: this.lastName,
      phone: this.phone,
      email: this.email,
      familyId: this.familyId,
      currency,
    };
  }
}
