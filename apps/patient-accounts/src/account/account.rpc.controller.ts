import { AccountSubjects, CallerContext, PatientIdDto, TreatmentTotalsQuery } from '@dental/contracts';
import { BusController, Caller } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountBasisHandler } from './account-basis/account-basis.handler';
import { DistributionBasisHandler } from './distribution-basis/distribution-basis.handler';
import { TreatmentTotalsHandler } from './treatment-totals/treatment-totals.handler';

/** NATS transport of the account queries other services compose from. */
@BusController()
export class AccountRpcController {
  constructor(
    private readonly basis: AccountBasisHandler,
    private readonly distribution: DistributionBasisHandler,
    private readonly totals: TreatmentTotalsHandler,
  ) {}

  @MessagePattern(AccountSubjects.accountBasis)
  accountBasis(@Payload() q: PatientIdDto, @Caller() caller: CallerContext) {
    return this.basis.execute(q.patientId, caller);
  }

  @MessagePattern(AccountSubjects.distributionBasis)
  distributionBasis(@Payload() q: PatientIdDto, @Caller() caller: CallerContext) {
    return this.distribution.execute(q.patientId, caller);
  }

  @MessagePattern(AccountSubjects.treatmentTotals)
  treatmentTotals(@Payload() q: TreatmentTotalsQuery, @Caller() caller: CallerContext) {
    return this.totals.execute(q, caller);
  }
}
