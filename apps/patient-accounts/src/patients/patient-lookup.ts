import { CallerContext, callerMaySeeClinic, DomainError, PatientErrors } from '@dental/contracts';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { KnownClinic } from '@dental/platform';
import { Family, Patient } from './patient.entity';

/**
 * A patient of the caller's organization in a clinic the caller may see; anything else is "not found".
 * `lock`: true = FOR UPDATE (closures, invoices); 'share' = FOR SHARE, taken by treatment changes so that a closure
 * waits for them and they wait for it (the closed-through date cannot move under them).
 */
export async function findPatient(
  em: EntityManager,
  caller: CallerContext,
  patientId: string,
  lock: boolean | 'share' = false,
): Promise<Patient> {
  const p = await em.findOne(
    Patient,
    { id: patientId, organizationId: caller.organizationId },
    lock === 'share' ? { lockMode: LockMode.PESSIMISTIC_READ } : lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
  );
  if (!p || !callerMaySeeClinic(caller, p.clinicId))
    throw DomainError.notFound(PatientErrors.PATIENT_NOT_FOUND, 'patient', patientId);
  return p;
}

/** The currency of a clinic this service knows (every patient's clinic is known: it was stored with the patient). */
export async function clinicCurrency(em: EntityManager, clinicId: string): Promise<string> {
  return (await em.findOneOrFail(KnownClinic, { id: clinicId })).currency;
}

export async function findFamily(em: EntityManager, caller: CallerContext, familyId: string): Promise<Family> {
  const f = await em.findOne(Family, { id: familyId, organizationId: caller.organizationId });
  if (!f) throw DomainError.notFound(PatientErrors.FAMILY_NOT_FOUND, 'family', familyId);
  return f;
}
