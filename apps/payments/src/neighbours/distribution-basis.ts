import { DistributionBasisView, PatientView, totalsByPhysician } from '@dental/contracts';
import { Money } from '@dental/money';

export interface OpenTreatment {
  physicianId: string | null;
  amountMinor: bigint;
}

/**
 * The distribution basis as patient-accounts answers it (DistributionBasisHandler), built from payments' local copy:
 * the treatments given are the open ones (dated after `closedThrough`, not deleted), in patient-accounts' order;
 * the totals per physician come from the same pure function (totalsByPhysician), so both paths cannot disagree.
 */
export function distributionBasisOf(
  patient: PatientView,
  closedThrough: string | null,
  openTreatments: readonly OpenTreatment[],
  physicianNames: ReadonlyMap<string, string>,
  contractIds: string[],
): DistributionBasisView {
  const totals = totalsByPhysician(
    openTreatments.map((t) => ({
      physicianId: t.physicianId,
      amount: Money.of(t.amountMinor, patient.currency).toDecimal(),
    })),
    physicianNames,
    patient.currency,
  );
  return {
    patient,
    closedThrough,
    totals: totals.map((t) => ({
      physicianId: t.physicianId,
      name: t.name,
      treatmentAmount: t.treatmentAmount.toDecimal(),
    })),
    contractIds,
  };
}
