// patient-accounts' `treatment-totals` answered from a PatientAccountsStub's records: the open treatment total of
// each patient the caller may see (treatments after the latest closure), as consumers of unpaid amounts ask it.
import { AccountRpc, callerMaySeeClinic, TreatmentTotalsView } from '@dental/contracts';
import { Money } from '@dental/money';
import { PatientAccountsStub } from './patient-accounts-stub';
import { RpcStub, TestBus } from './test-bus';

export function stubTreatmentTotals(bus: TestBus, accounts: PatientAccountsStub): RpcStub<{ patientIds: string[] }> {
  return bus.stubRpc(AccountRpc.treatmentTotals, ({ patientIds }, caller): TreatmentTotalsView => ({
    items: patientIds
      .map((id) => accounts.patients.get(id))
      .filter(
        (p) => !!p && !!caller && p.organizationId === caller.organizationId && callerMaySeeClinic(caller, p.clinicId),
      )
      .map((p) => {
        const basis = accounts.distributionBasis(p!.id);
        const open = basis.totals.map((t) => Money.parse(t.treatmentAmount, p!.currency));
        return {
          patientId: p!.id,
          currency: p!.currency,
          openTreatmentTotal: Money.sum(open, p!.currency).toDecimal(),
          closedThrough: basis.closedThrough,
        };
      }),
  }));
}
