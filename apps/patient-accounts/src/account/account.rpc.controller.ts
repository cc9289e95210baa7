import { AccountSubjects, CallerContext, PatientIdDto, TreatmentTotalsQuery } from '@dental/contracts';
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { AccountBasisHandler } from './account-basis/account-basis.handler';
import { DistributionBasisHandler } from './distribution-basis/distribution-basis.handler';
import { TreatmentTotalsHandler } from './treatment-totals/treatment-totals.handler';

/** NATS transport of the account queries other services compose from. */
@Injectable()
export class AccountRpcController {
  constructor(
    private readonly basis: AccountBasisHandler,
    private readonly distribution: DistributionBasisHandler,
    private readonly totals: TreatmentTotalsHandler,
  ) {}

  @RpcHandler(AccountSubjects.accountBasis, PatientIdDto)
  accountBasis(q: PatientIdDto, caller: CallerContext) {
    return this.basis.execute(q.patientId, caller);
  }

  @RpcHandler(AccountSubjects.distributionBasis, PatientIdDto)
  distributionBasis(q: PatientIdDto, caller: CallerContext) {
    return this.distribution.execute(q.patientId, caller);
  }

  @RpcHandler(AccountSubjects.treatmentTotals, TreatmentTotalsQuery)
  treatmentTotals(q: TreatmentTotalsQuery, caller: CallerContext) {
    return this.totals.execute(q, caller);
  }
}
