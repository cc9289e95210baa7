import { CallerContext, callerMaySeeClinic, DomainError, FamilyMembersView, PatientErrors } from '@dental/contracts';
import { KnownClinic } from '@dental/platform';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Family, Patient } from '../../patients/patient.entity';

/** A family and the members the caller may see (the gateway adds their totals for the family account table). */
@Injectable()
export class FamilyMembersHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(familyId: string, caller: CallerContext): Promise<FamilyMembersView> {
    const family = await this.em.findOne(Family, { id: familyId, organizationId: caller.organizationId });
    if (!family) throw DomainError.notFound(PatientErrors.FAMILY_NOT_FOUND, 'family', familyId);
    const members = (
      await this.em.find(
        Patient,
        { familyId: family.id, organizationId: caller.organizationId },
        { orderBy: { lastName: 'asc', firstName: 'asc', id: 'asc' } },
      )
    ).filter((p) => callerMaySeeClinic(caller, p.clinicId));
    const clinics = members.length
      ? await this.em.find(KnownClinic, { id: { $in: [...new Set(members.map((p) => p.clinicId))] } })
      : [];
    const currency = new Map(clinics.map((c) => [c.id, c.currency]));
    return { family: family.toView(), members: members.map((p) => p.toView(currency.get(p.clinicId) ?? '')) };
  }
}
