import { CallerContext, callerMaySeeClinic, ClinicErrors, DomainError } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Clinic } from './clinic.entity';

/** Clinics of the caller's organization that the caller may see; anything else is "not found". */
export async function findVisibleClinic(em: EntityManager, caller: CallerContext, clinicId: string): Promise<Clinic> {
  const clinic = await em.findOne(Clinic, { id: clinicId, organizationId: caller.organizationId });
  if (!clinic || !callerMaySeeClinic(caller, clinic.id))
    throw DomainError.notFound(ClinicErrors.NOT_FOUND, 'clinic', clinicId);
  return clinic;
}
