import { CallerContext, DistributionBasisView, totalsByPhysician } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { closedThrough } from '../../closures/closed-through';
import { Contract } from '../../contracts/contract.entity';
import { clinicCurrency, findPatient } from '../../patients/patient-lookup';
import { Physician } from '../../physicians/physician.entity';
import { Treatment } from '../../treatments/treatment.entity';

/**
 * The open part's treatments per physician, asked by payments when it records or edits money (the pay split), with
 * the contracts a payment may be marked for. Also answers whether the patient exists for the caller (404).
 */
@Injectable()
export class DistributionBasisHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(patientId: string, caller: CallerContext): Promise<DistributionBasisView> {
    const patient = await findPatient(this.em, caller, patientId);
    const currency = await clinicCurrency(this.em, patient.clinicId);
    const through = await closedThrough(this.em, patient.id);
    const treatments = await this.em.find(
      Treatment,
      {
        organizationId: patient.organizationId,
        patientId: patient.id,
        deletedAt: null,
        ...(through ? { date: { $gt: through } } : {}),
      },
      { orderBy: { date: 'asc', createdAt: 'asc', id: 'asc' } },
    );
    const physicianIds = [...new Set(treatments.map((t) => t.physicianId).filter((id): id is string => id !== null))];
    const physicians = physicianIds.length
      ? await this.em.find(Physician, { id: { $in: physicianIds }, organizationId: patient.organizationId })
      : [];
    const totals = totalsByPhysician(
      treatments.map((t) => ({ physicianId: t.physicianId, amount: t.toView().amount })),
      new Map(physicians.map((p) => [p.id, p.name])),
      currency,
    );
    const contracts = await this.em.find(
      Contract,
      { organizationId: patient.organizationId, patientId: patient.id },
      { orderBy: { createdAt: 'asc' } },
    );
    return {
      patient: patient.toView(currency),
      closedThrough: through,
      totals: totals.map((t) => ({
        physicianId: t.physicianId,
        name: t.name,
        treatmentAmount: t.treatmentAmount.toDecimal(),
      })),
      contractIds: contracts.map((c) => c.id),
    };
  }
}
