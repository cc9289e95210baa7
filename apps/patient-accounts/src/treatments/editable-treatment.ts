import { AccountErrors, DomainError, PatientAccountErrors, PatientErrors } from '@dental/contracts';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Patient } from '../patients/patient.entity';
import { Treatment } from './treatment.entity';

export async function findTreatment(em: EntityManager, patient: Patient, treatmentId: string): Promise<Treatment> {
  const t = await em.findOne(
    Treatment,
    { id: treatmentId, patientId: patient.id, organizationId: patient.organizationId, deletedAt: null },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  if (!t) throw DomainError.notFound(PatientErrors.TREATMENT_NOT_FOUND, 'treatment', treatmentId);
  return t;
}

export const invoiced = (t: Treatment) =>
  new DomainError(
    PatientAccountErrors.TREATMENT_INVOICED,
    409,
    `treatment ${t.id} is on invoice ${t.invoiceNumber}: cancel the invoice before changing it`,
    { invoiceId: t.invoiceId, invoiceNumber: t.invoiceNumber },
  );

/** A Bank Cost treatment changes only with its card payment. */
export function refuseManaged(t: Treatment): void {
  if (t.sourcePaymentId)
    throw new DomainError(
      AccountErrors.TREATMENT_MANAGED_BY_PAYMENT,
      409,
      `treatment ${t.id} is the bank cost of payment ${t.sourcePaymentId}: edit or delete that payment instead`,
      { paymentId: t.sourcePaymentId },
    );
}
