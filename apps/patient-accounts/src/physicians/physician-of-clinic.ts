import { CallerContext, callerMaySeeClinic, DomainError, PatientErrors } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Physician } from './physician.entity';

/**
 * A physician who may treat patients of `clinicId`: another organization's or an invisible one is "not found",
 * one of another clinic of the organization breaks a rule (422).
 */
export async function physicianOfClinic(
  em: EntityManager,
  caller: CallerContext,
  physicianId: string,
  clinicId: string,
): Promise<Physician> {
  const p = await em.findOne(Physician, { id: physicianId, organizationId: caller.organizationId });
  if (!p || !callerMaySeeClinic(caller, p.clinicId))
    throw DomainError.notFound(PatientErrors.PHYSICIAN_NOT_FOUND, 'physician', physicianId);
  if (p.clinicId !== clinicId)
    throw new DomainError(
      'PHYSICIAN.OTHER_CLINIC',
      422,
      `physician ${p.name} works in another clinic than the patient`,
    );
  return p;
}
